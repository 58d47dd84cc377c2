"""Entitlements drive the system: a customer's grade strategies and running plans set the
response level and queue priority of their new tickets, and the desk and the 360 say why."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kefu.customers.tests.factories import make_customer
from kefu.service.tests.factories import make_ticket
from kefu.strategies.entitlements import customer_grants, entitlement_for
from kefu.strategies.models import Segment
from kefu.strategies.services_library import strategy_retire, strategy_update
from kefu.strategies.tests.library_factories import entitlement_data, make_entitlement, make_plan

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def gold_fast(users):
    return make_entitlement(by=users["manager1"], code="S-GOLD-01", name="金卡快速响应")


@pytest.fixture
def gold_customer(users):
    return make_customer(by=users["agent1"], name="王金卡", mobile="13900139000", grade="gold")


def test_the_gold_customers_new_repair_ticket_gets_the_tighter_sla_and_priority(
    users, gold_fast, gold_customer
):
    # given: a regular customer's ticket for comparison
    plain = make_ticket(by=users["agent1"], customer=make_customer(by=users["agent1"]))
    # when
    ticket = make_ticket(by=users["agent1"], customer=gold_customer)
    # then
    assert plain.sla_level.code == "standard" and plain.priority == 2
    assert ticket.sla_level.code == "vip" and ticket.priority == 3
    assert ticket.first_response_due < plain.first_response_due
    reasons = ticket.events.get(kind="created").data["entitlements"]
    assert len(reasons) == 1 and "S-GOLD-01 金卡快速响应" in reasons[0]


def test_the_desk_shows_why_the_customer_is_entitled(client_as, gold_fast, gold_customer):
    # when
    url = reverse("service:desk_customer", args=[gold_customer.pk])
    html = client_as("agent1").get(url, headers=HX).content.decode()
    # then
    assert "S-GOLD-01 金卡快速响应" in html
    assert "贵宾" in html


def test_the_360_lists_the_customers_entitlements(client_as, gold_fast, gold_customer):
    # when
    html = client_as("agent1").get(gold_customer.get_absolute_url()).content.decode()
    # then
    assert 'id="customer-entitlements"' in html
    assert "金卡快速响应" in html


def test_the_360_panel_is_hidden_from_users_who_may_not_read_strategies(
    client_as, users, gold_fast, gold_customer
):
    # given: the dispatcher sees the customer but not the library
    assert not users["dispatcher1"].has_perm("strategies.view_strategy")
    # when
    response = client_as("dispatcher1").get(gold_customer.get_absolute_url())
    # then
    assert response.status_code == 200
    assert 'id="customer-entitlements"' not in response.content.decode()


def test_a_draft_or_retired_strategy_entitles_nobody(users, gold_customer):
    # given
    make_entitlement(by=users["manager1"], status="draft")
    retired = make_entitlement(by=users["manager1"], priority=4)
    strategy_retire(strategy=retired, by=users["manager1"])
    # when
    found = entitlement_for(gold_customer, "repair")
    # then
    assert found is None


def test_a_change_of_the_strategy_reaches_the_next_ticket(users, gold_fast, gold_customer):
    # given: the first ticket reads (and remembers) the library
    make_ticket(by=users["agent1"], customer=gold_customer)
    strategy_update(
        strategy=gold_fast,
        data=entitlement_data(name=gold_fast.name, priority=4),
        version=1,
        reason="升级为紧急",
        by=users["manager1"],
    )
    # when
    ticket = make_ticket(by=users["agent1"], customer=gold_customer)
    # then
    assert ticket.priority == 4


def test_a_plans_entitlement_applies_only_within_its_period_and_while_running(users):
    # given: a strategy for no grade, given by plans only
    vip = make_entitlement(by=users["manager1"], grades=[], priority=4, code="S-PLAN-01")
    now, later, past, draft = (make_customer(by=users["agent1"]) for _ in range(4))
    make_plan(owner=users["manager1"], strategies=[vip], customer=now, code="P-2026-0001")
    make_plan(owner=users["manager1"], strategies=[vip], customer=later, days=(3, 30))
    make_plan(owner=users["manager1"], strategies=[vip], customer=past, days=(-30, -1))
    make_plan(owner=users["manager1"], strategies=[vip], customer=draft, status="draft")
    # when
    tickets = {c: make_ticket(by=users["agent1"], customer=c) for c in (now, later, past, draft)}
    # then
    assert tickets[now].priority == 4 and tickets[now].sla_level.code == "vip"
    reasons = tickets[now].events.get(kind="created").data["entitlements"]
    assert "P-2026-0001" in reasons[0] and "S-PLAN-01" in reasons[0]
    assert all(tickets[c].priority == 2 for c in (later, past, draft))


def test_a_segment_plan_entitles_the_customers_of_the_segment_only(users):
    # given: a plan for the silver segment
    silver = Segment.objects.create(name="银卡客户", grades=["silver"])
    care = make_entitlement(by=users["manager1"], grades=[], priority=3)
    make_plan(owner=users["manager1"], strategies=[care], segment=silver, code="P-SEG-1")
    inside = make_customer(by=users["agent1"], grade="silver")
    outside = make_customer(by=users["agent1"], grade="regular")
    # when
    grants_inside, grants_outside = customer_grants(inside), customer_grants(outside)
    # then
    assert [g.plan_code for g in grants_inside] == ["P-SEG-1"]
    assert grants_outside == []


def test_the_highest_priority_and_tightest_level_of_several_strategies_win(users, gold_customer):
    # given
    from kefu.service.models import SlaLevel

    make_entitlement(by=users["manager1"], sla_level=SlaLevel.objects.get(code="priority"))
    make_entitlement(by=users["manager1"], sla_level=None, priority=4)
    make_entitlement(by=users["manager1"], sla_level=SlaLevel.objects.get(code="vip"), priority=2)
    # when
    found = entitlement_for(gold_customer, "repair")
    # then
    assert (found.level, found.priority, len(found.reasons)) == ("vip", 4, 3)


def test_asking_costs_at_most_one_query_once_the_library_is_remembered(
    users, gold_fast, gold_customer
):
    # given: a running plan somewhere, and the library read once
    other = make_customer(by=users["agent1"])
    make_plan(owner=users["manager1"], strategies=[gold_fast], customer=other)
    entitlement_for(gold_customer, "repair")
    # when
    with CaptureQueriesContext(connection) as queries:
        found = entitlement_for(gold_customer, "repair")
    # then
    assert found.priority == 3
    assert len(queries) <= 1
