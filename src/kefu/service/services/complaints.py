"""Complaint writes: a new complaint is linked to the same customer's earlier complaints.

A customer who complains again within `service.repeat_complaint_days` (90 by default) is a
repeat complainant: the new complaint gets a "repeat complaint" link (new → earlier) to each of
them, so the page and the list can show it. Linking is idempotent: a pair already linked, in
either direction, is left as it is, so running it again (after a customer merge, a changed
customer, or two desks at once) never adds a second link.
"""

import datetime

from django.db import transaction
from django.db.models import Q

from kefu.accounts.parameters import parameter_value
from kefu.service.choices import EventKind, LinkKind, TicketType
from kefu.service.models import Ticket, TicketLink

REPEAT_DAYS_PARAMETER = "service.repeat_complaint_days"
REPEAT_LINKS_MAX = 20  # the most recent earlier complaints linked; older ones add nothing new


def repeat_window_days() -> int:
    try:
        return max(int(parameter_value(REPEAT_DAYS_PARAMETER)), 0)
    except (TypeError, ValueError, KeyError):
        return 90


def earlier_complaints(ticket: Ticket) -> list[Ticket]:
    """The customer's complaints opened within the window before `ticket`, newest first."""
    if ticket.ticket_type != TicketType.COMPLAINT or ticket.customer_id is None:
        return []
    since = ticket.created_at - datetime.timedelta(days=repeat_window_days())
    return list(
        Ticket.objects.filter(
            customer_id=ticket.customer_id,
            ticket_type=TicketType.COMPLAINT,
            created_at__gte=since,
            created_at__lte=ticket.created_at,
            merged_into__isnull=True,
        )
        .exclude(pk=ticket.pk)
        .only("pk", "number", "created_at")
        .order_by("-created_at", "-pk")[:REPEAT_LINKS_MAX]
    )


@transaction.atomic
def complaint_link_repeats(*, ticket: Ticket, by=None) -> list[TicketLink]:
    """Link `ticket` to the customer's earlier complaints in the window; the new links."""
    from kefu.service.services.tickets import ticket_event_record

    earlier = earlier_complaints(ticket)
    if not earlier:
        return []
    ids = [other.pk for other in earlier]
    linked = set()
    pairs = TicketLink.objects.filter(
        Q(source=ticket, target_id__in=ids) | Q(target=ticket, source_id__in=ids)
    ).values_list("source_id", "target_id")
    for source_id, target_id in pairs:
        linked.add(target_id if source_id == ticket.pk else source_id)
    actor = by if getattr(by, "is_authenticated", False) else None
    wanted = [other for other in earlier if other.pk not in linked]
    TicketLink.objects.bulk_create(
        [
            TicketLink(source=ticket, target=other, kind=LinkKind.REPEAT, created_by=actor)
            for other in wanted
        ],
        ignore_conflicts=True,  # a concurrent run linked the same pair: the constraint keeps one
    )
    if wanted:
        ticket_event_record(
            ticket=ticket,
            kind=EventKind.LINKED,
            actor=by,
            data={"ticket": ", ".join(o.number for o in wanted), "repeat": len(wanted)},
        )
    return list(
        TicketLink.objects.filter(
            source=ticket, target__in=wanted, kind=LinkKind.REPEAT
        ).select_related("target")
    )
