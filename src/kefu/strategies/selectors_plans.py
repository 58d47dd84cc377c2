"""Reads of implementation plans and their tasks, always scoped to the user.

A user sees the plans of their org unit (and below) and the plans they own; holders of
`strategies.view_all_plans` see all. A task is seen by its assignee and by whoever sees its plan.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.accounts.scoping import scope_q, scoped
from kefu.strategies.choices import PlanStatus, TaskStatus
from kefu.strategies.models import Plan, PlanTask, PlanVersion

VIEW_ALL = "strategies.view_all_plans"
FIELD_LABELS = {
    "title": _("Title"),
    "goal": _("Goal"),
    "starts_on": _("Starts on"),
    "ends_on": _("Ends on"),
    "owner": _("Owner"),
    "budget": _("Budget"),
    "status": _("Status"),
    "strategies": _("Strategies"),
    "needs": _("Customer needs"),
}
TASK_DUE = ("week", "overdue", "all")


def plan_visible_to(user) -> QuerySet[Plan]:
    return scoped(
        Plan.objects.all(), user, view_all_perm=VIEW_ALL, org_field="org_unit", owner_field="owner"
    )


def plantask_visible_to(user) -> QuerySet[PlanTask]:
    rows = PlanTask.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return rows.none()
    if user.is_superuser or user.has_perm(VIEW_ALL):
        return rows
    plans = scope_q(user, org_field="plan__org_unit", owner_field="plan__owner")
    return rows.filter(Q(assignee=user) | plans)


def _open_overdue():
    today = timezone.localdate()
    return {
        "open": Count("tasks", filter=Q(tasks__status=TaskStatus.OPEN)),
        "done": Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
        "overdue": Count("tasks", filter=Q(tasks__status=TaskStatus.OPEN, tasks__due_on__lt=today)),
        "counted": Count("tasks", filter=~Q(tasks__status=TaskStatus.CANCELLED)),
    }


def plan_list(
    *, user, status: str = "", owner: int | None = None, mine: bool = False, q: str = ""
) -> QuerySet[Plan]:
    rows = plan_visible_to(user).select_related("customer", "segment", "owner", "org_unit")
    if status in PlanStatus.values:
        rows = rows.filter(status=status)
    if owner is not None:
        rows = rows.filter(owner_id=owner)
    if mine:
        rows = rows.filter(owner=user)
    if q:
        rows = rows.filter(Q(code__icontains=q) | Q(title__icontains=q))
    counts = {f"tasks_{k}": v for k, v in _open_overdue().items()}
    return rows.annotate(**counts).order_by("-created_at", "-id")


def plan_get(*, user, pk: int) -> Plan:
    plan = (
        plan_visible_to(user)
        .select_related("customer", "segment", "owner", "org_unit")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


@dataclass
class Progress:
    total: int  # every task but the cancelled ones
    by_status: dict
    overdue: int

    @property
    def finished(self) -> int:
        return self.by_status.get(TaskStatus.DONE, 0) + self.by_status.get(TaskStatus.SKIPPED, 0)

    @property
    def percent_done(self) -> int:
        return round(100 * self.by_status.get(TaskStatus.DONE, 0) / self.total) if self.total else 0

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            **{status: self.by_status.get(status, 0) for status in TaskStatus.values},
            "overdue": self.overdue,
            "percent_done": self.percent_done,
        }


def plan_progress(plan: Plan) -> Progress:
    rows = PlanTask.objects.filter(plan=plan)
    by_status = dict(rows.values_list("status").annotate(n=Count("pk")).order_by())
    overdue = rows.filter(status=TaskStatus.OPEN, due_on__lt=timezone.localdate()).count()
    total = sum(n for status, n in by_status.items() if status != TaskStatus.CANCELLED)
    return Progress(total=total, by_status=by_status, overdue=overdue)


def plan_customer_count(plan: Plan) -> int:
    if plan.customer_id is not None:
        return 1
    if plan.status != PlanStatus.DRAFT and plan.baseline.get("customers") is not None:
        return int(plan.baseline["customers"])
    from kefu.strategies.evaluation_plans import plan_customers

    return plan_customers(plan).count()


def estimated_cost(strategies, customers: int) -> Decimal:
    return sum((s.estimated_cost for s in strategies), Decimal("0")) * customers


def _due_filter(rows: QuerySet[PlanTask], due: str) -> QuerySet[PlanTask]:
    today = timezone.localdate()
    if due == "overdue":
        return rows.filter(status=TaskStatus.OPEN, due_on__lt=today)
    if due == "week":
        return rows.filter(due_on__lte=today + timedelta(days=6 - today.weekday()))
    return rows


def plantask_list(
    *,
    user,
    plan: Plan | None = None,
    assignee=None,
    status: str = "",
    due: str = "",
    customer: int | None = None,
) -> QuerySet[PlanTask]:
    """Tasks the user sees; `status` "" means open; "any" means every status."""
    rows = plantask_visible_to(user).select_related(
        "plan", "strategy", "customer", "assignee", "done_by"
    )
    if plan is not None:
        rows = rows.filter(plan=plan)
    if assignee is not None:
        rows = rows.filter(assignee=assignee)
    if customer is not None:
        rows = rows.filter(customer_id=customer)
    if status in TaskStatus.values:
        rows = rows.filter(status=status)
    elif status != "any":
        rows = rows.filter(status=TaskStatus.OPEN)
    return _due_filter(rows, due).order_by("due_on", "id")


def my_open_task_count(user) -> int:
    return PlanTask.objects.filter(
        assignee=user, status=TaskStatus.OPEN, plan__status=PlanStatus.ACTIVE
    ).count()


def plantask_get(*, user, pk: int) -> PlanTask:
    task = (
        plantask_visible_to(user)
        .select_related("plan", "strategy", "customer", "assignee", "done_by")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


def plan_versions(plan: Plan) -> list[PlanVersion]:
    return list(plan.versions.select_related("changed_by").order_by("-number"))


def version_differences(versions: list[PlanVersion]) -> list[tuple[PlanVersion, list]]:
    """[(version, [(field, label, before, after)])], newest first; each against the one
    before it."""
    ordered = sorted(versions, key=lambda v: v.number)
    result = []
    previous: dict = {}
    for version in ordered:
        data = version.data or {}
        changes = []
        for name, after in data.items():
            before = previous.get(name)
            if previous and before != after:
                label = str(FIELD_LABELS.get(name, name))
                if name == "status":
                    before, after = _status(before), _status(after)
                changes.append((name, label, _shown(before), _shown(after)))
        result.append((version, changes))
        previous = data
    return list(reversed(result))


def _status(value) -> str:
    return str(PlanStatus(value).label) if value in PlanStatus.values else value


def _shown(value) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)
