"""Fixtures of the needs tests (imported by the test_needs_* modules).

zhang: a gold customer of branch A (agent1's); li: a customer of branch B (agent_b's);
feedback: the feedback categories {code: entry} 产品改进 (product) → 说明书 (product_manual),
服务改进 (service), 新需求 (need); suggestion: zhang's suggestion ticket (category 说明书);
strategy: an action strategy in force, CARE-01.
"""

import pytest

from kefu.customers.models import Customer
from kefu.customers.tests.factories import make_customer
from kefu.service.tests.factories import make_ticket
from kefu.strategies.models import Strategy
from kefu.strategies.services_needs import NeedData, need_register


@pytest.fixture
def feedback(users):
    from kefu.catalog.tests.dictionary_factories import make_feedback_categories

    return make_feedback_categories(by=users["admin"])


@pytest.fixture
def zhang(users):
    customer = make_customer(by=users["agent1"], name="张三", mobile="13800138000")
    Customer.objects.filter(pk=customer.pk).update(grade="gold")
    customer.refresh_from_db()
    return customer


@pytest.fixture
def li(users):
    return make_customer(by=users["agent_b"], name="李四", mobile="13900139000")


@pytest.fixture
def suggestion(users, zhang, feedback):
    return make_ticket(
        by=users["agent1"],
        ticket_type="suggestion",
        customer=zhang,
        subject="说明书字太小",
        description="希望说明书用大号字体",
        feedback_category_id=feedback["product_manual"].pk,
    )


@pytest.fixture
def strategy(db):
    return Strategy.objects.create(
        code="CARE-01", name="季度关怀电话", kind="action", action_type="care_call"
    )


@pytest.fixture
def other_strategy(db):
    return Strategy.objects.create(code="VISIT-01", name="年度上门拜访", kind="action")


def register(*, by, customer, **fields):
    """A need of `customer` registered through the service (source "other" unless given)."""
    values = {"title": "希望延长保修", "category": "need"} | fields
    return need_register(data=NeedData(customer=customer.pk, **values), by=by)


@pytest.fixture
def need(users, zhang, feedback):
    return register(by=users["agent1"], customer=zhang, description="客户希望保修延长到五年")


@pytest.fixture
def foreign_need(users, li, feedback):
    return register(by=users["agent_b"], customer=li, title="乙域客户的需求")
