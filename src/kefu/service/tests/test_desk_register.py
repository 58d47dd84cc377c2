"""The agent desk: registering a contact and a ticket, side panels, small parts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kefu.service import hooks
from kefu.service.forms_desk import parse_duration
from kefu.service.models import Interaction, Ticket

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


# ---- registering ------------------------------------------------------------------------------


def test_registering_a_repair_opens_the_ticket_logs_the_call_and_refreshes_the_360(
    client_as, users, zhang, fridge
):
    # given
    client = client_as("agent1")
    day = timezone.localdate() + datetime.timedelta(days=2)
    # when
    answer = _post(
        client,
        customer_id=zhang.pk,
        phone="13800138000",
        summary="冰箱不制冷，约上门",
        ticket_type="repair",
        asset_id=fridge.pk,
        fault_description="冷藏室不制冷",
        appointment_date=day.isoformat(),
        appointment_slot="afternoon",
    )
    # then
    ticket = Ticket.objects.get()
    interaction = Interaction.objects.get()
    html = answer.content.decode()
    assert answer.status_code == 200
    assert ticket.fault_description == "冷藏室不制冷"
    assert ticket.asset == fridge
    assert ticket.address == "中关村大街1号"
    assert timezone.localtime(ticket.appointment_start).hour == 13
    assert interaction.duration_seconds == 150
    assert list(interaction.tickets.all()) == [ticket]
    assert "data-desk-registered" in html
    assert '<div id="desk-360" hx-swap-oob="innerHTML">' in html
    assert html.count(ticket.number) >= 3  # the confirmation and the open tickets


def test_a_repair_without_its_fault_phenomenon_is_refused_inline_and_keeps_the_input(
    client_as, zhang
):
    # when
    answer = _post(
        client_as("agent1"), customer_id=zhang.pk, summary="冰箱坏了", ticket_type="repair"
    )
    # then
    html = answer.content.decode()
    assert answer.status_code == 422
    field = html.split('for="id_fault_description"', 1)[1].split("</div>", 1)[0]
    assert "is-invalid" in field
    assert "Describe the fault the customer sees." in field
    assert "冰箱坏了" in html
    assert 'value="repair" data-key="6" autocomplete="off" checked' in html
    assert not Ticket.objects.exists()
    assert not Interaction.objects.exists()


def test_nothing_is_half_written_when_the_contact_is_refused_after_the_ticket(client_as, zhang):
    # given: 1,500 minutes is more than a day, which only the contact log refuses
    client = client_as("agent1")
    # when
    answer = _post(
        client, customer_id=zhang.pk, summary="问价", ticket_type="guidance", duration="1500"
    )
    # then
    assert answer.status_code == 422
    assert "86400" in answer.content.decode()
    assert not Ticket.objects.exists()
    assert not Interaction.objects.exists()


def test_a_consultation_solved_on_the_call_is_closed_at_first_contact(client_as, zhang):
    # when
    answer = _post(
        client_as("agent1"),
        customer_id=zhang.pk,
        summary="问冰箱除霜",
        ticket_type="guidance",
        solved="on",
        resolution="告知除霜步骤",
    )
    # then
    ticket = Ticket.objects.get()
    assert answer.status_code == 200
    assert ticket.state_category == "closed"
    assert ticket.resolution == "告知除霜步骤"
    assert ticket.events.filter(kind="transition", data__transition="close_now").exists()


def test_solved_on_the_call_needs_the_resolution(client_as, zhang):
    answer = _post(
        client_as("agent1"), customer_id=zhang.pk, summary="问", ticket_type="guidance", solved="on"
    )
    assert answer.status_code == 422
    assert not Ticket.objects.exists()


def test_a_contact_is_logged_without_ticket_or_customer(client_as):
    # when
    answer = _post(client_as("agent1"), summary="打错电话", phone="13900001111")
    # then
    interaction = Interaction.objects.get()
    assert answer.status_code == 200
    assert interaction.customer is None
    assert interaction.phone == "13900001111"
    assert not Ticket.objects.exists()


def test_a_consultation_without_customer_opens_a_ticket(client_as):
    # when
    _post(client_as("agent1"), summary="问营业时间", ticket_type="business_consult")
    # then
    ticket = Ticket.objects.get()
    assert ticket.customer is None
    assert ticket.subject == "问营业时间"


def test_fields_of_another_type_are_ignored(client_as, zhang):
    # given: the agent typed a severity, then switched to a consultation
    _post(
        client_as("agent1"),
        customer_id=zhang.pk,
        summary="问价",
        ticket_type="guidance",
        severity="critical",
    )
    # then
    assert Ticket.objects.get().severity == ""


def test_registering_without_htmx_redirects_back_with_a_message(client_as, zhang):
    # when
    answer = client_as("agent1").post(
        REGISTER,
        {"channel": "phone_in", "direction": "in", "priority": "2", "summary": "问价"}
        | {"customer_id": zhang.pk},
    )
    # then
    assert answer.status_code == 302
    assert answer.url == f"{DESK}?customer={zhang.pk}"


# ---- side panels --------------------------------------------------------------------------


def test_no_side_column_is_shown_when_no_panel_is_registered(client_as, monkeypatch):
    monkeypatch.setattr(hooks, "_desk_panels", [])  # knowledge's answer templates register one
    html = client_as("agent1").get(DESK).content.decode()
    assert 'id="desk-panels"' not in html


def test_registered_panels_render_with_the_customer(client_as, settings, zhang):
    # given
    template = dict(settings.TEMPLATES[0])
    template["APP_DIRS"] = False
    template["OPTIONS"] = dict(template["OPTIONS"]) | {
        "loaders": [
            ("django.template.loaders.locmem.Loader", {"panel.html": "PANEL {{ customer.name }}"}),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ]
    }
    settings.TEMPLATES = [template]
    hooks.register_desk_panel("panel.html")
    try:
        # when
        html = client_as("agent1").get(DESK, {"customer": zhang.pk}).content.decode()
    finally:
        hooks._desk_panels.remove("panel.html")
    # then
    assert 'id="desk-panels"' in html
    assert "PANEL 张三" in html


# ---- small parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("", 0), ("3", 180), ("3:25", 205), ("03:05", 185), ("1:02:03", 3723), ("2：30", 150)]
    + [("abc", None), ("3:75", None), ("1:2:3:4", None), ("-3", None)],
)
def test_a_duration_is_read_as_minutes_and_seconds(text, seconds):
    assert parse_duration(text) == seconds
