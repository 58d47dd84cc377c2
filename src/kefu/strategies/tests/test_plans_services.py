"""Plans: create, bad input, start (tasks), change (versions, tasks), complete, cancel."""

from datetime import timedelta
from decimal import Decimal

import pytest

from kefu.core.errors import ApplicationError
from kefu.customers.tests.factories import make_customer
from kefu.strategies.models import Plan, PlanTask, PlanVersion, Segment
from kefu.strategies.recurrence import add_months
from kefu.strategies.services_plans import (
    plan_activate,
    plan_cancel,
    plan_change,
    plan_complete,
    plan_create,
    plans_complete_due,
)
from kefu.strategies.tests.plans_factories import (
    day,
    gold_customer,
    make_plan,
    make_score,
    make_strategy,
    plan_input,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    customer = gold_customer(by=users["agent1"], name="金卡王先生")
    monthly = make_strategy(recurrence="monthly", name="月度关怀电话")
    once = make_strategy(recurrence="once", action_type="gift", name="新年礼品")
    right = make_strategy(kind="entitlement", name="快速响应")
    return {"customer": customer, "monthly": monthly, "once": once, "right": right}


def _change_input(plan, **fields):
    values = {
        "title": plan.title,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "owner": plan.owner,
        "strategies": list(plan.strategies.all()),
        "budget": plan.budget,
    }
    return plan_input(**(values | fields))


def test_a_new_plan_is_a_numbered_draft_of_the_customers_unit(users, world, org):
    # when a manager creates a plan for an agent's customer
    plan = make_plan(
        by=users["manager1"], strategies=[world["monthly"]], customer=world["customer"]
    )
    # then it is a draft numbered P-<year>-<id> in the customer's unit, with version 1
    assert plan.status == "draft"
    assert plan.code.startswith("P-") and plan.code.endswith(f"-{plan.pk:04d}")
    assert plan.org_unit == org["a"]
    assert PlanVersion.objects.get(plan=plan).number == 1
    assert not plan.tasks.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"strategies": []}, "strategies"),
        ({"ends_on": day(-1)}, "ends_on"),
        ({"customer": None}, "customer"),
        ({"budget": Decimal("-1")}, "budget"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(users, world, fields, field):
    # given a plan input with one bad field
    values = {"owner": users["manager1"], "strategies": [world["monthly"]]}
    data = plan_input(**(values | {"customer": world["customer"]} | fields))
    # when it is saved / then it is refused naming the field, and no plan exists
    with pytest.raises(ApplicationError) as refused:
        plan_create(data=data, by=users["manager1"])
    assert field in refused.value.fields
    assert not Plan.objects.exists() and not PlanVersion.objects.exists()


def test_a_plan_for_a_customer_and_a_segment_at_once_is_refused(users, world):
    segment = Segment.objects.create(name="金卡客户群", grades=["gold"])
    data = plan_input(
        owner=users["manager1"],
        strategies=[world["monthly"]],
        customer=world["customer"],
        segment=segment,
    )
    with pytest.raises(ApplicationError) as refused:
        plan_create(data=data, by=users["manager1"])
    assert "segment" in refused.value.fields


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_a_strategy_not_in_force_is_refused(users, world, status):
    unusable = make_strategy(status=status)
    data = plan_input(owner=users["manager1"], strategies=[unusable], customer=world["customer"])
    with pytest.raises(ApplicationError) as refused:
        plan_create(data=data, by=users["manager1"])
    assert "strategies" in refused.value.fields
    assert not Plan.objects.exists()


def test_starting_a_plan_generates_its_action_tasks_once(users, world):
    # given a draft plan over two months and ten days: a monthly action, a one-off one and an
    # entitlement
    customer = world["customer"]
    make_score(customer)
    strategies = [world["monthly"], world["once"], world["right"]]
    ends_on = add_months(day(0), 2) + timedelta(days=10)
    plan = make_plan(
        by=users["manager1"], strategies=strategies, customer=customer, ends_on=ends_on
    )
    # when it is started
    created = plan_activate(plan=plan, by=users["manager1"])
    # then one task per due date of each action: 3 monthly + 1 once, none for the entitlement
    tasks = PlanTask.objects.filter(plan=plan)
    assert created == 4 == tasks.count()
    monthly = sorted(t.due_on for t in tasks.filter(strategy=world["monthly"]))
    assert monthly == [day(0), add_months(day(0), 1), add_months(day(0), 2)]
    assert tasks.get(strategy=world["once"]).due_on == day(0)
    # assigned to the customer's owner, titled with the action and the customer
    assert {t.assignee for t in tasks} == {users["agent1"]}
    assert tasks.get(strategy=world["once"]).title.endswith(" · 金卡王先生")
    # and the baseline holds the customer's scores
    plan.refresh_from_db()
    assert plan.status == "active"
    assert plan.baseline["satisfaction"] == 3.5 and plan.baseline["value"] == 60
    # when the tasks are generated again / then nothing is added
    from kefu.strategies.services_plans_tasks import tasks_generate

    assert tasks_generate(plan=plan) == 0
    assert PlanTask.objects.filter(plan=plan).count() == 4


def test_a_task_goes_to_the_dedicated_agent_then_the_plan_owner_without_a_customer_owner(
    users, world
):
    # given a customer without an account owner
    from kefu.customers.models import Customer

    customer = world["customer"]
    Customer.objects.filter(pk=customer.pk).update(owner=None)
    dedicated = make_strategy(recurrence="once", dedicated_agent=users["agent1"])
    plain = make_strategy(recurrence="once")
    plan = make_plan(by=users["supervisor1"], strategies=[dedicated, plain], customer=customer)
    # when it starts
    plan_activate(plan=plan, by=users["supervisor1"])
    # then the dedicated agent gets one, the plan owner the other
    assert plan.tasks.get(strategy=dedicated).assignee == users["agent1"]
    assert plan.tasks.get(strategy=plain).assignee == users["supervisor1"]


def test_a_segment_plan_makes_tasks_for_each_member_of_its_unit(users, world):
    # given two gold customers of branch A, a silver one, and a gold one of branch B
    second = gold_customer(by=users["agent1"], name="金卡李女士")
    make_customer(by=users["agent1"], name="银卡客户", grade="silver")
    gold_customer(by=users["agent_b"], name="乙域金卡")
    make_score(world["customer"], value=40)
    make_score(second, value=80)
    segment = Segment.objects.create(name="金卡客户群", grades=["gold"])
    # when the branch A supervisor starts a plan for the segment
    plan = make_plan(by=users["supervisor1"], strategies=[world["once"]], segment=segment)
    plan_activate(plan=plan, by=users["supervisor1"])
    # then each branch A gold customer gets its task; the baseline is their average
    customers = set(plan.tasks.values_list("customer__name", flat=True))
    assert customers == {"金卡王先生", "金卡李女士"}
    plan.refresh_from_db()
    assert plan.baseline["value"] == 60.0 and plan.baseline["customers"] == 2


def test_a_change_saves_a_version_and_adjusts_the_tasks_of_an_active_plan(users, world):
    # given an active plan with a monthly action, one task already done
    plan = make_plan(
        by=users["manager1"], strategies=[world["monthly"]], customer=world["customer"]
    )
    plan_activate(plan=plan, by=users["manager1"])
    first = plan.tasks.order_by("due_on").first()
    PlanTask.objects.filter(pk=first.pk).update(status="done", result="已联系")
    # when the period is cut to 40 days, the monthly action replaced by a one-off gift
    plan_change(
        plan=plan,
        data=_change_input(plan, ends_on=day(39), strategies=[world["once"]]),
        version=1,
        reason="客户要求缩短周期",
        by=users["manager1"],
    )
    # then version 2 is saved with the reason
    plan.refresh_from_db()
    assert plan.version == 2
    version = plan.versions.get(number=2)
    assert version.reason == "客户要求缩短周期" and version.data["ends_on"] == day(39).isoformat()
    # the done task is kept, the other monthly ones cancelled, and the gift task added
    statuses = dict(plan.tasks.values_list("strategy_id", "status").filter(pk=first.pk))
    assert statuses == {world["monthly"].pk: "done"}
    monthly_open = plan.tasks.filter(strategy=world["monthly"], status="open")
    assert not monthly_open.exists()
    assert plan.tasks.filter(strategy=world["once"], status="open").count() == 1


def test_a_stale_change_is_refused_and_changes_nothing(users, world):
    # given a plan changed once by someone else (now version 2)
    plan = make_plan(
        by=users["manager1"], strategies=[world["monthly"]], customer=world["customer"]
    )
    plan_change(plan=plan, data=_change_input(plan), version=1, reason="调整", by=users["manager1"])
    # when an editor who read version 1 saves
    stale = Plan.objects.get(pk=plan.pk)
    with pytest.raises(ApplicationError) as refused:
        plan_change(
            plan=stale,
            data=_change_input(stale, title="别的标题"),
            version=1,
            reason="旧页面",
            by=users["supervisor1"],
        )
    # then it is refused with 409 and nothing changes
    assert refused.value.status == 409 and "version" in refused.value.fields
    plan.refresh_from_db()
    assert plan.title != "别的标题" and plan.versions.count() == 2


def test_a_change_needs_a_reason(users, world):
    plan = make_plan(
        by=users["manager1"], strategies=[world["monthly"]], customer=world["customer"]
    )
    with pytest.raises(ApplicationError) as refused:
        plan_change(plan=plan, data=_change_input(plan), version=1, reason=" ", by=users["admin"])
    assert "reason" in refused.value.fields
    assert Plan.objects.get(pk=plan.pk).version == 1


def test_completing_a_plan_evaluates_what_changed(users, world):
    # given an active plan whose customer's scores were taken at the start
    from kefu.service.models import Ticket

    customer = world["customer"]
    make_score(customer, satisfaction_avg=Decimal("3.00"), value=50, complaints=2)
    plan = make_plan(by=users["manager1"], strategies=[world["monthly"]], customer=customer)
    plan_activate(plan=plan, by=users["manager1"])
    # when the scores improve and one complaint is opened during the period
    make_score(customer, satisfaction_avg=Decimal("4.20"), value=70, complaints=0)
    from kefu.service.services import ticket_create
    from kefu.service.validation import TicketData

    ticket_create(
        data=TicketData(
            ticket_type="complaint", customer_id=customer.pk, subject="投诉", description="x"
        ),
        by=users["agent1"],
    )
    assert Ticket.objects.filter(ticket_type="complaint").count() == 1
    plan_complete(plan=plan, by=users["manager1"])
    # then the evaluation holds before, after and change of each measure; open tasks cancelled
    plan.refresh_from_db()
    measures = plan.evaluation["measures"]
    assert measures["satisfaction"] == {"before": 3.0, "after": 4.2, "change": 1.2}
    assert measures["value"] == {"before": 50.0, "after": 70.0, "change": 20.0}
    assert measures["complaints"] == {"before": 2.0, "after": 1.0, "change": -1.0}
    assert plan.status == "completed"
    assert not plan.tasks.filter(status="open").exists()


def test_the_daily_job_completes_the_plans_past_their_end(users, world):
    ended = make_plan(
        by=users["manager1"],
        strategies=[world["once"]],
        customer=world["customer"],
        starts_on=day(-30),
        ends_on=day(-1),
    )
    running = make_plan(
        by=users["manager1"], strategies=[world["once"]], customer=world["customer"]
    )
    plan_activate(plan=ended, by=users["manager1"])
    plan_activate(plan=running, by=users["manager1"])
    # when the job runs
    from kefu.strategies.tasks_plans import complete_due_plans_task

    complete_due_plans_task.call_local()
    # then only the ended plan is completed
    assert Plan.objects.get(pk=ended.pk).status == "completed"
    assert Plan.objects.get(pk=running.pk).status == "active"
    assert plans_complete_due() == 0


def test_cancelling_needs_a_reason_and_cancels_the_open_tasks(users, world):
    plan = make_plan(
        by=users["manager1"], strategies=[world["monthly"]], customer=world["customer"]
    )
    plan_activate(plan=plan, by=users["manager1"])
    with pytest.raises(ApplicationError):
        plan_cancel(plan=plan, reason="", by=users["manager1"])
    assert Plan.objects.get(pk=plan.pk).status == "active"
    plan_cancel(plan=plan, reason="客户流失", by=users["manager1"])
    plan.refresh_from_db()
    assert plan.status == "cancelled"
    assert set(plan.tasks.values_list("status", flat=True)) == {"cancelled"}
    assert plan.versions.first().reason == "客户流失"


def test_an_active_plan_keeps_a_strategy_retired_since_but_cannot_add_one(users, world):
    # given an active plan whose strategy is retired afterwards
    from kefu.strategies.models import Strategy

    plan = make_plan(
        by=users["manager1"], strategies=[world["monthly"]], customer=world["customer"]
    )
    plan_activate(plan=plan, by=users["manager1"])
    Strategy.objects.filter(pk=world["monthly"].pk).update(status="retired")
    retired_other = make_strategy(status="retired")
    # when the plan's title changes / then it is accepted
    plan_change(
        plan=plan,
        data=_change_input(plan, title="新标题"),
        version=1,
        reason="改名",
        by=users["manager1"],
    )
    # but adding another retired strategy is refused
    with pytest.raises(ApplicationError) as refused:
        plan_change(
            plan=plan,
            data=_change_input(plan, strategies=[world["monthly"], retired_other]),
            version=2,
            reason="加策略",
            by=users["manager1"],
        )
    assert "strategies" in refused.value.fields
