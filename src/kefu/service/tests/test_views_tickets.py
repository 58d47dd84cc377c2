import pytest
from django.urls import reverse
from django.utils import translation

from kefu.service.models import Ticket
from kefu.service.services import ticket_transition
from kefu.service.services.tickets import stale_error
from kefu.service.tests.factories import make_ticket

pytestmark = pytest.mark.django_db

LIST = reverse("service:ticket_list")
CREATE = reverse("service:ticket_create")


def _url(name, ticket, *args):
    return reverse(f"service:{name}", args=[ticket.pk, *args])


def _repair_form(customer, **changes):
    form = {
        "ticket_type": "repair",
        "customer": customer.pk,
        "subject": "洗衣机不脱水",
        "priority": 2,
        "channel": "phone_in",
        "fault_description": "脱水时报E4",
        "complaint_category": "",
        "severity": "serious",
    }
    return form | changes


def _step(name, **fields):
    return {f"t-{name}-{key}": value for key, value in fields.items()}


# --- who sees what -------------------------------------------------------------------------


def test_a_user_without_a_role_is_refused_every_ticket_page(client_as, repair):
    client = client_as("nobody")
    pages = [LIST, CREATE, _url("ticket_detail", repair), _url("ticket_edit", repair)]
    pages += [reverse("service:ticket_customer_search"), reverse("service:ticket_customer_assets")]
    for url in pages:
        assert client.get(url).status_code == 403, url
    for name in ["ticket_reply", "ticket_assign", "ticket_link", "ticket_merge"]:
        assert client.post(_url(name, repair)).status_code == 403, name
    assert client.post(_url("ticket_transition", repair, "dispatch")).status_code == 403


def test_an_agent_of_branch_b_gets_404_on_every_page_of_a_branch_a_ticket(client_as, repair):
    client = client_as("agent_b")
    assert client.get(_url("ticket_detail", repair)).status_code == 404
    assert client.get(_url("ticket_edit", repair)).status_code == 404
    for name in ["ticket_reply", "ticket_assign", "ticket_escalate", "ticket_link"]:
        assert client.post(_url(name, repair), {"body": "x"}).status_code == 404, name
    assert client.post(_url("ticket_transition", repair, "cancel")).status_code == 404


def test_an_agent_of_branch_b_never_sees_branch_a_tickets_in_the_list(client_as, repair):
    for query in [{"q": repair.number}, {"q": "冰箱"}, {"status": "all"}]:
        listing = client_as("agent_b").get(LIST, query)
        assert listing.context["rows"] == [], query


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_active_tickets_with_their_sla_state_by_default(client_as, users, repair):
    # given: a consultation solved at first contact
    done = make_ticket(by=users["agent1"], ticket_type="guidance", subject="如何清洗滤网")
    ticket_transition(
        ticket=done, code="close_now", by=users["agent1"], fields={"resolution": "已指导"}
    )
    # when
    page = client_as("agent1").get(LIST).content.decode()
    everything = client_as("agent1").get(LIST, {"status": "all"}).content.decode()
    # then
    assert repair.number in page and done.number not in page
    assert 'data-sla="ok"' in page and "待处理" in page
    assert done.number in everything


def test_the_list_filters_by_type_search_and_mine(client_as, users, repair):
    other = make_ticket(by=users["agent1"], ticket_type="complaint", subject="网点态度差")
    client = client_as("agent1")
    by_type = client.get(LIST, {"ticket_type": "complaint"}).content.decode()
    by_text = client.get(LIST, {"q": "海淀"}).content.decode()
    mine = client.get(LIST, {"view": "mine"}).content.decode()
    assert other.number in by_type and repair.number not in by_type
    assert repair.number in by_text and other.number not in by_text
    assert repair.number not in mine  # nobody took it yet


def test_only_holders_of_the_export_permission_export_tickets(client_as, repair):
    assert client_as("agent1").get(LIST, {"export": "csv"}).status_code == 403
    response = client_as("supervisor1").get(LIST, {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert repair.number in text and "<a " not in text and "<span" not in text


# --- create and edit -----------------------------------------------------------------------


def test_an_agent_books_a_repair_and_lands_on_the_ticket(client_as, zhang):
    # when
    response = client_as("agent1").post(CREATE, _repair_form(zhang))
    # then
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("ticket_detail", ticket)
    assert ticket.customer == zhang and ticket.fault_description == "脱水时报E4"
    assert ticket.severity == ""  # a complaint field, cleared for a repair
    assert ticket.address == "中关村大街1号"


def test_a_repair_without_its_fault_is_refused_beside_the_field(client_as, zhang):
    response = client_as("agent1").post(CREATE, _repair_form(zhang, fault_description=""))
    assert response.status_code == 400
    assert response.context["form"].errors["fault_description"]
    assert response.context["form"]["subject"].value() == "洗衣机不脱水"  # input kept
    assert not Ticket.objects.exists()


def test_a_customer_outside_the_scope_is_refused(client_as, zhang):
    response = client_as("agent_b").post(CREATE, _repair_form(zhang))
    assert response.status_code == 400 and "customer" in response.context["form"].errors
    assert not Ticket.objects.exists()


def test_a_complaint_keeps_its_own_fields(client_as, zhang):
    form = _repair_form(
        zhang,
        ticket_type="complaint",
        subject="上门迟到",
        responsible_party="outlet",
        responsible_detail="海淀特约维修部",
    )
    client_as("agent1").post(CREATE, form)
    ticket = Ticket.objects.get()
    assert ticket.responsible_party == "outlet" and ticket.severity == "serious"
    assert ticket.fault_description == ""  # a repair field, cleared for a complaint


def test_the_new_ticket_page_preselects_the_customer(client_as, zhang):
    page = client_as("agent1").get(CREATE, {"customer": zhang.pk}).content.decode()
    assert f'<option value="{zhang.pk}" selected>张三' in page


def test_the_customer_picker_finds_only_customers_in_scope(client_as, zhang):
    url = reverse("service:ticket_customer_search")
    found = client_as("agent1").get(url, {"q": "8000"}).json()["results"]
    assert [row["value"] for row in found] == [zhang.pk]
    assert client_as("agent_b").get(url, {"q": "8000"}).json()["results"] == []


def test_the_asset_picker_answers_404_for_a_customer_out_of_scope(client_as, zhang):
    url = reverse("service:ticket_customer_assets")
    assert client_as("agent1").get(url, {"customer": zhang.pk}).json() == {"results": []}
    assert client_as("agent_b").get(url, {"customer": zhang.pk}).status_code == 404


def test_an_edit_saves_the_changed_fields(client_as, repair):
    form = _repair_form(repair.customer, subject="冰箱异响", version=repair.version)
    response = client_as("agent1").post(_url("ticket_edit", repair), form)
    repair.refresh_from_db()
    assert response.status_code == 302 and repair.subject == "冰箱异响"


def test_a_stale_edit_is_refused_and_keeps_what_the_user_typed(client_as, users, repair):
    # given: someone dispatches the ticket after the agent opened the edit page
    seen = repair.version
    ticket_transition(ticket=repair, code="dispatch", by=users["dispatcher1"])
    # when
    form = _repair_form(repair.customer, subject="冰箱异响", version=seen)
    response = client_as("agent1").post(_url("ticket_edit", repair), form)
    # then
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert stale_error().message in response.context["form"].non_field_errors()
    assert response.context["form"]["subject"].value() == "冰箱异响"
    assert Ticket.objects.get(pk=repair.pk).subject == "海淀冰箱不制冷"
