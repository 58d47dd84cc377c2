"""The demo's customer needs (客户需求), through the needs services: registered from a call, a
suggestion ticket, a follow-up visit or the portal (登记), refined with detail and strategies
(完善), changed with a reason (变更), fulfilled or declined, one or two reopened. The needs of
the customers that plans are drawn for come first, open, so that their plans can take them in.

The services stamp the present; `needs_date_back` then spreads each need's history over the
months before (a planned step on the day its plan was drafted).
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from kefu.accounts.models import User
from kefu.core.errors import ApplicationError
from kefu.customers.models import Customer
from kefu.demo import needs_content as nc
from kefu.service.choices import Channel, TicketType, VisitStatus
from kefu.service.models import Interaction, Ticket, Visit
from kefu.strategies.choices import NeedSource, NeedStatus
from kefu.strategies.models import Need, NeedChange
from kefu.strategies.services_needs import NeedData, need_register, need_update

NEEDS = 60
# what becomes of the other needs: (final state, weight)
FATES = (("registered", 6), ("refined", 8), ("changed", 6), ("fulfilled", 12),
         ("declined", 6), ("reopened", 2))  # fmt: skip
SOURCES = ((NeedSource.CALL, 40), (NeedSource.TICKET, 25), (NeedSource.VISIT, 20),
           (NeedSource.PORTAL, 15))  # fmt: skip
MONTHS = 6


@dataclass
class _Origin:
    customer: Customer
    source: str
    obj: object = None  # the ticket, contact or visit
    by: User | None = None


class _Sources:
    """Where needs come from: customers' calls, suggestion tickets and answered visits."""

    def __init__(self, rng: random.Random):
        since = timezone.now() - timedelta(days=MONTHS * 31)
        self.rng = rng
        calls = Interaction.objects.filter(
            channel=Channel.PHONE_IN, customer__isnull=False, started_at__gte=since
        )
        self.calls = list(calls.select_related("customer", "agent").order_by("pk")[:150])
        tickets = Ticket.objects.filter(ticket_type=TicketType.SUGGESTION, customer__isnull=False)
        self.tickets = list(tickets.select_related("customer", "assignee").order_by("pk"))
        visits = Visit.objects.filter(status=VisitStatus.DONE, ticket__customer__isnull=False)
        self.visits = list(
            visits.select_related("ticket__customer", "visited_by").order_by("-pk")[:100]
        )

    def draw(self, customer: Customer | None) -> _Origin:
        rng = self.rng
        source = rng.choices([s for s, _w in SOURCES], weights=[w for _s, w in SOURCES])[0]
        if customer is not None:
            return _Origin(customer, NeedSource.CALL if source != NeedSource.PORTAL else source)
        if source == NeedSource.TICKET and self.tickets:
            t = self.tickets.pop(rng.randrange(len(self.tickets)))
            return _Origin(t.customer, source, t, t.assignee)
        if source == NeedSource.VISIT and self.visits:
            v = self.visits.pop(rng.randrange(len(self.visits)))
            return _Origin(v.ticket.customer, source, v, v.visited_by)
        call = self.calls.pop(rng.randrange(len(self.calls)))
        kind = NeedSource.PORTAL if source == NeedSource.PORTAL else NeedSource.CALL
        return _Origin(call.customer, kind, call if kind == NeedSource.CALL else None, call.agent)


def _register(origin: _Origin, spec, agent1: User, *, refined_later: bool) -> Need:
    category, title, description, _refined, _codes, priority = spec
    data = NeedData(
        customer=origin.customer.pk,
        title=title,
        description=description,
        category="" if refined_later else category,
        source=origin.source,
        priority=priority,
        strategies=[],
    )
    field = {NeedSource.TICKET: "source_ticket", NeedSource.CALL: "source_interaction",
             NeedSource.VISIT: "source_visit"}.get(origin.source)  # fmt: skip
    if field and origin.obj is not None:
        setattr(data, field, origin.obj.pk)
    first = origin.by
    if first is None or first.org_unit_id not in (origin.customer.org_unit_id, agent1.org_unit_id):
        first = agent1  # the HQ agent registers what an agent of another unit heard
    for by in dict.fromkeys((first, agent1)):
        try:
            return need_register(data=data, by=by)
        except ApplicationError:
            continue  # the source's agent may not see the customer: the HQ agent registers it
    raise RuntimeError(f"demo need {title} could not be registered")


def _refine(need: Need, spec, by: User) -> Need:
    category, _title, _description, refined, codes, _priority = spec
    values = {"description": refined, "category": category, "strategies": list(codes)}
    return need_update(need=need, by=by, version=need.version, values=values)


def _change(rng: random.Random, need: Need, by: User) -> Need:
    reason, field = rng.choice(nc.CHANGES)
    if field == "priority":
        values = {"priority": min(4, need.priority + 1) if need.priority < 4 else 3}
    else:
        values = {"title": f"{need.title}（全部设备）"[:150]}
    return need_update(need=need, by=by, version=need.version, values=values, reason=reason)


def need_close(rng: random.Random, need: Need, by: User, *, status: str, reason: str = "") -> Need:
    if not reason:
        reason = rng.choice(nc.FULFIL_REASONS if status == "fulfilled" else nc.DECLINE_REASONS)
    values = {"status": status}
    return need_update(need=need, by=by, version=need.version, values=values, reason=reason)


def _live(rng, need: Need, spec, fate: str, by: User) -> Need:
    if fate != "registered":
        need = _refine(need, spec, by)
    if fate in ("changed", "declined") or (fate == "fulfilled" and rng.random() < 0.3):
        need = _change(rng, need, by)
    if fate in ("fulfilled", "declined", "reopened"):
        need = need_close(rng, need, by, status="declined" if fate == "declined" else "fulfilled")
    if fate == "reopened":
        values = {"status": NeedStatus.REFINED}
        need = need_update(
            need=need, by=by, version=need.version, values=values, reason=nc.REOPEN_REASON
        )
    return need


def needs_seed(rng, users: dict[str, User], plan_customers: list[Customer]) -> dict[int, list]:
    """Open needs of the plan customers (customer id → needs), then the others."""
    if Need.objects.exists():
        return {}
    agent1 = users["agent1"]
    sources = _Sources(rng)
    specs = list(nc.NEEDS)
    for_plans: dict[int, list] = {}
    for n, customer in enumerate(plan_customers):
        spec = specs[n % len(specs)]
        need = _register(sources.draw(customer), spec, agent1, refined_later=True)
        need = _refine(need, spec, agent1)
        for_plans.setdefault(customer.pk, []).append(need)
    fates = [f for f, _w in FATES]
    for n in range(NEEDS - len(plan_customers)):
        spec = specs[(n + 7) % len(specs)] if n < len(specs) else rng.choice(specs)
        fate = rng.choices(fates, weights=[w for _f, w in FATES])[0]
        origin = sources.draw(None)
        need = _register(origin, spec, agent1, refined_later=fate != "registered")
        _live(rng, need, spec, fate, need.registered_by)
    return for_plans


def _heard_at(need: Need):
    """When the call, ticket or visit the need came from happened (None for others)."""
    if need.source_interaction_id:
        return need.source_interaction.started_at
    if need.source_ticket_id:
        return need.source_ticket.created_at
    if need.source_visit_id:
        return need.source_visit.visited_at
    return None


def needs_date_back(rng: random.Random, anchors: dict[int, dict]) -> None:
    """Each need registered some days to months ago, its later steps days apart; a need a plan
    took in was registered before the plan was drafted, planned then, and fulfilled when the
    plan ended (`anchors`: need id → {status: when})."""
    now = timezone.now()
    needs = list(
        Need.objects.select_related("source_ticket", "source_interaction", "source_visit").only(
            "source_ticket__created_at", "source_interaction__started_at",
            "source_visit__visited_at", "created_at", "updated_at",
        )
    )  # fmt: skip
    steps: dict[int, list[NeedChange]] = {}
    for change in NeedChange.objects.order_by("need_id", "id"):
        steps.setdefault(change.need_id, []).append(change)
    changed = []
    for need in needs:
        anchor = anchors.get(need.pk, {})
        heard = _heard_at(need)
        if heard is not None and NeedStatus.PLANNED not in anchor:
            at = heard + timedelta(minutes=rng.randint(5, 90))
        else:
            first = anchor.get(NeedStatus.PLANNED) or now - timedelta(days=rng.randint(1, 30))
            at = first - timedelta(days=rng.randint(8, 150), hours=rng.randint(0, 8))
        need.created_at = at
        for n, change in enumerate(steps.get(need.pk, [])):
            status = (change.changes.get("status") or [None, None])[1]
            if status in anchor:
                at = max(at + timedelta(minutes=5), anchor[status])
            elif n:
                at += timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 6))
            at = min(at, now - timedelta(minutes=5))
            change.at = at
            changed.append(change)
        need.updated_at = at
    NeedChange.objects.bulk_update(changed, ["at"], batch_size=500)
    Need.objects.bulk_update(needs, ["created_at", "updated_at"], batch_size=500)
