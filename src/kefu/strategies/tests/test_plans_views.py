"""Plan pages: a manager builds a plan from suggestions, an agent executes its tasks, the
progress updates; changes with versions; forbidden cases for every page."""

import pytest
from django.urls import reverse

from kefu.strategies.models import Plan, PlanTask
from kefu.strategies.services_plans import plan_activate
from kefu.strategies.tests.plans_factories import (
    day,
    gold_customer,
    make_need,
    make_plan,
    make_strategy,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    customer = gold_customer(by=users["agent1"], name="金卡王先生")
    grade_action = make_strategy(recurrence="once", name="金卡年度回访")
    need_action = make_strategy(recurrence="once", name="上门保养", grades=())
    unrelated = make_strategy(recurrence="once", name="培训课程", grades=("silver",))
    need = make_need(customer=customer, strategies=[need_action])
    return {
        "customer": customer,
        "grade_action": grade_action,
        "need_action": need_action,
        "unrelated": unrelated,
        "need": need,
    }


def _form(world, owner, **fields):
    data = {
        "customer": world["customer"].pk,
        "title": "王先生服务方案",
        "starts_on": day(0).isoformat(),
        "ends_on": day(30).isoformat(),
        "owner": owner.pk,
        "budget": "1000",
        "strategies": [world["grade_action"].pk, world["need_action"].pk],
        "needs": [world["need"].pk],
    }
    return data | fields


def test_the_form_suggests_the_grade_and_need_strategies_with_reasons(client_as, world):
    # when a manager picks the gold customer
    url = reverse("strategies:plan_suggestions")
    page = client_as("manager1").get(url, {"customer": world["customer"].pk})
    text = page.content.decode()
    # then both suggestions are ticked with their reasons; the unrelated one is not suggested
    assert page.status_code == 200
    assert "金卡" in text and world["need"].code in text
    suggested = text.split("Other strategies")[0] if "Other strategies" in text else text
    assert "金卡年度回访" in suggested and "上门保养" in suggested
    assert f'value="{world["grade_action"].pk}" id="strategy-{world["grade_action"].pk}"' in text
    assert text.count("checked") >= 2
    assert "200.00" in text  # 2 strategies × ¥100 × 1 customer


def test_a_manager_creates_a_plan_and_an_agent_executes_its_task(client_as, users, world):
    # given a manager who saves the form
    client = client_as("manager1")
    response = client.post(reverse("strategies:plan_new"), _form(world, users["manager1"]))
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.status == "draft"
    assert set(plan.needs.all()) == {world["need"]}
    # when it is started
    client.post(reverse("strategies:plan_activate", args=[plan.pk]))
    task = PlanTask.objects.get(plan=plan, strategy=world["grade_action"])
    assert task.assignee == users["agent1"]
    # then the agent sees the task in my tasks and records its result
    agent = client_as("agent1")
    mine = agent.get(reverse("strategies:plan_my_tasks")).content.decode()
    assert task.title in mine
    empty = agent.post(reverse("strategies:plan_task_done", args=[task.pk]), {"result": ""})
    assert empty.status_code == 400
    done = agent.post(reverse("strategies:plan_task_done", args=[task.pk]), {"result": "已回访"})
    assert done.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.done_by, task.result) == ("done", users["agent1"], "已回访")
    # and the plan page shows the progress: 1 of 2 done
    page = agent.get(reverse("strategies:plan_detail", args=[plan.pk])).content.decode()
    assert 'id="progress-percent">50%' in page


def test_a_plan_without_strategies_is_refused_on_the_form_and_nothing_saved(
    client_as, world, users
):
    response = client_as("manager1").post(
        reverse("strategies:plan_new"), _form(world, users["manager1"], strategies=[])
    )
    assert response.status_code == 400
    assert "strategy" in response.content.decode().lower() or "策略" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_change_with_reason_saves_a_version_and_a_stale_one_is_refused(client_as, users, world):
    # given a plan
    plan = make_plan(
        by=users["manager1"], strategies=[world["grade_action"]], customer=world["customer"]
    )
    client = client_as("supervisor1")
    url = reverse("strategies:plan_edit", args=[plan.pk])
    assert client.get(url).status_code == 200
    data = _form(world, users["manager1"], title="新标题", reason="客户要求", version=1)
    data.pop("customer")
    # when it is changed / then version 2 and a history with the difference
    assert client.post(url, data).status_code == 302
    history = client.get(reverse("strategies:plan_versions", args=[plan.pk])).content.decode()
    assert "客户要求" in history and "新标题" in history and "金卡客户年度服务方案" in history
    # when someone saves from the old page / then 409 and nothing changes
    stale = client.post(url, data | {"title": "过期", "reason": "旧页面"})
    assert stale.status_code == 409
    assert Plan.objects.get(pk=plan.pk).title == "新标题"


def test_the_plan_list_shows_progress_and_filters_mine(client_as, users, world):
    plan = make_plan(
        by=users["manager1"], strategies=[world["grade_action"]], customer=world["customer"]
    )
    plan_activate(plan=plan, by=users["manager1"])
    page = client_as("manager1").get(reverse("strategies:plan_list"), {"mine": "on"})
    assert plan.code in page.content.decode() and "0/1" in page.content.decode()
    other = client_as("supervisor1").get(reverse("strategies:plan_list"), {"mine": "on"})
    assert plan.code not in other.content.decode()


def _pages(plan, task):
    return {
        "get": [
            reverse("strategies:plan_list"),
            reverse("strategies:plan_detail", args=[plan.pk]),
            reverse("strategies:plan_versions", args=[plan.pk]),
            reverse("strategies:plan_my_tasks"),
            reverse("strategies:plan_task", args=[task.pk]),
        ],
        "manage": [
            reverse("strategies:plan_new"),
            reverse("strategies:plan_suggestions"),
            reverse("strategies:plan_customer_search"),
            reverse("strategies:plan_edit", args=[plan.pk]),
        ],
    }


@pytest.fixture
def running(users, world):
    plan = make_plan(
        by=users["manager1"], strategies=[world["grade_action"]], customer=world["customer"]
    )
    plan_activate(plan=plan, by=users["manager1"])
    return plan, plan.tasks.get()


def test_a_user_without_a_role_is_refused_every_page(client_as, running):
    plan, task = running
    client = client_as("nobody")
    pages = _pages(plan, task)
    for url in pages["get"] + pages["manage"]:
        assert client.get(url).status_code == 403, url


def test_an_agent_may_not_create_change_or_start_plans(client_as, running):
    plan, task = running
    client = client_as("agent1")
    for url in _pages(plan, task)["manage"]:
        assert client.get(url).status_code == 403, url
    for name in ("plan_activate", "plan_complete", "plan_cancel"):
        assert client.post(reverse(f"strategies:{name}", args=[plan.pk])).status_code == 403
    assert Plan.objects.get(pk=plan.pk).status == "active"


def test_another_units_agent_gets_404_and_changes_nothing(client_as, running):
    plan, task = running
    client = client_as("agent_b")
    for url in _pages(plan, task)["get"][1:]:
        if "tasks/" in url and url.endswith("/tasks/"):
            continue
        assert client.get(url).status_code == 404, url
    done = client.post(reverse("strategies:plan_task_done", args=[task.pk]), {"result": "x"})
    skip = client.post(reverse("strategies:plan_task_skip", args=[task.pk]), {"reason": "x"})
    assert done.status_code == skip.status_code == 404
    assert PlanTask.objects.get(pk=task.pk).status == "open"
    mine = client.get(reverse("strategies:plan_my_tasks")).content.decode()
    assert task.title not in mine
    listed = client.get(reverse("strategies:plan_list")).content.decode()
    assert plan.code not in listed


def test_another_units_supervisor_cannot_change_or_cancel(client_as, users, running):
    plan, _task = running
    from kefu.accounts.services import user_create

    user_create(
        username="sup_b",
        password="x-pw-123456",
        org_unit=users["agent_b"].org_unit,
        roles=["supervisor"],
    )
    from django.contrib.auth import get_user_model

    client = client_as("agent_b")
    client.force_login(get_user_model().objects.get(username="sup_b"))
    for name in ("plan_activate", "plan_complete"):
        assert client.post(reverse(f"strategies:{name}", args=[plan.pk])).status_code == 404
    cancel = client.post(reverse("strategies:plan_cancel", args=[plan.pk]), {"reason": "x"})
    assert cancel.status_code == 404
    assert client.get(reverse("strategies:plan_edit", args=[plan.pk])).status_code == 404
    assert Plan.objects.get(pk=plan.pk).status == "active"


def test_the_customer_picker_finds_only_customers_in_scope(client_as, users, world):
    gold_customer(by=users["agent_b"], name="乙域金卡客户")
    found = client_as("supervisor1").get(reverse("strategies:plan_customer_search"), {"q": "金卡"})
    names = [row["text"] for row in found.json()["results"]]
    assert any("金卡王先生" in n for n in names) and not any("乙域" in n for n in names)
