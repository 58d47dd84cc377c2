"""The grade and grading-rule pages: who sees and changes them, bad input shown on the form."""

import pytest
from django.urls import reverse

from kefu.customers.models import Grade
from kefu.customers.tests.factories import make_customer
from kefu.strategies.models import GradingCriterion

pytestmark = pytest.mark.django_db


def _grade_post(**fields):
    values = {
        "code": "platinum",
        "name": "白金",
        "rank": "50",
        "min_score": "95",
        "max_score": "100",
        "color": "primary",
        "description": "",
    }
    return values | fields


def _rules_post(rows):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"form-{index}-{k}": v for k, v in row.items()})
    return data


def test_the_grade_list_shows_rank_order_badges_bands_and_customer_counts(users, client_as):
    # given
    make_customer(by=users["agent1"], grade="gold")
    # when
    html = client_as("manager1").get(reverse("strategies:grade_list")).content.decode()
    # then
    assert html.index("钻石") < html.index("金卡") < html.index("银卡") < html.index("普通")
    assert "text-bg-warning" in html and "70.00" in html
    assert f'{reverse("customers:list")}?grade=gold">1<' in html


def test_a_supervisor_reads_the_grades_without_edit_buttons(client_as):
    response = client_as("supervisor1").get(reverse("strategies:grade_list"))
    assert response.status_code == 200
    assert reverse("strategies:grade_create") not in response.content.decode()


@pytest.mark.parametrize("name", ["grade_list", "grade_create", "grade_criteria"])
def test_a_user_without_the_permission_is_refused_the_grade_pages(client_as, name):
    assert client_as("nobody").get(reverse(f"strategies:{name}")).status_code == 403


@pytest.mark.parametrize(
    ("name", "method"),
    [("grade_edit", "get"), ("grade_active", "post"), ("grade_delete", "post")],
)
def test_a_supervisor_cannot_change_a_grade(client_as, name, method):
    gold = Grade.objects.get(code="gold")
    client = client_as("supervisor1")
    response = getattr(client, method)(reverse(f"strategies:{name}", args=[gold.pk]))
    assert response.status_code == 403
    assert Grade.objects.get(code="gold").is_active


def test_a_manager_creates_a_grade_in_a_free_band(client_as):
    # given
    Grade.objects.filter(code="diamond").update(max_score=95)
    # when
    response = client_as("manager1").post(reverse("strategies:grade_create"), _grade_post())
    # then
    assert response.status_code == 302
    assert Grade.objects.get(code="platinum").name == "白金"


def test_an_overlapping_band_is_shown_on_the_form_and_nothing_is_created(client_as):
    # when
    response = client_as("manager1").post(
        reverse("strategies:grade_create"), _grade_post(min_score="80")
    )
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "is-invalid" in html and "钻石" in html
    assert not Grade.objects.filter(code="platinum").exists()


def test_a_manager_deactivates_a_grade_in_use(users, client_as):
    # given
    make_customer(by=users["agent1"], grade="gold")
    gold = Grade.objects.get(code="gold")
    client = client_as("manager1")
    # when
    client.post(reverse("strategies:grade_delete", args=[gold.pk]))
    client.post(reverse("strategies:grade_active", args=[gold.pk]), {"active": "0"})
    # then
    gold.refresh_from_db()
    assert gold.is_active is False


def test_the_rules_page_explains_the_score_and_shows_the_bands(client_as):
    html = client_as("supervisor1").get(reverse("strategies:grade_criteria")).content.decode()
    assert "weighted" in html or "加权" in html
    assert "金卡" in html


def test_a_manager_saves_the_rules_in_one_go(client_as):
    # when
    response = client_as("manager1").post(
        reverse("strategies:grade_criteria"),
        _rules_post(
            [
                {
                    "metric": "spend",
                    "window_days": "365",
                    "weight": "2",
                    "zero_at": "0",
                    "full_at": "50000",
                    "is_active": "on",
                },
                {
                    "metric": "complaints",
                    "window_days": "365",
                    "weight": "1",
                    "zero_at": "3",
                    "full_at": "0",
                    "is_active": "on",
                },
            ]
        ),
    )
    # then
    assert response.status_code == 302
    assert list(GradingCriterion.objects.values_list("metric", "weight")) == [
        ("spend", 2),
        ("complaints", 1),
    ]


def test_a_rule_over_an_unknown_metric_is_shown_on_its_row_and_nothing_changes(client_as):
    # given
    before = list(GradingCriterion.objects.values_list("pk", flat=True))
    # when
    response = client_as("manager1").post(
        reverse("strategies:grade_criteria"),
        _rules_post(
            [
                {
                    "metric": "shoe_size",
                    "window_days": "",
                    "weight": "1",
                    "zero_at": "0",
                    "full_at": "10",
                    "is_active": "on",
                }
            ]
        ),
    )
    # then
    assert response.status_code == 200
    assert "shoe_size" in response.content.decode()
    assert list(GradingCriterion.objects.values_list("pk", flat=True)) == before


def test_a_supervisor_cannot_save_the_rules(client_as):
    before = list(GradingCriterion.objects.values_list("pk", flat=True))
    response = client_as("supervisor1").post(reverse("strategies:grade_criteria"), _rules_post([]))
    assert response.status_code == 403
    assert list(GradingCriterion.objects.values_list("pk", flat=True)) == before


def test_the_menu_shows_the_grade_entries_to_a_manager(client_as):
    html = client_as("manager1").get(reverse("strategies:grade_list")).content.decode()
    for name in ("grade_criteria", "segment_list"):
        assert reverse(f"strategies:{name}") in html


def test_saving_the_rules_page_with_one_row_edited_keeps_the_other_rows(client_as):
    # given the page's form as the browser posts it: every rule shown, only the first re-weighted
    rows = list(GradingCriterion.objects.order_by("sort"))
    fields = ["metric", "window_days", "weight", "zero_at", "full_at"]
    shown = [{k: "" if getattr(r, k) is None else getattr(r, k) for k in fields} for r in rows]
    data = _rules_post([row | {"is_active": "on"} for row in shown])
    data |= {"form-INITIAL_FORMS": str(len(rows)), "form-0-weight": "40"}
    # when
    response = client_as("manager1").post(reverse("strategies:grade_criteria"), data)
    # then
    assert response.status_code == 302
    after = list(GradingCriterion.objects.order_by("sort").values_list("metric", "weight"))
    assert after == [(rows[0].metric, 40)] + [(r.metric, r.weight) for r in rows[1:]]
