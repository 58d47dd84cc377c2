"""The SLA scan: warn before a breach, escalate on breach. Run by a periodic job."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from kefu.core.metrics import SLA_BREACHES
from kefu.service import sla
from kefu.service.choices import (
    ACTIVE_CATEGORIES,
    EventKind,
    NotificationKind,
    SlaStatus,
)
from kefu.service.models import Ticket
from kefu.service.services.assignment import ticket_route
from kefu.service.services.records import notify
from kefu.service.services.tickets import ticket_event_record

CLOCK_NAMES = {
    "first_response": pgettext_lazy("SLA clock", "first response"),
    "arrival": pgettext_lazy("SLA clock", "arrival on site"),
    "resolution": pgettext_lazy("SLA clock", "resolution"),
}


def sla_scan(*, now: datetime | None = None, batch: int = 500) -> dict:
    """Warn and escalate every ticket whose next due time is near or past. Returns counts."""
    now = now or timezone.now()
    horizon = now + sla.warn_window()
    ids = list(
        Ticket.objects.filter(
            next_due__lte=horizon,
            sla_paused_at__isnull=True,
            state_category__in=ACTIVE_CATEGORIES,
        )
        .order_by("next_due")
        .values_list("pk", flat=True)[:batch]
    )
    counts = {"warned": 0, "breached": 0}
    for pk in ids:
        outcome = _check_one(pk, now)
        if outcome:
            counts[outcome] += 1
    return counts


@transaction.atomic
def _check_one(pk: int, now: datetime) -> str | None:
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("workflow", "queue", "org_unit", "assignee")
        .filter(pk=pk)
        .first()
    )
    if ticket is None or ticket.next_due is None or not ticket.is_active:
        return None
    kind = sla.due_kind(ticket)
    if kind is None:
        return None
    flags = list(ticket.sla_flags)
    if ticket.next_due <= now:
        flags.append(f"{kind}:breached")
        ticket.sla_flags, ticket.sla_status = flags, SlaStatus.BREACHED
        sla.sla_refresh(ticket, at=now)
        ticket.save(update_fields=["sla_flags", "sla_status", "next_due"])
        _escalate(ticket, kind)
        transaction.on_commit(SLA_BREACHES.labels(kind).inc)
        return "breached"
    if f"{kind}:warned" in flags or now < ticket.next_due - warn_lead(ticket):
        return None
    flags.append(f"{kind}:warned")
    ticket.sla_flags = flags
    if ticket.sla_status == SlaStatus.OK:
        ticket.sla_status = SlaStatus.WARNING
    ticket.save(update_fields=["sla_flags", "sla_status"])
    ticket_event_record(ticket=ticket, kind=EventKind.SLA_WARNING, data={"clock": kind})
    message = _("Ticket {number}: {clock} due at {due}").format(
        number=ticket.number,
        clock=CLOCK_NAMES[kind],
        due=timezone.localtime(ticket.next_due).strftime("%m-%d %H:%M"),
    )
    for user in _owners(ticket):
        notify(user=user, kind=NotificationKind.SLA_WARNING, ticket=ticket, message=message)
    return "warned"


def warn_lead(ticket: Ticket, *, window: timedelta | None = None) -> timedelta:
    """How long before `next_due` to warn: the parameter, but at most a quarter of the clock,
    so a 30-minute first response is not "due soon" the moment it is registered."""
    window = sla.warn_window() if window is None else window
    return min(window, (ticket.next_due - ticket.created_at) / 4)


def _owners(ticket: Ticket) -> list:
    if ticket.assignee is not None:
        return [ticket.assignee]
    if ticket.queue is not None:
        return list(ticket.queue.members.filter(is_active=True))
    return []


def supervisors_of(ticket: Ticket) -> list:
    """Active supervisors whose org unit contains the ticket's unit."""
    path = ticket.org_unit.path
    candidates = (
        get_user_model()
        .objects.filter(is_active=True, groups__role__code="supervisor", org_unit__isnull=False)
        .select_related("org_unit")
    )
    return [u for u in candidates if path.startswith(u.org_unit.path)]


def _escalate(ticket: Ticket, kind: str) -> None:
    ticket_event_record(ticket=ticket, kind=EventKind.SLA_BREACH, data={"clock": kind})
    message = _("Ticket {number} breached its {clock} target").format(
        number=ticket.number, clock=CLOCK_NAMES[kind]
    )
    for user in {*supervisors_of(ticket), *_owners(ticket)}:
        notify(user=user, kind=NotificationKind.SLA_BREACH, ticket=ticket, message=message)
    target = ticket.queue.breach_queue if ticket.queue is not None else None
    if target is not None and target.is_active and target.pk != ticket.queue_id:
        ticket_route(
            ticket=ticket,
            by=None,
            queue=target,
            note=_("Moved on SLA breach ({clock}).").format(clock=CLOCK_NAMES[kind]),
        )
