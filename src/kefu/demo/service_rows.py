"""Writing the played stories as rows, in a few bulk inserts: tickets, the contact log, timelines,
links and notifications, each with the time it happened rather than the time of seeding.

`bulk_create` would stamp `auto_now`/`auto_now_add` fields with the present; `_times_as_given`
switches that off for the duration of the insert, which is much faster than inserting first and
moving thousands of timestamps back with UPDATEs afterwards. Ticket numbers contain the ids, so
the ids are allotted before the insert and the number and search column come from the same
`number_for` and `ticket_search_text` as in `ticket_create`.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.demo.service_cast import Cast
from kefu.demo.service_timeline import Contact, Story
from kefu.service.choices import LinkKind, NotificationKind
from kefu.service.models import Interaction, Notification, Queue, Ticket, TicketEvent, TicketLink
from kefu.service.services.escalation import CLOCK_NAMES
from kefu.service.services.tickets import number_for, ticket_search_text

BATCH = 500  # rows per INSERT
# Rows refer to others by id (`ticket_id=`): much cheaper to build than through the descriptors.
UNREAD_DAYS = 3  # notifications of the last days are unread ...
UNREAD_LATEST = 10  # ... and so are each user's newest few


@contextmanager
def _times_as_given(model: type[models.Model], *names: str):
    """Inside, `bulk_create` keeps the times set on the objects (the demo runs alone)."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def rows_write(cast: Cast, stories: list[Story], walk_ups: list[Contact], links: list) -> None:
    _tickets_write(stories)
    contact_ids = _contacts_write(stories, walk_ups)
    _entries_write(stories, contact_ids)
    _links_write(links)
    _notices_write(cast, stories)
    for queue_pk, user_pk in cast.last_assigned.items():
        Queue.objects.filter(pk=queue_pk).update(last_assigned_id=user_pk)


def _tickets_write(stories: list[Story]) -> None:
    """Ids are allotted up front (there are no tickets yet), so each row is written whole."""
    first = (Ticket.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    for n, story in enumerate(stories):
        story.ticket.pk = first + n
    for story in stories:
        ticket = story.ticket
        ticket.number = number_for(ticket)
        ticket.search_text = ticket_search_text(ticket)
        ticket.updated_at = story.clock
        if story.merged_into is not None:
            ticket.merged_into = story.merged_into.ticket
    with _times_as_given(Ticket, "created_at", "updated_at"):
        Ticket.objects.bulk_create([story.ticket for story in stories], batch_size=BATCH)
    with connection.cursor() as cursor:  # the id sequence continues after them (as loaddata)
        for statement in connection.ops.sequence_reset_sql(no_style(), [Ticket]):
            cursor.execute(statement)


def _contacts_write(stories: list[Story], walk_ups: list[Contact]) -> dict[int, int]:
    """The contact log and its ticket links; returns each contact's id by `id(contact)`."""
    contacts = list({id(c): c for story in stories for c in story.contacts}.values()) + walk_ups
    rows = [
        Interaction(
            channel=contact.channel,
            direction=contact.direction,
            customer_id=contact.customer.pk if contact.customer else None,
            phone=contact.phone[:20],
            agent_id=contact.agent.pk,
            org_unit_id=contact.agent.org_unit_id,
            started_at=contact.started_at,
            duration_seconds=contact.duration,
            summary=contact.summary,
            created_at=contact.started_at + timedelta(seconds=contact.duration),
        )
        for contact in contacts
    ]
    with _times_as_given(Interaction, "created_at"):
        Interaction.objects.bulk_create(rows, batch_size=BATCH)
    through = Interaction.tickets.through
    pairs = {
        (row.pk, story.ticket.pk)
        for contact, row in zip(contacts, rows, strict=True)
        for story in contact.stories
    }
    through.objects.bulk_create(
        [through(interaction_id=i, ticket_id=t) for i, t in sorted(pairs)], batch_size=BATCH
    )
    return {id(contact): row.pk for contact, row in zip(contacts, rows, strict=True)}


def _data(entry, contact_ids: dict[int, int]) -> dict:
    data = {k: v.ticket.number if isinstance(v, Story) else v for k, v in entry.data.items()}
    if entry.contact is not None:
        data = {"interaction": contact_ids[id(entry.contact)], **data}
    return data


def _entries_write(stories: list[Story], contact_ids: dict[int, int]) -> None:
    rows = [
        TicketEvent(
            ticket_id=story.ticket.pk,
            kind=entry.kind,
            actor_id=entry.actor.pk if entry.actor else None,
            at=entry.at,
            body=entry.body,
            public=entry.public,
            data=_data(entry, contact_ids),
        )
        for story in stories
        for entry in sorted(story.entries, key=lambda e: e.at)
    ]
    with _times_as_given(TicketEvent, "at"):
        TicketEvent.objects.bulk_create(rows, batch_size=BATCH * 2)


def _links_write(links: list) -> None:
    rows = [
        TicketLink(
            source_id=source.ticket.pk,
            target_id=target.ticket.pk,
            kind=kind[0] if kind else LinkKind.RELATED,
            created_by_id=by.pk,
            created_at=at,
        )
        for source, target, at, by, *kind in links
    ]
    with _times_as_given(TicketLink, "created_at"):
        TicketLink.objects.bulk_create(rows)


def _message(notice, ticket: Ticket) -> str:
    """Worded as the service app words it (the same messages, so the same translations)."""
    number = ticket.number
    if notice.kind == NotificationKind.ASSIGNED:
        text = _("Ticket {number} was assigned to you: {subject}")
        return text.format(number=number, subject=ticket.subject)
    if notice.kind == NotificationKind.SLA_WARNING:
        due = timezone.localtime(notice.due).strftime("%m-%d %H:%M")
        text = _("Ticket {number}: {clock} due at {due}")
        return text.format(number=number, clock=CLOCK_NAMES[notice.clock], due=due)
    if notice.kind == NotificationKind.SLA_BREACH:
        text = _("Ticket {number} breached its {clock} target")
        return text.format(number=number, clock=CLOCK_NAMES[notice.clock])
    if notice.kind == NotificationKind.ESCALATED:
        return _("Ticket {number} was escalated to {queue}").format(
            number=number, queue=notice.queue
        )
    by = notice.by
    text = _("{name} mentioned you on ticket {number}")
    return text.format(name=by.name or by.username, number=number)


def _notices_write(cast: Cast, stories: list[Story]) -> None:
    """Notifications; the recent ones (and each user's newest few) are still unread."""
    notices = sorted(
        ((notice, story.ticket) for story in stories for notice in story.notices),
        key=lambda pair: pair[0].at,
        reverse=True,
    )
    seen: dict[int, int] = {}
    rows = []
    cast.reseed("notifications")
    for notice, ticket in notices:
        seen[notice.user.pk] = seen.get(notice.user.pk, 0) + 1
        recent = notice.at > cast.now - timedelta(days=UNREAD_DAYS)
        read_at = None
        if not recent and seen[notice.user.pk] > UNREAD_LATEST:
            later = timedelta(minutes=cast.rng.uniform(5, 1200))
            read_at = min(notice.at + later, cast.now)
        rows.append(
            Notification(
                user_id=notice.user.pk,
                kind=notice.kind,
                ticket_id=ticket.pk,
                message=_message(notice, ticket)[:300],
                created_at=notice.at,
                read_at=read_at,
            )
        )
    with _times_as_given(Notification, "created_at"):
        Notification.objects.bulk_create(rows[::-1], batch_size=BATCH)
