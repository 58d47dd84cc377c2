"""Builders for the plan tests: strategies, needs and scores as rows (other parts own their
services), customers through the customers service, plans through the plans service."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from kefu.customers.models import Grade
from kefu.customers.tests.factories import make_customer
from kefu.strategies.models import CustomerScore, Need, Strategy
from kefu.strategies.services_plans import PlanInput, plan_create

_seq = itertools.count(1)


def make_strategy(*, kind="action", status="active", grades=("gold",), **fields) -> Strategy:
    n = next(_seq)
    values = {
        "code": f"PS{n:03d}",
        "name": f"方案测试策略{n}",
        "kind": kind,
        "status": status,
        "estimated_cost": Decimal("100"),
    }
    if kind == "action":
        values |= {"action_type": "care_call", "recurrence": "monthly"}
    strategy = Strategy.objects.create(**(values | fields))
    strategy.grades.set(Grade.objects.filter(code__in=grades))
    return strategy


def make_need(*, customer, strategies=(), status="registered", by=None) -> Need:
    n = next(_seq)
    need = Need.objects.create(
        code=f"N-2026-{n:04d}",
        customer=customer,
        title=f"希望上门保养{n}",
        source="call",
        status=status,
        registered_by=by,
    )
    need.strategies.set(strategies)
    return need


def make_score(customer, **fields) -> CustomerScore:
    values = {
        "computed_at": timezone.now(),
        "grading_score": Decimal("80"),
        "satisfaction_avg": Decimal("3.50"),
        "value": 60,
        "complaints": 2,
        "spend": Decimal("10000"),
    }
    return CustomerScore.objects.update_or_create(customer=customer, defaults=values | fields)[0]


def gold_customer(*, by, **fields):
    return make_customer(by=by, grade="gold", **fields)


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def plan_input(*, owner, strategies, customer=None, segment=None, **fields) -> PlanInput:
    values = {
        "title": "金卡客户年度服务方案",
        "starts_on": day(0),
        "ends_on": day(89),
        "owner": owner,
        "strategies": list(strategies),
        "budget": Decimal("5000"),
        "customer": customer,
        "segment": segment,
    }
    return PlanInput(**(values | fields))


def make_plan(*, by, owner=None, strategies, customer=None, segment=None, **fields):
    data = plan_input(
        owner=owner or by, strategies=strategies, customer=customer, segment=segment, **fields
    )
    return plan_create(data=data, by=by)
