"""`kefu demo`'s service history: the queues staffed, and about 3,000 tickets of every type in every
state of their workflows over the last four months, with their timelines, SLA clocks, contacts
and notifications, so that the service pages look lived in.

How: `service_cast` loads what the history needs once; for each planned ticket `service_cases`
draws what it is about and `service_timeline`/`service_steps` play its life forward by the
service app's own rules (routing by queue strategy, workflow transitions with their roles and
required fields, `kefu.service.sla` clocks, the SLA scan); `service_rows` writes the stories in
bulk. Calling the service functions for every step would take minutes for this many tickets
(20 ms and more a ticket, before moving the timestamps back); played in memory it takes seconds.

The plan first gives every state of every type's workflow one ticket of a plausible age, then
draws the rest by type weights and ages; old tickets are mostly done, recent ones mostly open.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation

from kefu.accounts.models import User
from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.demo import generators as gen
from kefu.demo import service_content as sc
from kefu.demo.service_cases import Case, case_draw
from kefu.demo.service_cast import Cast, cast_load
from kefu.demo.service_paths import AGE_RANGES, Routes
from kefu.demo.service_repeats import REPEATS, repeat_complaints_play, repeat_links
from kefu.demo.service_rows import rows_write
from kefu.demo.service_steps import story_link, story_merge, story_walk
from kefu.demo.service_timeline import Contact, Story, pick_member, story_open
from kefu.demo.service_visits import visits_seed
from kefu.service.choices import (
    ACTIVE_CATEGORIES,
    FIELD_TYPES,
    AssignStrategy,
    Channel,
    SlaStatus,
    TicketType,
)
from kefu.service.models import Interaction, Notification, Queue, Ticket, TicketEvent
from kefu.service.services.setup import QueueData, queue_save

TICKETS = 3000
DUPLICATES = 12  # of them merged into an earlier ticket of the same customer
LINKS = 40  # complaints and follow-ups linked to the service order they are about
WALK_UPS = 900  # contacts that needed no ticket
DAYS = 120
TYPE_WEIGHTS = {
    TicketType.REPAIR: 26,
    TicketType.INSTALLATION: 12,
    TicketType.GUIDANCE: 10,
    TicketType.FAULT_CONSULT: 10,
    TicketType.BUSINESS_CONSULT: 9,
    TicketType.FOLLOW_UP: 10,
    TicketType.COMPLAINT: 7,
    TicketType.DELIVERY: 5,
    TicketType.CARE: 5,
    TicketType.RETURN_EXCHANGE: 3,
    TicketType.SUGGESTION: 3,
}
# Contacts by hour of the day: the hotline is staffed from 07:00 to 23:00, busiest mornings.
HOUR_WEIGHTS = [0, 0, 0, 0, 0, 0, 0, 3, 10, 14, 14, 12, 9, 11, 13, 13, 12, 10, 8, 6, 5, 4, 2, 0]
QUIET_DAY_SHARE = 0.5  # weekends and holidays see this share of a workday's contacts
WALK_UP_CHANNELS = {
    Channel.PHONE_IN: 80,
    Channel.IM: 8,
    Channel.WALK_IN: 5,
    Channel.EMAIL: 4,
    Channel.LETTER: 3,
}
# queue code → (strategy, members). No breach queue: supervisors are told of every breach.
QUEUE_STAFF = {
    "general": (AssignStrategy.ROUND_ROBIN, [f"agent{n}" for n in range(1, 7)]),
    "expert": (AssignStrategy.ROUND_ROBIN, ["expert1"]),
    "complaint": (AssignStrategy.LEAST_LOADED, ["supervisor1", "agent1", "agent2"]),
}


def service_seed(users: dict[str, User]) -> None:
    """Staff the queues, then play and write the history (only into a database without tickets)."""
    queues = queues_seed(users)
    complaint_categories_seed()
    if Ticket.objects.exists():
        return
    cast = cast_load(users=users, queues=queues)
    with translation.override(settings.LANGUAGE_CODE):
        stories = stories_play(cast)
        links = _links(cast, stories) + repeat_links(stories)
        rows_write(cast, stories, _walk_ups(cast), links)
        visits_seed(users)


def queues_seed(users: dict[str, User]) -> dict[str, Queue]:
    """The default queues get their members and strategy, through `queue_save`."""
    for queue in Queue.objects.filter(code__in=QUEUE_STAFF).prefetch_related("members"):
        strategy, names = QUEUE_STAFF[queue.code]
        members = {*queue.members.all(), *(users[name] for name in names if name in users)}
        data = QueueData(
            code=queue.code,
            name=queue.name,
            kind=queue.kind,
            strategy=strategy if queue.strategy == AssignStrategy.MANUAL else queue.strategy,
            org_unit=queue.org_unit,
            breach_queue=queue.breach_queue,
            members=sorted(members, key=lambda u: u.pk),
            ticket_types=list(queue.ticket_types or []),
            is_active=queue.is_active,
        )
        queue_save(queue=queue, data=data, by=users.get("admin"))
    return {queue.code: queue for queue in Queue.objects.filter(is_active=True)}


def complaint_categories_seed() -> None:
    """The category tree: the groups first, then their entries (which need the groups' ids)."""
    kind = DictKind.COMPLAINT_CATEGORY
    existing = set(DictItem.objects.filter(kind=kind).values_list("code", flat=True))
    DictItem.objects.bulk_create(
        [
            DictItem(kind=kind, code=code, name=name, sort=10 * (n + 1))
            for n, (code, name, _children) in enumerate(sc.COMPLAINT_CATEGORIES)
            if code not in existing
        ]
    )
    ids = dict(DictItem.objects.filter(kind=kind).values_list("code", "pk"))
    DictItem.objects.bulk_create(
        [
            DictItem(kind=kind, code=child, name=name, parent_id=ids[code], sort=10 * (m + 1))
            for code, _name, children in sc.COMPLAINT_CATEGORIES
            for m, (child, name) in enumerate(children)
            if child not in existing
        ]
    )


# ---- the plan -----------------------------------------------------------------------------------


def _moment(cast: Cast, days_ago: float, *, thin: bool = True) -> datetime.datetime:
    """A time about `days_ago` back, at an hour people call; fewer on quiet days; before now."""
    rng = cast.rng
    today = timezone.localdate(cast.now)
    day = today - datetime.timedelta(days=int(days_ago))
    while thin and not cast.calendar.is_workday(day) and rng.random() > QUIET_DAY_SHARE:
        day -= datetime.timedelta(days=1)
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    moment += datetime.timedelta(seconds=rng.randrange(3600))
    while moment > cast.now - datetime.timedelta(minutes=10):
        moment -= datetime.timedelta(days=1)
    return moment


def _plan(cast: Cast, routes: dict[str, Routes]) -> list[tuple[str, str, datetime.datetime]]:
    """(ticket type, state to reach, created at), oldest first."""
    cast.reseed("plan")
    rng = cast.rng
    plan = []
    for ticket_type, route in routes.items():
        for code, category in route.categories.items():
            days = rng.uniform(*AGE_RANGES[category])
            plan.append((ticket_type, code, _moment(cast, days, thin=False)))
    types = [t for t in TYPE_WEIGHTS if t in routes]
    while len(plan) < TICKETS - DUPLICATES - REPEATS:
        ticket_type = rng.choices(types, weights=[TYPE_WEIGHTS[t] for t in types])[0]
        created = _moment(cast, rng.uniform(0, DAYS))
        days = (cast.now - created).total_seconds() / 86400
        plan.append((ticket_type, routes[ticket_type].state_for_age(rng, days), created))
    return sorted(plan, key=lambda row: row[2])


def stories_play(cast: Cast) -> list[Story]:
    routes = {t: Routes(w.definition) for t, w in cast.workflows.items()}
    stories = []
    for n, (ticket_type, target, created) in enumerate(_plan(cast, routes)):
        cast.reseed(f"ticket {n}")
        case = case_draw(cast, ticket_type)
        path = routes[ticket_type].draw(cast.rng, target) or []
        story = _live(cast, case, path, created)
        if story.ticket.assignee is not None:
            cast.busy[story.ticket.assignee.pk].append((story.ticket.created_at, story.done_at))
        stories.append(story)
    repeat_complaints_play(cast, stories, routes, _live)
    _duplicates(cast, stories)
    return sorted(stories, key=lambda s: s.ticket.created_at)


def _live(cast: Cast, case: Case, path: list[dict], start: datetime.datetime) -> Story:
    """The story along `path`, started earlier (or cut short) when it would run past now."""
    assignee = pick_member(cast, cast.type_queues.get(case.fields["ticket_type"]), start)
    for _attempt in range(4):
        story = story_open(cast, case, start=start, assignee=assignee)
        story_walk(cast, story, path)
        if story.clock <= cast.now:
            return story
        overrun = (story.clock - cast.now).days + 1  # whole days: the same for runs a bit apart
        start -= datetime.timedelta(days=overrun + cast.rng.uniform(0, 1))
    return story if not path else _live(cast, case, path[:-1], start)


def _duplicates(cast: Cast, stories: list[Story]) -> None:
    """A customer calls again about the same thing; the new ticket is merged into the first."""
    cast.reseed("duplicates")
    kinds = {TicketType.REPAIR, TicketType.COMPLAINT, TicketType.FAULT_CONSULT}
    oldest = cast.now - datetime.timedelta(days=2)
    candidates = [
        s
        for s in stories
        if s.ticket.ticket_type in kinds and s.case.card and s.ticket.created_at < oldest
    ]
    for n, base in enumerate(cast.rng.sample(candidates, min(DUPLICATES, len(candidates)))):
        cast.reseed(f"duplicate {n}")
        rng = cast.rng
        case = Case(**{**vars(base.case), "desk": cast.desk_agent(base.case.card.branch)})
        case.wants_slot = False
        start = base.ticket.created_at + datetime.timedelta(minutes=rng.uniform(20, 600))
        assignee = pick_member(cast, cast.type_queues.get(base.ticket.ticket_type), start)
        duplicate = story_open(cast, case, start=start, assignee=assignee)
        merged_at = cast.work(duplicate.clock, rng.uniform(10, 240))
        if merged_at < cast.now - datetime.timedelta(minutes=1):  # not over a long holiday
            story_merge(cast, duplicate, base, at=merged_at, by=case.desk)
            stories.append(duplicate)


def _about_an_order(ticket: Ticket) -> bool:
    """A follow-up, or a complaint about the outlet, the product or the delivery."""
    if ticket.ticket_type == TicketType.COMPLAINT:
        return ticket.responsible_party in ("outlet", "product", "logistics")
    return ticket.ticket_type == TicketType.FOLLOW_UP


def _links(cast: Cast, stories: list[Story]) -> list[tuple]:
    """Complaints and follow-ups linked to the customer's service order before them."""
    orders = defaultdict(list)
    for story in stories:
        if story.ticket.ticket_type in FIELD_TYPES and story.case.card:
            orders[story.ticket.customer.pk].append(story)
    about = [s for s in stories if s.case.card and _about_an_order(s.ticket)]
    links = []
    cast.reseed("links")
    for story in cast.rng.sample(about, len(about)):
        created = story.ticket.created_at
        earlier = [o for o in orders[story.ticket.customer.pk] if o.ticket.created_at < created]
        if earlier and story.merged_into is None:
            at = created + datetime.timedelta(minutes=2)
            story_link(story, earlier[-1], at=at, by=story.case.desk)
            links.append((story, earlier[-1], at, story.case.desk))
        if len(links) >= LINKS:
            break
    return links


def _walk_ups(cast: Cast) -> list[Contact]:
    """Contacts answered on the spot, with no ticket: where is the outlet, is it in warranty ..."""
    cast.reseed("walk-ups")
    rng = cast.rng
    contacts = []
    for _n in range(WALK_UPS):
        card = rng.choice(cast.cards) if rng.random() < 0.7 else None
        channel = rng.choices(list(WALK_UP_CHANNELS), weights=list(WALK_UP_CHANNELS.values()))[0]
        talk = channel in (Channel.PHONE_IN, Channel.IM, Channel.WALK_IN)
        agent = cast.desk_agent(card.branch) if card else cast.user(f"agent{rng.randint(1, 6)}")
        contacts.append(
            Contact(
                started_at=_moment(cast, rng.uniform(0, DAYS)),
                channel=channel,
                agent=agent,
                summary=rng.choice(sc.WALK_UPS),
                customer=card.customer if card else None,
                phone=card.phone if card else gen.mobile(rng, set()),
                duration=rng.randint(30, 400) if talk else 0,
            )
        )
    return contacts


def service_counts() -> dict[str, int]:
    tickets = Ticket.objects.all()
    by_status = dict(tickets.values_list("sla_status").annotate(n=Count("id")))
    return {
        "tickets": tickets.count(),
        "  open": tickets.filter(state_category__in=ACTIVE_CATEGORIES).count(),
        "  SLA breached": by_status.get(SlaStatus.BREACHED, 0),
        "ticket events": TicketEvent.objects.count(),
        "contacts logged": Interaction.objects.count(),
        "notifications": Notification.objects.count(),
    }
