"""Manual grade overrides: set with reason and end date, history, the run-skipping marker,
ending early or on expiry; the 客户等级 panel and its forms, and who may use them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.customers.models import Customer, Grade, GradeChange, GradeOverride
from kefu.customers.tests.factories import make_customer
from kefu.strategies.services_overrides import (
    grade_override_end,
    grade_override_set,
    grade_overrides_expire,
)
from kefu.strategies.tests.grades_fixtures import grant, in_days, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang(users):
    return make_customer(by=users["agent1"], name="张三", grade="silver")


def _gold():
    return Grade.objects.get(code="gold")


def test_an_override_sets_the_grade_writes_the_history_and_marks_the_customer_for_runs(
    users, zhang
):
    # when
    override = grade_override_set(
        customer=zhang,
        grade=_gold(),
        reason="大客户推荐",
        expires_on=in_days(30),
        by=users["manager1"],
    )
    # then
    zhang.refresh_from_db()
    assert zhang.grade == "gold"
    change = GradeChange.objects.get(customer=zhang, to_grade="gold")
    assert (change.from_grade, change.to_grade, change.source, change.reason) == (
        "silver",
        "gold",
        "manual",
        "大客户推荐",
    )
    assert change.changed_by == users["manager1"]
    # the marker grading runs skip: an override not ended and not expired
    assert (
        GradeOverride.objects.filter(
            customer=zhang, ended_at__isnull=True, expires_on__gte=timezone.localdate()
        ).get()
        == override
    )
    assert AuditEvent.objects.filter(action="grade_override.set", object_id=str(zhang.pk)).exists()


def test_an_override_bumps_the_customer_version_so_an_open_edit_form_cannot_undo_it(users, zhang):
    version = zhang.version
    grade_override_set(
        customer=zhang, grade=_gold(), reason="r", expires_on=in_days(3), by=users["manager1"]
    )
    assert Customer.objects.get(pk=zhang.pk).version == version + 1


def test_a_new_override_ends_the_one_in_force(users, zhang):
    # given
    first = grade_override_set(
        customer=zhang, grade=_gold(), reason="一", expires_on=in_days(30), by=users["manager1"]
    )
    # when
    second = grade_override_set(
        customer=zhang,
        grade=Grade.objects.get(code="diamond"),
        reason="二",
        expires_on=in_days(60),
        by=users["manager1"],
    )
    # then
    first.refresh_from_db()
    assert first.ended_at is not None and second.ended_at is None
    assert Customer.objects.get(pk=zhang.pk).grade == "diamond"
    assert list(
        GradeChange.objects.filter(customer=zhang)
        .exclude(from_grade="")
        .values_list("to_grade", flat=True)
    ) == [
        "diamond",
        "gold",
    ]


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"reason": "  "}, "reason"),
        ({"expires_on": None}, "expires_on"),
        ({"expires_on": timezone.localdate}, "expires_on"),
        ({"grade": None}, "grade"),
    ],
)
def test_an_override_without_reason_future_date_or_grade_is_refused(users, zhang, fields, bad):
    # given
    values = {"grade": _gold(), "reason": "r", "expires_on": in_days(5)}
    values |= {k: (v() if callable(v) else v) for k, v in fields.items()}
    # when
    with pytest.raises(ApplicationError) as refused:
        grade_override_set(customer=zhang, by=users["manager1"], **values)
    # then
    assert bad in refused.value.fields
    assert Customer.objects.get(pk=zhang.pk).grade == "silver"
    assert (
        not GradeOverride.objects.exists()
        and not GradeChange.objects.exclude(from_grade="").exists()
    )


def test_ending_an_override_gives_back_the_grade_of_the_last_computed_score(users, zhang):
    # given
    score(zhang, 55)  # silver's band
    override = grade_override_set(
        customer=zhang, grade=_gold(), reason="r", expires_on=in_days(5), by=users["manager1"]
    )
    # when
    grade_override_end(override=override, by=users["manager1"])
    # then
    override.refresh_from_db()
    assert override.ended_at is not None
    assert Customer.objects.get(pk=zhang.pk).grade == "silver"
    assert GradeChange.objects.filter(customer=zhang).first().to_grade == "silver"
    with pytest.raises(ApplicationError):
        grade_override_end(override=override, by=users["manager1"])


def test_the_nightly_job_ends_expired_overrides_only(users, zhang):
    # given
    other = make_customer(by=users["agent1"], grade="regular")
    expired = grade_override_set(
        customer=zhang, grade=_gold(), reason="r", expires_on=in_days(1), by=users["manager1"]
    )
    kept = grade_override_set(
        customer=other, grade=_gold(), reason="r", expires_on=in_days(9), by=users["manager1"]
    )
    score(zhang, 10)
    # when
    ended = grade_overrides_expire(today=timezone.localdate() + datetime.timedelta(days=2))
    # then
    assert ended == 1
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert expired.ended_at is not None and kept.ended_at is None
    assert Customer.objects.get(pk=zhang.pk).grade == "regular"
    assert GradeChange.objects.filter(customer=zhang).first().source == "expiry"


# ---- the 360 panel and its forms ---------------------------------------------------------------


def test_the_360_shows_the_grade_badge_the_override_and_the_history(users, client_as, zhang):
    # given
    grade_override_set(
        customer=zhang,
        grade=_gold(),
        reason="战略合作",
        expires_on=in_days(10),
        by=users["manager1"],
    )
    # when
    html = client_as("manager1").get(zhang.get_absolute_url()).content.decode()
    # then
    assert 'id="customer-grade"' in html
    assert "text-bg-warning" in html and "金卡" in html
    assert "战略合作" in html
    assert reverse("strategies:grade_override_end", args=[zhang.pk]) in html


def test_an_agent_sees_the_grade_panel_without_the_override_form(client_as, zhang):
    html = client_as("agent1").get(zhang.get_absolute_url()).content.decode()
    assert 'id="customer-grade"' in html
    assert reverse("strategies:grade_override_set", args=[zhang.pk]) not in html


def test_a_manager_sets_and_ends_an_override_from_the_360(users, client_as, zhang):
    # given
    client = client_as("manager1")
    url = reverse("strategies:grade_override_set", args=[zhang.pk])
    # when
    response = client.post(
        url,
        {
            "override-grade": "gold",
            "override-reason": "老客户",
            "override-expires_on": in_days(7).isoformat(),
        },
    )
    # then
    assert response.status_code == 302
    assert Customer.objects.get(pk=zhang.pk).grade == "gold"
    client.post(reverse("strategies:grade_override_end", args=[zhang.pk]))
    assert GradeOverride.objects.get(customer=zhang).ended_at is not None


def test_an_override_with_a_past_date_is_refused_with_a_message(users, client_as, zhang):
    client = client_as("manager1")
    response = client.post(
        reverse("strategies:grade_override_set", args=[zhang.pk]),
        {"override-grade": "gold", "override-reason": "x", "override-expires_on": "2000-01-01"},
        follow=True,
    )
    assert Customer.objects.get(pk=zhang.pk).grade == "silver"
    assert "alert" in response.content.decode()


def test_a_user_without_the_permission_cannot_set_an_override(client_as, zhang):
    response = client_as("agent1").post(
        reverse("strategies:grade_override_set", args=[zhang.pk]),
        {"override-grade": "gold", "override-reason": "x", "override-expires_on": "2999-01-01"},
    )
    assert response.status_code == 403
    assert Customer.objects.get(pk=zhang.pk).grade == "silver"


def test_an_override_of_a_customer_of_another_org_unit_is_not_found(users, client_as):
    # given
    foreign = make_customer(by=users["agent_b"], grade="silver")
    grant(users["supervisor1"], "customers.override_grade")
    client = client_as("supervisor1")
    # when
    set_response = client.post(
        reverse("strategies:grade_override_set", args=[foreign.pk]),
        {"override-grade": "gold", "override-reason": "x", "override-expires_on": "2999-01-01"},
    )
    end_response = client.post(reverse("strategies:grade_override_end", args=[foreign.pk]))
    # then
    assert (set_response.status_code, end_response.status_code) == (404, 404)
    assert Customer.objects.get(pk=foreign.pk).grade == "silver"


def test_the_customer_list_shows_the_grade_name_not_its_code(client_as, zhang):
    html = client_as("agent1").get(reverse("customers:list")).content.decode()
    assert "银卡" in html
