"""API of grades and grading rules: /api/v1/grades, /api/v1/grades/criteria."""

import json

import pytest

from kefu.customers.models import Grade
from kefu.strategies.models import GradingCriterion

pytestmark = pytest.mark.django_db

URL = "/api/v1/grades"
GRADE = {
    "code": "platinum",
    "name": "白金",
    "rank": 50,
    "min_score": "95",
    "max_score": "100",
    "color": "primary",
}
RULES = [
    {"metric": "spend", "window_days": 365, "weight": "2", "zero_at": "0", "full_at": "50000"},
    {"metric": "satisfaction", "weight": "1", "zero_at": "1", "full_at": "5"},
]


def _send(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_grades_are_listed_best_rank_first(api_as):
    response = api_as("agent1").get(URL)
    assert response.status_code == 200
    assert [g["code"] for g in response.json()] == ["diamond", "gold", "silver", "regular"]


def test_a_manager_creates_updates_and_deactivates_a_grade(api_as):
    # given
    client = api_as("manager1")
    diamond = Grade.objects.get(code="diamond")
    body = {"code": "diamond", "name": "钻石", "rank": 40, "min_score": "85", "max_score": "95"}
    # when
    updated = _send(client, "put", f"{URL}/{diamond.pk}", body | {"color": "dark"})
    created = _send(client, "post", URL, GRADE)
    patched = _send(client, "patch", f"{URL}/{created.json()['id']}", {"is_active": False})
    # then
    assert (updated.status_code, created.status_code, patched.status_code) == (200, 201, 200)
    assert patched.json()["is_active"] is False


def test_an_overlapping_grade_is_refused_with_a_400_naming_the_fields(api_as):
    response = _send(api_as("manager1"), "post", URL, GRADE | {"min_score": "80"})
    assert response.status_code == 400
    assert response.json()["code"] == "grade.overlap"
    assert "min_score" in response.json()["fields"]
    assert not Grade.objects.filter(code="platinum").exists()


def test_a_grade_in_use_cannot_be_deleted(users, api_as):
    from kefu.customers.tests.factories import make_customer

    make_customer(by=users["agent1"], grade="gold")
    gold = Grade.objects.get(code="gold")
    response = api_as("manager1").delete(f"{URL}/{gold.pk}")
    assert response.status_code == 409
    assert Grade.objects.filter(code="gold").exists()


@pytest.mark.parametrize(
    ("user", "method", "path", "body"),
    [
        ("nobody", "get", "", None),
        ("supervisor1", "post", "", GRADE),
        ("supervisor1", "put", "/{gold}", GRADE),
        ("supervisor1", "patch", "/{gold}", {"is_active": False}),
        ("supervisor1", "delete", "/{gold}", None),
        ("agent1", "get", "/criteria", None),
        ("supervisor1", "put", "/criteria", RULES),
    ],
)
def test_the_grade_endpoints_refuse_a_user_without_the_permission(api_as, user, method, path, body):
    # given
    gold = Grade.objects.get(code="gold")
    before = list(GradingCriterion.objects.values_list("pk", flat=True))
    url = URL + path.format(gold=gold.pk)
    client = api_as(user)
    # when
    response = (
        _send(client, method, url, body) if body is not None else getattr(client, method)(url)
    )
    # then
    assert response.status_code == 403
    assert Grade.objects.get(code="gold").is_active
    assert list(GradingCriterion.objects.values_list("pk", flat=True)) == before


def test_an_unknown_grade_is_not_found(api_as):
    assert api_as("manager1").get(f"{URL}/999999").status_code == 404


def test_the_rules_are_read_and_replaced_as_a_whole(api_as):
    # when
    replaced = _send(api_as("manager1"), "put", f"{URL}/criteria", RULES)
    listed = api_as("supervisor1").get(f"{URL}/criteria")
    # then
    assert replaced.status_code == 200
    assert [r["metric"] for r in listed.json()] == ["spend", "satisfaction"]
    assert listed.json()[1]["window_days"] is None


def test_a_rule_over_an_unknown_metric_is_refused_and_nothing_changes(api_as):
    # given
    before = list(GradingCriterion.objects.values_list("pk", flat=True))
    # when
    response = _send(
        api_as("manager1"), "put", f"{URL}/criteria", [*RULES, RULES[0] | {"metric": "iq"}]
    )
    # then
    assert response.status_code == 400
    assert "2.metric" in response.json()["fields"]
    assert list(GradingCriterion.objects.values_list("pk", flat=True)) == before
