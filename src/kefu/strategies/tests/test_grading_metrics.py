"""Every customer's metrics from a small hand-made set of transactions, tickets and visits."""

from decimal import Decimal

import pytest
from django.utils import timezone

from kefu.customers.tests.factories import make_customer
from kefu.service.models import Ticket
from kefu.service.tests.factories import make_ticket
from kefu.strategies.metrics import Windows, customer_metrics
from kefu.strategies.tests.grading_fixtures import age_ticket, days_ago, spend, visit

pytestmark = pytest.mark.django_db


def _all(**kwargs) -> dict:
    kwargs.setdefault("windows", Windows())
    return {found.customer_id: found for found in customer_metrics(**kwargs)}


def test_metrics_of_a_customer_with_spend_tickets_and_visits(users):
    # given
    agent = users["agent1"]
    li = make_customer(by=agent, name="李四")
    spend(li, 1000, days=10, cost=Decimal(300), due_on=days_ago(5), paid_on=days_ago(6))
    spend(li, "250.50", days=40, kind="service", due_on=days_ago(20), paid_on=days_ago(2))
    spend(li, -100, days=30, kind="refund")
    spend(li, 800, days=400)  # the year before
    spend(li, 999, days=800, due_on=days_ago(770))  # long ago, never paid: overdue
    repair = age_ticket(make_ticket(by=agent, customer=li), 3)
    age_ticket(make_ticket(by=agent, ticket_type="installation", customer=li), 500)  # old
    complaint = make_ticket(by=agent, ticket_type="complaint", customer=li, subject="投诉")
    make_ticket(by=agent, ticket_type="guidance", customer=li)  # not an order
    visit(repair, "4.00")
    visit(complaint, "2.00")
    # when
    found = _all(service_order_cost=Decimal(50))[li.pk]
    # then
    m = found.metrics
    assert m.spend == Decimal("1150.50")
    assert m.prev_spend == Decimal("800.00")
    assert m.cost == Decimal("350.00")  # 300 + one service order in the window × 50
    assert m.orders == 2  # one sale (the service transaction and refund are not) + the repair
    assert m.recency_days == 3  # the repair, newer than the sale 10 days ago
    assert m.tenure_days == 800
    assert m.complaints == 1
    assert m.satisfaction_avg == Decimal("3.00")
    assert m.on_time_rate == Decimal("50.00")  # of two payments due in the year, one on time
    assert m.overdue_amount == Decimal("999.00")
    assert found.grade == "" and found.overridden is False


def test_a_customer_with_nothing_has_empty_metrics(users):
    # given
    nobody = make_customer(by=users["agent1"], name="王五")
    # when
    m = _all()[nobody.pk].metrics
    # then
    assert (m.spend, m.orders, m.complaints, m.tenure_days) == (0, 0, 0, 0)
    assert m.recency_days is None and m.satisfaction_avg is None and m.on_time_rate is None


def test_cancelled_and_merged_tickets_do_not_count(users):
    # given
    agent = users["agent1"]
    zhao = make_customer(by=agent, name="赵六")
    cancelled = make_ticket(by=agent, customer=zhao)
    Ticket.objects.filter(pk=cancelled.pk).update(state_category="cancelled")
    merged = make_ticket(by=agent, ticket_type="complaint", customer=zhao, subject="重复")
    kept = make_ticket(by=agent, ticket_type="complaint", customer=zhao, subject="投诉")
    Ticket.objects.filter(pk=merged.pk).update(merged_into=kept)
    # when
    m = _all()[zhao.pk].metrics
    # then
    assert (m.orders, m.complaints) == (0, 1)


def test_windows_come_from_the_criteria(users):
    # given: a 30-day spend window
    qian = make_customer(by=users["agent1"], name="钱七")
    spend(qian, 100, days=10)
    spend(qian, 200, days=45)
    spend(qian, 400, days=75)
    # when
    m = _all(windows=Windows(spend=30))[qian.pk].metrics
    # then
    assert (m.spend, m.prev_spend) == (Decimal(100), Decimal(200))


def test_deleted_customers_are_not_graded(users):
    gone = make_customer(by=users["agent1"], name="孙八")
    type(gone).objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    assert gone.pk not in _all()


def test_a_future_transaction_does_not_count_yet(users):
    zhou = make_customer(by=users["agent1"], name="周九")
    spend(zhou, 500, days=-3)
    m = _all(today=timezone.localdate())[zhou.pk].metrics
    assert m.spend == 0 and m.recency_days is None
