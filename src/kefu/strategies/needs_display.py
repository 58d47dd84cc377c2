"""What the needs pages show beyond the rows: a history step field by field (before → after, in
words), the source objects with links the reader may follow, and a register form prefilled from
a ticket, a follow-up visit or the desk's customer."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.service.selectors import interaction_visible_to, ticket_visible_to
from kefu.service.selectors_visits import visit_visible_to
from kefu.strategies.choices import NeedChangeKind, NeedSource, NeedStatus
from kefu.strategies.models import Need
from kefu.strategies.selectors_needs import category_names, grade_names
from kefu.strategies.services_needs import IMPORTANCE

FIELD_LABELS = {
    "customer": _("Customer"),
    "title": _("Title"),
    "description": _("Description"),
    "category": _("Category"),
    "source": _("Source"),
    "source_ticket": _("From ticket"),
    "source_interaction": _("From contact"),
    "source_visit": _("From follow-up visit"),
    "priority": _("Importance"),
    "status": _("Status"),
    "grade": _("Grade"),
    "strategies": _("Linked strategies"),
}
RECENT_CALL = timedelta(hours=12)  # the desk's call the agent registers a need from


def _shown(name: str, value, names: dict, grades: dict) -> str:
    if value in (None, "", []):
        return "—"
    if name == "category":
        return names.get(value, value)
    if name == "grade":
        return grades.get(value, value)
    if name == "priority":
        return str(dict(IMPORTANCE).get(value, value))
    if name == "status" and value in NeedStatus.values:
        return str(NeedStatus(value).label)
    if name == "source" and value in NeedSource.values:
        return str(NeedSource(value).label)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def history_rows(changes) -> list[dict]:
    """Each step with its fields as (label, before, after) in words."""
    names, grades = category_names(), grade_names()
    rows = []
    for change in changes:
        fields = [
            (
                FIELD_LABELS.get(name, name),
                _shown(name, pair[0], names, grades),
                _shown(name, pair[1], names, grades),
            )
            for name, pair in (change.changes or {}).items()
            if isinstance(pair, list) and len(pair) == 2
        ]
        kind = NeedChangeKind(change.kind).label if change.kind in NeedChangeKind.values else ""
        rows.append({"change": change, "kind": kind, "fields": fields})
    return rows


def source_objects(need: Need, user) -> list[dict]:
    """The ticket, contact or visit the need came from, linked when the reader may open it."""
    found = []
    if need.source_ticket_id:
        ticket = need.source_ticket
        seen = ticket_visible_to(user).filter(pk=ticket.pk).exists()
        url = reverse("service:ticket_detail", args=[ticket.pk]) if seen else ""
        found.append({"label": _("From ticket"), "text": ticket.number, "url": url})
    if need.source_interaction_id:
        contact = need.source_interaction
        text = f"{timezone.localtime(contact.started_at):%Y-%m-%d %H:%M} {contact.summary[:40]}"
        found.append({"label": _("From contact"), "text": text, "url": ""})
    if need.source_visit_id:
        visit = need.source_visit
        seen = visit_visible_to(user).filter(pk=visit.pk).exists()
        url = reverse("service:visit_detail", args=[visit.pk]) if seen else ""
        found.append({"label": _("From follow-up visit"), "text": visit.ticket.number, "url": url})
    return found


def _id(params, name: str) -> int | None:
    value = str(params.get(name, ""))
    return int(value) if value.isdigit() and 0 < int(value) < 2**63 else None


def _from_ticket(pk: int, user) -> dict:
    ticket = ticket_visible_to(user).select_related("feedback_category").filter(pk=pk).first()
    if ticket is None:
        return {}
    category = ticket.feedback_category
    return {
        "source": NeedSource.TICKET,
        "source_ticket": ticket.pk,
        "customer": ticket.customer_id,
        "title": ticket.subject[:150],
        "description": ticket.description,
        "category": category.code if category is not None else "",
    }


def _from_visit(pk: int, user) -> dict:
    visit = visit_visible_to(user).select_related("ticket").filter(pk=pk).first()
    if visit is None:
        return {}
    return {
        "source": NeedSource.VISIT,
        "source_visit": visit.pk,
        "customer": visit.ticket.customer_id,
        "description": visit.comment,
    }


def _from_call(customer: int, interaction: int | None, user) -> dict:
    contacts = interaction_visible_to(user).filter(customer_id=customer)
    if interaction is not None:
        contact = contacts.filter(pk=interaction).first()
    else:  # the call the agent just logged for this customer
        since = timezone.now() - RECENT_CALL
        contacts = contacts.filter(agent=user, started_at__gte=since)
        contact = contacts.order_by("-started_at", "-id").first()
    prefill = {"source": NeedSource.CALL}
    if contact is not None:
        prefill |= {"source_interaction": contact.pk, "description": contact.summary}
    return prefill


def need_prefill(params, user) -> dict:
    """The register form's initial values from `?ticket=`, `?visit=` or `?customer=&source=`."""
    if _id(params, "ticket"):
        return _from_ticket(_id(params, "ticket"), user)
    if _id(params, "visit"):
        return _from_visit(_id(params, "visit"), user)
    initial = {"customer": _id(params, "customer")}
    source = params.get("source", "")
    if source == NeedSource.CALL and initial["customer"]:
        initial |= _from_call(initial["customer"], _id(params, "interaction"), user)
    elif source in NeedSource.values:
        initial["source"] = source
    return initial
