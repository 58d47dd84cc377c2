"""On PostgreSQL a run is scored in one SQL statement (scoring_sql): it must give exactly what
the Python reference (metrics + scoring) gives, column by column."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from kefu.customers.models import GradeOverride
from kefu.customers.tests.factories import make_customer
from kefu.service.models import Ticket
from kefu.service.tests.factories import make_ticket
from kefu.strategies.grading_store import INPUTS
from kefu.strategies.metrics import Windows, customer_metrics
from kefu.strategies.scoring import VALUE_SCORES, Band, Criterion, Scorer, score_decimal
from kefu.strategies.scoring_sql import scored_select
from kefu.strategies.tests.grading_fixtures import age_ticket, days_ago, spend, visit

pytestmark = pytest.mark.django_db
CRITERIA = [
    Criterion("spend", 35, 0, 20000, 200),
    Criterion("orders", 20, 0, 6, 365),
    Criterion("recency_days", 15, 365, 0),
    Criterion("tenure_years", 10, 0, 5),
    Criterion("complaints", 7, 5, 0, 90),
    Criterion("satisfaction", 10, 1, 5, 365),
    Criterion("on_time_rate", 3, 50, 100),
    Criterion("overdue_amount", 2.5, 1000, 0),
    Criterion("orders", 1, 3, 3),  # a step: all or nothing
]
BANDS = [
    Band("diamond", "钻石", 85, 100),
    Band("gold", "金卡", 62.5, 85),
    Band("regular", "普通", 0, 62.5),
]


@pytest.fixture
def varied(users):
    rng = random.Random(2026)
    agent = users["agent1"]
    made = []
    for n in range(40):
        customer = make_customer(by=agent, name=f"客户{n}")
        for _ in range(rng.randint(0, 6)):
            due = rng.random() < 0.5
            day = rng.randint(-2, 800)
            paid = rng.choice([None, day - 40, day - 20, day - 5]) if due else None
            spend(
                customer,
                Decimal(rng.randint(-30000, 300000)) / 100,
                days=day,
                kind=rng.choice(["sale", "sale", "refund", "service"]),
                cost=rng.choice([None, Decimal(rng.randint(0, 100000)) / 100]),
                due_on=days_ago(day - 30) if due else None,
                paid_on=days_ago(paid) if paid is not None else None,
            )
        for _ in range(rng.randint(0, 3)):
            kind = rng.choice(["repair", "installation", "complaint", "guidance"])
            ticket = age_ticket(
                make_ticket(by=agent, ticket_type=kind, customer=customer), rng.randint(0, 500)
            )
            if rng.random() < 0.2:
                Ticket.objects.filter(pk=ticket.pk).update(state_category="cancelled")
            if rng.random() < 0.6:
                visit(ticket, str(Decimal(rng.randint(100, 500)) / 100), days=rng.randint(0, 400))
        if n % 9 == 0:
            GradeOverride.objects.create(
                customer=customer, grade="gold", reason="人工", expires_on=days_ago(-5)
            )
        made.append(customer)
    return made


def _python(scorer, **kwargs) -> dict:
    rows = {}
    for found in customer_metrics(**kwargs):
        m = found.metrics
        score = scorer.grading_score(m)
        rows[found.customer_id] = (
            *m,
            score_decimal(score),
            *scorer.value_scores(m),
            found.grade,
            scorer.grade(score),
            found.overridden,
        )
    return rows


def test_the_sql_twin_scores_exactly_like_python(varied):
    if connection.vendor != "postgresql":
        pytest.skip("the SQL twin runs on PostgreSQL only")
    # given
    scorer = Scorer(CRITERIA, BANDS)
    windows = Windows.from_criteria(CRITERIA)
    today, cost = timezone.localdate(), Decimal("37.50")
    # when
    expected = _python(scorer, windows=windows, today=today, service_order_cost=cost)
    select, params = scored_select(scorer, windows=windows, today=today, order_cost=cost)
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        got = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    # then
    assert got.keys() == expected.keys()
    names = (*INPUTS, "grading_score", *VALUE_SCORES, "from_grade", "to_grade", "overridden")
    for pk, row in expected.items():
        differ = {n: (a, b) for n, a, b in zip(names, row, got[pk], strict=True) if a != b}
        assert not differ, (pk, differ)
