"""Grading run pages and the 客户价值分析 panel: who may do what, and what they show."""

import pytest
from django.urls import reverse

from kefu.customers.models import Customer
from kefu.customers.tests.factories import make_customer
from kefu.strategies.choices import RunStatus
from kefu.strategies.models import GradingCriterion, GradingRun
from kefu.strategies.services_grading import grading_preview
from kefu.strategies.tests.grading_fixtures import grade_of, spend

pytestmark = pytest.mark.django_db


@pytest.fixture
def customers(users):
    GradingCriterion.objects.all().delete()
    GradingCriterion.objects.create(
        metric="spend", window_days=365, weight=1, zero_at=0, full_at=100
    )
    a = make_customer(by=users["agent1"], name="甲分中心大客户")  # branch A
    b = make_customer(by=users["agent_b"], name="乙分中心大客户")  # branch B
    for customer in (a, b):
        spend(customer, 500)
    return {"a": a, "b": b}


@pytest.fixture
def run(customers, users):
    return grading_preview(by=users["manager1"])


def test_the_run_list_shows_runs_and_the_new_preview_button(client_as, run):
    response = client_as("manager1").get(reverse("strategies:grading_run_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"#{run.pk}" in html and "grading-new-preview" in html


def test_a_supervisor_sees_runs_but_cannot_start_or_apply(client_as, run):
    client = client_as("supervisor1")
    page = client.get(reverse("strategies:grading_run_list")).content.decode()
    assert "grading-new-preview" not in page
    detail = client.get(reverse("strategies:grading_run_detail", args=[run.pk]))
    assert detail.status_code == 200 and b"grading-apply" not in detail.content
    assert client.post(reverse("strategies:grading_run_start")).status_code == 403
    assert client.post(reverse("strategies:grading_run_apply", args=[run.pk])).status_code == 403
    assert client.post(reverse("strategies:grading_run_discard", args=[run.pk])).status_code == 403


@pytest.mark.parametrize("username", ["agent1", "outlet1", "nobody"])
def test_users_without_the_permission_are_refused(client_as, run, username):
    client = client_as(username)
    for name, args in (("grading_run_list", []), ("grading_run_detail", [run.pk])):
        assert client.get(reverse(f"strategies:{name}", args=args)).status_code == 403


def test_the_detail_shows_the_matrix_and_only_visible_customers(client_as, run, customers):
    # when: a supervisor of branch A
    html = (
        client_as("supervisor1")
        .get(reverse("strategies:grading_run_detail", args=[run.pk]))
        .content.decode()
    )
    # then
    assert "grading-matrix" in html
    assert "甲分中心大客户" in html and "乙分中心大客户" not in html


def test_the_manager_starts_a_preview_and_applies_it(
    client_as, customers, django_capture_on_commit_callbacks
):
    client = client_as("manager1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("strategies:grading_run_start"))
    run = GradingRun.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{run.pk}/")
    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEW
    detail = client.get(response.url).content.decode()
    assert "甲分中心大客户" in detail and "乙分中心大客户" in detail and "grading-apply" in detail
    # when
    client.post(reverse("strategies:grading_run_apply", args=[run.pk]))
    # then
    assert grade_of(customers["a"]) == "diamond"
    again = client.post(reverse("strategies:grading_run_apply", args=[run.pk]), follow=True)
    assert again.status_code == 200 and b"grading-apply" not in again.content
    assert Customer.objects.filter(grade="diamond").count() == 2


def test_a_computing_run_refreshes_itself(client_as, customers):
    run = GradingRun.objects.create(status=RunStatus.RUNNING)
    client = client_as("manager1")
    page = client.get(reverse("strategies:grading_run_detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    partial = client.get(
        reverse("strategies:grading_run_detail", args=[run.pk]), HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200 and "HX-Refresh" not in partial


def test_discard_from_the_page(client_as, run):
    client_as("manager1").post(reverse("strategies:grading_run_discard", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.DISCARDED


def test_the_360_panel_explains_the_scores(client_as, run, customers):
    html = (
        client_as("agent1")
        .get(reverse("customers:detail", args=[customers["a"].pk]))
        .content.decode()
    )
    assert 'id="customer-value"' in html and "70%" in html


def test_the_360_panel_says_when_nothing_is_computed_yet(client_as, users):
    customer = make_customer(by=users["agent1"], name="新客户")
    html = client_as("agent1").get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert 'id="customer-value"' in html and "grading-run" not in html
