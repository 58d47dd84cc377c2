"""Holiday greeting campaigns: bad input, recipients by grade and segment, launch (once), e-mail
in a job (once), the SMS export, care tickets for a call campaign, and the forbidden cases."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kefu.core.errors import ApplicationError
from kefu.customers.tests.factories import make_customer
from kefu.service.models import Ticket
from kefu.strategies.models import CareCampaign, CareItem, Segment
from kefu.strategies.services_care_campaigns import (
    CampaignData,
    campaign_create,
    campaign_launch,
    campaign_send_emails,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(users):
    """Two gold customers (one with e-mail, one with a mobile), a silver one, a regular one."""
    by = users["agent1"]
    return {
        "gold_mail": make_customer(
            by=by, name="张三", gender="m", grade="gold", email="zhang@example.com"
        ),
        "gold_phone": make_customer(by=by, name="李四", grade="gold", mobile="13800138001"),
        "silver": make_customer(by=users["agent_b"], name="王五", grade="silver"),
        "regular": make_customer(by=by, name="赵六", grade="regular"),
    }


def _data(**changes) -> CampaignData:
    values = {
        "name": "2027 春节问候",
        "occasion": "春节",
        "send_on": timezone.localdate() + timedelta(days=3),
        "channel": "call",
        "message": "{客户称呼}，{公司名称}祝您春节快乐！",
        "grades": ["gold"],
    }
    return CampaignData(**(values | changes))


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"send_on": timezone.localdate() - timedelta(days=1)}, "send_on"),
        ({"grades": []}, "grades"),
        ({"message": "  "}, "message"),
        ({"message": "{客户称呼}，您的服务单{服务单号}"}, "message"),
        ({"message": "{不存在}"}, "message"),
        ({"grades": ["platinum"]}, "grades"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_campaign_input_is_refused_naming_the_field(users, changes, field):
    # when
    with pytest.raises(ApplicationError) as refused:
        campaign_create(data=_data(**changes), by=users["manager1"])
    # then
    assert field in refused.value.fields
    assert not CareCampaign.objects.exists()


def test_launching_greets_each_customer_of_the_grades_once(users, graded):
    # given
    campaign = campaign_create(data=_data(), by=users["manager1"])
    # when
    made = campaign_launch(campaign=campaign, by=users["manager1"])
    # then: a second launch is refused and makes nothing
    with pytest.raises(ApplicationError) as again:
        campaign_launch(campaign=campaign, by=users["manager1"])
    items = CareItem.objects.filter(campaign=campaign)
    assert made == 2 and again.value.status == 409
    assert {i.customer for i in items} == {graded["gold_mail"], graded["gold_phone"]}
    assert {i.key for i in items} == {f"campaign:{campaign.pk}:{i.customer_id}" for i in items}
    assert {(i.kind, i.due_on) for i in items} == {("holiday", campaign.send_on)}


def test_a_segment_targets_its_customers_and_narrows_the_grades(users, graded):
    # given: a segment of silver customers
    silver = Segment.objects.create(name="银卡客户", grades=["silver"])
    only_segment = campaign_create(data=_data(grades=[], segment_id=silver.pk), by=users["admin"])
    both = campaign_create(data=_data(grades=["gold"], segment_id=silver.pk), by=users["admin"])
    # when
    campaign_launch(campaign=only_segment, by=users["admin"])
    with pytest.raises(ApplicationError) as empty:
        campaign_launch(campaign=both, by=users["admin"])
    # then
    customers = CareItem.objects.filter(campaign=only_segment).values_list("customer", flat=True)
    assert list(customers) == [graded["silver"].pk]
    assert empty.value.code == "campaign.empty"
    assert CareCampaign.objects.get(pk=both.pk).status == "draft"


def test_an_e_mail_campaign_mails_each_recipient_once_with_the_message_filled(users, graded):
    # given: an e-mail campaign sent today reaches only the customer with an address
    campaign = campaign_create(
        data=_data(channel="email", send_on=timezone.localdate()), by=users["manager1"]
    )
    # when: launching queues the job (run at once in tests); the job runs again
    campaign_launch(campaign=campaign, by=users["manager1"])
    campaign_send_emails(campaign_id=campaign.pk)
    second = campaign_send_emails(campaign_id=campaign.pk)
    # then
    campaign.refresh_from_db()
    assert second == {"sent": 0, "failed": 0}
    assert [m.to for m in mail.outbox] == [["zhang@example.com"]]
    assert mail.outbox[0].body.startswith("张先生，")
    assert campaign.status == "finished"
    assert CareItem.objects.get(campaign=campaign).status == "done"


def test_a_text_message_campaign_exports_its_recipients_and_marks_them_done(
    users, graded, client_as
):
    # given
    campaign = campaign_create(data=_data(channel="sms"), by=users["manager1"])
    campaign_launch(campaign=campaign, by=users["manager1"])
    url = reverse("strategies:care_campaign_export", args=[campaign.pk])
    # when
    refused = client_as("agent1").post(url)
    response = client_as("manager1").post(url)
    # then
    campaign.refresh_from_db()
    assert refused.status_code == 403
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert list(CareItem.objects.filter(campaign=campaign).values_list("status", flat=True)) == [
        "done"
    ]
    assert campaign.status == "finished"


def test_a_call_campaign_becomes_care_tickets_in_batch(users, graded, client_as):
    # given
    campaign = campaign_create(data=_data(), by=users["manager1"])
    campaign_launch(campaign=campaign, by=users["manager1"])
    ids = list(CareItem.objects.filter(campaign=campaign).values_list("pk", flat=True))
    # when
    response = client_as("agent1").post(
        reverse("strategies:care_reminders_ticket"), {"items": ids, "campaign": campaign.pk}
    )
    # then
    tickets = Ticket.objects.filter(ticket_type="care")
    assert response.status_code == 302
    assert response["Location"] == reverse("strategies:care_campaign", args=[campaign.pk])
    assert tickets.count() == 2
    assert "张先生" in tickets.get(customer=graded["gold_mail"]).description


def test_the_pages_create_preview_and_launch(users, graded, client_as):
    # given
    client = client_as("manager1")
    form = {
        "name": "中秋问候",
        "occasion": "中秋节",
        "send_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "channel": "call",
        "message": "{客户称呼}，中秋快乐",
        "grades": ["gold"],
    }
    # when
    bad = client.post(reverse("strategies:care_campaign_new"), form | {"grades": []})
    created = client.post(reverse("strategies:care_campaign_new"), form)
    campaign = CareCampaign.objects.get()
    detail = client.get(reverse("strategies:care_campaign", args=[campaign.pk]))
    launched = client.post(reverse("strategies:care_campaign_launch", args=[campaign.pk]))
    # then
    assert bad.status_code == 400 and created.status_code == 302
    assert 'id="campaign-recipients"' in detail.content.decode()
    assert "2" in detail.content.decode()
    assert launched.status_code == 302
    assert CareItem.objects.filter(campaign=campaign).count() == 2


def test_agents_view_campaigns_but_cannot_create_edit_or_launch(users, client_as):
    # given
    campaign = campaign_create(data=_data(), by=users["manager1"])
    client = client_as("agent1")
    # when
    listed = client.get(reverse("strategies:care_campaigns"))
    shown = client.get(reverse("strategies:care_campaign", args=[campaign.pk]))
    new = client.get(reverse("strategies:care_campaign_new"))
    edit = client.post(reverse("strategies:care_campaign_edit", args=[campaign.pk]), {})
    launch = client.post(reverse("strategies:care_campaign_launch", args=[campaign.pk]))
    # then
    assert listed.status_code == 200 and shown.status_code == 200
    assert (new.status_code, edit.status_code, launch.status_code) == (403, 403, 403)
    assert CareCampaign.objects.get().status == "draft"


def test_users_without_care_rights_see_no_campaign(users, client_as):
    # given
    campaign = campaign_create(data=_data(), by=users["manager1"])
    # when
    listed = client_as("finance1").get(reverse("strategies:care_campaigns"))
    shown = client_as("outlet1").get(reverse("strategies:care_campaign", args=[campaign.pk]))
    # then
    assert listed.status_code == 403 and shown.status_code == 403
