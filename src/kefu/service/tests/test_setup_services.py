import pytest
from django.utils import translation

from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.service.models import Queue, SlaLevel
from kefu.service.selectors_setup import (
    duration_label,
    queue_setup_list,
    workflow_diagram,
    workflow_history,
)
from kefu.service.services import ticket_transition, workflow_save
from kefu.service.services.setup import (
    QueueData,
    SlaLevelData,
    queue_save,
    sla_level_save,
    sla_targets_save,
    target_key,
)
from kefu.service.tests.factories import make_ticket
from kefu.service.workflows import complaint

pytestmark = pytest.mark.django_db


def _cell(ticket_type="complaint", priority=3, first=30, arrival=None, resolution=600):
    return {
        "ticket_type": ticket_type,
        "priority": priority,
        "first_response_minutes": first,
        "arrival_minutes": arrival,
        "resolution_minutes": resolution,
    }


def _targets(level):
    return {
        (t.ticket_type, t.priority): (
            t.first_response_minutes,
            t.arrival_minutes,
            t.resolution_minutes,
        )
        for t in level.targets.all()
    }


# ----- response-time levels -------------------------------------------------------------------


def test_a_new_level_is_created_with_its_targets_and_audited(users):
    # given
    data = SlaLevelData(code="gold", name="金牌", rank=30)
    # when
    level = sla_level_save(data=data, targets=[_cell()], by=users["admin"])
    # then
    assert _targets(level) == {("complaint", 3): (30, None, 600)}
    assert not level.is_default
    assert AuditEvent.objects.filter(action="sla.level_create", object_id=str(level.pk)).exists()
    assert AuditEvent.objects.filter(action="sla.targets_save", object_id=str(level.pk)).exists()


def test_making_a_level_the_default_leaves_exactly_one_default(users):
    # given
    vip = SlaLevel.objects.get(code="vip")
    # when
    sla_level_save(
        level=vip,
        data=SlaLevelData(code="vip", name=vip.name, rank=vip.rank, is_default=True),
        by=users["admin"],
    )
    # then
    assert list(SlaLevel.objects.filter(is_default=True).values_list("code", flat=True)) == ["vip"]


def test_the_only_default_level_cannot_stop_being_the_default(users):
    # given
    standard = SlaLevel.objects.get(is_default=True)
    # when
    with pytest.raises(ApplicationError) as refused:
        sla_level_save(
            level=standard,
            data=SlaLevelData(code=standard.code, name="改名", rank=0, is_default=False),
            by=users["admin"],
        )
    # then
    assert "is_default" in refused.value.fields
    standard.refresh_from_db()
    assert standard.is_default and standard.name != "改名"


@pytest.mark.parametrize(
    ("code", "field"),
    [("vip", "code"), ("", "code"), ("Bad Code", "code")],
)
def test_a_new_level_needs_a_free_well_formed_code(users, code, field):
    with pytest.raises(ApplicationError) as refused:
        sla_level_save(data=SlaLevelData(code=code, name="x"), by=users["admin"])
    assert field in refused.value.fields
    assert SlaLevel.objects.count() == 3


def test_the_code_of_an_existing_level_cannot_change(users):
    vip = SlaLevel.objects.get(code="vip")
    with pytest.raises(ApplicationError) as refused:
        sla_level_save(
            level=vip, data=SlaLevelData(code="vvip", name="x", rank=1), by=users["admin"]
        )
    assert "code" in refused.value.fields


def test_a_first_response_later_than_the_resolution_is_refused_and_nothing_is_written(users):
    # given
    level = SlaLevel.objects.get(code="priority")
    before = _targets(level)
    # when
    with pytest.raises(ApplicationError) as refused:
        sla_level_save(
            level=level,
            data=SlaLevelData(code="priority", name="新名字", rank=level.rank),
            targets=[_cell(first=700, resolution=600)],
            by=users["admin"],
        )
    # then
    assert target_key("complaint", 3, "first") in refused.value.fields
    level.refresh_from_db()
    assert level.name != "新名字" and _targets(level) == before


@pytest.mark.parametrize(
    ("cell", "part"),
    [
        (_cell(first=0), "first"),
        (_cell(first=-5), "first"),
        (_cell(resolution=None), "resolution"),
        (_cell(arrival=900, resolution=600), "arrival"),
        (_cell(first=None), "first"),
    ],
)
def test_targets_must_be_positive_minutes(users, cell, part):
    level = SlaLevel.objects.get(code="standard")
    with pytest.raises(ApplicationError) as refused:
        sla_targets_save(level=level, targets=[cell], by=users["admin"])
    assert target_key("complaint", 3, part) in refused.value.fields


def test_an_empty_cell_removes_the_target_and_other_cells_stay(users):
    # given
    level = SlaLevel.objects.get(code="standard")
    count = level.targets.count()
    empty = _cell(first=None, resolution=None)
    # when
    sla_targets_save(level=level, targets=[empty, _cell(priority=2, first=45)], by=users["admin"])
    # then
    targets = _targets(level)
    assert ("complaint", 3) not in targets
    assert targets[("complaint", 2)] == (45, None, 600)
    assert level.targets.count() == count - 1


# ----- queues ---------------------------------------------------------------------------------


def _queue_data(users, **overrides):
    data = {
        "code": "vip-desk",
        "name": "贵宾坐席",
        "kind": "general",
        "strategy": "round_robin",
        "members": [users["agent1"], users["expert1"]],
        "ticket_types": ["business_consult"],
    }
    return QueueData(**(data | overrides))


def test_a_queue_is_created_with_its_members_and_audited(users):
    # given
    general = Queue.objects.get(code="general")
    general_types = [t for t in general.ticket_types if t != "business_consult"]
    queue_save(
        queue=general,
        data=_queue_data(
            users, code="general", name=general.name, members=[], ticket_types=general_types
        ),
        by=users["admin"],
    )
    # when
    queue = queue_save(
        data=_queue_data(users, breach_queue=Queue.objects.get(code="expert")), by=users["admin"]
    )
    # then
    assert set(queue.members.values_list("username", flat=True)) == {"agent1", "expert1"}
    assert queue.breach_queue.code == "expert" and queue.ticket_types == ["business_consult"]
    event = AuditEvent.objects.get(action="queue.create", object_id=str(queue.pk))
    assert event.changes["members"] == [[], ["agent1", "expert1"]]


def test_a_ticket_type_goes_by_default_to_one_active_queue_only(users):
    with pytest.raises(ApplicationError) as refused:
        queue_save(data=_queue_data(users, ticket_types=["complaint"]), by=users["admin"])
    assert "ticket_types" in refused.value.fields
    assert not Queue.objects.filter(code="vip-desk").exists()


def test_a_queue_cannot_send_its_breaches_to_itself(users):
    queue = Queue.objects.get(code="expert")
    with pytest.raises(ApplicationError) as refused:
        queue_save(
            queue=queue,
            data=_queue_data(users, code="expert", ticket_types=[], breach_queue=queue),
            by=users["admin"],
        )
    assert "breach_queue" in refused.value.fields


def test_queue_codes_are_unique_and_inactive_users_are_no_members(users):
    # given
    users["agent_b"].is_active = False
    users["agent_b"].save(update_fields=["is_active"])
    # when
    with pytest.raises(ApplicationError) as refused:
        queue_save(
            data=_queue_data(users, code="expert", members=[users["agent_b"]], ticket_types=[]),
            by=users["admin"],
        )
    # then
    assert {"code", "members"} <= set(refused.value.fields)


def test_the_queue_list_counts_members_and_open_tickets_in_one_query(
    users, django_assert_num_queries
):
    # given
    complaints = Queue.objects.get(code="complaint")
    complaints.members.add(users["agent1"], users["supervisor1"])
    make_ticket(by=users["agent1"], ticket_type="complaint")
    closed = make_ticket(by=users["agent1"], ticket_type="complaint")
    ticket_transition(ticket=closed, code="cancel", by=users["agent1"], note="客户撤诉")
    # when
    with django_assert_num_queries(1):
        rows = {q.code: q for q in queue_setup_list()}
    # then
    assert (rows["complaint"].member_count, rows["complaint"].open_ticket_count) == (2, 1)
    assert (rows["expert"].member_count, rows["expert"].open_ticket_count) == (0, 0)


# ----- workflows: history and display ---------------------------------------------------------


def test_the_history_counts_the_tickets_running_on_each_version(users):
    # given
    make_ticket(by=users["agent1"], ticket_type="complaint")
    workflow_save(ticket_type="complaint", definition=complaint(), reason="复核", by=users["admin"])
    make_ticket(by=users["agent1"], ticket_type="complaint")
    make_ticket(by=users["agent1"], ticket_type="complaint")
    # when
    history = {v.number: v.ticket_count for v in workflow_history("complaint")}
    # then
    assert history == {2: 2, 1: 1}


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(30, "30 min"), (120, "2 h"), (90, "1.5 h"), (540, "1 d"), (810, "1.5 d"), (None, "—")],
)
def test_working_minutes_read_as_minutes_hours_or_working_days(minutes, shown):
    with translation.override("en"):
        assert duration_label(minutes, 540) == shown


def test_the_diagram_draws_forward_arcs_above_and_back_arcs_below():
    # given
    definition = complaint()
    # when
    diagram = workflow_diagram(definition)
    # then
    assert [n["state"]["code"] for n in diagram["nodes"]][:2] == ["received", "handling"]
    reopen = [e for e in diagram["edges"] if e["transition"]["code"] == "reopen"]
    handle = [e for e in diagram["edges"] if e["transition"]["code"] == "handle"]
    assert reopen and not any(e["forward"] for e in reopen)
    assert handle and all(e["forward"] for e in handle)
