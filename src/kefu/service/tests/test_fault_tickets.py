"""The fault taxonomy on repair tickets: the phenomenon at intake (API, desk, ticket form), the
cause and measure at completion, the options the forms reload, and the fault statistics."""

import pytest
from django.urls import reverse

from kefu.catalog.models import ProductModel, ProductType
from kefu.catalog.tests.factories import make_fault_tree
from kefu.core.errors import ApplicationError
from kefu.service.models import Ticket
from kefu.service.selectors_faults import fault_statistics
from kefu.service.services import ticket_transition
from kefu.service.tests.factories import make_ticket, tomorrow_at

pytestmark = pytest.mark.django_db
JSON = "application/json"
OPTIONS = reverse("service:fault_options")
HX = {"HX-Request": "true"}


@pytest.fixture
def washer_faults(users):
    kind = ProductType.objects.create(code="WASHER", name="洗衣机")
    ProductModel.objects.create(product_type=kind, code="XQG100", name="滚筒洗衣机")
    tree = {
        ("W1", "脱水故障"): {
            ("WP1", "脱水时噪音大"): {("WC1", "减震吊杆损坏"): [("WM1", "更换吊杆")]}
        }
    }
    return make_fault_tree(product_type=kind, by=users["admin"], tree=tree)


def _fridge_repair(users, zhang, fridge, phenomenon):
    return make_ticket(
        by=users["agent1"],
        customer=zhang,
        product_model_id=fridge.product_model_id,
        asset_id=fridge.pk,
        fault_phenomenon_id=phenomenon.pk,
    )


def _to_in_progress(ticket, users):
    outlet = {"assignee": users["outlet1"].pk}
    ticket = ticket_transition(
        ticket=ticket, code="dispatch", by=users["dispatcher1"], fields=outlet
    )
    fields = {"appointment_start": tomorrow_at(10)}
    ticket = ticket_transition(ticket=ticket, code="accept", by=users["outlet1"], fields=fields)
    return ticket_transition(ticket=ticket, code="start", by=users["outlet1"])


# ---- intake -----------------------------------------------------------------------------------


def test_a_repair_is_registered_with_a_phenomenon_of_its_products_type(
    api_as, zhang, fridge, fridge_faults
):
    # when
    body = {
        "ticket_type": "repair",
        "customer_id": zhang.pk,
        "asset_id": fridge.pk,
        "fault_description": "冷藏室不制冷",
        "fault_phenomenon_id": fridge_faults["P1"].pk,
    }
    response = api_as("agent1").post("/api/v1/tickets", body, content_type=JSON)
    # then
    assert response.status_code == 201, response.content
    assert response.json()["fault_phenomenon"] == {"id": fridge_faults["P1"].pk, "name": "不制冷"}
    assert response.json()["fault_cause"] is None


def test_a_phenomenon_of_another_product_type_is_refused_and_nothing_is_created(
    api_as, zhang, fridge, fridge_faults, washer_faults
):
    # when
    body = {
        "ticket_type": "repair",
        "customer_id": zhang.pk,
        "product_model_id": fridge.product_model_id,
        "fault_description": "噪音大",
        "fault_phenomenon_id": washer_faults["WP1"].pk,
    }
    response = api_as("agent1").post("/api/v1/tickets", body, content_type=JSON)
    # then
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"fault_phenomenon_id"}
    assert not Ticket.objects.exists()


def test_a_cause_is_no_phenomenon_and_a_phenomenon_needs_a_product(api_as, zhang, fridge_faults):
    for pk in (fridge_faults["C1"].pk, fridge_faults["P1"].pk):
        body = {"ticket_type": "repair", "customer_id": zhang.pk, "fault_description": "不制冷"}
        response = api_as("agent1").post(
            "/api/v1/tickets", body | {"fault_phenomenon_id": pk}, content_type=JSON
        )
        assert response.status_code == 400 and "fault_phenomenon_id" in response.json()["fields"]
    assert not Ticket.objects.exists()


def test_the_desk_registers_a_repair_with_the_phenomenon_picked(
    client_as, zhang, fridge, fridge_faults
):
    # given the desk shows the customer's fridge, so its phenomena are offered
    client = client_as("agent1")
    page = client.get(reverse("service:desk"), {"customer": zhang.pk}).content.decode()
    assert 'id="id_fault_phenomenon_id"' in page and "冷藏室结冰" in page
    # when
    data = {"channel": "phone_in", "direction": "in", "priority": "2", "duration": "1:00"}
    data |= {"customer_id": zhang.pk, "summary": "冰箱不制冷", "ticket_type": "repair"}
    data |= {"asset_id": fridge.pk, "fault_description": "不制冷"}
    data["fault_phenomenon_id"] = fridge_faults["P1"].pk
    response = client.post(reverse("service:desk_register"), data, headers=HX)
    # then
    assert response.status_code == 200, response.content.decode()[:2000]
    assert Ticket.objects.get().fault_phenomenon == fridge_faults["P1"]


def test_the_desk_refuses_a_phenomenon_of_another_product_type_next_to_the_select(
    client_as, zhang, fridge, fridge_faults, washer_faults
):
    data = {"channel": "phone_in", "direction": "in", "priority": "2", "duration": "1:00"}
    data |= {"customer_id": zhang.pk, "summary": "x", "ticket_type": "repair"}
    data |= {"asset_id": fridge.pk, "fault_description": "噪音"}
    data["fault_phenomenon_id"] = washer_faults["WP1"].pk
    response = client_as("agent1").post(reverse("service:desk_register"), data, headers=HX)
    assert response.status_code == 422
    assert response.context["form"].errors["fault_phenomenon_id"]
    assert not Ticket.objects.exists()


def test_the_ticket_form_saves_the_phenomenon_and_the_page_shows_it(
    client_as, zhang, fridge, fridge_faults
):
    # given
    client = client_as("agent1")
    form = {
        "ticket_type": "repair",
        "customer": zhang.pk,
        "subject": "冰箱不制冷",
        "priority": 2,
        "channel": "phone_in",
        "product_model": fridge.product_model_id,
        "fault_description": "不制冷",
        "fault_phenomenon": fridge_faults["P1"].pk,
    }
    # when
    response = client.post(reverse("service:ticket_create"), form)
    # then
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.fault_phenomenon == fridge_faults["P1"]
    edit = client.get(reverse("service:ticket_edit", args=[ticket.pk])).content.decode()
    assert "冷藏室结冰" in edit and 'hx-get="' + OPTIONS in edit


# ---- the options the forms reload ---------------------------------------------------------------


def test_the_phenomena_of_a_product_are_grouped_by_fault_type(client_as, fridge, fridge_faults):
    # when
    html = client_as("agent1").get(OPTIONS, {"asset_id": fridge.pk}).content.decode()
    # then
    assert '<optgroup label="制冷故障">' in html and '<optgroup label="噪音故障">' in html
    assert f'value="{fridge_faults["P3"].pk}"' in html and "制冷剂泄漏" not in html


def test_the_measures_follow_the_chosen_cause(client_as, fridge_faults):
    # when
    query = {"level": "measure", "t-complete-fault_cause": fridge_faults["C1"].pk}
    html = client_as("outlet1").get(OPTIONS, query).content.decode()
    # then
    assert "检漏补焊后加注制冷剂" in html and "更换蒸发器" in html and "更换温控器" not in html


def test_an_asset_outside_the_scope_offers_nothing(client_as, fridge, fridge_faults):
    html = client_as("agent_b").get(OPTIONS, {"asset_id": fridge.pk}).content.decode()
    assert "不制冷" not in html


def test_the_options_are_refused_to_a_user_who_opens_no_ticket(client_as, fridge_faults):
    assert client_as("nobody").get(OPTIONS, {"product_model": 1}).status_code == 403


# ---- completion ---------------------------------------------------------------------------------


def test_completing_a_repair_requires_a_cause_and_a_measure(users, zhang, fridge, fridge_faults):
    # given
    ticket = _to_in_progress(_fridge_repair(users, zhang, fridge, fridge_faults["P1"]), users)
    # when
    with pytest.raises(ApplicationError) as refused:
        ticket_transition(
            ticket=ticket, code="complete", by=users["outlet1"], fields={"resolution": "已修好"}
        )
    # then
    assert {"fault_cause", "fault_measure"} <= set(refused.value.fields)
    ticket.refresh_from_db()
    assert ticket.state == "in_progress" and ticket.fault_cause is None


def test_a_measure_of_another_cause_is_refused(users, zhang, fridge, fridge_faults):
    # given
    ticket = _to_in_progress(_fridge_repair(users, zhang, fridge, fridge_faults["P1"]), users)
    fields = {"resolution": "x", "fault_cause": fridge_faults["C1"].pk}
    # when
    with pytest.raises(ApplicationError) as refused:
        ticket_transition(
            ticket=ticket,
            code="complete",
            by=users["outlet1"],
            fields=fields | {"fault_measure": fridge_faults["M3"].pk},
        )
    # then
    assert set(refused.value.fields) == {"fault_measure"}
    ticket.refresh_from_db()
    assert ticket.state == "in_progress" and ticket.fault_cause is None


def test_the_complete_form_offers_the_phenomenons_causes_and_follows_the_cause(
    client_as, users, zhang, fridge, fridge_faults
):
    # given
    ticket = _to_in_progress(_fridge_repair(users, zhang, fridge, fridge_faults["P1"]), users)
    client = client_as("outlet1")
    # when
    page = client.get(reverse("service:ticket_detail", args=[ticket.pk])).content.decode()
    # then the causes are those of 不制冷, the measures grouped under their cause
    assert "制冷剂泄漏" in page and "温控器失灵" not in page
    assert '<optgroup label="制冷剂泄漏">' in page
    assert 'hx-target="#id_t-complete-fault_measure"' in page
    # when the outlet completes with a matching pair
    form = {
        "t-complete-version": ticket.version,
        "t-complete-resolution": "补焊后加注冷媒，试机正常",
        "t-complete-fault_cause": fridge_faults["C1"].pk,
        "t-complete-fault_measure": fridge_faults["M1"].pk,
    }
    url = reverse("service:ticket_transition", args=[ticket.pk, "complete"])
    response = client.post(url, form)
    # then
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == "completed" and ticket.fault_measure == fridge_faults["M1"]
    page = client.get(reverse("service:ticket_detail", args=[ticket.pk])).content.decode()
    assert "检漏补焊后加注制冷剂" in page and "不制冷" in page


# ---- statistics ---------------------------------------------------------------------------------


def test_fault_statistics_count_repairs_by_phenomenon_cause_and_measure_in_scope(
    users, zhang, fridge, fridge_faults
):
    # given two repairs of 不制冷 and one of 压缩机噪音大, one of them completed
    first = _to_in_progress(_fridge_repair(users, zhang, fridge, fridge_faults["P1"]), users)
    fields = {"resolution": "x", "fault_cause": fridge_faults["C2"].pk}
    fields["fault_measure"] = fridge_faults["M3"].pk
    ticket_transition(ticket=first, code="complete", by=users["outlet1"], fields=fields)
    _fridge_repair(users, zhang, fridge, fridge_faults["P1"])
    _fridge_repair(users, zhang, fridge, fridge_faults["P3"])
    kind = fridge.product_model.product_type_id
    # when
    stats = fault_statistics(user=users["supervisor1"], product_type_id=kind)
    foreign = fault_statistics(user=users["agent_b"], product_type_id=kind)
    # then
    phenomena = [(r["name"], r["count"]) for r in stats["rows"]["phenomenon"]]
    assert phenomena == [("不制冷", 2), ("压缩机噪音大", 1)]
    assert [(r["name"], r["count"]) for r in stats["rows"]["cause"]] == [("温控器损坏", 1)]
    assert stats["counts"][fridge_faults["M3"].pk] == 1
    assert foreign["counts"] == {} and foreign["rows"]["phenomenon"] == []
