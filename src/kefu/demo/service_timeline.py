"""The life of one demo ticket, played forward in time by the service app's own rules.

A story opens its ticket the way `ticket_create` does (initial state, `sla.sla_start`, the
type's queue and the member its strategy picks, the contact logged with it); `service_steps` then
applies the transitions of a path through the current `WorkflowVersion` as `ticket_transition`
would. Before anything happens, the story first does what the every-minute SLA scan would have
done meanwhile (a warning; a breach with its notifications and the move to the queue's breach
queue). Nothing is saved here: `service_rows` writes the stories in bulk.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.accounts.models import User
from kefu.customers.models import Customer
from kefu.demo import service_content as sc
from kefu.demo.service_cases import Case
from kefu.demo.service_cast import Cast
from kefu.service import sla
from kefu.service.choices import (
    Channel,
    Direction,
    EventKind,
    NotificationKind,
    SlaStatus,
)
from kefu.service.models import Queue, Ticket
from kefu.service.services.escalation import CLOCK_NAMES, warn_lead

SECOND = datetime.timedelta(seconds=1)
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
SLOW_SHARE = 0.08  # tickets that miss their response or resolution target
OPENING_CONTACT_SHARE = 0.92  # tickets whose first contact is in the contact log


@dataclass
class Contact:
    """One contact for the contact log, linked to the tickets of `stories`."""

    started_at: datetime.datetime
    channel: str
    agent: User
    summary: str
    customer: Customer | None
    phone: str
    duration: int = 0
    stories: list = field(default_factory=list)

    @property
    def direction(self) -> str:
        return Direction.OUTBOUND if self.channel == Channel.PHONE_OUT else Direction.INBOUND


@dataclass
class Entry:
    """One timeline event; values of `data` that are stories become their ticket numbers."""

    at: datetime.datetime
    kind: str
    actor: User | None = None
    body: str = ""
    public: bool = False
    data: dict = field(default_factory=dict)
    contact: Contact | None = None  # an "interaction" entry: the contact's id joins `data`


@dataclass
class Notice:
    """A notification, worded when the ticket has its number."""

    user: User
    kind: str
    at: datetime.datetime
    clock: str = ""  # SLA notices: which clock
    due: datetime.datetime | None = None
    by: User | None = None  # mentions: who wrote
    queue: str = ""  # escalations: to which queue


@dataclass
class Story:
    ticket: Ticket
    case: Case
    clock: datetime.datetime  # when the latest thing happened
    slow: bool = False
    escalate: bool = False
    entries: list[Entry] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    done_at: datetime.datetime | None = None  # when it last left the active categories
    merged_into: "Story | None" = None

    def add(self, at: datetime.datetime, kind: str, actor=None, body="", **extra) -> Entry:
        entry = Entry(at=at, kind=kind, actor=actor, body=body, **extra)
        self.entries.append(entry)
        self.clock = max(self.clock, at)
        return entry

    def notify(self, user: User | None, kind: str, at: datetime.datetime, **extra) -> None:
        if user is not None and user.is_active:
            self.notices.append(Notice(user=user, kind=kind, at=at, **extra))


# ---- opening ------------------------------------------------------------------------------------


def story_open(cast: Cast, case: Case, *, start: datetime.datetime, assignee) -> Story:
    """The ticket as `ticket_create` leaves it (SLA started, in its type's queue with the member
    `assignee` the queue picked), and its contact logged as the desk logs it."""
    workflow = cast.workflows[case.fields["ticket_type"]]
    initial = workflow.state(workflow.definition["initial"])
    ticket = Ticket(
        **case.fields,
        workflow=workflow,
        state=initial["code"],
        state_category=initial["category"],
        org_unit=case.desk.org_unit,
        created_by=case.desk,
        created_at=start,
        updated_at=start,
    )
    story = Story(ticket=ticket, case=case, clock=start, slow=cast.rng.random() < SLOW_SHARE)
    if case.wants_slot:
        book(cast, ticket, since=start, share=cast.rng.uniform(0.3, 0.85))
    sla.sla_start(ticket, at=start)
    ticket.queue, ticket.assignee = cast.type_queues.get(ticket.ticket_type), assignee
    data = {
        "state": ticket.state,
        "entitlements": case.reasons,
        "queue": ticket.queue.name if ticket.queue else "",
        "assignee": (assignee.name or assignee.username) if assignee else "",
    }
    story.add(start, EventKind.CREATED, case.desk, ticket.description, data=data)
    if assignee is not None and assignee != case.desk:
        story.notify(assignee, NotificationKind.ASSIGNED, start)
    if ticket.channel != Channel.PHONE_OUT and cast.rng.random() < OPENING_CONTACT_SHARE:
        _opening_contact(cast, story)
    return story


def _opening_contact(cast: Cast, story: Story) -> None:
    ticket, rng = story.ticket, cast.rng
    seconds = {
        Channel.PHONE_IN: (60, 600),
        Channel.WALK_IN: (300, 1500),
        Channel.IM: (120, 900),
    }.get(ticket.channel, (0, 0))
    duration = rng.randint(*seconds)
    words = sc.CHANNEL_WORDS[ticket.channel] + sc.TYPE_WORDS[ticket.ticket_type]
    contact = Contact(
        started_at=story.clock - datetime.timedelta(seconds=duration),
        channel=ticket.channel,
        agent=story.case.desk,
        summary=f"{words}：{ticket.subject}",
        customer=ticket.customer,
        phone=ticket.contact_phone,
        duration=duration,
    )
    log_contact(story, contact, at=story.clock + SECOND)


def log_contact(story: Story, contact: Contact, *, at: datetime.datetime) -> None:
    """The contact, linked to the ticket: an "interaction" entry on its timeline."""
    contact.stories.append(story)
    story.contacts.append(contact)
    data = {"channel": contact.channel}
    story.add(at, EventKind.INTERACTION, contact.agent, contact.summary, data=data, contact=contact)


def pick_member(cast: Cast, queue: Queue | None, at: datetime.datetime) -> User | None:
    """The member `queue_pick_member` would give the ticket at `at`."""
    members = cast.members.get(queue.pk, []) if queue else []
    if not members or queue.strategy == "manual":
        return None
    if queue.strategy == "least_loaded":
        member = min(members, key=lambda u: (_load(cast, u, at), u.pk))
    else:
        after = cast.last_assigned.get(queue.pk, 0)
        member = next((u for u in members if u.pk > after), members[0])
    cast.last_assigned[queue.pk] = member.pk
    return member


def _load(cast: Cast, user: User, at: datetime.datetime) -> int:
    spans = cast.busy[user.pk]
    return sum(1 for since, until in spans if since <= at and (until is None or until > at))


def route(cast: Cast, story: Story, *, queue, assignee, by, at, note: str = "") -> None:
    """Queue and owner, as `ticket_route` sets them (an entry and a notice when they change)."""
    if assignee is None and queue is not None:
        assignee = pick_member(cast, queue, at)
    ticket = story.ticket
    if (queue, assignee) == (ticket.queue, ticket.assignee):
        return
    ticket.queue, ticket.assignee = queue, assignee
    ticket.version += 1
    data = {
        "queue": queue.name if queue else "",
        "assignee": (assignee.name or assignee.username) if assignee else "",
    }
    story.add(at, EventKind.ASSIGNED, by, note, data=data)
    if assignee is not None and assignee != by:
        story.notify(assignee, NotificationKind.ASSIGNED, at)


def book(cast: Cast, ticket: Ticket, *, since: datetime.datetime, share: float) -> None:
    """An appointment (two hours, on the hour from 08:00 to 18:00, any day) within `share` of
    the arrival target counted from `since`."""
    target = cast.target(ticket)
    minutes = (target.arrival_minutes if target else None) or 1080
    local = timezone.localtime(cast.work(since, minutes * share))
    start = local.replace(minute=0, second=0, microsecond=0)
    if start < local:
        start += HOUR
    if start.hour < 8:
        start = start.replace(hour=8)
    elif start.hour > 18:
        start = (start + datetime.timedelta(days=1)).replace(hour=8)
    ticket.appointment_start, ticket.appointment_end = start, start + 2 * HOUR


# ---- the SLA scan, as it would have run meanwhile -----------------------------------------------


def _tick(moment: datetime.datetime) -> datetime.datetime:
    """When the every-minute scan first runs at or after `moment`."""
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + MINUTE


def scan(cast: Cast, story: Story, until: datetime.datetime) -> None:
    """Warnings and breaches `sla_scan`, run every minute, would have recorded before `until`."""
    ticket = story.ticket
    while ticket.is_active and ticket.sla_paused_at is None and ticket.next_due is not None:
        kind, due = sla.due_kind(ticket), ticket.next_due
        if kind is None:
            return
        if f"{kind}:warned" not in ticket.sla_flags:
            lead = warn_lead(ticket, window=cast.window)
            warn_at = _tick(max(due - lead, story.clock + SECOND))
            if warn_at >= until:
                return
            if warn_at < due:
                _warn(cast, story, kind, warn_at)
        breach_at = _tick(due)
        if breach_at >= until:
            return
        _breach(cast, story, kind, breach_at)


def _owners(cast: Cast, ticket: Ticket) -> list[User]:
    if ticket.assignee is not None:
        return [ticket.assignee]
    return list(cast.members.get(ticket.queue.pk, [])) if ticket.queue else []


def _warn(cast: Cast, story: Story, kind: str, at: datetime.datetime) -> None:
    ticket = story.ticket
    ticket.sla_flags = [*ticket.sla_flags, f"{kind}:warned"]
    if ticket.sla_status == SlaStatus.OK:
        ticket.sla_status = SlaStatus.WARNING
    story.add(at, EventKind.SLA_WARNING, data={"clock": kind})
    for user in _owners(cast, ticket):
        story.notify(user, NotificationKind.SLA_WARNING, at, clock=kind, due=ticket.next_due)


def _breach(cast: Cast, story: Story, kind: str, at: datetime.datetime) -> None:
    """Flagged and announced to the supervisors above the ticket's unit and to its owners."""
    ticket = story.ticket
    ticket.sla_flags = [*ticket.sla_flags, f"{kind}:breached"]
    ticket.sla_status = SlaStatus.BREACHED
    sla.sla_refresh(ticket, at=at)
    story.add(at, EventKind.SLA_BREACH, data={"clock": kind})
    path = ticket.org_unit.path
    supervisors = [u for u in cast.supervisors if path.startswith(u.org_unit.path)]
    for user in dict.fromkeys([*supervisors, *_owners(cast, ticket)]):
        story.notify(user, NotificationKind.SLA_BREACH, at, clock=kind)
    queue = ticket.queue
    breach_id = queue.breach_queue_id if queue else None
    move_to = next((q for q in cast.queues.values() if q.pk == breach_id), None)
    if move_to is not None and move_to != queue:
        note = _("Moved on SLA breach ({clock}).").format(clock=CLOCK_NAMES[kind])
        route(cast, story, queue=move_to, assignee=None, by=None, at=at, note=note)
