"""Follow-up visits: opened by the rule, recorded with scores, and what each outcome does."""

from decimal import Decimal

import pytest
from django.utils import timezone

from kefu.accounts.selectors import business_calendar
from kefu.core.errors import ApplicationError
from kefu.service.choices import LinkKind
from kefu.service.models import Ticket, TicketEvent, TicketLink, Visit, VisitScore
from kefu.service.selectors_visits import csat
from kefu.service.services import ticket_transition
from kefu.service.services.visits import visit_decide, visit_record
from kefu.service.tests.visits_helpers import (
    complete,
    completed_installation,
    pending_visit,
    scores,
)

pytestmark = pytest.mark.django_db


def test_completing_an_installation_opens_a_visit_with_a_follow_up_due_in_working_hours(
    users, zhang
):
    # given
    before = timezone.now()
    # when
    ticket = completed_installation(users, zhang)
    # then
    visit = pending_visit(ticket)
    task = visit.task
    assert task.ticket_type == "follow_up" and task.state == "todo"
    assert ticket.number in task.subject and task.customer_id == zhang.pk
    assert task.resolution_due == visit.due_at
    hours = business_calendar().working_hours_between(before, visit.due_at)
    assert 47.9 <= hours <= 48.1
    assert TicketLink.objects.filter(source=task, target=ticket, kind=LinkKind.FOLLOW_UP).exists()
    assert visit.survey_nonce and visit.survey_expires_at > timezone.now()


def test_a_reopened_and_completed_again_ticket_has_one_pending_visit(users, zhang):
    # given
    boss = users["supervisor1"]
    ticket = completed_installation(users, zhang)
    first = pending_visit(ticket)
    # when
    ticket = ticket_transition(ticket=ticket, code="reopen", by=boss, note="客户反映未调试")
    ticket = complete(ticket, boss)
    # then
    first.refresh_from_db()
    assert first.status == "cancelled" and first.task.state == "cancelled"
    assert Visit.objects.filter(ticket=ticket, status="pending").count() == 1
    assert pending_visit(ticket).pk != first.pk


def test_a_satisfied_visit_moves_the_order_to_visited(users, zhang):
    # given
    ticket = completed_installation(users, zhang)
    visit = pending_visit(ticket)
    # when
    visit_record(
        visit=visit,
        by=users["agent1"],
        scores=scores(visit, 5, price=4),
        outcome="satisfied",
        comment="师傅很专业",
    )
    # then
    ticket.refresh_from_db()
    visit.refresh_from_db()
    assert ticket.state == "visited"
    assert visit.status == "done" and visit.visited_by == users["agent1"]
    assert visit.score == ticket.satisfaction == Decimal("4.83")
    assert Ticket.objects.get(pk=visit.task_id).state == "done"
    assert visit.scores.count() == 6


def test_a_not_satisfied_visit_reopens_the_order_with_the_comment(users, zhang):
    # given
    ticket = completed_installation(users, zhang)
    visit = pending_visit(ticket)
    # when
    visit_record(
        visit=visit,
        by=users["agent1"],
        scores=scores(visit, 2),
        outcome="dissatisfied",
        comment="空调还是漏水",
        action="reopen",
    )
    # then
    ticket.refresh_from_db()
    assert ticket.state == "pending" and ticket.satisfaction == Decimal("2.00")
    event = TicketEvent.objects.filter(ticket=ticket, kind="transition").last()
    assert event.data["transition"] == "reopen" and event.body == "空调还是漏水"
    assert Ticket.objects.get(pk=visit.task_id).state == "done"


def test_a_not_satisfied_visit_opens_a_complaint_against_the_outlet(users, zhang):
    # given an order worked by the outlet
    ticket = completed_installation(users, zhang, assignee=users["outlet1"])
    visit = pending_visit(ticket)
    assert visit.outlet.code == "OUT-A"
    # when
    visit_record(
        visit=visit,
        by=users["agent1"],
        scores=scores(visit, 1),
        outcome="dissatisfied",
        comment="师傅态度差",
        action="complaint",
    )
    # then
    visit.refresh_from_db()
    complaint = visit.follow_up
    assert complaint.ticket_type == "complaint" and complaint.responsible_party == "outlet"
    assert TicketLink.objects.filter(
        source=complaint, target=ticket, kind=LinkKind.FOLLOW_UP
    ).exists()
    ticket.refresh_from_db()
    assert ticket.state == "completed"


@pytest.mark.parametrize("bad", [0, 6, "x"])
def test_a_score_out_of_range_is_refused_and_nothing_changes(users, zhang, bad):
    # given
    ticket = completed_installation(users, zhang)
    visit = pending_visit(ticket)
    # when
    with pytest.raises(ApplicationError) as refused:
        visit_record(
            visit=visit,
            by=users["agent1"],
            scores=scores(visit, 5, quality=bad),
            outcome="satisfied",
        )
    # then
    quality = next(s["item"] for s in scores(visit) if s["score"] == 5)
    assert refused.value.fields and "维修质量" in " ".join(refused.value.fields.values())
    assert quality
    visit.refresh_from_db()
    ticket.refresh_from_db()
    assert visit.status == "pending" and not VisitScore.objects.filter(visit=visit).exists()
    assert ticket.state == "completed" and ticket.satisfaction is None


def test_a_missing_score_names_the_item(users, zhang):
    # given
    ticket = completed_installation(users, zhang)
    visit = pending_visit(ticket)
    answer = [s for s in scores(visit) if s["score"]][:-1]  # the last item left out
    # when
    with pytest.raises(ApplicationError) as refused:
        visit_record(visit=visit, by=users["agent1"], scores=answer, outcome="satisfied")
    # then
    assert "总体满意度" in " ".join(refused.value.fields.values())


def test_not_satisfied_by_phone_needs_a_choice(users, zhang):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    # when
    with pytest.raises(ApplicationError) as refused:
        visit_record(
            visit=visit, by=users["agent1"], scores=scores(visit, 2), outcome="dissatisfied"
        )
    # then
    assert "action" in refused.value.fields
    visit.refresh_from_db()
    assert visit.status == "pending"


def test_an_unreachable_customer_leaves_the_follow_up_open_with_a_note(users, zhang):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    # when
    visit_record(visit=visit, by=users["agent1"], scores=[], outcome="unreachable", comment="关机")
    # then
    visit.refresh_from_db()
    assert visit.status == "pending"
    assert visit.task.state == "todo"
    assert TicketEvent.objects.filter(
        ticket=visit.task, kind="note", body__contains="关机"
    ).exists()
    # when the agent gives up
    visit_record(visit=visit, by=users["agent1"], scores=[], outcome="unreachable", close=True)
    # then
    visit.refresh_from_db()
    assert visit.status == "done" and visit.outcome == "unreachable"
    assert Ticket.objects.get(pk=visit.task_id).state == "done"


def test_a_visit_is_recorded_once(users, zhang):
    # given
    visit = pending_visit(completed_installation(users, zhang))
    visit_record(visit=visit, by=users["agent1"], scores=scores(visit), outcome="satisfied")
    # when
    with pytest.raises(ApplicationError) as refused:
        visit_record(visit=visit, by=users["agent1"], scores=scores(visit, 1), outcome="satisfied")
    # then
    assert refused.value.code == "visit.done"
    assert VisitScore.objects.filter(visit=visit, score=1).count() == 0


def test_an_agent_decides_after_a_dissatisfied_link_answer(users, zhang):
    # given a customer's "not satisfied" through the link (no decision yet)
    ticket = completed_installation(users, zhang)
    visit = pending_visit(ticket)
    visit_record(
        visit=visit,
        by=None,
        scores=scores(visit, 2),
        outcome="dissatisfied",
        channel="link",
        nonce=visit.survey_nonce,
    )
    assert Ticket.objects.get(pk=visit.task_id).state == "todo"
    # when
    visit_decide(visit=visit, by=users["agent1"], action="reopen")
    # then
    ticket.refresh_from_db()
    assert ticket.state == "pending"
    assert Ticket.objects.get(pk=visit.task_id).state == "done"
    with pytest.raises(ApplicationError):
        visit_decide(visit=visit, by=users["agent1"], action="complaint")


def test_csat_aggregates_by_outlet_agent_product_and_item(users, zhang):
    # given two answered visits: one of the outlet (all 5), one of the branch (all 2)
    first = pending_visit(completed_installation(users, zhang, assignee=users["outlet1"]))
    second = pending_visit(completed_installation(users, zhang))
    visit_record(visit=first, by=users["agent1"], scores=scores(first, 5), outcome="satisfied")
    visit_record(
        visit=second,
        by=users["agent1"],
        scores=scores(second, 2),
        outcome="dissatisfied",
        action="complaint",
    )
    manager = users["manager1"]
    # when
    by_outlet, total = csat(user=manager, by="outlet")
    by_item, _ = csat(user=manager, by="item")
    # then
    assert total.count == 2 and float(total.mean) == 3.5 and total.satisfied == 0.5
    outlet = next(r for r in by_outlet if r.key is not None)
    assert outlet.label == "海淀特约维修部" and outlet.count == 1 and float(outlet.mean) == 5
    assert len(by_item) == 6 and all(r.count == 2 and r.satisfied == 0.5 for r in by_item)
    # and a user of another branch counts none of them
    assert csat(user=users["agent_b"], by="agent")[1].count == 0
