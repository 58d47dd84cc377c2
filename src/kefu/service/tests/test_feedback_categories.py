"""Feedback categories (反馈问题分类) on suggestions: validation, forms, page, API, list filter."""

import pytest
from django.urls import reverse

from kefu.catalog.dictionary import dict_item_deactivate
from kefu.core.errors import ApplicationError
from kefu.service.models import Ticket
from kefu.service.tests.factories import make_ticket


def test_a_suggestion_keeps_its_feedback_category(users, feedback_categories):
    # when
    ticket = make_ticket(
        by=users["agent1"],
        ticket_type="suggestion",
        feedback_category_id=feedback_categories["product_manual"].pk,
    )
    # then
    assert Ticket.objects.get(pk=ticket.pk).feedback_category_id == (
        feedback_categories["product_manual"].pk
    )


def test_an_entry_of_another_list_or_inactive_is_refused_naming_the_field(
    users, feedback_categories, complaint_causes
):
    # given
    dict_item_deactivate(item=feedback_categories["need"], by=users["admin"])
    for wrong in (complaint_causes["late"].pk, feedback_categories["need"].pk, 999999):
        # when
        with pytest.raises(ApplicationError) as refused:
            make_ticket(by=users["agent1"], ticket_type="suggestion", feedback_category_id=wrong)
        # then
        assert set(refused.value.fields) == {"feedback_category_id"}
    assert not Ticket.objects.filter(ticket_type="suggestion").exists()


def test_a_deactivated_category_stays_on_a_ticket_edited_later(users, feedback_categories):
    # given
    from kefu.service.services import ticket_update
    from kefu.service.validation import TicketData

    item = feedback_categories["need"]
    ticket = make_ticket(by=users["agent1"], ticket_type="suggestion", feedback_category_id=item.pk)
    dict_item_deactivate(item=item, by=users["admin"])
    # when
    data = TicketData(ticket_type="suggestion", subject="改个标题", feedback_category_id=item.pk)
    ticket_update(ticket=ticket, data=data, version=ticket.version, by=users["agent1"])
    # then
    assert Ticket.objects.get(pk=ticket.pk).feedback_category_id == item.pk


def test_the_ticket_form_page_and_list_filter(client_as, users, feedback_categories):
    # given
    client = client_as("agent1")
    item = feedback_categories["product_manual"]
    # when
    created = client.post(
        reverse("service:ticket_create"),
        {
            "ticket_type": "suggestion",
            "subject": "说明书加图",
            "priority": 2,
            "channel": "phone_in",
            "feedback_category": item.pk,
        },
    )
    ticket = Ticket.objects.get(subject="说明书加图")
    page = client.get(reverse("service:ticket_detail", args=[ticket.pk])).content.decode()
    form = client.get(reverse("service:ticket_create")).content.decode()
    listed = client.get(reverse("service:ticket_list"), {"feedback_category": item.pk})
    other = client.get(
        reverse("service:ticket_list"), {"feedback_category": feedback_categories["need"].pk}
    )
    # then
    assert created.status_code == 302 and ticket.feedback_category_id == item.pk
    assert "产品改进 / 说明书" in page and "产品改进 / 说明书" in form
    assert [row.pk for row, _cells in listed.context["rows"]] == [ticket.pk]
    assert other.context["rows"] == []


def test_the_desk_registers_a_suggestion_with_its_category(client_as, zhang, feedback_categories):
    # when
    answer = client_as("agent1").post(
        reverse("service:desk_register"),
        {
            "channel": "phone_in",
            "direction": "in",
            "priority": "2",
            "duration": "1:00",
            "customer_id": zhang.pk,
            "summary": "建议晚间上门",
            "ticket_type": "suggestion",
            "feedback_category_id": feedback_categories["service"].pk,
        },
        headers={"HX-Request": "true"},
    )
    # then
    assert answer.status_code == 200
    ticket = Ticket.objects.get(ticket_type="suggestion")
    assert ticket.feedback_category_id == feedback_categories["service"].pk


def test_the_api_takes_and_shows_the_category(api_as, feedback_categories, complaint_causes):
    # given
    api = api_as("agent1")
    body = {"ticket_type": "suggestion", "subject": "建议", "feedback_category_id": 0}
    # when
    body["feedback_category_id"] = complaint_causes["late"].pk
    refused = api.post("/api/v1/tickets", body, content_type="application/json")
    body["feedback_category_id"] = feedback_categories["need"].pk
    created = api.post("/api/v1/tickets", body, content_type="application/json")
    # then
    assert refused.status_code == 400
    assert "feedback_category_id" in refused.json()["fields"]
    assert created.status_code == 201
    assert created.json()["feedback_category"]["name"] == "新需求"
    assert created.json()["root_cause"] is None
