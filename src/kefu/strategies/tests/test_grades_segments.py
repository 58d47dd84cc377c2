"""Segments (客户细分): membership by grades and scores within the user's customers, bad
definitions refused, the pages and the API with their forbidden cases."""

import json

import pytest
from django.urls import reverse

from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.customers.tests.factories import make_customer
from kefu.strategies.models import Segment
from kefu.strategies.services_segments import (
    SegmentData,
    segment_create,
    segment_members,
)
from kefu.strategies.tests.grades_fixtures import score

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(users):
    """Gold customers of branch A with high and low risk, a silver one, and a gold one of B."""
    risky = make_customer(by=users["agent1"], name="甲金高险", grade="gold")
    safe = make_customer(by=users["agent1"], name="甲金低险", grade="gold")
    silver = make_customer(by=users["agent1"], name="甲银高险", grade="silver")
    foreign = make_customer(by=users["agent_b"], name="乙金高险", grade="gold")
    for customer, risk in ((risky, 80), (safe, 10), (silver, 90), (foreign, 85)):
        score(customer, 72, risk=risk)
    return {"risky": risky, "safe": safe, "silver": silver, "foreign": foreign}


@pytest.fixture
def gold_risky(users):
    return segment_create(
        data=SegmentData(
            name="金卡高风险",
            grades=["gold"],
            conditions=[{"score": "risk", "op": ">=", "value": 60}],
        ),
        by=users["manager1"],
    )


def test_a_segment_holds_the_customers_of_its_grades_meeting_every_condition(
    users, people, gold_risky
):
    # when
    seen_by_manager = set(segment_members(user=users["manager1"], segment=gold_risky))
    seen_in_branch_a = set(segment_members(user=users["supervisor1"], segment=gold_risky))
    # then
    assert seen_by_manager == {people["risky"], people["foreign"]}
    assert seen_in_branch_a == {people["risky"]}
    assert AuditEvent.objects.filter(action="segment.create").exists()


@pytest.mark.parametrize(
    ("grades", "conditions", "field"),
    [
        ([], [{"score": "shoe_size", "op": ">=", "value": 5}], "conditions.0.score"),
        ([], [{"score": "risk", "op": ">=", "value": 101}], "conditions.0.value"),
        ([], [{"score": "risk", "op": "<=", "value": -1}], "conditions.0.value"),
        ([], [{"score": "risk", "op": "==", "value": 5}], "conditions.0.op"),
        (["tin"], [], "grades"),
        ([], [], "grades"),
    ],
)
def test_a_bad_segment_is_refused_naming_the_field(users, grades, conditions, field):
    with pytest.raises(ApplicationError) as refused:
        segment_create(
            data=SegmentData(name="坏", grades=grades, conditions=conditions),
            by=users["manager1"],
        )
    assert field in refused.value.fields
    assert not Segment.objects.exists()


# ---- pages -----------------------------------------------------------------------------------


def test_the_segment_list_counts_only_the_users_visible_customers(client_as, people, gold_risky):
    html = client_as("supervisor1").get(reverse("strategies:segment_list")).content.decode()
    assert "金卡高风险" in html
    assert "<td>1</td>" in html


def test_the_segment_page_lists_its_visible_customers_with_grade_and_scores(
    client_as, people, gold_risky
):
    html = (
        client_as("supervisor1")
        .get(reverse("strategies:segment_detail", args=[gold_risky.pk]))
        .content.decode()
    )
    assert "甲金高险" in html and "金卡" in html
    assert "乙金高险" not in html and "甲金低险" not in html


def test_the_segment_customers_export_to_excel(client_as, people, gold_risky):
    response = client_as("manager1").get(
        reverse("strategies:segment_detail", args=[gold_risky.pk]) + "?export=xlsx"
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="segment.export").exists()


def test_a_manager_creates_a_segment_from_the_form(client_as):
    # given
    data = {
        "name": "高价值",
        "description": "",
        "conditions-TOTAL_FORMS": "2",
        "conditions-INITIAL_FORMS": "0",
        "conditions-MIN_NUM_FORMS": "0",
        "conditions-MAX_NUM_FORMS": "1000",
        "conditions-0-score": "value",
        "conditions-0-op": ">=",
        "conditions-0-value": "70",
        "conditions-1-score": "",
        "conditions-1-op": ">=",
        "conditions-1-value": "",
    }
    # when
    response = client_as("manager1").post(reverse("strategies:segment_create"), data)
    # then
    assert response.status_code == 302
    segment = Segment.objects.get(name="高价值")
    assert segment.conditions == [{"score": "value", "op": ">=", "value": 70}]


def test_a_segment_form_with_no_grade_and_no_condition_is_shown_again(client_as):
    data = {
        "name": "空",
        "conditions-TOTAL_FORMS": "0",
        "conditions-INITIAL_FORMS": "0",
        "conditions-MIN_NUM_FORMS": "0",
        "conditions-MAX_NUM_FORMS": "1000",
    }
    response = client_as("manager1").post(reverse("strategies:segment_create"), data)
    assert response.status_code == 200
    assert not Segment.objects.exists()


@pytest.mark.parametrize(
    ("user", "name", "method"),
    [
        ("agent1", "segment_list", "get"),
        ("agent1", "segment_detail", "get"),
        ("supervisor1", "segment_create", "get"),
        ("supervisor1", "segment_edit", "get"),
        ("supervisor1", "segment_active", "post"),
    ],
)
def test_the_segment_pages_refuse_a_user_without_the_permission(
    client_as, gold_risky, user, name, method
):
    args = [] if name in ("segment_list", "segment_create") else [gold_risky.pk]
    response = getattr(client_as(user), method)(reverse(f"strategies:{name}", args=args))
    assert response.status_code == 403
    assert Segment.objects.get(pk=gold_risky.pk).is_active


def test_a_manager_deactivates_a_segment(client_as, gold_risky):
    client_as("manager1").post(
        reverse("strategies:segment_active", args=[gold_risky.pk]), {"active": "0"}
    )
    assert Segment.objects.get(pk=gold_risky.pk).is_active is False


# ---- API -------------------------------------------------------------------------------------

URL = "/api/v1/segments"


def _send(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_segments_are_created_read_updated_and_listed_through_the_api(api_as, people):
    # given
    client = api_as("manager1")
    body = {"name": "金卡", "grades": ["gold"]}
    # when
    created = _send(client, "post", URL, body)
    pk = created.json()["id"]
    updated = _send(
        client,
        "put",
        f"{URL}/{pk}",
        body | {"conditions": [{"score": "risk", "op": "<=", "value": 50}]},
    )
    read = api_as("supervisor1").get(f"{URL}/{pk}")
    members = api_as("supervisor1").get(f"{URL}/{pk}/customers")
    listed = client.get(URL)
    # then
    assert (created.status_code, updated.status_code, read.status_code) == (201, 200, 200)
    assert read.json()["customers"] == 1
    assert [m["code"] for m in members.json()["items"]] == [people["safe"].code]
    assert members.json()["items"][0]["scores"]["risk"] == 10
    assert listed.json()["count"] == 1


def test_a_bad_segment_is_refused_by_the_api_with_the_field_named(api_as):
    response = _send(
        api_as("manager1"),
        "post",
        URL,
        {"name": "坏", "conditions": [{"score": "risk", "op": ">=", "value": 500}]},
    )
    assert response.status_code == 400
    assert "conditions.0.value" in response.json()["fields"]


def test_the_segment_api_refuses_users_without_the_permission(api_as, gold_risky):
    # given
    url = f"{URL}/{gold_risky.pk}"
    body = {"name": "改", "grades": ["silver"]}
    # when
    answers = [
        api_as("agent1").get(URL).status_code,
        api_as("agent1").get(url).status_code,
        api_as("agent1").get(f"{url}/customers").status_code,
        _send(api_as("supervisor1"), "post", URL, body).status_code,
        _send(api_as("supervisor1"), "put", url, body).status_code,
    ]
    # then
    assert answers == [403] * 5
    assert Segment.objects.get(pk=gold_risky.pk).name == "金卡高风险"


def test_an_unknown_segment_is_not_found(api_as):
    assert api_as("manager1").get(f"{URL}/999999/customers").status_code == 404
