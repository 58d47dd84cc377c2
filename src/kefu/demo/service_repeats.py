"""Repeat complaints in the demo history: a few customers complain again weeks later, and every
complaint is linked ("repeat complaint") to the same customer's complaints of the 90 days before,
as `service.services.complaints` links them when a complaint is opened."""

import datetime
from collections import defaultdict

from kefu.demo.service_cases import Case
from kefu.demo.service_cast import Cast
from kefu.demo.service_paths import Routes
from kefu.demo.service_timeline import Story
from kefu.service.choices import EventKind, LinkKind, TicketType

REPEATS = 8  # complaints opened again by the same customer
WINDOW = datetime.timedelta(days=90)  # the default of service.repeat_complaint_days


def repeat_complaints_play(cast: Cast, stories: list[Story], routes: dict, live) -> None:
    """Add a second complaint for `REPEATS` complainants, 3-40 days after their first one."""
    route: Routes | None = routes.get(TicketType.COMPLAINT)
    if route is None:
        return
    cast.reseed("repeat complaints")
    rng = cast.rng
    first = [
        s
        for s in stories
        if s.ticket.ticket_type == TicketType.COMPLAINT
        and s.case.card is not None
        and (cast.now - s.ticket.created_at).days > 10
    ]
    for n, base in enumerate(rng.sample(first, min(REPEATS, len(first)))):
        cast.reseed(f"repeat complaint {n}")
        age = (cast.now - base.ticket.created_at).days  # more than 10
        later = cast.rng.uniform(3, min(40, age - 1))
        start = base.ticket.created_at + datetime.timedelta(days=later)
        fields = dict(base.case.fields)
        fields["subject"] = ("再次" + fields["subject"])[:200]
        case = Case(**{**vars(base.case), "fields": fields})
        days = (cast.now - start).total_seconds() / 86400
        path = route.draw(cast.rng, route.state_for_age(cast.rng, days)) or []
        stories.append(live(cast, case, path, start))


def repeat_links(stories: list[Story]) -> list[tuple]:
    """(new, earlier, at, by, kind) for every complaint and each earlier complaint of the same
    customer within the window; each pair gets its timeline entry on the new complaint."""
    by_customer = defaultdict(list)
    for story in sorted(stories, key=lambda s: s.ticket.created_at):
        ticket = story.ticket
        if ticket.ticket_type == TicketType.COMPLAINT and ticket.customer is not None:
            if story.merged_into is None:
                by_customer[ticket.customer.pk].append(story)
    links = []
    for complaints in by_customer.values():
        for i, story in enumerate(complaints):
            created = story.ticket.created_at
            earlier = [e for e in complaints[:i] if created - e.ticket.created_at <= WINDOW]
            for other in earlier:
                links.append((story, other, created, story.case.desk, LinkKind.REPEAT))
                data = {"ticket": other, "repeat": 1}
                story.add(created, EventKind.LINKED, story.case.desk, data=data)
    return links
