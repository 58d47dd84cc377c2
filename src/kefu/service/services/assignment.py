"""Queues and owners: routing a new ticket, (re)assignment, expert escalation and sending back."""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.service import configuration
from kefu.service.choices import (
    ACTIVE_CATEGORIES,
    AssignStrategy,
    EventKind,
    NotificationKind,
    QueueKind,
)
from kefu.service.models import Queue, Ticket
from kefu.service.services.records import notify
from kefu.service.services.tickets import notify_assigned, stale_error, ticket_event_record


def default_queue(ticket_type: str) -> Queue | None:
    """The active queue that names this ticket type among its defaults."""
    return configuration.default_queue(ticket_type)


def queue_pick_member(queue: Queue):
    """The next member by the queue's strategy, or None for manual queues (locks the queue)."""
    if queue.strategy == AssignStrategy.MANUAL:
        return None
    queue = Queue.objects.select_for_update().get(pk=queue.pk)
    members = queue.members.filter(is_active=True).order_by("pk")
    if queue.strategy == AssignStrategy.LEAST_LOADED:
        member = _least_loaded(members)
    else:
        after = queue.last_assigned_id or 0
        member = members.filter(pk__gt=after).first() or members.first()
    if member is not None:
        queue.last_assigned = member
        queue.save(update_fields=["last_assigned"])
    return member


def _least_loaded(members):
    candidates = list(members)
    if not candidates:
        return None
    loads = dict(
        Ticket.objects.filter(assignee__in=candidates, state_category__in=ACTIVE_CATEGORIES)
        .values_list("assignee")
        .annotate(n=Count("id"))
    )
    return min(candidates, key=lambda u: (loads.get(u.pk, 0), u.pk))


def ticket_route(*, ticket: Ticket, by, queue=None, assignee=None, note: str = "") -> Ticket:
    """Put the ticket in `queue` and give it to `assignee` or the queue's next member."""
    if assignee is None and queue is not None:
        assignee = queue_pick_member(queue)
    before = (ticket.queue_id, ticket.assignee_id)
    ticket.queue, ticket.assignee = queue, assignee
    if (ticket.queue_id, ticket.assignee_id) == before:
        return ticket
    ticket.version += 1
    ticket.save(update_fields=["queue", "assignee", "version", "updated_at"])
    ticket_event_record(
        ticket=ticket,
        kind=EventKind.ASSIGNED,
        actor=by,
        body=note,
        data={
            "queue": queue.name if queue else "",
            "assignee": (assignee.name or assignee.username) if assignee else "",
        },
    )
    if assignee is not None and assignee != by:
        notify_assigned(ticket)
    return ticket


def _lock(ticket: Ticket, version: int | None) -> Ticket:
    locked = Ticket.objects.select_for_update().select_related("workflow").get(pk=ticket.pk)
    if version is not None and locked.version != version:
        raise stale_error()
    if not locked.is_active:
        raise ApplicationError("ticket.closed", _("This ticket is closed; reopen it first."))
    return locked


@transaction.atomic
def ticket_assign(
    *, ticket: Ticket, by, assignee=None, queue=None, note: str = "", version=None
) -> Ticket:
    """Reassign. Taking an unassigned ticket, or one of one's own queue, needs no special
    right; giving a ticket to someone else needs `service.assign_ticket`."""
    ticket = _lock(ticket, version)
    taking = assignee == by and (queue is None or queue.pk == ticket.queue_id)
    if taking:
        queue = ticket.queue
    if not taking and not by.has_perm("service.assign_ticket"):
        raise ApplicationError(
            "ticket.assign_forbidden", _("You may not reassign tickets."), status=403
        )
    if taking and ticket.assignee_id is not None and ticket.queue_id:
        member = ticket.queue.members.filter(pk=by.pk).exists()
        if not member and not by.has_perm("service.assign_ticket"):
            raise ApplicationError(
                "ticket.assign_forbidden",
                _("You are not a member of this ticket's queue."),
                status=403,
            )
    if assignee is not None and not assignee.is_active:
        raise ApplicationError(
            "ticket.assign_invalid",
            _("Choose an active user."),
            fields={"assignee": _("Choose an active user.")},
        )
    if queue is None and assignee is None:
        raise ApplicationError(
            "ticket.assign_invalid",
            _("Choose a person or a queue."),
            fields={"assignee": _("Choose a person or a queue.")},
        )
    return ticket_route(ticket=ticket, by=by, queue=queue, assignee=assignee, note=note)


@transaction.atomic
def ticket_escalate(*, ticket: Ticket, by, queue: Queue, note: str, version=None) -> Ticket:
    """Transfer to the expert desk (专家席) with the whole context; the expert keeps it."""
    ticket = _lock(ticket, version)
    if queue.kind != QueueKind.EXPERT or not queue.is_active:
        raise ApplicationError(
            "ticket.escalate_queue",
            _("Choose an active expert queue."),
            fields={"queue": _("Choose an active expert queue.")},
        )
    if not (note or "").strip():
        raise ApplicationError(
            "ticket.escalate_note",
            _("Tell the expert what the customer needs."),
            fields={"note": _("Tell the expert what the customer needs.")},
        )
    ticket.escalated_from = ticket.assignee or by
    ticket.save(update_fields=["escalated_from"])
    ticket_event_record(
        ticket=ticket,
        kind=EventKind.ESCALATED,
        actor=by,
        body=note.strip(),
        data={"queue": queue.name},
    )
    ticket_route(ticket=ticket, by=by, queue=queue, assignee=None)
    if ticket.assignee is None:
        for member in queue.members.filter(is_active=True):
            notify(
                user=member,
                kind=NotificationKind.ESCALATED,
                ticket=ticket,
                message=_("Ticket {number} was escalated to {queue}").format(
                    number=ticket.number, queue=queue.name
                ),
            )
    return ticket


@transaction.atomic
def ticket_send_back(*, ticket: Ticket, by, note: str = "", version=None) -> Ticket:
    """The expert returns the ticket to the agent who escalated it."""
    ticket = _lock(ticket, version)
    if ticket.escalated_from is None:
        raise ApplicationError("ticket.not_escalated", _("This ticket was not escalated."))
    back_to = ticket.escalated_from
    ticket.escalated_from = None
    ticket.save(update_fields=["escalated_from"])
    ticket_event_record(ticket=ticket, kind=EventKind.SENT_BACK, actor=by, body=note)
    queue = default_queue(ticket.ticket_type)
    return ticket_route(ticket=ticket, by=by, queue=queue, assignee=back_to, note=note)
