"""API of grading runs: /api/v1/grading/runs."""

import pytest

from kefu.customers.tests.factories import make_customer
from kefu.strategies.choices import RunStatus
from kefu.strategies.models import GradingCriterion, GradingRun
from kefu.strategies.services_grading import grading_preview
from kefu.strategies.tests.grading_fixtures import grade_of, spend

pytestmark = pytest.mark.django_db
BASE = "/api/v1/grading/runs"


@pytest.fixture
def customers(users):
    GradingCriterion.objects.all().delete()
    GradingCriterion.objects.create(
        metric="spend", window_days=365, weight=1, zero_at=0, full_at=100
    )
    made = {
        "a": make_customer(by=users["agent1"], name="甲分中心大客户"),
        "b": make_customer(by=users["agent_b"], name="乙分中心大客户"),
    }
    for customer in made.values():
        spend(customer, 500)
    return made


def test_post_starts_a_preview_and_answers_202(
    api_as, customers, django_capture_on_commit_callbacks
):
    api = api_as("manager1")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(BASE, content_type="application/json")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "running" and body["trigger"] == "api"
    read = api.get(f"{BASE}/{body['id']}").json()
    assert read["status"] == "preview" and read["changes_count"] == 2 and read["criteria"]


def test_list_read_changes_and_apply(api_as, customers, users):
    run = grading_preview(by=users["manager1"])
    api = api_as("manager1")
    listed = api.get(BASE).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == run.pk
    changes = api.get(f"{BASE}/{run.pk}/changes?limit=1").json()
    assert changes["count"] == 2 and len(changes["items"]) == 1
    assert changes["items"][0]["to_grade"] == "diamond"
    assert api.get(f"{BASE}/{run.pk}/changes?to_grade=gold").json()["count"] == 0
    applied = api.post(f"{BASE}/{run.pk}/apply")
    assert applied.status_code == 200 and applied.json()["applied_count"] == 2
    assert grade_of(customers["b"]) == "diamond"


def test_a_second_apply_is_refused_with_409(api_as, customers, users):
    run = grading_preview(by=users["manager1"])
    api = api_as("manager1")
    assert api.post(f"{BASE}/{run.pk}/apply").status_code == 200
    again = api.post(f"{BASE}/{run.pk}/apply")
    assert again.status_code == 409 and again.json()["code"] == "grading.not_applyable"
    assert api.post(f"{BASE}/{run.pk}/discard").status_code == 409


def test_discard(api_as, customers, users):
    run = grading_preview(by=users["manager1"])
    response = api_as("manager1").post(f"{BASE}/{run.pk}/discard")
    assert response.status_code == 200 and response.json()["status"] == RunStatus.DISCARDED


def test_a_supervisor_reads_only_visible_changes_and_may_not_write(api_as, customers, users):
    run = grading_preview(by=users["manager1"])
    api = api_as("supervisor1")
    names = [c["customer"] for c in api.get(f"{BASE}/{run.pk}/changes").json()["items"]]
    assert names == ["甲分中心大客户"]
    assert api.post(BASE).status_code == 403
    assert api.post(f"{BASE}/{run.pk}/apply").status_code == 403
    assert api.post(f"{BASE}/{run.pk}/discard").status_code == 403
    assert GradingRun.objects.get().status == RunStatus.PREVIEW


@pytest.mark.parametrize("username", ["agent1", "outlet1", "nobody"])
def test_users_without_the_permission_get_403(api_as, customers, users, username):
    run = grading_preview(by=users["manager1"])
    api = api_as(username)
    assert api.get(BASE).status_code == 403
    assert api.get(f"{BASE}/{run.pk}").status_code == 403
    assert api.get(f"{BASE}/{run.pk}/changes").status_code == 403


def test_an_unknown_run_is_404(api_as, customers):
    assert api_as("manager1").get(f"{BASE}/999999").status_code == 404
