"""/api/v1/needs: register from any source, read with history, refine and change, overview,
and the forbidden cases."""

import json

import pytest

from kefu.service.services import interaction_log
from kefu.strategies.models import Need, Segment
from kefu.strategies.tests.needs_fixtures import *  # noqa: F403
from kefu.strategies.tests.needs_fixtures import register

pytestmark = pytest.mark.django_db
URL = "/api/v1/needs"


def _send(client, method, url, body):
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def test_a_portal_need_is_registered(api_as, zhang, feedback):
    body = {
        "customer": zhang.pk,
        "title": "网上报修太慢",
        "category": "service",
        "source": "portal",
    }
    response = _send(api_as("agent1"), "POST", URL, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["code"].startswith("N-") and data["grade"] == "gold" and data["source"] == "portal"
    assert data["history"][0]["kind"] == "register"


def test_a_need_is_registered_from_a_ticket_and_a_call(api_as, users, suggestion, zhang):
    client = api_as("agent1")
    body = {"title": "说明书改大字", "source": "ticket", "source_ticket": suggestion.pk}
    from_ticket = _send(client, "POST", URL, body)
    assert from_ticket.status_code == 201
    assert from_ticket.json()["customer"]["id"] == zhang.pk
    assert from_ticket.json()["source_ticket"] == suggestion.pk
    call = interaction_log(by=users["agent1"], channel="phone_in", summary="来电", customer=zhang)
    body = {
        "customer": zhang.pk,
        "title": "要上门",
        "source": "call",
        "source_interaction": call.pk,
    }
    assert _send(client, "POST", URL, body).json()["source_interaction"] == call.pk


def test_an_unknown_category_is_refused_naming_the_field(api_as, zhang, feedback):
    body = {"customer": zhang.pk, "title": "x", "category": "no-such"}
    response = _send(api_as("agent1"), "POST", URL, body)
    assert response.status_code == 400 and set(response.json()["fields"]) == {"category"}
    assert not Need.objects.exists()


def test_refine_then_change_keeps_the_history(api_as, need, strategy):
    client = api_as("agent1")
    refined = _send(client, "PATCH", f"{URL}/{need.pk}", {"version": 1, "strategies": ["CARE-01"]})
    assert refined.status_code == 200 and refined.json()["status"] == "refined"
    changed = _send(
        client,
        "PATCH",
        f"{URL}/{need.pk}",
        {"version": 2, "priority": 4, "reason": "客户是大客户"},
    )
    assert changed.status_code == 200 and changed.json()["priority"] == 4
    history = client.get(f"{URL}/{need.pk}/history").json()
    assert [step["kind"] for step in history] == ["register", "refine", "change"]
    assert history[1]["changes"]["strategies"] == [[], ["CARE-01"]]
    assert history[2]["changes"] == {"priority": [2, 4]} and history[2]["reason"] == "客户是大客户"


def test_a_stale_patch_is_409(api_as, need):
    client = api_as("agent1")
    assert (
        _send(client, "PATCH", f"{URL}/{need.pk}", {"version": 1, "description": "a"}).status_code
        == 200
    )
    stale = _send(client, "PATCH", f"{URL}/{need.pk}", {"version": 1, "description": "b"})
    assert stale.status_code == 409


def test_declining_without_a_reason_is_refused(api_as, need):
    body = {"version": 1, "status": "declined"}
    response = _send(api_as("agent1"), "PATCH", f"{URL}/{need.pk}", body)
    assert response.status_code == 400 and set(response.json()["fields"]) == {"reason"}


def test_the_list_filters(api_as, users, need, zhang):
    register(by=users["agent1"], customer=zhang, title="服务改进建议", category="service")
    rows = api_as("agent1").get(URL, {"category": "service"}).json()
    assert [row["title"] for row in rows["items"]] == ["服务改进建议"]


def test_the_overview_counts_by_category_grade_and_segment(api_as, users, need, zhang, li):
    # given two needs of a gold customer and one of a branch B customer
    register(by=users["agent1"], customer=zhang, title="服务改进建议", category="service")
    register(by=users["agent_b"], customer=li, title="乙域", category="service")
    Segment.objects.create(name="金卡客户", grades=["gold"])
    # when agent1 (branch A) and the manager ask for the overview
    mine = api_as("agent1").get(f"{URL}/overview").json()
    everything = api_as("manager1").get(f"{URL}/overview").json()
    # then each counts what they may see
    assert mine["total"] == 2 and everything["total"] == 3
    counts = {row["code"]: row["count"] for row in everything["categories"]}
    assert counts == {"service": 2, "need": 1}
    columns = [g["code"] for g in everything["grades"]]
    service = next(r for r in everything["matrix"] if r["category"]["code"] == "service")
    assert (
        service["counts"][columns.index("gold")] == 1 and service["counts"][columns.index("")] == 1
    )
    segment = everything["segments"][0]
    assert segment["name"] == "金卡客户" and segment["total"] == 2


def test_a_reversed_overview_period_is_refused(api_as):
    response = api_as("manager1").get(f"{URL}/overview", {"from": "2026-03-01", "to": "2026-01-01"})
    assert response.status_code == 400 and "end" in response.json()["fields"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("GET", "/overview"), ("GET", "/{pk}"), ("GET", "/{pk}/history")],
)
def test_without_the_permission_it_is_403(api_as, need, method, path):
    response = api_as("nobody").generic(method, URL + path.format(pk=need.pk))
    assert response.status_code == 403


def test_writes_without_the_permission_are_403(api_as, need, zhang):
    client = api_as("nobody")
    assert _send(client, "POST", URL, {"customer": zhang.pk, "title": "x"}).status_code == 403
    assert _send(client, "PATCH", f"{URL}/{need.pk}", {"version": 1}).status_code == 403


def test_a_need_of_another_branch_is_404_and_unlisted(api_as, foreign_need, need):
    client = api_as("agent1")
    for path in (f"{URL}/{foreign_need.pk}", f"{URL}/{foreign_need.pk}/history"):
        assert client.get(path).status_code == 404
    body = {"version": 1, "title": "改掉"}
    assert _send(client, "PATCH", f"{URL}/{foreign_need.pk}", body).status_code == 404
    listed = client.get(URL).json()
    assert [row["code"] for row in listed["items"]] == [need.code]
    foreign_need.refresh_from_db()
    assert foreign_need.title == "乙域客户的需求"


def test_a_foreign_customer_or_ticket_is_refused(api_as, users, li, feedback):
    from kefu.service.tests.factories import make_ticket

    client = api_as("agent1")
    response = _send(client, "POST", URL, {"customer": li.pk, "title": "x"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"customer"}
    ticket = make_ticket(by=users["agent_b"], customer=li, ticket_type="suggestion", subject="建议")
    body = {"title": "x", "source": "ticket", "source_ticket": ticket.pk}
    response = _send(client, "POST", URL, body)
    assert response.status_code == 400 and "source_ticket" in response.json()["fields"]
    assert not Need.objects.exists()
