"""Grading runs: preview, apply exactly the preview, overrides, stale customers, discard."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kefu.accounts.services import parameter_set
from kefu.core.errors import ApplicationError
from kefu.customers.models import Customer, GradeChange, GradeOverride
from kefu.customers.tests.factories import make_customer
from kefu.strategies.choices import RunStatus
from kefu.strategies.models import CustomerScore, GradingChange, GradingCriterion, GradingRun
from kefu.strategies.services_grading import (
    grading_apply,
    grading_discard,
    grading_preview,
    grading_preview_start,
)
from kefu.strategies.tasks_grading import grade_customers_task
from kefu.strategies.tests.grading_fixtures import grade_of, spend

pytestmark = pytest.mark.django_db


@pytest.fixture
def spenders(users):
    """Four customers whose spend puts them in each default grade (0–100 by spend alone)."""
    GradingCriterion.objects.all().delete()
    GradingCriterion.objects.create(
        metric="spend", window_days=365, weight=1, zero_at=0, full_at=10000
    )
    made = {}
    for code, amount in (("diamond", 9000), ("gold", 7500), ("silver", 5500), ("regular", 100)):
        customer = make_customer(by=users["agent1"], name=f"{code}客户")
        spend(customer, amount)
        made[code] = customer
    return made


def test_a_preview_scores_everyone_and_changes_nothing(spenders, users):
    # when
    run = grading_preview(by=users["manager1"])
    # then
    assert run.status == RunStatus.PREVIEW
    assert run.customers_scored == 4 and run.changes_count == 4
    assert run.duration_ms is not None and run.criteria and run.grades
    assert {c.to_grade for c in run.changes.all()} == {"diamond", "gold", "silver", "regular"}
    assert all(grade_of(c) == "" for c in spenders.values())
    score = CustomerScore.objects.get(customer=spenders["gold"])
    assert score.grading_score == Decimal("75.00") and score.run == run and score.value > 0


def test_the_applied_result_is_the_preview(spenders, users):
    # given
    manager = users["manager1"]
    run = grading_preview(by=manager)
    proposed = {(c.customer_id, c.to_grade) for c in run.changes.all()}
    # when
    run = grading_apply(run=run, by=manager)
    # then
    assert run.status == RunStatus.APPLIED and run.applied_by == manager
    assert (run.applied_count, run.skipped_count) == (4, 0)
    now = {(c.pk, c.grade) for c in Customer.objects.filter(pk__in=[p for p, _g in proposed])}
    assert now == proposed
    history = GradeChange.objects.filter(run_id=run.pk)
    assert {(h.customer_id, h.to_grade) for h in history} == proposed
    gold = history.get(customer=spenders["gold"])
    assert (gold.source, gold.from_grade, gold.score) == ("run", "", Decimal("75.00"))
    assert f"#{run.pk}" in gold.reason and gold.changed_by == manager


def test_a_second_run_proposes_nothing_once_applied(spenders, users):
    grading_apply(run=grading_preview(by=users["manager1"]), by=users["manager1"])
    assert grading_preview(by=users["manager1"]).changes_count == 0


def test_a_customer_under_an_override_is_left_alone(spenders, users):
    # given: the regular customer is set to gold by hand until next month
    regular = spenders["regular"]
    Customer.objects.filter(pk=regular.pk).update(grade="gold")
    GradeOverride.objects.create(
        customer=regular,
        grade="gold",
        reason="大客户推荐",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    # when
    run = grading_apply(run=grading_preview(by=users["manager1"]), by=users["manager1"])
    # then
    assert not run.changes.filter(customer=regular).exists()
    assert grade_of(regular) == "gold"
    assert run.applied_count == 3


def test_an_expired_override_no_longer_protects(spenders, users):
    regular = spenders["regular"]
    GradeOverride.objects.create(
        customer=regular, grade="gold", reason="过期", expires_on=timezone.localdate()
    )
    GradeOverride.objects.filter(customer=regular).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    run = grading_preview(by=users["manager1"])
    assert run.changes.filter(customer=regular).exists()


def test_a_customer_changed_since_the_preview_is_skipped(spenders, users):
    # given
    run = grading_preview(by=users["manager1"])
    silver = spenders["silver"]
    Customer.objects.filter(pk=silver.pk).update(grade="diamond")  # by hand, after the preview
    # when
    run = grading_apply(run=run, by=users["manager1"])
    # then
    assert (run.applied_count, run.skipped_count) == (3, 1)
    assert grade_of(silver) == "diamond"
    assert not GradeChange.objects.filter(run_id=run.pk, customer=silver).exists()


def test_an_override_set_since_the_preview_is_respected(spenders, users):
    run = grading_preview(by=users["manager1"])
    GradeOverride.objects.create(
        customer=spenders["gold"],
        grade="",
        reason="人工",
        expires_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    run = grading_apply(run=run, by=users["manager1"])
    assert run.skipped_count == 1 and grade_of(spenders["gold"]) == ""


def test_a_second_apply_is_refused(spenders, users):
    run = grading_apply(run=grading_preview(by=users["manager1"]), by=users["manager1"])
    with pytest.raises(ApplicationError) as refused:
        grading_apply(run=run, by=users["manager1"])
    assert refused.value.status == 409
    assert GradeChange.objects.filter(run_id=run.pk).count() == 4


def test_a_discarded_run_changes_nothing_and_cannot_be_applied(spenders, users):
    run = grading_discard(run=grading_preview(by=users["manager1"]), by=users["manager1"])
    assert run.status == RunStatus.DISCARDED
    with pytest.raises(ApplicationError):
        grading_apply(run=run, by=users["manager1"])
    assert all(grade_of(c) == "" for c in spenders.values())


def test_a_newer_preview_supersedes_the_older(spenders, users):
    first = grading_preview(by=users["manager1"])
    grading_preview(by=users["manager1"])
    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED
    with pytest.raises(ApplicationError):
        grading_apply(run=first, by=users["manager1"])


def test_grading_without_criteria_is_refused(users):
    GradingCriterion.objects.all().delete()
    with pytest.raises(ApplicationError) as refused:
        grading_preview(by=users["manager1"])
    assert "criteria" in refused.value.fields
    assert not GradingRun.objects.exists()


def test_a_started_preview_is_computed_by_the_job(
    spenders, users, django_capture_on_commit_callbacks
):
    # when: the page's path (the job is sent on commit; Huey is immediate in tests)
    with django_capture_on_commit_callbacks(execute=True):
        run = grading_preview_start(by=users["manager1"])
        assert run.status == RunStatus.RUNNING
    # then
    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEW and run.changes_count == 4


def test_a_second_start_is_refused_while_one_computes(spenders, users):
    GradingRun.objects.create(status=RunStatus.RUNNING)
    with pytest.raises(ApplicationError) as refused:
        grading_preview_start(by=users["manager1"])
    assert refused.value.status == 409


def test_the_nightly_job_previews_and_applies_only_when_told(spenders, users):
    # given the parameter off (the default)
    grade_customers_task()
    run = GradingRun.objects.get()
    assert run.status == RunStatus.PREVIEW and run.trigger == "periodic"
    assert grade_of(spenders["gold"]) == ""
    # when it is on
    parameter_set(key="strategies.grading_auto_apply", raw_value="true", by=users["admin"])
    grade_customers_task()
    # then
    assert GradingRun.objects.filter(status=RunStatus.APPLIED).count() == 1
    assert grade_of(spenders["gold"]) == "gold"


def test_changes_are_stored_for_the_run_only(spenders, users):
    run = grading_preview(by=users["manager1"])
    assert GradingChange.objects.exclude(run=run).count() == 0


def test_a_run_that_fails_is_marked_failed_and_changes_nothing(spenders, users, monkeypatch):
    # given the metrics query breaks half-way
    from kefu.strategies import services_grading

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services_grading, "customer_metrics", broken)  # SQLite
    monkeypatch.setattr(services_grading, "scored_select", broken)  # PostgreSQL
    # when
    with pytest.raises(RuntimeError):
        grading_preview(by=users["manager1"])
    # then
    run = GradingRun.objects.get()
    assert run.status == RunStatus.FAILED and "went away" in run.error
    assert not CustomerScore.objects.exists() and not GradingChange.objects.exists()
