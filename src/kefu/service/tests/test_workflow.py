import pytest

from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.service.choices import EventKind
from kefu.service.models import Ticket
from kefu.service.services import ticket_transition, transitions_allowed, workflow_save
from kefu.service.tests.factories import make_ticket, tomorrow_at
from kefu.service.tests.visits_helpers import record_satisfied
from kefu.service.workflows import complaint


def _apply(ticket, code, user, **kwargs):
    return ticket_transition(ticket=ticket, code=code, by=user, **kwargs)


def test_a_repair_order_goes_through_the_whole_default_workflow(users, fridge_faults):
    # given
    ticket = make_ticket(by=users["agent1"])
    completion = {"resolution": "更换温控器", "fault_cause": fridge_faults["C2"].pk}
    completion["fault_measure"] = fridge_faults["M3"].pk
    assert ticket.state == "pending" and ticket.number.isdigit()
    # when
    ticket = _apply(ticket, "dispatch", users["dispatcher1"])
    ticket = _apply(
        ticket, "accept", users["outlet1"], fields={"appointment_start": tomorrow_at(10)}
    )
    ticket = _apply(ticket, "start", users["outlet1"])
    ticket = _apply(ticket, "complete", users["outlet1"], fields=completion)
    with pytest.raises(ApplicationError):  # the pending visit is recorded, not skipped
        _apply(ticket, "visit", users["agent1"])
    ticket = record_satisfied(ticket, users["agent1"])
    ticket = _apply(ticket, "audit", users["supervisor1"])
    # then
    assert ticket.state == "audited" and ticket.state_category == "closed"
    assert ticket.arrived_at and ticket.resolved_at and ticket.closed_at
    steps = list(
        ticket.events.filter(kind=EventKind.TRANSITION).values_list("data__to", "actor__username")
    )
    assert steps == [
        ("dispatched", "dispatcher1"),
        ("accepted", "outlet1"),
        ("in_progress", "outlet1"),
        ("completed", "outlet1"),
        ("visited", "agent1"),
        ("audited", "supervisor1"),
    ]
    assert AuditEvent.objects.filter(action="ticket.audit", object_id=str(ticket.pk)).exists()


def test_a_transition_not_allowed_from_the_current_state_changes_nothing(users):
    # given
    ticket = make_ticket(by=users["agent1"])
    # when
    with pytest.raises(ApplicationError) as refused:
        _apply(ticket, "complete", users["outlet1"], fields={"resolution": "x"})
    # then
    assert refused.value.code == "ticket.transition_not_allowed"
    ticket.refresh_from_db()
    assert ticket.state == "pending" and ticket.resolution == ""


def test_a_role_outside_the_transition_is_refused(users):
    ticket = make_ticket(by=users["agent1"])
    _apply(ticket, "dispatch", users["dispatcher1"])
    with pytest.raises(ApplicationError) as refused:
        _apply(ticket, "accept", users["agent1"], fields={"appointment_start": tomorrow_at(9)})
    assert refused.value.code == "ticket.transition_forbidden"
    assert "accept" not in [
        t["code"] for t in transitions_allowed(ticket=ticket, user=users["agent1"])
    ]


def test_a_missing_required_field_is_named_and_nothing_changes(users):
    ticket = make_ticket(by=users["agent1"])
    _apply(ticket, "dispatch", users["dispatcher1"])
    with pytest.raises(ApplicationError) as refused:
        _apply(ticket, "accept", users["outlet1"])
    assert "appointment_start" in refused.value.fields
    assert Ticket.objects.get(pk=ticket.pk).state == "dispatched"


def test_an_appointment_in_the_past_is_refused(users):
    from django.utils import timezone

    ticket = make_ticket(by=users["agent1"])
    _apply(ticket, "dispatch", users["dispatcher1"])
    with pytest.raises(ApplicationError) as refused:
        _apply(
            ticket,
            "accept",
            users["outlet1"],
            fields={"appointment_start": timezone.now() - timezone.timedelta(days=1)},
        )
    assert "appointment_start" in refused.value.fields


def test_cancel_and_reopen_need_a_reason(users):
    ticket = make_ticket(by=users["agent1"], ticket_type="fault_consult")
    with pytest.raises(ApplicationError) as refused:
        _apply(ticket, "cancel", users["agent1"])
    assert "note" in refused.value.fields
    ticket = _apply(ticket, "close_now", users["agent1"], fields={"resolution": "指导复位"})
    assert ticket.state_category == "closed"
    ticket = _apply(ticket, "reopen", users["agent1"], note="客户再次来电")
    assert ticket.state == "handling" and ticket.closed_at is None


def test_a_stale_version_is_refused(users):
    ticket = make_ticket(by=users["agent1"])
    seen = ticket.version
    _apply(ticket, "dispatch", users["dispatcher1"], version=seen)
    with pytest.raises(ApplicationError) as refused:
        _apply(ticket, "cancel", users["agent1"], note="重复", version=seen)
    assert refused.value.code == "ticket.stale" and refused.value.status == 409


def test_a_new_workflow_version_applies_to_new_complaints_only(users):
    # given: a complaint on version 1
    old = make_ticket(by=users["agent1"], ticket_type="complaint")
    definition = complaint()
    definition["states"].insert(
        2, {"code": "review", "name": "主管复核", "category": "open", "arrival": False}
    )
    definition["transitions"].append(
        {
            "code": "review",
            "name": "提交复核",
            "from": ["handling"],
            "to": "review",
            "roles": ["agent"],
            "fields": [],
            "note_required": False,
            "audit": False,
        }
    )
    # when
    version = workflow_save(
        ticket_type="complaint", definition=definition, reason="增加复核", by=users["admin"]
    )
    new = make_ticket(by=users["agent1"], ticket_type="complaint")
    # then
    assert version.number == 2 and new.workflow_id == version.pk
    assert old.workflow.number == 1
    _apply(new, "handle", users["agent1"])
    assert _apply(new, "review", users["agent1"]).state == "review"
    _apply(old, "handle", users["agent1"])
    with pytest.raises(ApplicationError):
        _apply(old, "review", users["agent1"])


def test_a_workflow_with_an_unknown_target_state_is_refused(users):
    definition = complaint()
    definition["transitions"][0]["to"] = "nowhere"
    with pytest.raises(ApplicationError) as refused:
        workflow_save(ticket_type="complaint", definition=definition, reason="x", by=users["admin"])
    assert "transitions" in refused.value.fields
