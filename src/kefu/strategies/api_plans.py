"""API: implementation plans (/api/v1/plans) and their tasks.

Scoped like the pages: a plan outside the caller's scope is 404; a task is seen by its assignee
and by whoever sees its plan. Changes carry the version the client read (409 when stale) and a
reason; starting a plan generates its tasks.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Status
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.api_types import InputSchema
from kefu.strategies import selectors_plans as selectors
from kefu.strategies.api_plans_schemas import (
    CancelIn,
    DoneIn,
    PlanChangeIn,
    PlanCreateIn,
    PlanDetailOut,
    PlanFilters,
    PlanOut,
    PlanVersionOut,
    SkipIn,
    TaskOut,
    api_field_names,
    resolve_input,
)
from kefu.strategies.services_plans import (
    PlanInput,
    plan_activate,
    plan_cancel,
    plan_change,
    plan_complete,
    plan_create,
)
from kefu.strategies.services_plans_tasks import task_done, task_skip

router = Router(tags=["plans"])
VIEW, ADD, CHANGE = "strategies.view_plan", "strategies.add_plan", "strategies.change_plan"
TASK_VIEW, TASK_CHANGE = "strategies.view_plantask", "strategies.change_plantask"


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class TaskFilters(InputSchema):
    status: Literal["open", "done", "skipped", "cancelled", "any", ""] = ""
    due: Literal["week", "overdue", "all", ""] = ""
    mine: bool = True


# task routes first: "/tasks" is not a plan id


@router.get("/tasks", response={200: list[TaskOut], **errors(403, 422)})
@paginate
def list_tasks(request, filters: Query[TaskFilters]):
    """Tasks the caller sees: their own (`mine`, the default) or all, open unless `status` says
    otherwise ("any" = every status), overdue first."""
    _require(request, TASK_VIEW)
    return selectors.plantask_list(
        user=request.user,
        assignee=request.user if filters.mine else None,
        status=filters.status,
        due=filters.due or "all",
    )


@router.post("/tasks/{task_id}/done", response={200: TaskOut, **errors(400, 403, 404, 409, 422)})
def done_task(request, task_id: int, payload: DoneIn):
    """Record the task's result (required); the task is then done."""
    _require(request, TASK_CHANGE)
    task = selectors.plantask_get(user=request.user, pk=task_id)
    return task_done(task=task, result=payload.result, by=request.user)


@router.post("/tasks/{task_id}/skip", response={200: TaskOut, **errors(400, 403, 404, 409, 422)})
def skip_task(request, task_id: int, payload: SkipIn):
    """Skip the task with a reason."""
    _require(request, TASK_CHANGE)
    task = selectors.plantask_get(user=request.user, pk=task_id)
    return task_skip(task=task, reason=payload.reason, by=request.user)


@router.get("", response={200: list[PlanOut], **errors(403, 422)})
@paginate
def list_plans(request, filters: Query[PlanFilters]):
    """Plans the caller sees, newest first, with their task counts."""
    _require(request, VIEW)
    return selectors.plan_list(
        user=request.user, status=filters.status, mine=filters.mine, q=filters.q.strip()
    )


def _detail(request, plan_id: int):
    plan = selectors.plan_get(user=request.user, pk=plan_id)
    plan.progress = selectors.plan_progress(plan).as_dict()
    plan.customers_count = selectors.plan_customer_count(plan)
    strategies = list(plan.strategies.all())
    plan.estimated_cost = selectors.estimated_cost(strategies, plan.customers_count)
    return plan


@router.post("", response={201: PlanDetailOut, **errors(400, 403, 422)})
def create_plan(request, payload: PlanCreateIn):
    """A draft plan for one customer (`customer_id`) or a segment (`segment_id`)."""
    _require(request, ADD)
    with api_field_names():
        data = resolve_input(request.user, payload, target=True)
        plan = plan_create(data=data, by=request.user)
    return Status(201, _detail(request, plan.pk))


@router.get("/{plan_id}", response={200: PlanDetailOut, **errors(403, 404, 422)})
def read_plan(request, plan_id: int):
    """A plan with its strategies, needs, progress (tasks by status, overdue) and evaluation."""
    _require(request, VIEW)
    return _detail(request, plan_id)


def _current(plan) -> dict:
    return {
        "title": plan.title,
        "goal": plan.goal,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "owner_id": plan.owner_id,
        "budget": plan.budget,
        "strategy_ids": list(plan.strategies.values_list("pk", flat=True)),
        "need_ids": list(plan.needs.values_list("pk", flat=True)),
    }


@router.patch("/{plan_id}", response={200: PlanDetailOut, **errors(400, 403, 404, 409, 422)})
def change_plan(request, plan_id: int, payload: PlanChangeIn):
    """Change a draft or active plan (变更): the fields given, with `reason` and the `version`
    read; an active plan's tasks follow (added, or open ones cancelled)."""
    _require(request, CHANGE)
    plan = selectors.plan_get(user=request.user, pk=plan_id)
    given = payload.model_dump(exclude_unset=True, exclude={"reason", "version"})
    merged = PlanCreateIn(**{**_current(plan), **given})
    with api_field_names():
        data: PlanInput = resolve_input(request.user, merged, target=False, keep_owner=plan.owner)
        plan_change(
            plan=plan, data=data, version=payload.version, reason=payload.reason, by=request.user
        )
    return _detail(request, plan.pk)


@router.post(
    "/{plan_id}/activate", response={200: PlanDetailOut, **errors(400, 403, 404, 409, 422)}
)
def activate_plan(request, plan_id: int):
    """Start a draft plan: take the baseline and generate the tasks of its action strategies."""
    _require(request, CHANGE)
    plan = selectors.plan_get(user=request.user, pk=plan_id)
    plan_activate(plan=plan, by=request.user)
    return _detail(request, plan.pk)


@router.post(
    "/{plan_id}/complete", response={200: PlanDetailOut, **errors(400, 403, 404, 409, 422)}
)
def complete_plan(request, plan_id: int):
    """Complete an active plan: the evaluation of what changed; open tasks are cancelled."""
    _require(request, CHANGE)
    plan = selectors.plan_get(user=request.user, pk=plan_id)
    plan_complete(plan=plan, by=request.user)
    return _detail(request, plan.pk)


@router.post("/{plan_id}/cancel", response={200: PlanDetailOut, **errors(400, 403, 404, 409, 422)})
def cancel_plan(request, plan_id: int, payload: CancelIn):
    """Cancel a draft or active plan with a reason; open tasks are cancelled."""
    _require(request, CHANGE)
    plan = selectors.plan_get(user=request.user, pk=plan_id)
    plan_cancel(plan=plan, reason=payload.reason, by=request.user)
    return _detail(request, plan.pk)


@router.get("/{plan_id}/tasks", response={200: list[TaskOut], **errors(403, 404, 422)})
@paginate
def plan_tasks(request, plan_id: int, filters: Query[TaskFilters]):
    """The plan's tasks (every status unless filtered), by due date."""
    _require(request, VIEW)
    plan = selectors.plan_get(user=request.user, pk=plan_id)
    return selectors.plantask_list(
        user=request.user, plan=plan, status=filters.status or "any", due=filters.due or "all"
    )


@router.get("/{plan_id}/versions", response={200: list[PlanVersionOut], **errors(403, 404, 422)})
def plan_versions(request, plan_id: int):
    """The plan's versions, newest first, each with what changed from the one before."""
    _require(request, VIEW)
    plan = selectors.plan_get(user=request.user, pk=plan_id)
    return [
        {
            "number": v.number,
            "reason": v.reason,
            "changed_by": v.changed_by.username if v.changed_by else None,
            "at": v.at,
            "data": v.data,
            "changes": [{"field": f, "before": b, "after": a} for f, _l, b, a in changes],
        }
        for v, changes in selectors.version_differences(selectors.plan_versions(plan))
    ]
