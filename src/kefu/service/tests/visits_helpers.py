"""Helpers of the follow-up visit tests: an installation walked to "completed", full scores."""

from kefu.service.models import Visit
from kefu.service.services import ticket_transition
from kefu.service.services.visits import visit_items, visit_record
from kefu.service.tests.factories import make_ticket, tomorrow_at


def complete(ticket, by):
    """dispatch → accept → start → complete (an installation needs only a resolution)."""
    ticket = ticket_transition(ticket=ticket, code="dispatch", by=by)
    ticket = ticket_transition(
        ticket=ticket, code="accept", by=by, fields={"appointment_start": tomorrow_at(10)}
    )
    ticket = ticket_transition(ticket=ticket, code="start", by=by)
    return ticket_transition(
        ticket=ticket, code="complete", by=by, fields={"resolution": "已安装调试完毕"}
    )


def completed_installation(users, customer, *, by="supervisor1", assignee=None):
    ticket = make_ticket(
        by=users["agent1"], ticket_type="installation", customer=customer, subject="空调安装"
    )
    if assignee is not None:
        from kefu.service.models import Ticket

        Ticket.objects.filter(pk=ticket.pk).update(assignee=assignee)
        ticket.refresh_from_db()
    return complete(ticket, users[by])


def pending_visit(ticket) -> Visit:
    return Visit.objects.get(ticket=ticket, status="pending")


def scores(visit, value=5, **special) -> list[dict]:
    """Every item of the visit scored `value` (items by code in `special` get their own)."""
    return [
        {"item": item.pk, "score": special.get(item.code, value), "comment": ""}
        for item in visit_items(visit)
    ]


def record_satisfied(ticket, by):
    """The ticket's pending visit recorded: every item 5, satisfied (the order is 已回访)."""
    visit = pending_visit(ticket)
    visit_record(visit=visit, by=by, scores=scores(visit), outcome="satisfied")
    ticket.refresh_from_db()
    return ticket
