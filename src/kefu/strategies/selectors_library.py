"""Reads of the strategy library. The library is one set for the whole install: holders of
`strategies.view_strategy` see every strategy (managers keep it; desk roles read it). The plans
using a strategy are shown within the reader's plan scope (their org unit's, or all)."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from kefu.accounts.scoping import scoped
from kefu.customers.models import Grade
from kefu.service.choices import Priority
from kefu.strategies.choices import (
    ActionType,
    PlanStatus,
    Recurrence,
    StrategyKind,
    StrategyStatus,
)
from kefu.strategies.models import Plan, Strategy, StrategyVersion

VIEW = "strategies.view_strategy"


def strategy_visible_to(user) -> QuerySet[Strategy]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Strategy.objects.none()
    if not user.has_perm(VIEW):
        return Strategy.objects.none()
    return Strategy.objects.all()


def strategy_list(
    *, user, q: str = "", kind: str = "", grade: str = "", status: str = ""
) -> QuerySet[Strategy]:
    rows = strategy_visible_to(user)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if grade:
        rows = rows.filter(grades__code=grade)
    q = (q or "").strip()
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return rows.select_related("sla_level").prefetch_related("grades").distinct()


def strategy_get(*, user, pk: int) -> Strategy:
    rows = strategy_visible_to(user).select_related("sla_level", "dedicated_agent")
    return get_object_or_404(rows.prefetch_related("grades"), pk=pk)


def plan_visible_to(user) -> QuerySet[Plan]:
    """The plans `user` may see: their unit's subtree and their own, all with view_all_plans."""
    if not user.has_perm("strategies.view_plan"):
        return Plan.objects.none()
    return scoped(
        Plan.objects.all(), user, view_all_perm="strategies.view_all_plans", owner_field="owner"
    )


def strategy_plans(*, user, strategy: Strategy) -> list[Plan]:
    """The plans using the strategy that `user` sees: running and draft ones first."""
    order = Case(
        When(status=PlanStatus.ACTIVE, then=Value(0)),
        When(status=PlanStatus.DRAFT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    rows = plan_visible_to(user).filter(strategies=strategy)
    rows = rows.select_related("customer", "segment", "owner")
    return list(rows.annotate(_order=order).order_by("_order", "-starts_on", "-id")[:100])


def grade_choices(*, active_only: bool = True) -> QuerySet[Grade]:
    rows = Grade.objects.all()
    return rows.filter(is_active=True) if active_only else rows


# ---- version history -------------------------------------------------------------------------


def _labels() -> dict:
    from django.utils.translation import gettext as _

    return {
        "code": _("Code"),
        "name": _("Name"),
        "kind": _("Kind"),
        "status": _("Status"),
        "description": _("Description"),
        "grades": _("Grades"),
        "estimated_cost": _("Estimated cost per customer"),
        "sla_level": _("Response-time level"),
        "priority": _("Queue priority"),
        "dedicated_agent": _("Dedicated agent"),
        "expert_seat": _("Expert seat"),
        "free_labour": _("Free labour"),
        "parts_share": _("Parts covered (%)"),
        "prefer_top_outlets": _("Prefer top-rated outlets"),
        "action_type": _("Action"),
        "recurrence": _("Recurrence"),
    }


def _shown(name: str, value, *, grades: dict, levels: dict) -> str:
    from django.utils.translation import gettext as _

    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = {
        "kind": StrategyKind,
        "status": StrategyStatus,
        "action_type": ActionType,
        "recurrence": Recurrence,
        "priority": Priority,
    }
    if name in choices:
        labels = dict(choices[name].choices)
        return str(labels.get(value, value))
    if name == "grades":
        return "、".join(grades.get(code, code) for code in value)
    if name == "sla_level":
        return levels.get(value, value)
    return str(value)


def version_diff(data: dict, previous: dict | None, *, grades: dict, levels: dict) -> list:
    """[(label, before, after)] of the fields that differ from the previous version (every
    field that has a value, for the first version)."""
    rows = []
    for name, label in _labels().items():
        after = data.get(name)
        before = previous.get(name) if previous is not None else None
        if previous is not None and before == after:
            continue
        if previous is None and after in (None, "", [], False):
            continue
        rows.append(
            (
                label,
                _shown(name, before, grades=grades, levels=levels) if previous else "",
                _shown(name, after, grades=grades, levels=levels),
            )
        )
    return rows


def strategy_versions(strategy: Strategy) -> list[dict]:
    """Every version, newest first, each with its reason, author, time and field diff."""
    from kefu.service import configuration

    versions = list(
        StrategyVersion.objects.filter(strategy=strategy)
        .select_related("changed_by")
        .order_by("number")
    )
    grades = dict(Grade.objects.values_list("code", "name"))
    levels = {level.code: level.name for level in configuration.sla_levels()}
    rows, previous = [], None
    for version in versions:
        diff = version_diff(version.data, previous, grades=grades, levels=levels)
        rows.append({"version": version, "diff": diff})
        previous = version.data
    return rows[::-1]
