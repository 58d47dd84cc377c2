"""The needs pages: register from each entry point, detail with history, edit, list, overview,
and the forbidden cases."""

import pytest
from django.urls import reverse

from kefu.service.models import VisitRule
from kefu.service.services import interaction_log
from kefu.service.services.visits import visit_open
from kefu.service.tests.factories import make_ticket
from kefu.strategies.models import Need
from kefu.strategies.tests.needs_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
REGISTER = reverse("strategies:need_register")


def _post(client, **fields):
    data = {"title": "希望延长保修", "priority": 2, "source": "other"} | fields
    return client.post(REGISTER, data)


def test_a_suggestion_ticket_offers_to_register_a_need_prefilled(client_as, suggestion):
    # given an agent on a suggestion ticket
    client = client_as("agent1")
    page = client.get(reverse("service:ticket_detail", args=[suggestion.pk]))
    # when they follow "register as a customer need"
    link = f"{REGISTER}?ticket={suggestion.pk}"
    assert link in page.content.decode()
    form = client.get(link).content.decode()
    # then the form holds the ticket's customer, subject, description and category
    assert "说明书字太小" in form and "希望说明书用大号字体" in form and "张三" in form
    assert 'value="product_manual" selected' in form


def test_registering_from_the_ticket_links_it(client_as, suggestion, zhang):
    client = client_as("agent1")
    response = _post(
        client,
        customer=zhang.pk,
        title="说明书字太小",
        category="product_manual",
        source="ticket",
        source_ticket=suggestion.pk,
    )
    need = Need.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "strategies:need_detail", args=[need.pk]
    )
    assert need.source_ticket == suggestion and need.category == "product_manual"
    # and the ticket page lists it
    page = client.get(reverse("service:ticket_detail", args=[suggestion.pk])).content.decode()
    assert need.code in page


def test_the_desk_offers_a_need_of_the_caller_from_the_call(client_as, users, zhang, feedback):
    # given a call just logged for the customer at the desk
    client = client_as("agent1")
    call = interaction_log(
        by=users["agent1"], channel="phone_in", summary="想要上门保养", customer=zhang
    )
    desk = client.get(reverse("service:desk"), {"customer": zhang.pk}).content.decode()
    link = f"{REGISTER}?customer={zhang.pk}&amp;source=call"
    assert link in desk
    # when the agent opens it, the call is the source
    form = client.get(REGISTER, {"customer": zhang.pk, "source": "call"}).content.decode()
    assert f'name="source_interaction" value="{call.pk}"' in form and "想要上门保养" in form
    response = _post(client, customer=zhang.pk, source="call", source_interaction=call.pk)
    assert response.status_code == 302 and Need.objects.get().source_interaction == call


def test_a_follow_up_visit_offers_a_need(client_as, users, zhang, feedback):
    repair = make_ticket(by=users["agent1"], customer=zhang)
    rule = VisitRule.objects.get(ticket_type="repair")
    visit = visit_open(ticket=repair, rule=rule, by=users["agent1"])
    client = client_as("agent1")
    page = client.get(reverse("service:visit_detail", args=[visit.pk])).content.decode()
    assert f"{REGISTER}?visit={visit.pk}" in page
    form = client.get(REGISTER, {"visit": visit.pk}).content.decode()
    assert f'name="source_visit" value="{visit.pk}"' in form
    response = _post(client, customer=zhang.pk, source="visit", source_visit=visit.pk)
    assert response.status_code == 302 and Need.objects.get().source_visit == visit


def test_the_customer_page_lists_the_needs_with_a_register_button(client_as, need, zhang):
    page = client_as("agent1").get(reverse("customers:detail", args=[zhang.pk])).content.decode()
    assert 'id="customer-needs"' in page and need.code in page
    assert f"{REGISTER}?customer={zhang.pk}" in page


def test_an_unknown_category_is_shown_on_the_form(client_as, zhang, feedback):
    response = _post(client_as("agent1"), customer=zhang.pk, category="no-such")
    assert response.status_code == 400 and not Need.objects.exists()


def test_the_detail_shows_the_history_before_and_after(client_as, need):
    client = client_as("agent1")
    edit = reverse("strategies:need_edit", args=[need.pk])
    data = {
        "version": 1,
        "title": "延保五年",
        "description": need.description,
        "category": "need",
        "priority": 3,
        "status": "registered",
        "reason": "客户改口",
    }
    assert client.post(edit, data).status_code == 302
    page = client.get(reverse("strategies:need_detail", args=[need.pk])).content.decode()
    assert "希望延长保修" in page and "延保五年" in page and "客户改口" in page


def test_a_stale_edit_is_refused_on_the_page(client_as, need):
    client = client_as("agent1")
    edit = reverse("strategies:need_edit", args=[need.pk])
    data = {"version": 1, "title": need.title, "description": "补充", "category": "need"}
    data |= {"priority": 2, "status": "registered"}
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, data | {"description": "旧的"})
    assert stale.status_code == 409
    need.refresh_from_db()
    assert need.description == "补充"


def test_declining_without_a_reason_is_refused_on_the_page(client_as, need):
    data = {"version": 1, "title": need.title, "description": need.description, "category": "need"}
    data |= {"priority": 2, "status": "declined"}
    response = client_as("agent1").post(reverse("strategies:need_edit", args=[need.pk]), data)
    assert response.status_code == 400
    need.refresh_from_db()
    assert need.status == "registered"


def test_the_list_filters_and_exports(client_as, users, need, zhang, feedback):
    from kefu.strategies.tests.needs_fixtures import register

    register(by=users["agent1"], customer=zhang, title="服务态度要好", category="service")
    client = client_as("agent1")
    listed = client.get(reverse("strategies:need_list"), {"category": "need"}).content.decode()
    assert need.code in listed and "服务态度要好" not in listed
    export = client.get(reverse("strategies:need_list"), {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheet" in export["Content-Type"]


def test_the_overview_counts_by_category_and_grade(client_as, need):
    page = client_as("manager1").get(reverse("strategies:need_overview")).content.decode()
    assert 'id="needs-by-category"' in page and "新需求" in page and "金卡" in page
    assert "data-needs-chart" in page


@pytest.mark.parametrize(
    "name", ["need_list", "need_register", "need_overview", "need_customer_search"]
)
def test_a_user_without_the_permission_gets_403(client_as, name):
    assert client_as("nobody").get(reverse(f"strategies:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["need_detail", "need_edit"])
def test_a_need_pages_are_403_without_the_permission(client_as, need, name):
    response = client_as("nobody").get(reverse(f"strategies:{name}", args=[need.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["need_detail", "need_edit"])
def test_a_need_of_another_branch_is_404(client_as, foreign_need, name):
    client = client_as("agent1")
    assert client.get(reverse(f"strategies:{name}", args=[foreign_need.pk])).status_code == 404
    post = client.post(reverse("strategies:need_edit", args=[foreign_need.pk]), {"version": 1})
    assert post.status_code == 404


def test_another_branchs_needs_are_not_listed_or_counted(client_as, foreign_need, need):
    client = client_as("agent1")
    listed = client.get(reverse("strategies:need_list")).content.decode()
    assert need.code in listed and foreign_need.code not in listed
    page = client.get(reverse("strategies:need_overview")).content.decode()
    assert "乙域客户的需求" not in page
    assert (
        client_as("manager1").get(reverse("strategies:need_list")).content.decode().count("N-") >= 2
    )


def test_registering_for_a_foreign_customer_is_refused(client_as, li, feedback):
    response = _post(client_as("agent1"), customer=li.pk)
    assert response.status_code == 400 and not Need.objects.exists()
