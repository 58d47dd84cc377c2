"""Registering, refining and changing customer needs (services_needs)."""

import re

import pytest

from kefu.core.errors import ApplicationError
from kefu.service.models import VisitRule
from kefu.service.services import interaction_log
from kefu.service.services.visits import visit_open
from kefu.service.tests.factories import make_ticket
from kefu.strategies.models import Need, NeedChange
from kefu.strategies.services_needs import NeedData, need_register, need_update, needs_mark_planned
from kefu.strategies.tests.needs_fixtures import *  # noqa: F403
from kefu.strategies.tests.needs_fixtures import register

pytestmark = pytest.mark.django_db


def test_a_need_from_a_suggestion_ticket_takes_its_customer_and_grade(users, suggestion, zhang):
    # given a suggestion ticket of a gold customer
    # when an agent registers a need from it without naming the customer
    data = NeedData(
        title="说明书改大字",
        category="product_manual",
        source="ticket",
        source_ticket=suggestion.pk,
    )
    need = need_register(data=data, by=users["agent1"])
    # then the need is the ticket's customer's, with her grade and a yearly number
    assert need.customer == zhang and need.grade == "gold" and need.status == "registered"
    assert re.fullmatch(r"N-\d{4}-\d{5}", need.code)
    step = need.changes.get()
    assert step.kind == "register" and step.changes["title"] == [None, "说明书改大字"]
    assert step.changes["source_ticket"] == [None, suggestion.number]


def test_a_need_from_a_call_links_the_contact(users, zhang, feedback):
    # given a call logged for the customer
    call = interaction_log(
        by=users["agent1"], channel="phone_in", summary="想要上门保养", customer=zhang
    )
    # when the agent registers a need from it
    need = register(by=users["agent1"], customer=zhang, source="call", source_interaction=call.pk)
    # then the contact is its source
    assert need.source == "call" and need.source_interaction == call


def test_a_need_from_a_follow_up_visit_takes_the_visits_customer(users, zhang, feedback):
    # given a follow-up visit of the customer's repair
    repair = make_ticket(by=users["agent1"], customer=zhang)
    visit = visit_open(
        ticket=repair, rule=VisitRule.objects.get(ticket_type="repair"), by=users["agent1"]
    )
    # when a need is registered from it
    data = NeedData(title="希望每年保养", source="visit", source_visit=visit.pk)
    need = need_register(data=data, by=users["agent1"])
    # then it is the customer's, from that visit
    assert need.customer == zhang and need.source_visit == visit


def test_a_portal_need_has_no_source_object(users, zhang, suggestion):
    # when a portal need names a ticket
    with pytest.raises(ApplicationError) as refused:
        register(by=users["agent1"], customer=zhang, source="portal", source_ticket=suggestion.pk)
    # then the ticket is refused by name, and a plain portal need is fine
    assert set(refused.value.fields) == {"source_ticket"}
    assert register(by=users["agent1"], customer=zhang, source="portal").source == "portal"


def test_a_ticket_of_another_customer_is_refused(users, suggestion, feedback):
    # given another customer of the same branch
    from kefu.customers.tests.factories import make_customer

    wang = make_customer(by=users["agent1"], name="王五")
    # when a need of hers names zhang's ticket
    with pytest.raises(ApplicationError) as refused:
        register(by=users["agent1"], customer=wang, source="ticket", source_ticket=suggestion.pk)
    # then nothing is written
    assert set(refused.value.fields) == {"source_ticket"} and not Need.objects.exists()


def test_an_unknown_category_is_refused_naming_the_field(users, zhang, feedback):
    with pytest.raises(ApplicationError) as refused:
        register(by=users["agent1"], customer=zhang, category="no-such")
    assert set(refused.value.fields) == {"category"}
    assert not Need.objects.exists() and not NeedChange.objects.exists()


def test_a_customer_of_another_branch_is_refused(users, li, feedback):
    with pytest.raises(ApplicationError) as refused:
        register(by=users["agent1"], customer=li)
    assert set(refused.value.fields) == {"customer"} and not Need.objects.exists()


def test_needs_get_distinct_numbers(users, zhang, feedback):
    codes = {register(by=users["agent1"], customer=zhang).code for _ in range(3)}
    assert len(codes) == 3


def test_refining_adds_detail_without_a_reason(users, need, strategy):
    # when the agent adds a strategy and more description
    values = {"description": "保修延长到五年，含上门", "strategies": ["CARE-01"]}
    need_update(need=need, by=users["agent1"], version=need.version, values=values)
    # then it is refined, with the strategies as code lists in the history
    need.refresh_from_db()
    assert need.status == "refined" and need.version == 2
    step = need.changes.latest("id")
    assert step.kind == "refine"
    assert step.changes["strategies"] == [[], ["CARE-01"]]
    assert step.changes["status"] == ["registered", "refined"]


def test_a_change_needs_a_reason(users, need):
    # when the title changes without a reason
    with pytest.raises(ApplicationError) as refused:
        need_update(need=need, by=users["agent1"], version=1, values={"title": "延保五年"})
    # then it is refused; with a reason it is a change
    assert set(refused.value.fields) == {"reason"}
    need_update(
        need=need, by=users["agent1"], version=1, values={"title": "延保五年"}, reason="客户改口"
    )
    step = need.changes.latest("id")
    assert step.kind == "change" and step.reason == "客户改口"
    assert step.changes == {"title": ["希望延长保修", "延保五年"]}


def test_replacing_the_category_is_a_change(users, need):
    with pytest.raises(ApplicationError) as refused:
        need_update(need=need, by=users["agent1"], version=1, values={"category": "service"})
    assert set(refused.value.fields) == {"reason"}


def test_a_stale_edit_is_refused(users, need):
    # given someone saved the need meanwhile
    need_update(need=need, by=users["agent1"], version=1, values={"description": "补充"})
    # when an edit based on version 1 arrives
    with pytest.raises(ApplicationError) as refused:
        need_update(need=need, by=users["supervisor1"], version=1, values={"description": "旧"})
    # then it is refused as stale and nothing changes
    assert refused.value.status == 409
    need.refresh_from_db()
    assert need.description == "补充" and need.changes.count() == 2


def test_declining_needs_a_reason(users, need):
    with pytest.raises(ApplicationError) as refused:
        need_update(need=need, by=users["agent1"], version=1, values={"status": "declined"})
    assert set(refused.value.fields) == {"reason"}
    need_update(
        need=need,
        by=users["agent1"],
        version=1,
        values={"status": "declined"},
        reason="不在服务范围",
    )
    need.refresh_from_db()
    assert need.status == "declined"


def test_a_closed_need_is_reopened_before_it_is_edited(users, need):
    need_update(
        need=need,
        by=users["agent1"],
        version=1,
        values={"status": "fulfilled"},
        reason="已办理延保",
    )
    with pytest.raises(ApplicationError) as refused:
        need_update(need=need, by=users["agent1"], version=2, values={"description": "再补充"})
    assert set(refused.value.fields) == {"status"}


def test_an_impossible_status_move_is_refused(users, need):
    with pytest.raises(ApplicationError) as refused:
        need_update(
            need=need, by=users["agent1"], version=1, values={"status": "registered"}, reason="x"
        )
    # (registered → registered is no change at all)
    assert refused.value.code == "need.unchanged"
    need_update(
        need=need, by=users["agent1"], version=1, values={"status": "fulfilled"}, reason="办"
    )
    with pytest.raises(ApplicationError) as refused:
        need_update(
            need=need, by=users["agent1"], version=2, values={"status": "planned"}, reason="x"
        )
    assert set(refused.value.fields) == {"status"}


def test_a_plan_marks_its_needs_planned(users, need):
    assert needs_mark_planned(needs=[need], by=users["manager1"]) == 1
    need.refresh_from_db()
    assert need.status == "planned" and need.changes.latest("id").changes["status"][1] == "planned"
