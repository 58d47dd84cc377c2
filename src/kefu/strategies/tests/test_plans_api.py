"""API /api/v1/plans: create, read with progress, change with version, start, tasks, execute,
versions, complete, cancel; refusals."""

import json

import pytest

from kefu.strategies.models import Plan, PlanTask
from kefu.strategies.tests.plans_factories import day, gold_customer, make_plan, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return {
        "customer": gold_customer(by=users["agent1"], name="金卡王先生"),
        "action": make_strategy(recurrence="monthly", name="月度关怀"),
        "gift": make_strategy(recurrence="once", action_type="gift", name="礼品"),
        "retired": make_strategy(status="retired", name="旧策略"),
    }


def _send(client, method, url, body=None):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json")


def _body(world, **fields):
    body = {
        "title": "王先生服务方案",
        "customer_id": world["customer"].pk,
        "starts_on": day(0).isoformat(),
        "ends_on": day(45).isoformat(),
        "budget": "800.00",
        "strategy_ids": [world["action"].pk],
    }
    return body | fields


def test_a_manager_runs_a_plan_through_the_api(api_as, users, world):
    api = api_as("manager1")
    # create
    created = _send(api, "POST", "/api/v1/plans", _body(world))
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["status"] == "draft" and plan["code"].startswith("P-")
    assert plan["estimated_cost"] == "100.00" and plan["owner"]["id"] == users["manager1"].pk
    url = f"/api/v1/plans/{plan['id']}"
    # start: tasks generated
    started = _send(api, "POST", f"{url}/activate")
    assert started.status_code == 200 and started.json()["status"] == "active"
    assert started.json()["progress"]["open"] == 2
    # change: stale refused, current accepted, a gift added as a task
    stale = _send(api, "PATCH", url, {"reason": "加礼品", "version": 5, "title": "x"})
    assert stale.status_code == 409
    patched = _send(
        api,
        "PATCH",
        url,
        {"reason": "加礼品", "version": 1, "strategy_ids": [world["action"].pk, world["gift"].pk]},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["version"] == 2 and patched.json()["progress"]["open"] == 3
    # tasks and versions
    tasks = api.get(f"{url}/tasks").json()
    assert tasks["count"] == 3
    versions = api.get(f"{url}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert any(c["field"] == "strategies" for c in versions[0]["changes"])
    # the agent executes a task
    agent = api_as("agent1")
    mine = agent.get("/api/v1/plans/tasks").json()
    assert mine["count"] == 3
    task_id = mine["items"][0]["id"]
    assert (
        _send(agent, "POST", f"/api/v1/plans/tasks/{task_id}/done", {"result": " "}).status_code
        == 400
    )
    done = _send(agent, "POST", f"/api/v1/plans/tasks/{task_id}/done", {"result": "已回访"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    again = _send(agent, "POST", f"/api/v1/plans/tasks/{task_id}/skip", {"reason": "重复"})
    assert again.status_code == 409
    assert api.get(url).json()["progress"]["done"] == 1
    # complete: evaluated
    completed = _send(api, "POST", f"{url}/complete")
    assert completed.status_code == 200 and "measures" in completed.json()["evaluation"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"strategy_ids": []}, "strategy_ids"),
        ({"ends_on": day(-3).isoformat()}, "ends_on"),
        ({"customer_id": None}, "customer_id"),
        ({"budget": "-5"}, "budget"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_as, world, fields, field):
    response = _send(api_as("manager1"), "POST", "/api/v1/plans", _body(world, **fields))
    assert response.status_code == 400 and field in response.json()["fields"]
    assert not Plan.objects.exists()


def test_a_retired_strategy_is_refused(api_as, world):
    body = _body(world, strategy_ids=[world["retired"].pk])
    response = _send(api_as("manager1"), "POST", "/api/v1/plans", body)
    assert response.status_code == 400 and "strategy_ids" in response.json()["fields"]


def test_a_customer_of_another_unit_cannot_be_planned(api_as, users, world):
    other = gold_customer(by=users["agent_b"], name="乙域客户")
    response = _send(
        api_as("supervisor1"), "POST", "/api/v1/plans", _body(world, customer_id=other.pk)
    )
    assert response.status_code == 400 and "customer_id" in response.json()["fields"]
    assert not Plan.objects.exists()


def test_forbidden_cases(api_as, users, world):
    # given an active plan of branch A
    from kefu.strategies.services_plans import plan_activate

    plan = make_plan(by=users["manager1"], strategies=[world["action"]], customer=world["customer"])
    plan_activate(plan=plan, by=users["manager1"])
    task = plan.tasks.first()
    url = f"/api/v1/plans/{plan.pk}"
    # an agent reads but may not create, change, start, complete or cancel
    agent = api_as("agent1")
    assert agent.get(url).status_code == 200
    assert _send(agent, "POST", "/api/v1/plans", _body(world)).status_code == 403
    assert _send(agent, "PATCH", url, {"reason": "x", "version": 1}).status_code == 403
    for action in ("complete", "activate"):
        assert _send(agent, "POST", f"{url}/{action}").status_code == 403
    assert _send(agent, "POST", f"{url}/cancel", {"reason": "x"}).status_code == 403
    # another unit's agent finds nothing
    other = api_as("agent_b")
    for path in (url, f"{url}/tasks", f"{url}/versions"):
        assert other.get(path).status_code == 404, path
    assert plan.code not in other.get("/api/v1/plans").content.decode()
    assert other.get("/api/v1/plans/tasks", {"mine": "false"}).json()["count"] == 0
    response = _send(other, "POST", f"/api/v1/plans/tasks/{task.pk}/done", {"result": "x"})
    assert response.status_code == 404
    # a user without a role is refused everything
    nobody = api_as("nobody")
    assert nobody.get("/api/v1/plans").status_code == 403
    assert nobody.get("/api/v1/plans/tasks").status_code == 403
    assert (
        _send(nobody, "POST", f"/api/v1/plans/tasks/{task.pk}/skip", {"reason": "x"}).status_code
        == 403
    )
    assert PlanTask.objects.get(pk=task.pk).status == "open"
    assert Plan.objects.get(pk=plan.pk).version == 1
