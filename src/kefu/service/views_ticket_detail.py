"""The ticket page: fields per type, SLA clocks, the timeline and the action forms."""

from datetime import datetime

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.catalog.dictionary import dict_path
from kefu.catalog.models import DictItem
from kefu.core.audit_display import changes_text
from kefu.core.templatetags.kefu import local
from kefu.customers.selectors import phone_display
from kefu.knowledge.panels import ticket_suggestions
from kefu.service import hooks, selectors, services
from kefu.service.choices import FIELD_TYPES, Channel, EventKind, TicketType
from kefu.service.forms_actions import (
    AssignForm,
    EscalateForm,
    LinkForm,
    MergeForm,
    ReplyForm,
    SendBackForm,
    TransitionForm,
)
from kefu.service.models import Ticket
from kefu.service.models.setup import label_of
from kefu.service.selectors_complaints import complaint_repeats_of
from kefu.service.services.escalation import CLOCK_NAMES
from kefu.service.views_visits import visit_panel
from kefu.service.workflows import TRANSITION_FIELDS

FIELD_NAMES = [
    "product_model",
    "asset",
    "serial_number",
    "fault_description",
    "appointment_start",
    "appointment_end",
    "region",
    "address",
    "order_reference",
]
FAULT_NAMES = ["fault_phenomenon", "fault_cause", "fault_measure"]
COMPLAINT_NAMES = ["complaint_category", "severity", "responsible_party", "responsible_detail"]
CLOCKS = [
    (gettext_lazy("First response"), "first_response_due", "first_responded_at"),
    (gettext_lazy("Arrival on site"), "arrival_due", "arrived_at"),
    (gettext_lazy("Resolution"), "resolution_due", "resolved_at"),
]


def _shown(ticket: Ticket, name: str):
    value = getattr(ticket, name)
    if value in (None, ""):
        return ""
    if Ticket._meta.get_field(name).choices:
        return getattr(ticket, f"get_{name}_display")()
    if isinstance(value, DictItem):
        return dict_path(value)  # 服务态度 / 言语不当
    return local(value) if isinstance(value, datetime) else value


def type_fields(ticket: Ticket) -> list[tuple[str, object]]:
    """(label, value) of the fields the ticket's type uses."""
    names = []
    if ticket.ticket_type in FIELD_TYPES:
        names += FIELD_NAMES
    if ticket.ticket_type == TicketType.REPAIR:
        names += FAULT_NAMES
    if ticket.ticket_type == TicketType.RETURN_EXCHANGE:
        names.append("return_kind")
    if ticket.ticket_type == TicketType.COMPLAINT:
        names += COMPLAINT_NAMES + (["root_cause"] if ticket.root_cause_id else [])
    if ticket.ticket_type == TicketType.SUGGESTION:
        names.append("feedback_category")
    names.append("resolution")
    return [(Ticket._meta.get_field(n).verbose_name, _shown(ticket, n)) for n in names]


def sla_clocks(ticket: Ticket) -> list[dict]:
    clocks = []
    for label, due_field, met_field in CLOCKS:
        due, met = getattr(ticket, due_field), getattr(ticket, met_field)
        if due or met:
            late = bool(due and ((met and met > due) or (not met and due < timezone.now())))
            clocks.append({"label": label, "due": due, "met": met, "late": late})
    return clocks


def _field_value(name: str, raw) -> str:
    if TRANSITION_FIELDS.get(name) == "datetime":
        moment = parse_datetime(str(raw))
        return local(moment) if moment else str(raw)
    return str(raw)


def _event_details(event) -> list[str]:
    data = event.data or {}
    kind = event.kind
    if kind == EventKind.TRANSITION:
        return [
            f"{Ticket._meta.get_field(name).verbose_name}: {_field_value(name, value)}"
            for name, value in (data.get("fields") or {}).items()
            if name in TRANSITION_FIELDS
        ]
    if kind in (EventKind.ASSIGNED, EventKind.ESCALATED):
        parts = [data.get("queue"), data.get("assignee")]
        return [" · ".join(p for p in parts if p)] if any(parts) else []
    if kind == EventKind.LINKED and data.get("repeat"):
        return [
            _("Repeat complaint: the customer complained before in {numbers}").format(
                numbers=data.get("ticket", "")
            )
        ]
    if kind == EventKind.LINKED:
        return [_("Linked with ticket {number}").format(number=data.get("ticket", ""))]
    if kind == EventKind.MERGED:
        if data.get("into"):
            return [_("Merged into ticket {number}").format(number=data["into"])]
        return [_("Ticket {number} was merged into this one").format(number=data.get("from"))]
    if kind in (EventKind.SLA_WARNING, EventKind.SLA_BREACH):
        return [str(CLOCK_NAMES.get(data.get("clock"), data.get("clock", "")))]
    if kind == EventKind.UPDATED:
        return [changes_text("service.ticket", data)]
    if kind == EventKind.INTERACTION and data.get("channel") in Channel.values:
        return [str(Channel(data["channel"]).label)]
    if kind == EventKind.CREATED:
        return list(data.get("entitlements") or [])
    return []


def _step_name(workflow, data: dict) -> str:
    step = next(
        (t for t in workflow.definition["transitions"] if t["code"] == data.get("transition")),
        None,
    )
    return label_of(step) if step else data.get("name", "")


def timeline(ticket: Ticket) -> list[dict]:
    """Every event with what a reader needs: transition from → to, details, merged origin."""
    rows = []
    for event in selectors.ticket_timeline(ticket):
        merged = event.ticket_id != ticket.pk
        row = {"event": event, "merged": merged, "details": _event_details(event)}
        if event.kind == EventKind.TRANSITION:
            workflow = event.ticket.workflow if merged else ticket.workflow
            row["from"] = workflow.state_name(event.data.get("from", ""))
            row["to"] = workflow.state_name(event.data.get("to", ""))
            row["action"] = _step_name(workflow, event.data)
        rows.append(row)
    return rows


def transitions_for(ticket: Ticket, user, bound: dict) -> list[dict]:
    rows = []
    for transition in services.transitions_allowed(ticket=ticket, user=user):
        key = f"transition:{transition['code']}"
        form = bound.get(key) or TransitionForm(transition=transition, ticket=ticket, user=user)
        rows.append({"t": transition, "name": label_of(transition), "form": form, "key": key})
    return rows


def _may_take(ticket: Ticket, user) -> bool:
    if not (ticket.is_active and user.has_perm("service.change_ticket")):
        return False
    if ticket.assignee_id == user.pk:
        return False
    mine = ticket.queue_id in selectors.user_queue_ids(user)
    return mine or user.has_perm("service.assign_ticket")


def _action_forms(ticket: Ticket, user, bound: dict) -> dict:
    change = user.has_perm("service.change_ticket")
    active = ticket.is_active and change
    forms = {
        "reply_form": (bound.get("reply") or ReplyForm()) if change else None,
        "link_form": (bound.get("link") or LinkForm()) if change else None,
        "assign_form": None,
        "escalate_form": None,
        "send_back_form": None,
        "merge_form": None,
    }
    if active and user.has_perm("service.assign_ticket"):
        forms["assign_form"] = bound.get("assign") or AssignForm(user=user, ticket=ticket)
    if active and ticket.escalated_from_id is None:
        forms["escalate_form"] = bound.get("escalate") or EscalateForm(user=user, ticket=ticket)
    if active and ticket.escalated_from_id is not None:
        forms["send_back_form"] = bound.get("send_back") or SendBackForm(ticket=ticket)
    if active and user.has_perm("service.merge_ticket"):
        forms["merge_form"] = bound.get("merge") or MergeForm()
    return forms


def detail_page(request, ticket: Ticket, *, bound: dict | None = None, status: int = 200):
    user, bound = request.user, bound or {}
    context = {
        "title": f"{ticket.number} {ticket.subject}",
        "ticket": ticket,
        "timeline": timeline(ticket),
        "links": selectors.ticket_links(ticket, user=user),
        "repeats": complaint_repeats_of(ticket, user=user),
        "knowledge_suggestions": ticket_suggestions(user, ticket),
        "visit_panel": visit_panel(request, ticket),
        "ticket_panels": hooks.ticket_panels(),
        "transitions": transitions_for(ticket, user, bound),
        "type_fields": type_fields(ticket),
        "clocks": sla_clocks(ticket),
        "may_take": _may_take(ticket, user),
        "may_change": user.has_perm("service.change_ticket"),
        "contact_phone": phone_display(user, ticket.contact_phone) if ticket.contact_phone else "",
        "opened": next(iter(bound), ""),
        **_action_forms(ticket, user, bound),
    }
    return render(request, "service/ticket_detail.html", context, status=status)


@login_required
@permission_required("service.view_ticket", raise_exception=True)
def ticket_detail(request, pk: int):
    return detail_page(request, selectors.ticket_get(user=request.user, pk=pk))
