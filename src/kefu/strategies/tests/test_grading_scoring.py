"""The arithmetic of grading and value analysis (pure functions, no database)."""

import random
from decimal import Decimal

import pytest

from kefu.strategies.metrics import Metrics
from kefu.strategies.scoring import (
    VALUE_SCORES,
    Band,
    Criterion,
    Scorer,
    explain,
    grade_for,
    parts,
    points,
    scores_from_parts,
    value_scores,
)

BANDS = [
    Band("diamond", "钻石", 85, 100),
    Band("gold", "金卡", 70, 85),
    Band("silver", "银卡", 50, 70),
    Band("regular", "普通", 0, 50),
]


def metrics(**fields) -> Metrics:
    base = {
        "spend": Decimal(0),
        "prev_spend": Decimal(0),
        "cost": Decimal(0),
        "orders": 0,
        "recency_days": None,
        "tenure_days": 0,
        "complaints": 0,
        "satisfaction_avg": None,
        "on_time_rate": None,
        "overdue_amount": Decimal(0),
    }
    return Metrics(**(base | fields))


def test_points_are_linear_between_zero_and_full():
    assert points(5000, 0, 20000) == 25.0
    assert points(Decimal("10000"), 0, 20000) == 50.0


def test_points_are_clamped_to_0_and_100():
    assert points(-300, 0, 20000) == 0.0
    assert points(50000, 0, 20000) == 100.0


def test_points_when_lower_is_better():
    # given: complaints score 100 at 0 and 0 from 5 on
    # then
    assert points(0, 5, 0) == 100.0
    assert points(1, 5, 0) == 80.0
    assert points(9, 5, 0) == 0.0


def test_points_of_a_missing_value_are_none():
    assert points(None, 0, 10) is None


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "diamond"),
        (85, "diamond"),
        (84.99, "gold"),
        (70, "gold"),
        (50, "silver"),
        (0, "regular"),
    ],
)
def test_the_band_holds_its_lowest_score_and_the_top_band_holds_100(score, grade):
    assert grade_for(score, BANDS) == grade


def test_a_score_in_a_gap_gets_the_band_below_and_no_band_gives_nothing():
    gappy = [Band("gold", "金卡", 80, 100), Band("silver", "银卡", 40, 60)]
    assert grade_for(70, gappy) == "silver"
    assert grade_for(10, gappy) == "silver"
    assert grade_for(10, []) == ""


def test_the_grading_score_is_the_weighted_mean_of_the_points():
    # given: spend weighs 3, complaints (lower is better) 1
    scorer = Scorer([Criterion("spend", 3, 0, 20000), Criterion("complaints", 1, 5, 0)], BANDS)
    # when: half the spend target, one complaint
    score = scorer.grading_score(metrics(spend=Decimal(10000), complaints=1))
    # then: (3 × 50 + 1 × 80) / 4
    assert score == 57.5
    assert scorer.grade(score) == "silver"


def test_a_missing_value_leaves_its_criterion_out_but_never_ordering_scores_zero():
    scorer = Scorer(
        [
            Criterion("satisfaction", 1, 1, 5),
            Criterion("recency_days", 1, 365, 0),
            Criterion("complaints", 1, 5, 0),
        ],
        BANDS,
    )
    # no visit (satisfaction left out), never ordered (0 points), no complaint (100 points)
    assert scorer.grading_score(metrics()) == 50.0


def test_tenure_is_read_in_years():
    scorer = Scorer([Criterion("tenure_years", 1, 0, 5)], BANDS)
    assert scorer.grading_score(metrics(tenure_days=730)) == pytest.approx(40.0, abs=0.05)


def test_the_value_scores_stay_within_0_and_100():
    extreme = metrics(
        spend=Decimal(10**9),
        cost=Decimal(10**10),
        orders=10**6,
        recency_days=0,
        tenure_days=10**5,
        complaints=99,
        satisfaction_avg=Decimal(1),
        on_time_rate=Decimal(0),
        overdue_amount=Decimal(10**9),
    )
    for case in (metrics(), extreme):
        scores = value_scores(case, spend_full=20000, orders_full=6)
        assert len(scores) == len(VALUE_SCORES)
        assert all(0 <= s <= 100 for s in scores)


def test_value_scores_of_a_good_customer():
    good = metrics(
        spend=Decimal(30000),
        prev_spend=Decimal(20000),
        cost=Decimal(6000),
        orders=12,
        recency_days=3,
        tenure_days=2000,
        satisfaction_avg=Decimal("4.80"),
        on_time_rate=Decimal(100),
    )
    value, loyalty, satisfaction, profitability, potential, credit, risk = value_scores(
        good, spend_full=20000, orders_full=6
    )
    assert (value, profitability, credit) == (100, 80, 100)
    assert potential == 67  # 50 + 50 × (30000 − 20000) / 30000
    assert satisfaction == 95 and loyalty == 100 and risk == 0


def test_explain_gives_the_same_scores_and_says_how():
    case = metrics(spend=Decimal(5000), orders=2, recency_days=30, complaints=1)
    rows = explain(case, spend_full=20000, orders_full=6)
    assert [r["key"] for r in rows] == list(VALUE_SCORES)
    assert tuple(r["score"] for r in rows) == value_scores(case, spend_full=20000, orders_full=6)
    assert all(r["how"] for r in rows)
    assert "5,000" in rows[0]["how"]


def test_a_refund_only_customer_with_an_overdue_payment_is_scored():
    case = metrics(spend=Decimal(-500), overdue_amount=Decimal(500), on_time_rate=Decimal(0))
    scores = value_scores(case, spend_full=20000, orders_full=6)
    assert scores[5] == 0  # credit: nothing on time, all overdue


def test_the_fast_value_scores_equal_the_explained_ones():
    rng = random.Random(6)
    for _ in range(2000):
        case = metrics(
            spend=Decimal(rng.randint(-2000, 40000)),
            prev_spend=Decimal(rng.choice([0, rng.randint(0, 40000)])),
            cost=Decimal(rng.randint(0, 30000)),
            orders=rng.randint(0, 20),
            recency_days=rng.choice([None, rng.randint(0, 800)]),
            tenure_days=rng.randint(0, 4000),
            complaints=rng.randint(0, 6),
            satisfaction_avg=rng.choice([None, Decimal(rng.randint(100, 500)) / 100]),
            on_time_rate=rng.choice([None, Decimal(rng.randint(0, 100))]),
            overdue_amount=Decimal(rng.choice([0, rng.randint(0, 5000)])),
        )
        fast = value_scores(case, spend_full=20000, orders_full=6)
        assert fast == scores_from_parts(parts(case, spend_full=20000, orders_full=6)), case


def test_the_scorer_picks_the_same_band_as_grade_for():
    scorer = Scorer([], BANDS)
    for score in (0, 49.99, 50, 69.99, 70, 84.99, 85, 100):
        assert scorer.grade(score) == grade_for(score, BANDS)
    assert Scorer([], []).grade(50) == ""
