"""The demo's implementation plans, lived through the plans services: created (制定) as drafts,
started (tasks generated from their action strategies), changed with reasons (变更: strategies
added or removed, a longer period, a bigger budget — tasks added and cancelled to match),
completed with an evaluation or cancelled with a reason.

Tasks whose due date has passed are executed the way agents would have: most done with a
result, some skipped with a reason, the recent ones partly still open (overdue); later ones
stay open. Plans, versions and tasks are then dated back to when that happened. The plans of
`agent1` (the HQ key-account agent) are hers, so her task list has tasks due this week.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from kefu.customers.models import Customer
from kefu.demo import strategies_content as sc
from kefu.demo.strategies_needs import need_close
from kefu.strategies.choices import NeedStatus, PlanStatus, TaskStatus
from kefu.strategies.models import Need, Plan, PlanTask, PlanVersion, Segment, Strategy
from kefu.strategies.recurrence import add_months
from kefu.strategies.services_plans import (
    PlanInput,
    plan_activate,
    plan_cancel,
    plan_change,
    plan_complete,
    plan_create,
)

RECENT_DAYS = 30  # tasks due within this many days may still be open
DRAFTED_DAYS = 7  # a plan is written this long before it starts


@dataclass
class Target:
    """A plan of the content with its customer (or segment) and dates, drawn before needs are
    seeded (the needs of a plan's customer come before the plan)."""

    row: sc.PlanRow
    customer: Customer | None
    starts_on: datetime.date
    months: int

    @property
    def drafted_on(self) -> datetime.date:
        return self.starts_on - datetime.timedelta(days=DRAFTED_DAYS)

    def ends_on(self, months: int | None = None) -> datetime.date:
        return add_months(self.starts_on, months or self.months) - datetime.timedelta(days=1)


def plan_targets(rng: random.Random, today: datetime.date) -> list[Target]:
    used: set[int] = set()
    targets = []
    for row in sc.PLANS:
        customer = None
        if row.grade:
            rows = Customer.objects.filter(grade=row.grade, deleted_at__isnull=True)
            rows = rows.exclude(pk__in=used).order_by("pk")
            kind = rows.filter(kind="company" if row.company else "person")
            pool = list(kind) or list(rows)
            customer = rng.choice(pool) if pool else None
            if customer is None:
                continue
            used.add(customer.pk)
        months, days = row.start
        start = add_months(today, months) + datetime.timedelta(days=days)
        targets.append(Target(row=row, customer=customer, starts_on=start, months=row.months))
    return targets


class _Seeder:
    def __init__(self, rng, users, strategies, segments, today):
        self.rng, self.users, self.today = rng, users, today
        self.strategies: dict[str, Strategy] = strategies
        self.segments: dict[str, Segment] = segments
        self.by = users["manager1"]
        self.dates: dict[int, list] = {}  # plan id → [created, version dates ...]

    def plan(self, target: Target, needs: list[Need]) -> Plan:
        row = target.row
        data = self._input(target, list(row.strategies), target.months, row.budget, needs)
        plan = plan_create(data=data, by=self.by)
        self.dates[plan.pk] = [target.drafted_on]  # plan_create marks its needs planned
        if row.status == PlanStatus.DRAFT:
            return plan
        plan_activate(plan=plan, by=self.by)
        self._own(plan)
        last = min(self.today, target.ends_on())
        middle = target.starts_on + (last - target.starts_on) / 2
        if row.changes:
            self._execute(plan, before=middle, ended=False)
            plan = self._change(plan, target, needs)
            self.dates[plan.pk] += [middle] * len(row.changes)
        if row.status == PlanStatus.CANCELLED:
            self._execute(plan, before=middle, ended=False)
            plan_cancel(plan=plan, reason=row.cancel_reason, by=self.by)
            self.dates[plan.pk].append(middle)
            return plan
        ended = row.status == PlanStatus.COMPLETED
        before = plan.ends_on + datetime.timedelta(days=1) if ended else self.today
        self._execute(plan, before=before, ended=ended)
        if ended:
            self._complete(plan)
        return plan

    def _change(self, plan: Plan, target: Target, needs: list[Need]) -> Plan:
        """The content's later versions, one plan_change each (tasks adjusted by the service)."""
        codes, months, budget = list(target.row.strategies), target.months, target.row.budget
        for reason, values in target.row.changes:
            for change in values.get("strategies", "").split():
                codes = [c for c in codes if c != change[1:]]
                codes += [change[1:]] if change[0] == "+" else []
            months = values.get("months", months)
            budget = values.get("budget", budget)
            data = self._input(target, codes, months, budget, needs)
            plan = plan_change(
                plan=plan, data=data, version=plan.version, reason=reason, by=self.by
            )
            self._own(plan)
        return plan

    def _input(self, target, codes, months, budget, needs) -> PlanInput:
        row = target.row
        return PlanInput(
            title=row.title,
            goal=row.goal,
            starts_on=target.starts_on,
            ends_on=target.ends_on(months),
            owner=self.users[row.owner],
            strategies=[self.strategies[code] for code in codes],
            needs=needs,
            budget=Decimal(budget),
            customer=target.customer,
            segment=self.segments.get(row.segment),
        )

    def _own(self, plan: Plan) -> None:
        if plan.owner.username == "agent1":
            PlanTask.objects.filter(plan=plan).update(assignee=plan.owner)

    def _execute(self, plan: Plan, *, before: datetime.date, ended: bool) -> None:
        """Tasks due before `before` done, skipped or (recent ones, while running) left open."""
        rng = self.rng
        tasks = PlanTask.objects.filter(plan=plan, status=TaskStatus.OPEN, due_on__lt=before)
        changed = []
        for task in tasks.select_related("strategy").order_by("due_on", "pk"):
            recent = (self.today - task.due_on).days <= RECENT_DAYS and not ended
            draw = rng.random()
            if recent and draw < 0.4:
                continue  # overdue, still to do
            skipped = draw > (0.88 if not recent else 0.85)
            results = sc.TASK_RESULTS.get(task.strategy.action_type, sc.TASK_RESULTS["care_call"])
            task.status = TaskStatus.SKIPPED if skipped else TaskStatus.DONE
            task.result = rng.choice(sc.SKIP_REASONS if skipped else results)
            done = task.due_on + datetime.timedelta(days=rng.randint(0, 3))
            task.done_at = _moment(rng, min(done, self.today, before))
            task.done_by_id = task.assignee_id
            changed.append(task)
        PlanTask.objects.bulk_update(changed, ["status", "result", "done_at", "done_by"])

    def _complete(self, plan: Plan) -> None:
        """The baseline as the customers stood at the start, then the evaluation at the end."""
        baseline = dict(plan.baseline)
        for name, delta in sc.COMPLETED_BASELINE.items():
            if baseline.get(name) is not None:
                baseline[name] = round(max(0.0, float(baseline[name]) + delta), 2)
        Plan.objects.filter(pk=plan.pk).update(baseline=baseline)
        plan.baseline = baseline
        end = _moment(self.rng, plan.ends_on, hour=17)
        plan_complete(plan=plan, by=self.by, at=end)
        for need in plan.needs.filter(status=NeedStatus.PLANNED):
            reason = sc.NEED_FULFILLED.format(plan=plan.code)
            need_close(self.rng, need, self.by, status=NeedStatus.FULFILLED, reason=reason)


def _moment(rng: random.Random, day: datetime.date, hour: int | None = None) -> datetime.datetime:
    at = datetime.datetime.combine(
        day, datetime.time(hour or rng.randint(9, 17), rng.randint(0, 59))
    )
    return min(timezone.make_aware(at), timezone.now() - datetime.timedelta(minutes=5))


def plans_seed(rng, users, strategies, segments, targets, needs: dict[int, list[Need]], today):
    if Plan.objects.exists():
        return {}
    seeder = _Seeder(rng, users, strategies, segments, today)
    plans = []
    for target in targets:
        wanted = needs.get(target.customer.pk, []) if target.customer else []
        plans.append(seeder.plan(target, wanted))
    _date_back(rng, seeder.dates)
    return {"plans": len(plans), "plan tasks": PlanTask.objects.count()}


def _date_back(rng: random.Random, dates: dict[int, list]) -> None:
    """Plans created when drafted, each version on its day, tasks when their plan started."""
    plans = []
    for plan in Plan.objects.filter(pk__in=dates):
        plan.created_at = _moment(rng, dates[plan.pk][0])
        plans.append(plan)
    Plan.objects.bulk_update(plans, ["created_at"])
    versions = []
    for version in PlanVersion.objects.filter(plan_id__in=dates).order_by("plan_id", "number"):
        days = dates[version.plan_id]
        version.at = _moment(rng, days[min(version.number - 1, len(days) - 1)])
        if version.number == 1:
            version.reason = sc.PLAN_FIRST_VERSION
        versions.append(version)
    PlanVersion.objects.bulk_update(versions, ["at", "reason"])
    starts = dict(Plan.objects.filter(pk__in=dates).values_list("pk", "starts_on"))
    tasks = []
    for task in PlanTask.objects.filter(plan_id__in=dates).only("pk", "plan_id"):
        task.created_at = _moment(rng, min(starts[task.plan_id], timezone.localdate()), hour=8)
        tasks.append(task)
    PlanTask.objects.bulk_update(tasks, ["created_at"], batch_size=1000)
