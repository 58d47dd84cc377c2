"""The demo's grades, strategies, plans, needs and care. Seeded once for this module (inside a
transaction rolled back at the end); every test runs in a savepoint inside it.
"""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from kefu.accounts.models import User
from kefu.customers.choices import GradeChangeSource, TransactionKind
from kefu.customers.models import Customer, Grade, GradeChange, GradeOverride, Transaction
from kefu.strategies.choices import (
    CampaignStatus,
    CareKind,
    NeedChangeKind,
    NeedStatus,
    PlanStatus,
    StrategyKind,
    TaskStatus,
)
from kefu.strategies.models import (
    CareCampaign,
    CareItem,
    CustomerScore,
    GradingRun,
    Need,
    Plan,
    PlanTask,
    PlanVersion,
    Segment,
    Strategy,
    StrategyVersion,
)
from kefu.strategies.segments import segment_customers
from kefu.strategies.selectors_care import birthdays_within

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("demo", stdout=StringIO())
        yield timezone.localdate()
        transaction.set_rollback(True)


def test_grading_spreads_the_customers_over_every_grade_about_as_aimed():
    # when
    grades = Counter(
        Customer.objects.filter(deleted_at__isnull=True).values_list("grade", flat=True)
    )
    total = sum(grades.values())
    # then
    assert set(grades) == set(Grade.objects.values_list("code", flat=True))
    assert 0.03 <= grades["diamond"] / total <= 0.08
    assert 0.10 <= grades["gold"] / total <= 0.22
    assert 0.25 <= grades["silver"] / total <= 0.42
    assert 0.38 <= grades["regular"] / total <= 0.60


def test_the_grading_run_was_applied_and_every_customer_has_scores():
    # when
    run = GradingRun.objects.get()
    # then
    assert run.status == "applied"
    assert run.applied_count > 0
    assert CustomerScore.objects.count() == Customer.objects.filter(deleted_at__isnull=True).count()


def test_transactions_cover_two_years_with_refunds_and_overdue_payments(seeded):
    # when
    rows = Transaction.objects.all()
    # then
    assert rows.filter(occurred_on__lt=seeded - timedelta(days=500)).exists()
    assert rows.filter(kind=TransactionKind.REFUND, amount__lt=0).count() >= 10
    assert rows.filter(due_on__lt=seeded, paid_on__isnull=True).count() >= 3
    assert not rows.values("source", "reference").annotate(n=Count("id")).filter(n__gt=1)


def test_some_customers_have_a_grade_history_of_three_steps_and_overrides_are_in_force(seeded):
    # when
    steps = GradeChange.objects.values("customer").annotate(n=Count("id")).filter(n__gte=3)
    overrides = GradeOverride.objects.filter(ended_at__isnull=True, expires_on__gt=seeded)
    # then
    assert steps.count() >= 5
    assert 3 <= overrides.count() <= 5
    for override in overrides:
        assert override.reason
        assert Customer.objects.get(pk=override.customer_id).grade == override.grade
        assert GradeChange.objects.filter(
            customer_id=override.customer_id, source=GradeChangeSource.MANUAL
        ).exists()


def test_the_library_has_both_kinds_of_strategies_with_versions_and_reasons():
    # when
    strategies = Strategy.objects.all()
    # then
    assert strategies.count() >= 12
    assert strategies.filter(kind=StrategyKind.ENTITLEMENT, sla_level__code="vip").exists()
    assert strategies.filter(kind=StrategyKind.ACTION, recurrence="quarterly").exists()
    assert StrategyVersion.objects.filter(number=1).count() == strategies.count()
    later = StrategyVersion.objects.filter(number__gte=2)
    assert later.count() >= 4 and all(v.reason for v in later)
    assert {s.status for s in strategies} == {"draft", "active", "retired"}


def test_segments_hold_customers():
    # when
    sizes = {s.name: segment_customers(s).count() for s in Segment.objects.all()}
    # then
    assert len(sizes) == 2
    assert all(size > 0 for size in sizes.values()), sizes


def test_running_plans_have_tasks_in_every_state(seeded):
    # given
    running = PlanTask.objects.filter(plan__status=PlanStatus.ACTIVE)
    # when
    states = set(running.values_list("status", flat=True))
    # then
    assert states == set(TaskStatus.values)
    assert running.filter(status=TaskStatus.OPEN, due_on__lt=seeded).exists()  # overdue
    assert running.filter(status=TaskStatus.OPEN, due_on__gte=seeded).exists()
    done = running.filter(status__in=[TaskStatus.DONE, TaskStatus.SKIPPED])
    assert not done.filter(result="").exists()
    assert not done.filter(done_at__isnull=True).exists()


def test_plans_in_every_status_with_versions_an_evaluation_and_a_segment_plan():
    # when
    plans = Plan.objects.all()
    # then
    assert set(plans.values_list("status", flat=True)) == set(PlanStatus.values)
    assert plans.filter(segment__isnull=False, status=PlanStatus.ACTIVE).exists()
    assert plans.filter(segment__isnull=False).get(status=PlanStatus.ACTIVE).tasks.exists()
    for plan in plans.filter(status=PlanStatus.COMPLETED):
        assert plan.evaluation["measures"]["satisfaction"]["before"] is not None
    assert PlanVersion.objects.filter(number__gte=2).count() >= 5
    assert not PlanVersion.objects.filter(reason="").exists()


def test_agent1_has_open_tasks_due_this_week(seeded):
    # given
    agent1 = User.objects.get(username="agent1")
    # when
    tasks = PlanTask.objects.filter(assignee=agent1, status=TaskStatus.OPEN)
    # then
    assert tasks.filter(due_on__gte=seeded, due_on__lte=seeded + timedelta(days=7)).exists()


def test_about_sixty_needs_with_histories_in_every_status():
    # when
    needs = Need.objects.annotate(steps=Count("changes"))
    # then
    assert 50 <= needs.count() <= 80
    assert not needs.filter(steps=0).exists()
    assert set(needs.values_list("status", flat=True)) == set(NeedStatus.values)
    assert needs.filter(steps__gte=3).count() >= 10
    assert len(set(needs.values_list("source", flat=True))) >= 4
    assert not needs.filter(category="").exists()
    assert needs.filter(plans__isnull=False).exists()
    assert needs.filter(strategies__isnull=False).exists()
    first = needs.first()
    kinds = list(first.changes.order_by("at", "id").values_list("kind", flat=True))
    assert kinds[0] == NeedChangeKind.REGISTER
    times = list(first.changes.order_by("id").values_list("at", flat=True))
    assert times == sorted(times)


def test_birthdays_and_maintenance_reminders_fall_due_within_the_coming_week(seeded):
    # given
    week = seeded + timedelta(days=7)
    # when
    birthdays = birthdays_within(Customer.objects.all(), start=seeded, end=week)
    reminders = CareItem.objects.filter(
        kind=CareKind.MAINTENANCE, status="due", due_on__gte=seeded, due_on__lte=week
    )
    # then
    assert 3 <= birthdays.count() <= 8
    assert birthdays.filter(contact_of__isnull=False).exists()  # a company's contact
    assert reminders.count() >= 3
    for item in reminders:
        assert item.key == f"maintenance:{item.asset_id}:{item.due_on.isoformat()}"


def test_a_draft_and_a_launched_holiday_campaign():
    # when
    campaigns = CareCampaign.objects.all()
    # then
    assert {c.status for c in campaigns} == {CampaignStatus.DRAFT, CampaignStatus.LAUNCHED}
    launched = campaigns.get(status=CampaignStatus.LAUNCHED)
    assert launched.items.count() > 0
