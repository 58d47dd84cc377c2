"""Answer templates where agents reply: the desk panel, the ticket's reply form, and the render
endpoints filled only for customers and tickets in the user's scope."""

import pytest
from django.urls import reverse

from kefu.customers.tests.factories import make_customer
from kefu.knowledge.tests.templates_factories import make_template
from kefu.service.tests.factories import make_ticket

pytestmark = pytest.mark.django_db

BODY = "{客户称呼}，您的服务单号是{服务单号}，坐席{坐席工号}为您服务。"


@pytest.fixture
def template(users):
    return make_template(users["supervisor1"], key="js3", body=BODY)


@pytest.fixture
def zhang(users):
    return make_customer(by=users["agent1"], name="张三", gender="m", mobile="13800138000")


@pytest.fixture
def foreign(users):
    """A customer of branch B and her repair: agent1 (branch A) sees neither."""
    customer = make_customer(by=users["agent_b"], name="李四", gender="f", mobile="13900139000")
    return customer, make_ticket(by=users["agent_b"], customer=customer)


def _render(client, template, **query):
    return client.get(reverse("knowledge:answer_template_render", args=[template.pk]), query)


def test_an_agent_inserts_a_template_filled_for_the_customer_and_ticket(
    client_as, template, zhang, users
):
    # given
    ticket = make_ticket(by=users["agent1"], customer=zhang)
    # when
    answer = _render(client_as("agent1"), template, customer=zhang.pk, ticket=ticket.pk)
    # then
    assert answer.status_code == 200
    assert answer.json()["text"] == f"张先生，您的服务单号是{ticket.number}，坐席agent1为您服务。"
    assert answer.json()["missing"] == []


def test_the_ticket_alone_names_its_customer(client_as, template, zhang, users):
    ticket = make_ticket(by=users["agent1"], customer=zhang)
    answer = _render(client_as("agent1"), template, ticket=ticket.pk)
    assert answer.json()["text"].startswith("张先生，")


def test_a_customer_or_ticket_of_another_branch_is_not_found(client_as, template, foreign):
    # given
    customer, ticket = foreign
    client = client_as("agent1")
    # when
    by_customer = _render(client, template, customer=customer.pk)
    by_ticket = _render(client, template, ticket=ticket.pk)
    # then
    assert by_customer.status_code == by_ticket.status_code == 404
    assert "李" not in by_customer.content.decode() + by_ticket.content.decode()


def test_the_api_render_is_scoped_the_same_way(api_as, template, zhang, foreign):
    # given
    customer, ticket = foreign
    client = api_as("agent1")
    url = f"/api/v1/answer-templates/{template.pk}/render"
    # when
    mine = client.get(url, {"customer_id": zhang.pk})
    theirs = client.get(url, {"customer_id": customer.pk})
    their_ticket = client.get(url, {"ticket_id": ticket.pk})
    # then
    assert mine.json()["text"].startswith("张先生，")
    assert mine.json()["missing"] == ["服务单号"]
    assert theirs.status_code == their_ticket.status_code == 404


def test_a_user_without_the_permission_cannot_render_even_in_scope(client_as, template, users):
    # given outlet staff, who see their outlet's tickets but not the templates
    ticket = make_ticket(by=users["agent1"])
    # when
    answer = _render(client_as("outlet1"), template, ticket=ticket.pk)
    # then
    assert answer.status_code == 403


def test_the_desk_shows_the_template_picker(client_as, template):
    # when
    html = client_as("agent1").get(reverse("service:desk")).content.decode()
    # then
    assert "data-answer-templates" in html
    assert 'data-target="#desk-form textarea"' in html
    assert reverse("knowledge:answer_template_picker") in html
    assert "kefu/answer_templates" in html


def test_the_ticket_reply_form_has_the_picker_with_the_ticket_and_customer(client_as, zhang, users):
    # given
    ticket = make_ticket(by=users["agent1"], customer=zhang)
    # when
    html = (
        client_as("agent1").get(reverse("service:ticket_detail", args=[ticket.pk])).content.decode()
    )
    # then
    assert f'data-ticket="{ticket.pk}"' in html
    assert f'data-customer="{zhang.pk}"' in html
    assert reverse("knowledge:forbidden_phrases_json") in html
