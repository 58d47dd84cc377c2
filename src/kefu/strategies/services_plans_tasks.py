"""Writes of plan tasks: generated from a plan's action strategies (one per customer, strategy and
due date), adjusted when the plan changes, executed (done with a result) or skipped by agents.

The unique constraint (plan, strategy, customer, due_on) makes generation idempotent: running it
again inserts only what is missing.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.strategies.choices import PlanStatus, StrategyKind, TaskStatus
from kefu.strategies.evaluation_plans import plan_customers
from kefu.strategies.models import Plan, PlanTask, Strategy
from kefu.strategies.recurrence import due_dates

BATCH = 1000
RESULT_MAX = 2000


def action_strategies(plan: Plan) -> list[Strategy]:
    return list(plan.strategies.filter(kind=StrategyKind.ACTION).select_related("dedicated_agent"))


def schedule(plan: Plan) -> dict[int, list]:
    """{strategy id: due dates} of the plan's action strategies over its period."""
    return {
        s.pk: due_dates(s.recurrence, plan.starts_on, plan.ends_on) for s in action_strategies(plan)
    }


def _active(user):
    return user if user is not None and user.is_active else None


def task_assignee(*, plan: Plan, strategy: Strategy, customer):
    """The customer's account owner, else the strategy's dedicated agent, else the plan owner."""
    return _active(customer.owner) or _active(strategy.dedicated_agent) or plan.owner


def task_title(strategy: Strategy, customer) -> str:
    action = strategy.get_action_type_display() or strategy.name
    return f"{action} · {customer.name}"[:150]


def tasks_generate(*, plan: Plan) -> int:
    """Insert the plan's missing tasks; returns how many were created."""
    strategies = action_strategies(plan)
    if not strategies:
        return 0
    dates = {s.pk: due_dates(s.recurrence, plan.starts_on, plan.ends_on) for s in strategies}
    before = PlanTask.objects.filter(plan=plan).count()
    batch: list[PlanTask] = []
    customers = plan_customers(plan).select_related("owner").order_by("pk")
    for customer in customers.iterator(chunk_size=2000):
        for strategy in strategies:
            assignee = task_assignee(plan=plan, strategy=strategy, customer=customer)
            title = task_title(strategy, customer)
            for day in dates[strategy.pk]:
                batch.append(
                    PlanTask(
                        plan=plan,
                        strategy=strategy,
                        customer=customer,
                        title=title,
                        due_on=day,
                        assignee=assignee,
                    )
                )
        if len(batch) >= BATCH:
            PlanTask.objects.bulk_create(batch, ignore_conflicts=True, batch_size=BATCH)
            batch = []
    PlanTask.objects.bulk_create(batch, ignore_conflicts=True, batch_size=BATCH)
    return PlanTask.objects.filter(plan=plan).count() - before


def tasks_cancel_open(*, plan: Plan, only: Q | None = None) -> int:
    rows = PlanTask.objects.filter(plan=plan, status=TaskStatus.OPEN)
    if only is not None:
        rows = rows.filter(only)
    return rows.update(status=TaskStatus.CANCELLED, updated_at=timezone.now())


def tasks_adjust(*, plan: Plan) -> dict:
    """After a change of an active plan: cancel the open tasks of removed strategies, outside the
    new period or off the new schedule; reopen cancelled ones wanted again; add what is missing.
    Done and skipped tasks are kept as they are."""
    wanted = schedule(plan)
    keep = Q(pk__in=[])
    for strategy_id, dates in wanted.items():
        keep |= Q(strategy_id=strategy_id, due_on__in=dates)
    cancelled = tasks_cancel_open(plan=plan, only=~keep)
    reopened = (
        PlanTask.objects.filter(plan=plan, status=TaskStatus.CANCELLED)
        .filter(keep)
        .update(status=TaskStatus.OPEN, updated_at=timezone.now())
    )
    added = tasks_generate(plan=plan)
    return {"cancelled": cancelled, "reopened": reopened, "added": added}


def _refused(code: str, message, field: str, status: int = 400) -> ApplicationError:
    return ApplicationError(code, message, fields={field: message}, status=status)


def _claim(task: PlanTask, *, to: str, result: str, by) -> PlanTask:
    """Move an open task of an active plan to `to` in one conditional UPDATE."""
    now = timezone.now()
    moved = PlanTask.objects.filter(
        pk=task.pk, status=TaskStatus.OPEN, plan__status=PlanStatus.ACTIVE
    ).update(status=to, result=result, done_at=now, done_by=by, updated_at=now)
    if not moved:
        message = _("This task is no longer open; nothing changed.")
        raise _refused("plantask.not_open", message, "status", status=409)
    task.refresh_from_db()
    return task


def _text(value: str, field: str, missing) -> str:
    text = (value or "").strip()
    if not text:
        raise _refused("plantask.invalid", missing, field)
    if len(text) > RESULT_MAX:
        message = _("At most {n} characters.").format(n=RESULT_MAX)
        raise _refused("plantask.invalid", message, field)
    return text


@transaction.atomic
def task_done(*, task: PlanTask, result: str, by) -> PlanTask:
    """Record what was done for the customer; the task is then done (done_at, done_by)."""
    text = _text(result, "result", _("Record the result of the task."))
    task = _claim(task, to=TaskStatus.DONE, result=text, by=by)
    audit_record(actor=by, action="plantask.done", obj=task, changes={"result": text})
    return task


@transaction.atomic
def task_skip(*, task: PlanTask, reason: str, by) -> PlanTask:
    """Skip the task with a reason (kept as its result)."""
    text = _text(reason, "reason", _("Say why the task is skipped."))
    task = _claim(task, to=TaskStatus.SKIPPED, result=text, by=by)
    audit_record(actor=by, action="plantask.skip", obj=task, changes={"reason": text})
    return task
