"""The demo's follow-up visits (回访) with their scores, read off the played ticket histories.

The history is played in memory and written in bulk (`service_data`), so `ticket_transition`'s
visit hook never runs during seeding; this module adds afterwards what it would have left: for
each time an order entered its rule's state (completed, answered), a visit. The step after it
tells the outcome: "visit" (已回访) → satisfied, scored mostly 4–5; "reopen" → not satisfied,
scored 1–3 with the customer's words. Orders still waiting in that state have a pending visit
(due on the working calendar, some overdue), or, where the customer has complained about the
order since, a not-satisfied visit that raised that complaint.
"""

import random
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from kefu.accounts.choices import OrgUnitKind
from kefu.accounts.selectors import business_calendar
from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.demo.service_rows import _times_as_given
from kefu.service.choices import EventKind, TicketType, VisitStatus
from kefu.service.models import Ticket, TicketEvent, TicketLink, Visit, VisitRule, VisitScore

GOOD = (5, 5, 5, 4, 4, 4, 3)
BAD = (1, 2, 2, 3, 3)
GOOD_COMMENTS = (
    "师傅很准时，安装得很仔细。",
    "服务态度很好，谢谢。",
    "",
    "",
    "维修很快，满意。",
    "",
)
BAD_COMMENTS = (
    "师傅迟到了两个小时，也没提前打电话。",
    "修完第二天又坏了。",
    "收费比电话里说的高。",
    "安装完没有清理现场，地上都是灰。",
    "态度不耐烦，问问题不愿解释。",
)
ITEM_COMMENTS = {"punctuality": "迟到", "cleanliness": "没清理", "price": "收费偏高"}
LINK_SHARE = 0.25


def visits_seed(users: dict) -> int:
    """Visits for every ticket of the history that reached its rule's state."""
    rules = {r.ticket_type: r for r in VisitRule.objects.filter(is_active=True)}
    if not rules or Visit.objects.exists():
        return 0
    rng = random.Random("kefu demo visits")
    items = list(DictItem.objects.filter(kind=DictKind.EVALUATION_ITEM, is_active=True))
    tickets = {
        t.pk: t
        for t in Ticket.objects.filter(ticket_type__in=rules).select_related(
            "assignee__org_unit", "org_unit", "workflow", "customer"
        )
    }
    steps = defaultdict(list)
    events = TicketEvent.objects.filter(ticket_id__in=tickets, kind=EventKind.TRANSITION)
    for event in events.order_by("at", "id").only("ticket_id", "at", "actor_id", "data"):
        steps[event.ticket_id].append(event)
    rows, waiting = [], []
    for pk, ticket in tickets.items():
        rule = rules[ticket.ticket_type]
        trail = steps.get(pk, [])
        for n, event in enumerate(trail):
            if event.data.get("to") != rule.trigger_state:
                continue
            after = trail[n + 1] if n + 1 < len(trail) else None
            if after is None:
                waiting.append((ticket, rule, event))
            elif after.data.get("transition") in ("visit", "reopen"):
                rows.append(_answered(rng, ticket, rule, event, after, items))
    _write(rows)
    _waiting(rng, users, waiting, items)
    return len(rows) + len(waiting)


def _outlet(ticket: Ticket):
    assignee = ticket.assignee
    for unit in (ticket.org_unit, getattr(assignee, "org_unit", None)):
        if unit is not None and unit.kind == OrgUnitKind.OUTLET:
            return unit
    return None


def _scores(rng, items, good: bool) -> list[tuple]:
    picked = []
    for item in items:
        value = rng.choice(GOOD if good else BAD)
        note = ITEM_COMMENTS.get(item.code, "") if value <= 2 else ""
        picked.append((item, value, note))
    return picked


def _mean(scores) -> Decimal:
    total = Decimal(sum(value for _i, value, _c in scores)) / len(scores)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _answered(rng, ticket, rule, entered, after, items):
    good = after.data.get("transition") == "visit"
    scores = _scores(rng, items, good)
    at = after.at - timedelta(minutes=rng.uniform(2, 15))
    visit = Visit(
        ticket_id=ticket.pk,
        rule=rule,
        status=VisitStatus.DONE,
        outcome="satisfied" if good else "dissatisfied",
        channel="link" if good and rng.random() < LINK_SHARE else "phone",
        due_at=business_calendar().add_working_hours(entered.at, rule.due_hours),
        agent_id=ticket.assignee_id,
        outlet=_outlet(ticket),
        product_model_id=ticket.product_model_id,
        score=_mean(scores),
        comment=rng.choice(GOOD_COMMENTS if good else BAD_COMMENTS),
        visited_by_id=after.actor_id,
        visited_at=at,
        created_at=entered.at,
        updated_at=at,
    )
    return visit, scores


def _write(rows) -> None:
    with _times_as_given(Visit, "created_at", "updated_at"):
        Visit.objects.bulk_create([visit for visit, _s in rows], batch_size=500)
    VisitScore.objects.bulk_create(
        [
            VisitScore(visit=v, item=i, score=s, comment=c)
            for v, scores in rows
            for i, s, c in scores
        ],
        batch_size=1000,
    )
    latest = {}
    answered = [visit for visit, _s in rows if visit.score is not None]
    for visit in sorted(answered, key=lambda v: v.visited_at):
        latest[visit.ticket_id] = visit.score
    Ticket.objects.bulk_update(
        [Ticket(pk=pk, satisfaction=score) for pk, score in latest.items()],
        ["satisfaction"],
        batch_size=500,
    )


def _waiting(rng, users, waiting, items) -> None:
    """Orders still in the trigger state: a pending visit due on the working calendar (some
    overdue), or, where the customer complained about the order since, a not-satisfied visit
    that raised that complaint. No follow-up tickets here: the history's ticket count and
    timelines stay as played (a visit opened in the browser gets its follow-up ticket)."""
    complaints = _later_complaints([ticket.pk for ticket, _r, _e in waiting])
    lead = users.get("manager1") or users.get("admin")
    rows = []
    for ticket, rule, entered in waiting:
        due = business_calendar().add_working_hours(entered.at, rule.due_hours)
        visit = Visit(
            ticket_id=ticket.pk,
            rule=rule,
            due_at=due,
            agent_id=ticket.assignee_id,
            outlet=_outlet(ticket),
            product_model_id=ticket.product_model_id,
            survey_nonce=f"{rng.getrandbits(128):032x}",
            survey_expires_at=entered.at + timedelta(days=rule.survey_days),
            created_at=entered.at,
            updated_at=entered.at,
        )
        complaint = next((c for c in complaints[ticket.pk] if c.created_at > entered.at), None)
        scores = []
        if complaint is not None:
            scores = _scores(rng, items, good=False)
            at = complaint.created_at - timedelta(minutes=rng.uniform(3, 30))
            visit.status, visit.outcome, visit.channel = VisitStatus.DONE, "dissatisfied", "phone"
            visit.score, visit.comment = _mean(scores), rng.choice(BAD_COMMENTS)
            visit.visited_at, visit.updated_at, visit.follow_up = at, at, complaint
            visit.visited_by = lead
        rows.append((visit, scores))
    _write(rows)


def _later_complaints(ticket_ids: list[int]) -> dict[int, list[Ticket]]:
    """The complaints linked to each order (the history links them to the order they are
    about), oldest first."""
    found = defaultdict(list)
    links = TicketLink.objects.filter(
        target_id__in=ticket_ids, source__ticket_type=TicketType.COMPLAINT
    ).select_related("source")
    for link in links.order_by("source__created_at"):
        found[link.target_id].append(link.source)
    return found
