"""The agent desk: screen pop, look-up, the 360 panel and registering a call in one go."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kefu.customers.services import asset_register
from kefu.customers.tests.factories import make_customer
from kefu.service import hooks
from kefu.service.models import Interaction, Ticket
from kefu.service.tests.factories import make_ticket

DESK = reverse("service:desk")
LOOKUP = reverse("service:desk_lookup")
REGISTER = reverse("service:desk_register")
HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English, whatever the catalogue translates them to."""
    settings.LANGUAGE_CODE = "en"


def _customer_url(customer, **query):
    url = reverse("service:desk_customer", args=[customer.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _post(client, **fields):
    data = {"channel": "phone_in", "direction": "in", "priority": "2", "duration": "2:30"}
    return client.post(REGISTER, data | fields, headers=HX)


# ---- permissions and scope ------------------------------------------------------------------


@pytest.mark.parametrize("username", ["nobody", "dispatcher1", "finance1"])
def test_a_role_that_may_not_open_tickets_gets_403_everywhere_on_the_desk(
    client_as, zhang, username
):
    # given
    client = client_as(username)
    # when
    answers = [
        client.get(DESK),
        client.get(LOOKUP, {"q": "张三"}),
        client.get(_customer_url(zhang), headers=HX),
        client.post(REGISTER, {"summary": "x"}, headers=HX),
    ]
    # then
    assert [a.status_code for a in answers] == [403, 403, 403, 403]


def test_an_agent_of_branch_b_gets_404_for_the_360_of_a_branch_a_customer(client_as, zhang):
    # given
    client = client_as("agent_b")
    # when
    partial = client.get(_customer_url(zhang), headers=HX)
    page = client.get(DESK, {"customer": zhang.pk})
    # then
    assert partial.status_code == 404
    assert page.status_code == 404


def test_an_agent_of_branch_b_does_not_find_a_branch_a_customer(client_as, zhang):
    # given
    client = client_as("agent_b")
    # when
    found = client.get(LOOKUP, {"q": "13800138000"})
    popped = client.get(DESK, {"phone": "13800138000"})
    # then
    assert "张三" not in found.content.decode()
    assert "张三" not in popped.content.decode()
    assert reverse("customers:create") in popped.content.decode()


def test_an_agent_of_branch_b_cannot_register_for_a_branch_a_customer(client_as, zhang):
    # given
    client = client_as("agent_b")
    # when
    logged_only = _post(client, customer_id=zhang.pk, summary="问价格")
    with_ticket = _post(client, customer_id=zhang.pk, summary="问价格", ticket_type="guidance")
    # then
    assert logged_only.status_code == with_ticket.status_code == 422
    assert "No such customer." in logged_only.content.decode()
    assert not Ticket.objects.exists()
    assert not Interaction.objects.exists()


# ---- screen pop and look-up ---------------------------------------------------------------


def test_a_screen_pop_with_one_match_shows_that_customers_360(client_as, zhang, fridge):
    # given
    client = client_as("agent1")
    # when
    page = client.get(DESK, {"phone": "13800138000"})
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-desk-customer="{zhang.pk}"' in html
    assert "SN520001" in html
    assert f'name="customer_id" value="{zhang.pk}"' in html


def test_a_screen_pop_with_several_matches_lists_them(client_as, users, zhang):
    # given
    make_customer(by=users["agent1"], name="李四", mobile="13800138000")
    client = client_as("agent1")
    # when
    page = client.get(DESK, {"phone": "13800138000"})
    # then
    html = page.content.decode()
    assert html.count('class="list-group-item list-group-item-action desk-result"') == 2
    assert "data-desk-customer=" not in html


def test_a_screen_pop_with_no_match_offers_a_new_customer_and_keeps_the_form(client_as, users):
    # given
    client = client_as("agent1")
    # when
    page = client.get(DESK, {"phone": "13900001111"})
    # then
    html = page.content.decode()
    assert reverse("customers:create") in html
    assert 'id="desk-form"' in html
    assert 'name="phone" value="13900001111"' in html


@pytest.mark.parametrize("query", ["13800138000", "8000", "zs", "张三", "code"])
def test_the_look_up_finds_a_customer_by_phone_digits_initials_name_and_code(
    client_as, zhang, query
):
    # given
    client = client_as("agent1")
    # when
    found = client.get(LOOKUP, {"q": zhang.code.lower() if query == "code" else query})
    # then
    assert "张三" in found.content.decode()
    assert reverse("service:desk_customer", args=[zhang.pk]) in found.content.decode()


def test_a_ticket_number_opens_its_customer_with_the_ticket_marked(client_as, users, zhang):
    # given
    ticket = make_ticket(by=users["agent1"], customer=zhang)
    client = client_as("agent1")
    # when
    found = client.get(LOOKUP, {"q": ticket.number})
    panel = client.get(_customer_url(zhang, ticket=ticket.pk), headers=HX)
    # then
    assert f"{_customer_url(zhang)}?ticket={ticket.pk}" in found.content.decode()
    assert f'desk-ticket-marked" data-ticket="{ticket.number}"' in panel.content.decode()


def test_the_360_partial_rebinds_the_form_and_clears_the_results(client_as, zhang, fridge):
    # when
    panel = client_as("agent1").get(_customer_url(zhang), headers=HX)
    # then
    html = panel.content.decode()
    assert 'id="desk-form-customer" class="desk-form-customer" hx-swap-oob="true"' in html
    assert f'<option value="{fridge.pk}" selected>' in html
    assert '<div id="desk-results" hx-swap-oob="innerHTML"></div>' in html


def test_opening_the_360_without_htmx_goes_to_the_desk(client_as, zhang):
    answer = client_as("agent1").get(_customer_url(zhang))
    assert answer.status_code == 302
    assert answer.url == f"{DESK}?customer={zhang.pk}"


# ---- the 360 panel --------------------------------------------------------------------------


def test_the_360_shows_warranty_state_open_tickets_and_last_contacts(
    client_as, users, zhang, fridge
):
    # given
    from kefu.catalog.models import ProductModel

    old = ProductModel.objects.create(
        product_type=fridge.product_model.product_type, code="OLD-1", name="老冰箱"
    )
    asset_register(
        customer=zhang,
        product_model=old,
        purchase_date=timezone.localdate() - datetime.timedelta(days=800),
        by=users["agent1"],
    )
    ticket = make_ticket(by=users["agent1"], customer=zhang)
    from kefu.service.services import interaction_log

    interaction_log(by=users["agent1"], channel="phone_in", summary="询问保修期", customer=zhang)
    # when
    html = client_as("agent1").get(_customer_url(zhang), headers=HX).content.decode()
    # then
    assert 'data-warranty="in"' in html
    assert 'data-warranty="expired"' in html
    assert ticket.number in html
    assert "询问保修期" in html


def test_opening_a_customers_360_is_audited(client_as, zhang):
    # given
    from kefu.core.models import AuditEvent

    # when
    client_as("agent1").get(_customer_url(zhang), headers=HX)
    # then
    assert AuditEvent.objects.filter(action="customer.view", object_id=str(zhang.pk)).exists()


def test_the_360_explains_the_response_level_the_customer_is_entitled_to(client_as, zhang):
    # given
    def gold(customer, ticket_type):
        return hooks.Entitlement(level="vip", priority=3, reasons=["金卡客户: 4 小时响应"])

    hooks.register_entitlement_provider(gold)
    try:
        # when
        html = client_as("agent1").get(_customer_url(zhang), headers=HX).content.decode()
    finally:
        hooks.unregister_entitlement_provider(gold)
    # then
    assert "金卡客户: 4 小时响应" in html
    assert "贵宾" in html


def test_the_360_masks_phones_for_a_user_without_personal_data_rights(client, users, zhang):
    # given
    from django.contrib.auth.models import Permission

    clerk = users["nobody"]
    for codename in ("add_ticket", "view_customer"):
        clerk.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(clerk)
    zhang.owner = clerk  # so the clerk may see the customer at all
    zhang.save(update_fields=["owner"])
    # when
    html = client.get(_customer_url(zhang), headers=HX).content.decode()
    # then
    assert "138****8000" in html
    assert "13800138000" not in html
