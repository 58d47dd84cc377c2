"""The one place a ticket changes state, for pages, the API and jobs alike."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kefu.catalog.choices import DictKind, FaultLevel
from kefu.catalog.models import DictItem, FaultNode
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.service import sla
from kefu.service.choices import (
    EventKind,
    ResponsibleParty,
    Severity,
    StateCategory,
    VisitStatus,
)
from kefu.service.models import Ticket, Visit
from kefu.service.models.setup import label_of
from kefu.service.services.tickets import stale_error, ticket_event_record
from kefu.service.workflows import TRANSITION_FIELDS

FIELD_CHOICES = {"severity": Severity.values, "responsible_party": ResponsibleParty.values}


def _role_allows(transition: dict, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if transition.get("audit") and not user.has_perm("service.audit_ticket"):
        return False
    roles = transition.get("roles") or []
    return not roles or bool(set(roles) & user.role_codes())


VISIT_STEP = "visit"  # taken by recording the follow-up visit while one is pending


def _visit_pending(ticket: Ticket) -> bool:
    return Visit.objects.filter(ticket_id=ticket.pk, status=VisitStatus.PENDING).exists()


def transitions_allowed(*, ticket: Ticket, user) -> list[dict]:
    """The transitions `user` may apply to `ticket` in its current state."""
    if not user.has_perm("service.change_ticket"):
        return []
    allowed = [
        t
        for t in ticket.workflow.definition["transitions"]
        if ticket.state in t["from"] and _role_allows(t, user)
    ]
    if any(t["code"] == VISIT_STEP for t in allowed) and _visit_pending(ticket):
        allowed = [t for t in allowed if t["code"] != VISIT_STEP]
    return allowed


def _find(ticket: Ticket, code: str, user, trusted: bool = False) -> dict:
    transition = next(
        (t for t in ticket.workflow.definition["transitions"] if t["code"] == code), None
    )
    if transition is None or ticket.state not in transition["from"]:
        raise ApplicationError(
            "ticket.transition_not_allowed",
            _("“{action}” is not possible from the status “{state}”."),
            action=label_of(transition) if transition else code,
            state=ticket.state_name,
        )
    if trusted:  # a step the system takes on a customer's answer (the survey link)
        return transition
    if code == VISIT_STEP and _visit_pending(ticket):  # scores are not skipped by a click
        raise ApplicationError(
            "ticket.visit_pending",
            _("A follow-up visit is waiting: record it with its scores instead."),
        )
    if not user.has_perm("service.change_ticket") or not _role_allows(transition, user):
        raise ApplicationError(
            "ticket.transition_forbidden",
            _("Your role may not apply “{action}”."),
            status=403,
            action=label_of(transition),
        )
    return transition


def _active_user(value):
    """The active user with this id; None for anything else (an id of text or a list included)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return get_user_model().objects.filter(pk=int(value), is_active=True).first()
    except (TypeError, ValueError, OverflowError):
        return None


def _moment(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return parse_datetime(str(value))
    except ValueError:  # well formed but impossible, e.g. 2026-02-30T10:00
        return None


FAULT_LEVELS = {
    "fault_phenomenon": FaultLevel.PHENOMENON,
    "fault_cause": FaultLevel.CAUSE,
    "fault_measure": FaultLevel.MEASURE,
}
DICT_KINDS = {"root_cause": DictKind.COMPLAINT_CAUSE}
REFERENCES = ("user", "datetime", "fault", "dict")


def _entry(queryset, value):
    """The row of `queryset` with this id; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return queryset.filter(pk=int(value), is_active=True).first()
    except (TypeError, ValueError, OverflowError):
        return None


def _coerce(name: str, value, errors: dict):
    kind = TRANSITION_FIELDS[name]
    if value in (None, ""):
        return None if kind in REFERENCES else ""
    if kind == "fault":
        node = _entry(FaultNode.objects.filter(level=FAULT_LEVELS[name]), value)
        if node is None:
            errors[name] = _("Choose an entry of the fault taxonomy.")
        return node
    if kind == "dict":
        item = _entry(DictItem.objects.filter(kind=DICT_KINDS[name]), value)
        if item is None:
            errors[name] = _("Choose one of the listed values.")
        return item
    if kind == "user":
        user = _active_user(value)
        if user is None:
            errors[name] = _("Choose an active user.")
        return user
    if kind == "datetime":
        moment = _moment(value)
        if moment is None:
            errors[name] = _("Enter a valid date and time.")
            return None
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    if kind == "choice" and value not in FIELD_CHOICES[name]:
        errors[name] = _("Choose one of the listed values.")
    text = str(value).strip()
    limit = Ticket._meta.get_field(name).max_length
    if limit and len(text) > limit:  # PostgreSQL would refuse the row with a DataError
        errors[name] = _("At most {count} characters.").format(count=limit)
    return text


def _check_fault_chain(ticket: Ticket, errors: dict) -> None:
    """A cause belongs to the ticket's phenomenon, a measure to its cause."""
    phenomenon, cause, measure = ticket.fault_phenomenon, ticket.fault_cause, ticket.fault_measure
    if phenomenon and cause and cause.parent_id != phenomenon.pk and "fault_cause" not in errors:
        errors["fault_cause"] = _("This cause does not belong to the ticket's fault phenomenon.")
    if cause and measure and measure.parent_id != cause.pk and "fault_measure" not in errors:
        errors["fault_measure"] = _("This measure does not belong to the chosen cause.")


def _apply_fields(ticket: Ticket, transition: dict, values: dict, note: str) -> list[str]:
    errors: dict[str, str] = {}
    changed = []
    for name, raw in (values or {}).items():
        if name not in TRANSITION_FIELDS:
            continue
        value = _coerce(name, raw, errors)
        if name not in errors and value not in (None, ""):
            setattr(ticket, name, value)
            changed.append(name)
    for name in transition["fields"]:
        if getattr(ticket, name) in (None, "") and name not in errors:
            errors[name] = _("This field is required for this step.")
    _check_fault_chain(ticket, errors)
    if transition["note_required"] and not (note or "").strip():
        errors["note"] = _("Give a reason.")
    start = ticket.appointment_start
    if "appointment_start" in changed and start < timezone.now():
        errors["appointment_start"] = _("The appointment cannot be in the past.")
    end = ticket.appointment_end
    if start and end and end <= start:
        errors["appointment_end"] = _("The appointment must end after it starts.")
    if errors:
        raise ApplicationError(
            "ticket.transition_invalid",
            _("The step cannot be applied; nothing changed."),
            fields=errors,
        )
    return changed


@transaction.atomic
def ticket_transition(
    *,
    ticket: Ticket,
    code: str,
    by,
    note: str = "",
    fields=None,
    version: int | None = None,
    trusted: bool = False,
) -> Ticket:
    """Apply workflow transition `code`; `version` (when given) refuses a stale view.
    `trusted` skips the role check: only for steps the system takes (`by` may then be None)."""
    ticket = Ticket.objects.select_for_update().select_related("workflow").get(pk=ticket.pk)
    if version is not None and ticket.version != version:
        raise stale_error()
    transition = _find(ticket, code, by, trusted)
    changed = _apply_fields(ticket, transition, fields or {}, note)
    old_state, old_category = ticket.state, ticket.state_category
    state = ticket.workflow.state(transition["to"])
    now = timezone.now()
    ticket.state, ticket.state_category = state["code"], state["category"]
    sla.sla_on_state(ticket, old_category=old_category, state=state, at=now)
    if state["category"] in (StateCategory.CLOSED, StateCategory.CANCELLED):
        ticket.closed_at = ticket.closed_at or now
    elif old_category in (StateCategory.CLOSED, StateCategory.CANCELLED):
        ticket.closed_at = None
    ticket.version += 1
    ticket.save(
        update_fields=[
            "state",
            "state_category",
            "closed_at",
            "version",
            "updated_at",
            *changed,
            *sla.SLA_FIELDS,
        ]
    )
    ticket_event_record(
        ticket=ticket,
        kind=EventKind.TRANSITION,
        actor=by,
        body=(note or "").strip(),
        data={
            "transition": code,
            "name": transition["name"],
            "from": old_state,
            "to": ticket.state,
            "fields": {name: str(getattr(ticket, name)) for name in changed},
        },
    )
    if transition["audit"] or code in ("cancel", "reopen"):
        audit_record(
            actor=by,
            action=f"ticket.{code}",
            obj=ticket,
            changes={"state": [old_state, ticket.state], "note": note},
        )
    from kefu.service.services.visits import visit_on_state  # visits create tickets: import late

    visit_on_state(ticket=ticket, old_state=old_state, by=by)
    return ticket
