"""/api/v1/care: reminders (list scoped, generate, ticket once, dismiss) and campaigns (list,
create, read, launch), with their forbidden cases."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.customers.tests.factories import make_customer
from kefu.service.models import Ticket
from kefu.strategies.models import CareCampaign, CareItem
from kefu.strategies.tests.care_helpers import installed

pytestmark = pytest.mark.django_db
BASE = "/api/v1/care"


@pytest.fixture
def items(users):
    today = timezone.localdate()
    installed(by=users["agent1"], purchased=today - timedelta(days=80))
    installed(by=users["agent_b"], purchased=today - timedelta(days=82))
    from kefu.strategies.services_care import care_reminders_generate

    care_reminders_generate(lookahead=14)
    return {
        "a": CareItem.objects.get(customer__org_unit__code="BR-A"),
        "b": CareItem.objects.get(customer__org_unit__code="BR-B"),
    }


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_the_reminders_list_is_scoped_and_filtered(users, items, api_as):
    # when
    mine = api_as("agent1").get(f"{BASE}/reminders", {"kind": "maintenance", "status": "due"})
    everyone = api_as("manager1").get(f"{BASE}/reminders")
    none = api_as("agent1").get(f"{BASE}/reminders", {"kind": "birthday"})
    # then
    assert [r["id"] for r in mine.json()["items"]] == [items["a"].pk]
    assert everyone.json()["count"] == 2 and none.json()["count"] == 0
    assert mine.json()["items"][0]["asset"]["id"] == items["a"].asset_id


def test_a_reminder_becomes_one_ticket_and_the_second_call_is_409(users, items, api_as):
    # given
    client = api_as("agent1")
    url = f"{BASE}/reminders/{items['a'].pk}/ticket"
    # when
    made = _post(client, url)
    again = _post(client, url)
    foreign = _post(api_as("agent_b"), url)
    # then
    assert made.status_code == 201 and made.json()["reminder"]["status"] == "generated"
    assert again.status_code == 409 and again.json()["code"] == "care.not_due"
    assert foreign.status_code == 404
    assert Ticket.objects.filter(ticket_type="care").count() == 1


def test_dismissing_by_api_needs_a_note_and_the_scope(users, items, api_as):
    # given
    url = f"{BASE}/reminders/{items['a'].pk}/dismiss"
    # when
    empty = _post(api_as("agent1"), url, {"note": ""})
    foreign = _post(api_as("agent_b"), url, {"note": "不需要"})
    done = _post(api_as("agent1"), url, {"note": "客户已自行保养"})
    # then
    assert empty.status_code == 422 and foreign.status_code == 404
    assert done.status_code == 200 and done.json()["status"] == "dismissed"


def test_generation_by_api_is_for_managers_and_never_doubles(users, items, api_as):
    # when
    refused = _post(api_as("agent1"), f"{BASE}/reminders/generate", {"lookahead": 14})
    again = _post(api_as("manager1"), f"{BASE}/reminders/generate", {"lookahead": 14})
    bad = _post(api_as("manager1"), f"{BASE}/reminders/generate", {"lookahead": 999})
    # then
    assert refused.status_code == 403 and bad.status_code == 422
    assert again.status_code == 200 and again.json()["maintenance"] == 0
    assert CareItem.objects.count() == 2


def test_users_without_care_rights_are_refused(users, items, api_as):
    # when
    client = api_as("finance1")
    answers = [
        client.get(f"{BASE}/reminders").status_code,
        client.get(f"{BASE}/reminders/{items['a'].pk}").status_code,
        _post(client, f"{BASE}/reminders/{items['a'].pk}/ticket").status_code,
        _post(client, f"{BASE}/reminders/{items['a'].pk}/dismiss", {"note": "x"}).status_code,
        client.get(f"{BASE}/campaigns").status_code,
    ]
    # then
    assert answers == [403] * 5
    assert CareItem.objects.filter(status="due").count() == 2


def test_campaigns_are_created_read_and_launched_by_managers(users, api_as):
    # given
    make_customer(by=users["agent1"], name="张三", grade="gold")
    body = {
        "name": "国庆问候",
        "occasion": "国庆节",
        "send_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "channel": "call",
        "message": "{客户称呼}，国庆快乐",
        "grades": ["gold"],
    }
    manager = api_as("manager1")
    # when
    created = _post(manager, f"{BASE}/campaigns", body)
    refused = _post(api_as("agent1"), f"{BASE}/campaigns", body)
    past = _post(manager, f"{BASE}/campaigns", body | {"send_on": "2020-01-01"})
    campaign_id = created.json()["id"]
    read = api_as("agent1").get(f"{BASE}/campaigns/{campaign_id}")
    agent_launch = _post(api_as("agent1"), f"{BASE}/campaigns/{campaign_id}/launch")
    launched = _post(manager, f"{BASE}/campaigns/{campaign_id}/launch")
    again = _post(manager, f"{BASE}/campaigns/{campaign_id}/launch")
    # then
    assert created.status_code == 201 and created.json()["recipients"] == 1
    assert refused.status_code == 403 and agent_launch.status_code == 403
    assert past.status_code == 400 and "send_on" in past.json()["fields"]
    assert read.status_code == 200 and read.json()["name"] == "国庆问候"
    assert launched.status_code == 200 and launched.json()["items"] == 1
    assert again.status_code == 409
    assert CareCampaign.objects.count() == 1
