"""SLA due times (服务响应时间等级) on business hours and the Chinese working calendar.

Three clocks per ticket: first response, arrival on site (field types only) and resolution. Each
due time is `start + target` working minutes. While the ticket waits on the customer (a state of
category "pending") the clocks stop; on resume every unmet due moves later by the working time
spent waiting. `next_due` is the earliest unmet, not yet breached due time; the periodic scan
(`sla_scan`) reads only rows whose `next_due` is close.
"""

from datetime import datetime, timedelta

from kefu.accounts.parameters import parameter_value
from kefu.accounts.selectors import business_calendar
from kefu.service import configuration
from kefu.service.choices import SlaStatus
from kefu.service.hooks import entitlements
from kefu.service.models import SlaTarget, Ticket

CLOCKS = (
    ("first_response", "first_response_due", "first_responded_at"),
    ("arrival", "arrival_due", "arrived_at"),
    ("resolution", "resolution_due", "resolved_at"),
)
SLA_FIELDS = [
    "sla_level",
    "sla_status",
    "first_response_due",
    "arrival_due",
    "resolution_due",
    "first_responded_at",
    "arrived_at",
    "resolved_at",
    "sla_paused_at",
    "next_due",
    "sla_flags",
]


def effective_level_and_priority(*, customer, ticket_type: str, priority: int):
    """The tightest level the customer is entitled to, the raised priority and the reasons."""
    levels = {level.code: level for level in configuration.sla_levels()}
    level = next((lv for lv in levels.values() if lv.is_default), None)
    reasons: list[str] = []
    for grant in entitlements(customer, ticket_type):
        candidate = levels.get(grant.level or "")
        if candidate is not None and (level is None or candidate.rank > level.rank):
            level = candidate
        if grant.priority and grant.priority > priority:
            priority = grant.priority
        reasons.extend(grant.reasons)
    return level, priority, reasons


def _target(ticket: Ticket) -> SlaTarget | None:
    if ticket.sla_level_id is None:
        return None
    return configuration.sla_target(ticket.sla_level_id, ticket.ticket_type, ticket.priority)


def sla_start(ticket: Ticket, *, at: datetime) -> None:
    """Set the due times of a new ticket (fields only; the caller saves)."""
    target = _target(ticket)
    if target is None:
        ticket.sla_status = SlaStatus.NONE
        return
    calendar = business_calendar()

    def due(minutes):
        return calendar.add_working_hours(at, minutes / 60) if minutes else None

    ticket.first_response_due = due(target.first_response_minutes)
    ticket.arrival_due = due(target.arrival_minutes) if _has_arrival(ticket) else None
    ticket.resolution_due = due(target.resolution_minutes)
    ticket.sla_status = SlaStatus.OK
    sla_refresh(ticket, at=at)


def _has_arrival(ticket: Ticket) -> bool:
    return any(s.get("arrival") for s in ticket.workflow.definition["states"])


def sla_refresh(ticket: Ticket, *, at: datetime) -> None:
    """Recompute `next_due` (and the status once every clock is met)."""
    if ticket.sla_paused_at is not None or not ticket.is_active:
        ticket.next_due = None
        return
    pending = [
        getattr(ticket, due_field)
        for kind, due_field, met_field in CLOCKS
        if getattr(ticket, due_field) is not None
        and getattr(ticket, met_field) is None
        and f"{kind}:breached" not in ticket.sla_flags
    ]
    ticket.next_due = min(pending) if pending else None


def sla_on_state(ticket: Ticket, *, old_category: str, state: dict, at: datetime) -> None:
    """Stop, pause or resume clocks after a state change (fields only; the caller saves)."""
    category = state["category"]
    if old_category == "new" and category != "new" and ticket.first_responded_at is None:
        ticket.first_responded_at = at
    if state.get("arrival") and ticket.arrived_at is None:
        ticket.arrived_at = at
    if category in ("resolved", "closed") and ticket.resolved_at is None:
        ticket.resolved_at = at
        ticket.first_responded_at = ticket.first_responded_at or at
    if category in ("new", "open", "pending") and old_category in ("resolved", "closed"):
        ticket.resolved_at = None  # reopened: the resolution clock runs again
    if category == "pending" and ticket.sla_paused_at is None:
        ticket.sla_paused_at = at
    elif category != "pending" and ticket.sla_paused_at is not None:
        _resume(ticket, at=at)
    sla_refresh(ticket, at=at)


def sla_first_response(ticket: Ticket, *, at: datetime) -> bool:
    """A public reply counts as the first response. True when that changed the ticket."""
    if ticket.first_responded_at is not None:
        return False
    ticket.first_responded_at = at
    sla_refresh(ticket, at=at)
    return True


def _resume(ticket: Ticket, *, at: datetime) -> None:
    calendar = business_calendar()
    paused_hours = calendar.working_hours_between(ticket.sla_paused_at, at)
    ticket.sla_paused_at = None
    if paused_hours <= 0:
        return
    for _kind, due_field, met_field in CLOCKS:
        due = getattr(ticket, due_field)
        if due is not None and getattr(ticket, met_field) is None:
            setattr(ticket, due_field, calendar.add_working_hours(due, paused_hours))


def due_kind(ticket: Ticket) -> str | None:
    """Which clock `next_due` belongs to."""
    for kind, due_field, met_field in CLOCKS:
        if (
            getattr(ticket, due_field) == ticket.next_due
            and getattr(ticket, met_field) is None
            and f"{kind}:breached" not in ticket.sla_flags
        ):
            return kind
    return None


def warn_window() -> timedelta:
    return timedelta(minutes=parameter_value("service.sla_warn_minutes"))


def sla_retarget(ticket: Ticket) -> None:
    """After a priority change: unmet clocks get the new targets, counted from the start."""
    target = _target(ticket)
    if target is None:
        return
    calendar = business_calendar()
    minutes = {
        "first_response": target.first_response_minutes,
        "arrival": target.arrival_minutes if _has_arrival(ticket) else None,
        "resolution": target.resolution_minutes,
    }
    for kind, due_field, met_field in CLOCKS:
        if getattr(ticket, met_field) is None and minutes[kind]:
            setattr(
                ticket,
                due_field,
                calendar.add_working_hours(ticket.created_at, minutes[kind] / 60),
            )
    sla_refresh(ticket, at=ticket.created_at)
