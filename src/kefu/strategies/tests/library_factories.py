"""Builders for the strategy library tests: strategies through the service, plans as rows (the
plans part has its own services; these tests need only a plan's status, period and target)."""

import datetime
import itertools

from django.utils import timezone

from kefu.customers.models import Grade
from kefu.service.models import SlaLevel
from kefu.strategies.models import Plan
from kefu.strategies.services_library import StrategyData, strategy_create

_seq = itertools.count(1)


def entitlement_data(**fields) -> StrategyData:
    values = {
        "name": f"金卡快速响应{next(_seq)}",
        "kind": "entitlement",
        "grades": [Grade.objects.get(code="gold")],
        "sla_level": SlaLevel.objects.get(code="vip"),
        "priority": 3,
        "estimated_cost": 50,
    }
    return StrategyData(**(values | fields))


def action_data(**fields) -> StrategyData:
    values = {
        "name": f"季度关怀回访{next(_seq)}",
        "kind": "action",
        "grades": [Grade.objects.get(code="gold")],
        "action_type": "care_call",
        "recurrence": "quarterly",
    }
    return StrategyData(**(values | fields))


def make_entitlement(*, by, code: str = "", status: str = "active", **fields):
    return strategy_create(data=entitlement_data(code=code, **fields), by=by, status=status)


def make_action(*, by, code: str = "", **fields):
    return strategy_create(data=action_data(code=code, **fields), by=by)


def make_plan(
    *, owner, strategies, customer=None, segment=None, status="active", days=(-10, 30), code=""
):
    today = timezone.localdate()
    plan = Plan.objects.create(
        code=code or f"P-2026-{next(_seq):04d}",
        title="金卡客户年度服务方案",
        customer=customer,
        segment=segment,
        starts_on=today + datetime.timedelta(days=days[0]),
        ends_on=today + datetime.timedelta(days=days[1]),
        owner=owner,
        org_unit=customer.org_unit if customer is not None else owner.org_unit,
        status=status,
    )
    plan.strategies.set(strategies)
    return plan
