"""What a customer is entitled to (服务权益), for the service app's SLA and queue-priority hook.

A customer's entitlements are the active entitlement strategies of their grade (`Strategy.grades`)
and those of their running plans (status "active", today within the plan's period; a segment
plan when the customer is in the segment). The service app asks `entitlement_for(customer,
ticket_type)` through `service.hooks`: the tightest response level, the highest priority, and a
reason per strategy ("金卡客户 · 策略 S-GOLD-01 金卡快速响应：响应等级 优先，优先级 高").

Every new ticket asks, so the library is kept in memory per process under a token held in the
shared cache (the pattern of `service.configuration`): a change of a strategy, its grades or a
grade replaces the token and every process reloads on its next read. Without running plans a
ticket costs no query here; with them one (plus one when segment plans run).
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.customers.models import Customer
from kefu.service import configuration
from kefu.service.choices import Priority
from kefu.service.hooks import Entitlement, register_entitlement_provider
from kefu.strategies.choices import PlanStatus, StrategyKind, StrategyStatus
from kefu.strategies.segments import segment_filter

TOKEN_KEY = "strategies:entitlements:token"
_memo: dict = {"data": None}


def forget() -> None:
    cache.set(TOKEN_KEY, uuid.uuid4().hex, None)


def _forget_on_change(sender, **kwargs) -> None:
    # now (this process, tests) and after commit (a process that reloaded meanwhile)
    forget()
    transaction.on_commit(forget)


def _load() -> dict:
    from kefu.customers.models import Grade
    from kefu.strategies.models import Strategy

    strategies = (
        Strategy.objects.filter(kind=StrategyKind.ENTITLEMENT, status=StrategyStatus.ACTIVE)
        .select_related("sla_level", "dedicated_agent")
        .prefetch_related("grades")
    )
    grades = {g.code: g for g in Grade.objects.all()}
    by_id, by_grade = {}, defaultdict(list)
    for strategy in strategies:
        by_id[strategy.pk] = strategy
        for grade in strategy.grades.all():
            if grade.is_active:
                by_grade[grade.code].append(strategy)
    return {"strategies": by_id, "by_grade": dict(by_grade), "grades": grades}


def _data() -> dict:
    token = cache.get(TOKEN_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.set(TOKEN_KEY, token, None)
    memo = _memo["data"]
    if memo is None or memo["token"] != token:
        # a new dict swapped in whole: a thread reading the old one meanwhile is not disturbed
        memo = _load() | {"token": token}
        _memo["data"] = memo
    return memo


@dataclass(frozen=True)
class Grant:
    """One strategy a customer is entitled to, and why: their grade or a plan."""

    strategy: object
    grade: object = None
    plan_id: int | None = None
    plan_code: str = ""

    @property
    def reason(self) -> str:
        strategy = self.strategy
        what = entitlement_summary(strategy)
        names = {"code": strategy.code, "name": strategy.name, "what": what}
        if self.plan_code:
            text = _("Plan {plan} · strategy {code} {name}: {what}")
            return text.format(plan=self.plan_code, **names)
        text = _("{grade} customer · strategy {code} {name}: {what}")
        return text.format(grade=self.grade.name, **names)


def entitlement_parts(strategy) -> list[str]:
    """What an entitlement strategy grants, one phrase each."""
    parts = []
    if strategy.sla_level_id:
        parts.append(_("response level {level}").format(level=strategy.sla_level.name))
    if strategy.priority:
        label = Priority(strategy.priority).label if strategy.priority in Priority.values else ""
        parts.append(_("priority {priority}").format(priority=label or strategy.priority))
    if strategy.dedicated_agent_id:
        agent = strategy.dedicated_agent
        parts.append(_("dedicated agent {name}").format(name=agent.name or agent.username))
    if strategy.expert_seat:
        parts.append(_("expert seat"))
    if strategy.free_labour:
        parts.append(_("free labour"))
    if strategy.parts_share:
        parts.append(_("parts covered {share}%").format(share=strategy.parts_share))
    if strategy.prefer_top_outlets:
        parts.append(_("top-rated outlets preferred"))
    return parts


def entitlement_summary(strategy) -> str:
    return _("; ").join(entitlement_parts(strategy))


def _segment_members(customer, segments: dict) -> set[int]:
    """Ids of the segments (of `segments`: {id: (grades, conditions)}) holding the customer."""
    one = Customer.objects.filter(pk=customer.pk, deleted_at__isnull=True).order_by()
    queries = [
        segment_filter(one, grades=grades, conditions=conditions)
        .annotate(segment_id=Value(pk, output_field=models.IntegerField()))
        .values_list("segment_id", flat=True)
        for pk, (grades, conditions) in segments.items()
    ]
    first, *rest = queries
    return set(first.union(*rest, all=True) if rest else first)


def _plan_grants(customer, strategies: dict, today) -> list[Grant]:
    from kefu.strategies.models import Plan

    rows = (
        Plan.strategies.through.objects.filter(
            strategy_id__in=list(strategies),
            plan__status=PlanStatus.ACTIVE,
            plan__starts_on__lte=today,
            plan__ends_on__gte=today,
        )
        .filter(Q(plan__customer_id=customer.pk) | Q(plan__segment__isnull=False))
        .order_by("plan__code", "strategy_id")
        .values_list(
            "plan_id",
            "plan__code",
            "plan__customer_id",
            "plan__segment_id",
            "plan__segment__grades",
            "plan__segment__conditions",
            "strategy_id",
        )
    )
    rows = list(rows)
    segments = {row[3]: (row[4], row[5]) for row in rows if row[2] is None and row[3]}
    members = _segment_members(customer, segments) if segments else set()
    return [
        Grant(strategy=strategies[strategy_id], plan_id=plan_id, plan_code=code)
        for plan_id, code, customer_id, segment_id, _g, _c, strategy_id in rows
        if customer_id == customer.pk or (customer_id is None and segment_id in members)
    ]


def customer_grants(customer, *, today=None) -> list[Grant]:
    """Every entitlement strategy that applies to `customer` now: grade ones, then plans'."""
    if customer is None or customer.pk is None:
        return []
    data = _data()
    grants = []
    grade = data["grades"].get(customer.grade or "")
    if grade is not None and grade.is_active:
        grants = [Grant(strategy=s, grade=grade) for s in data["by_grade"].get(grade.code, [])]
    if data["strategies"]:
        today = today or timezone.localdate()
        grants += _plan_grants(customer, data["strategies"], today)
    return grants


def strongest(grants: list[Grant]) -> tuple[object, int | None]:
    """The tightest response level (an SlaLevel, or None) and the highest priority granted."""
    ranks = {level.code: level for level in configuration.sla_levels()}
    level, priority = None, None
    for grant in grants:
        strategy = grant.strategy
        candidate = ranks.get(strategy.sla_level.code) if strategy.sla_level_id else None
        if candidate is not None and (level is None or candidate.rank > level.rank):
            level = candidate
        if strategy.priority and (priority is None or strategy.priority > priority):
            priority = strategy.priority
    return level, priority


def entitlement_for(customer, ticket_type: str) -> Entitlement | None:
    """The service hook's provider (see the module docstring)."""
    grants = customer_grants(customer)
    if not grants:
        return None
    level, priority = strongest(grants)
    return Entitlement(
        level=level.code if level is not None else None,
        priority=priority,
        reasons=[grant.reason for grant in grants],
    )


def register() -> None:
    """Called once at start-up (strategies.panels.register)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from kefu.customers.models import Grade
    from kefu.strategies.models import Strategy

    register_entitlement_provider(entitlement_for)
    for model in (Strategy, Grade):
        uid = f"strategies-entitlements-{model.__name__}"
        post_save.connect(_forget_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_forget_on_change, sender=model, dispatch_uid=f"{uid}-d")
    m2m_changed.connect(
        _forget_on_change, sender=Strategy.grades.through, dispatch_uid="strategies-ent-grades"
    )
