"""Grades and grading rules: bands never overlap, grades in use stay, rules are checked."""

from decimal import Decimal

import pytest

from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.customers.grades import grade_badge, grades_by_code
from kefu.customers.models import Grade
from kefu.customers.tests.factories import make_customer
from kefu.strategies import services_grades as services
from kefu.strategies.models import GradingCriterion, Segment
from kefu.strategies.tests.grades_fixtures import grade_data, rule

pytestmark = pytest.mark.django_db


def _bands():
    return list(Grade.objects.order_by("rank").values_list("code", "min_score", "max_score"))


def test_a_grade_whose_band_overlaps_an_active_grade_is_refused_and_nothing_changes(users):
    # given
    before, audits = _bands(), AuditEvent.objects.count()
    # when
    with pytest.raises(ApplicationError) as refused:
        services.grade_create(
            data=grade_data(min_score=Decimal(80), max_score=Decimal(100)), by=users["manager1"]
        )
    # then
    assert refused.value.code == "grade.overlap"
    assert (
        "Overlapping grade thresholds" in refused.value.message or "重叠" in refused.value.message
    )
    assert set(refused.value.fields) == {"min_score", "max_score"}
    assert _bands() == before
    assert AuditEvent.objects.count() == audits


def test_moving_a_band_onto_another_is_refused_and_the_grade_is_unchanged(users):
    # given
    gold = Grade.objects.get(code="gold")
    data = grade_data(code="gold", name="金卡", rank=30, min_score=Decimal(60), max_score=85)
    # when
    with pytest.raises(ApplicationError) as refused:
        services.grade_update(grade=gold, data=data, by=users["manager1"])
    # then
    assert refused.value.code == "grade.overlap"
    gold.refresh_from_db()
    assert (gold.min_score, gold.max_score) == (Decimal(70), Decimal(85))


def test_a_band_whose_lowest_score_is_not_below_its_upper_end_is_refused(users):
    with pytest.raises(ApplicationError) as refused:
        services.grade_create(
            data=grade_data(min_score=Decimal(99), max_score=Decimal(99)), by=users["manager1"]
        )
    assert set(refused.value.fields) == {"max_score"}


def test_a_repeated_code_name_or_rank_is_refused_naming_each_field(users):
    data = grade_data(code="gold", name="钻石", rank=10, min_score=Decimal(99), max_score=100)
    with pytest.raises(ApplicationError) as refused:
        services.grade_create(data=data, by=users["manager1"])
    assert {"code", "name", "rank"} <= set(refused.value.fields)


def test_a_grade_in_a_free_band_is_created_audited_and_shown_as_a_badge(users):
    # given
    services.grade_update(
        grade=Grade.objects.get(code="diamond"),
        data=grade_data(code="diamond", name="钻石", rank=40, min_score=85, max_score=95),
        by=users["manager1"],
    )
    # when
    grade = services.grade_create(data=grade_data(), by=users["manager1"])
    # then
    assert AuditEvent.objects.filter(action="grade.create", object_id=str(grade.pk)).exists()
    assert AuditEvent.objects.filter(action="grade.update").exists()
    assert grades_by_code()["platinum"].name == "白金"
    assert "text-bg-primary" in grade_badge("platinum") and "白金" in grade_badge("platinum")


def test_a_grade_customers_hold_can_be_deactivated_but_not_deleted(users):
    # given
    make_customer(by=users["agent1"], grade="silver")
    silver = Grade.objects.get(code="silver")
    # when
    with pytest.raises(ApplicationError) as refused:
        services.grade_delete(grade=silver, by=users["manager1"])
    services.grade_set_active(grade=silver, active=False, by=users["manager1"])
    # then
    assert refused.value.code == "grade.in_use" and refused.value.status == 409
    silver.refresh_from_db()
    assert silver.is_active is False
    assert AuditEvent.objects.filter(action="grade.deactivate").count() == 1


def test_a_grade_a_segment_names_cannot_be_deleted_nor_change_its_code(users):
    # given
    Segment.objects.create(name="银卡客户", grades=["silver"])
    silver = Grade.objects.get(code="silver")
    data = grade_data(code="argent", name="银卡", rank=20, min_score=50, max_score=70)
    # when / then
    with pytest.raises(ApplicationError):
        services.grade_delete(grade=silver, by=users["manager1"])
    with pytest.raises(ApplicationError) as refused:
        services.grade_update(grade=silver, data=data, by=users["manager1"])
    assert set(refused.value.fields) == {"code"}


def test_an_unused_grade_can_be_deleted(users):
    # given
    grade = Grade.objects.get(code="regular")
    # when
    services.grade_delete(grade=grade, by=users["manager1"])
    # then
    assert not Grade.objects.filter(code="regular").exists()
    assert AuditEvent.objects.filter(action="grade.delete").exists()


def test_activating_a_grade_checks_its_band_against_the_active_ones(users):
    # given
    gold = Grade.objects.get(code="gold")
    services.grade_set_active(grade=gold, active=False, by=users["manager1"])
    services.grade_create(
        data=grade_data(code="gold2", name="新金卡", rank=31, min_score=70, max_score=85),
        by=users["manager1"],
    )
    # when
    with pytest.raises(ApplicationError) as refused:
        services.grade_set_active(grade=gold, active=True, by=users["manager1"])
    # then
    assert refused.value.code == "grade.overlap"
    assert Grade.objects.get(code="gold").is_active is False


# ---- grading rules ---------------------------------------------------------------------------


def test_rules_are_replaced_as_a_whole_with_an_audit_of_before_and_after(users):
    # given
    services.criteria_replace(rows=[rule("spend")], by=users["manager1"])
    # when
    saved = services.criteria_replace(
        rows=[rule("orders", full_at=Decimal(12)), rule("complaints", zero_at=3, full_at=0)],
        by=users["manager1"],
    )
    # then
    assert [c.metric for c in GradingCriterion.objects.order_by("sort")] == ["orders", "complaints"]
    assert len(saved) == 2
    event = AuditEvent.objects.filter(action="grading_criteria.replace").latest("id")
    assert [r["metric"] for r in event.changes["before"]] == ["spend"]
    assert [r["metric"] for r in event.changes["after"]] == ["orders", "complaints"]


def test_a_rule_over_an_unknown_metric_is_refused_naming_the_field_and_nothing_changes(users):
    # given
    services.criteria_replace(rows=[rule("spend")], by=users["manager1"])
    # when
    with pytest.raises(ApplicationError) as refused:
        services.criteria_replace(rows=[rule("orders"), rule("shoe_size")], by=users["manager1"])
    # then
    assert "1.metric" in refused.value.fields
    assert "shoe_size" in refused.value.fields["1.metric"]
    assert list(GradingCriterion.objects.values_list("metric", flat=True)) == ["spend"]


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (rule("spend", weight=Decimal(0)), "0.weight"),
        (rule("spend", zero_at=Decimal(5), full_at=Decimal(5)), "0.full_at"),
        (rule("orders", window_days=None), "0.window_days"),
        (rule("complaints", window_days=None), "0.window_days"),
    ],
)
def test_a_bad_rule_is_refused_naming_its_row_and_field(users, row, field):
    # given
    before = list(GradingCriterion.objects.values_list("pk", "metric", "weight"))
    # when
    with pytest.raises(ApplicationError) as refused:
        services.criteria_replace(rows=[row], by=users["manager1"])
    # then
    assert field in refused.value.fields
    assert list(GradingCriterion.objects.values_list("pk", "metric", "weight")) == before


def test_a_window_is_kept_for_satisfaction_and_dropped_where_the_whole_history_counts(users):
    saved = services.criteria_replace(
        rows=[
            rule("tenure_years", window_days=90, full_at=Decimal(10)),
            rule("satisfaction", window_days=180, zero_at=Decimal(1), full_at=Decimal(5)),
        ],
        by=users["manager1"],
    )
    assert [c.window_days for c in saved] == [None, 180]


def test_rules_without_an_active_one_are_refused(users):
    with pytest.raises(ApplicationError) as refused:
        services.criteria_replace(rows=[rule("spend", is_active=False)], by=users["manager1"])
    assert "__all__" in refused.value.fields
