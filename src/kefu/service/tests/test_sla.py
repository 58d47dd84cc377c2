"""SLA due times on business hours (09:00–18:00) and the Chinese working calendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kefu.service import sla
from kefu.service.models import SlaLevel, SlaTarget
from kefu.service.tests.factories import make_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def repair(users):
    return make_ticket(by=users["agent1"])


def test_due_times_skip_the_national_day_holiday_and_count_its_make_up_workday(repair):
    # given: standard repair targets at normal priority: 2 h, 18 h on site, 36 h resolved
    # when: registered at 17:00 on the last workday before National Day 2025
    sla.sla_start(repair, at=at(2025, 9, 30, 17, 0))
    # then: 1 h on 30 Sep, then nothing until Thu 9 Oct (1–8 Oct are holidays)
    assert repair.first_response_due == at(2025, 10, 9, 10, 0)
    # 18 h: 1 + 9 (9 Oct) + 8 (10 Oct)
    assert repair.arrival_due == at(2025, 10, 10, 17, 0)
    # 36 h: 1 + 9 + 9 + 9 on Saturday 11 Oct (调休 make-up workday) + 8 on Mon 13 Oct
    assert repair.resolution_due == at(2025, 10, 13, 17, 0)
    assert repair.next_due == repair.first_response_due


def test_the_make_up_sunday_before_the_holiday_is_a_workday(repair):
    # Sunday 28 Sep 2025 is a make-up workday: a ticket at 08:00 is due at 11:00 that day
    sla.sla_start(repair, at=at(2025, 9, 28, 8, 0))
    assert repair.first_response_due == at(2025, 9, 28, 11, 0)


def test_a_ticket_registered_at_night_starts_counting_next_morning(repair):
    sla.sla_start(repair, at=at(2025, 11, 20, 22, 30))  # Thursday night
    assert repair.first_response_due == at(2025, 11, 21, 11, 0)


def test_waiting_on_the_customer_pauses_the_clocks_and_resume_moves_them(repair):
    # given
    sla.sla_start(repair, at=at(2025, 11, 17, 9, 0))  # Monday
    resolution = repair.resolution_due
    pending = {"code": "waiting", "category": "pending"}
    opened = {"code": "in_progress", "category": "open", "arrival": True}
    # when: waiting from Mon 10:00 to Tue 12:00 (8 + 3 = 11 working hours)
    sla.sla_on_state(repair, old_category="open", state=pending, at=at(2025, 11, 17, 10, 0))
    assert repair.sla_paused_at is not None and repair.next_due is None
    sla.sla_on_state(repair, old_category="pending", state=opened, at=at(2025, 11, 18, 12, 0))
    # then
    assert repair.sla_paused_at is None
    calendar = sla.business_calendar()
    assert repair.resolution_due == calendar.add_working_hours(resolution, 11)
    assert repair.arrived_at == at(2025, 11, 18, 12, 0)  # the open state marks arrival


def test_a_tighter_level_from_an_entitlement_provider_wins(users):
    # given: a provider that entitles every customer to the VIP level and high priority
    from kefu.service.hooks import (
        Entitlement,
        register_entitlement_provider,
        unregister_entitlement_provider,
    )

    def gold(customer, ticket_type):
        return Entitlement(level="vip", priority=3, reasons=["金卡客户"])

    register_entitlement_provider(gold)
    try:
        # when
        ticket = make_ticket(by=users["agent1"])
    finally:
        unregister_entitlement_provider(gold)
    # then
    assert ticket.sla_level.code == "vip" and ticket.priority == 3
    vip = SlaTarget.objects.get(level__code="vip", ticket_type="repair", priority=3)
    standard = SlaTarget.objects.get(level__code="standard", ticket_type="repair", priority=2)
    assert vip.first_response_minutes < standard.first_response_minutes
    assert ticket.events.get(kind="created").data["entitlements"] == ["金卡客户"]


def test_a_ticket_without_a_target_has_no_sla(users):
    SlaLevel.objects.update(is_default=False)
    ticket = make_ticket(by=users["agent1"], ticket_type="guidance")
    assert ticket.sla_status == "none" and ticket.next_due is None


def test_raising_the_priority_tightens_the_unmet_clocks(users):
    from kefu.service.services import ticket_update
    from kefu.service.validation import TicketData

    ticket = make_ticket(by=users["agent1"])
    before = ticket.resolution_due
    data = TicketData(
        ticket_type="repair",
        customer_id=ticket.customer_id,
        subject=ticket.subject,
        fault_description=ticket.fault_description,
        priority=4,
    )
    ticket = ticket_update(ticket=ticket, data=data, version=ticket.version, by=users["agent1"])
    ticket.refresh_from_db()
    assert ticket.priority == 4 and ticket.resolution_due < before
