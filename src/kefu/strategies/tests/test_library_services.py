"""The strategy library's writes: create, change with versions and reasons, stale edits, and the
changes refused because they would orphan draft or running plans (nothing changed)."""

import pytest

from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent
from kefu.customers.models import Grade
from kefu.customers.tests.factories import make_customer
from kefu.strategies.models import Strategy, StrategyVersion
from kefu.strategies.services_library import (
    StrategyData,
    strategy_activate,
    strategy_create,
    strategy_retire,
    strategy_update,
)
from kefu.strategies.tests.library_factories import (
    action_data,
    entitlement_data,
    make_action,
    make_entitlement,
    make_plan,
)

pytestmark = pytest.mark.django_db


def _refused(call, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    return caught.value


def test_a_new_strategy_gets_a_code_and_its_first_version(users):
    # given
    manager = users["manager1"]
    # when
    strategy = make_entitlement(by=manager)
    # then
    assert strategy.code == f"S-{strategy.pk:04d}"
    version = strategy.versions.get()
    assert (version.number, version.changed_by) == (1, manager)
    assert version.data["sla_level"] == "vip" and version.data["grades"] == ["gold"]
    assert AuditEvent.objects.filter(action="strategy.create", object_id=str(strategy.pk)).exists()


def test_a_strategy_without_name_or_kind_is_refused_naming_both_fields(users):
    # when
    error = _refused(strategy_create, data=StrategyData(name=" ", kind=""), by=users["manager1"])
    # then
    assert {"name", "kind"} <= set(error.fields)
    assert not Strategy.objects.exists()


def test_an_entitlement_that_grants_nothing_is_refused(users):
    # given
    data = entitlement_data(sla_level=None, priority=None)
    # when
    error = _refused(strategy_create, data=data, by=users["manager1"])
    # then
    assert "sla_level" in error.fields
    assert not Strategy.objects.exists()


def test_an_action_without_type_or_recurrence_is_refused(users):
    # when
    error = _refused(
        strategy_create, data=action_data(action_type="", recurrence=""), by=users["manager1"]
    )
    # then
    assert {"action_type", "recurrence"} <= set(error.fields)
    assert not Strategy.objects.exists()


def test_an_action_keeps_no_entitlement_posted_beside_it(users):
    # given: the form posts the hidden entitlement fields too
    data = action_data(priority=4, expert_seat=True)
    # when
    strategy = strategy_create(data=data, by=users["manager1"])
    # then
    assert strategy.priority is None and not strategy.expert_seat


def test_a_duplicate_name_is_refused(users):
    # given
    first = make_entitlement(by=users["manager1"])
    # when
    error = _refused(strategy_create, data=entitlement_data(name=first.name), by=users["manager1"])
    # then
    assert "name" in error.fields


def test_each_change_is_a_new_version_with_its_reason_and_author(users):
    # given
    strategy = make_entitlement(by=users["manager1"], priority=2)
    # when
    strategy_update(
        strategy=strategy,
        data=entitlement_data(name=strategy.name, priority=4),
        version=1,
        reason="金卡投诉增多，提升优先级",
        by=users["admin"],
    )
    # then
    strategy.refresh_from_db()
    assert strategy.version == 2 and strategy.priority == 4
    latest = strategy.versions.get(number=2)
    assert latest.reason == "金卡投诉增多，提升优先级" and latest.changed_by == users["admin"]
    assert latest.data["priority"] == 4
    assert strategy.versions.get(number=1).data["priority"] == 2


def test_a_change_needs_a_reason(users):
    # given
    strategy = make_entitlement(by=users["manager1"])
    # when
    error = _refused(
        strategy_update,
        strategy=strategy,
        data=entitlement_data(name=strategy.name, priority=4),
        version=1,
        reason="  ",
        by=users["manager1"],
    )
    # then
    assert "reason" in error.fields
    strategy.refresh_from_db()
    assert strategy.version == 1 and strategy.priority == 3


def test_a_stale_edit_is_refused_with_409_and_changes_nothing(users):
    # given: someone saved version 2 after the form showed version 1
    strategy = make_entitlement(by=users["manager1"])
    strategy_update(
        strategy=strategy,
        data=entitlement_data(name=strategy.name, priority=4),
        version=1,
        reason="first edit",
        by=users["admin"],
    )
    # when
    error = _refused(
        strategy_update,
        strategy=strategy,
        data=entitlement_data(name=strategy.name, priority=1),
        version=1,
        reason="second edit",
        by=users["manager1"],
    )
    # then
    assert error.status == 409 and error.code == "strategy.stale"
    strategy.refresh_from_db()
    assert strategy.priority == 4 and strategy.versions.count() == 2


def test_retiring_a_strategy_used_by_a_running_plan_is_refused_with_the_plan_number(users):
    # given
    strategy = make_entitlement(by=users["manager1"])
    customer = make_customer(by=users["agent1"], grade="gold")
    make_plan(owner=users["manager1"], strategies=[strategy], customer=customer, code="P-RUN-1")
    make_plan(
        owner=users["manager1"],
        strategies=[strategy],
        customer=customer,
        code="P-DRAFT-1",
        status="draft",
    )
    # when
    error = _refused(strategy_retire, strategy=strategy, by=users["manager1"])
    # then
    assert "P-RUN-1" in error.message and "P-DRAFT-1" in error.message
    strategy.refresh_from_db()
    assert strategy.status == "active" and strategy.version == 1


def test_a_strategy_only_finished_plans_used_can_be_retired_and_put_back(users):
    # given
    strategy = make_entitlement(by=users["manager1"])
    customer = make_customer(by=users["agent1"], grade="gold")
    make_plan(owner=users["manager1"], strategies=[strategy], customer=customer, status="completed")
    # when
    strategy_retire(strategy=strategy, by=users["manager1"], reason="年度调整", version=1)
    strategy_activate(strategy=strategy, by=users["manager1"])
    # then
    strategy.refresh_from_db()
    assert strategy.status == "active" and strategy.version == 3
    reasons = list(strategy.versions.order_by("number").values_list("data__status", "reason"))
    assert reasons[1] == ("retired", "年度调整")


def test_changing_the_kind_of_a_strategy_in_use_is_refused(users):
    # given
    strategy = make_entitlement(by=users["manager1"])
    customer = make_customer(by=users["agent1"], grade="gold")
    make_plan(owner=users["manager1"], strategies=[strategy], customer=customer, code="P-K-1")
    # when
    error = _refused(
        strategy_update,
        strategy=strategy,
        data=action_data(name=strategy.name),
        version=1,
        reason="改为行动",
        by=users["manager1"],
    )
    # then
    assert "kind" in error.fields and "P-K-1" in error.fields["kind"]
    strategy.refresh_from_db()
    assert strategy.kind == "entitlement" and StrategyVersion.objects.count() == 1


def test_removing_a_grade_a_running_plan_targets_is_refused_and_nothing_changes(users):
    # given: a strategy for gold and silver, a running plan for a gold customer
    gold, silver = Grade.objects.get(code="gold"), Grade.objects.get(code="silver")
    strategy = make_entitlement(by=users["manager1"], grades=[gold, silver])
    customer = make_customer(by=users["agent1"], grade="gold")
    make_plan(owner=users["manager1"], strategies=[strategy], customer=customer, code="P-G-1")
    # when
    error = _refused(
        strategy_update,
        strategy=strategy,
        data=entitlement_data(name=strategy.name, grades=[silver], priority=4),
        version=1,
        reason="只给银卡",
        by=users["manager1"],
    )
    # then
    assert "grades" in error.fields and "P-G-1" in error.fields["grades"]
    strategy.refresh_from_db()
    assert set(strategy.grades.values_list("code", flat=True)) == {"gold", "silver"}
    assert strategy.priority == 3 and strategy.version == 1


def test_removing_a_grade_no_plan_targets_is_allowed(users):
    # given: the running plan is for a gold customer; silver is taken away
    gold, silver = Grade.objects.get(code="gold"), Grade.objects.get(code="silver")
    strategy = make_entitlement(by=users["manager1"], grades=[gold, silver])
    customer = make_customer(by=users["agent1"], grade="gold")
    make_plan(owner=users["manager1"], strategies=[strategy], customer=customer)
    # when
    strategy_update(
        strategy=strategy,
        data=entitlement_data(name=strategy.name, grades=[gold]),
        version=1,
        reason="银卡不再享有",
        by=users["manager1"],
    )
    # then
    assert list(strategy.grades.values_list("code", flat=True)) == ["gold"]


def test_saving_the_same_content_adds_no_version(users):
    # given
    strategy = make_action(by=users["manager1"])
    # when
    strategy_update(
        strategy=strategy,
        data=action_data(name=strategy.name),
        version=1,
        reason="no change",
        by=users["manager1"],
    )
    # then
    strategy.refresh_from_db()
    assert strategy.version == 1 and strategy.versions.count() == 1
