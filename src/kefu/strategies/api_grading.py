"""API of grading runs: /api/v1/grading/runs — list, start a preview, read one, its proposed
changes (paged), apply, discard.

POST /runs answers 202 with the run `running`: the preview is computed by a job, as from the
page; poll GET /runs/{run_id} until its status is `preview` (or `failed`). Apply is made in the
request and answers the applied run. A run is one for the whole installation; its changes list
the customers the caller may see.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.api_paging import CappedLimitOffsetPagination
from kefu.core.api_types import Id, InputSchema
from kefu.strategies import selectors_grading as selectors
from kefu.strategies import services_grading as services
from kefu.strategies.choices import RunStatus, RunTrigger

router = Router(tags=["grading"])
VIEW, RUN, APPLY = selectors.VIEW, "strategies.run_grading", "strategies.apply_grading"


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class RunOut(Schema):
    id: int
    status: str
    trigger: str
    requested_by: str | None
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    applied_at: datetime.datetime | None
    applied_by: str | None
    customers_scored: int
    changes_count: int
    applied_count: int
    skipped_count: int
    duration_ms: int | None
    error: str

    @staticmethod
    def resolve_requested_by(obj) -> str | None:
        return obj.requested_by.username if obj.requested_by_id else None

    @staticmethod
    def resolve_applied_by(obj) -> str | None:
        return obj.applied_by.username if obj.applied_by_id else None


class RunDetailOut(RunOut):
    criteria: list[dict]
    grades: list[dict]


class GradingChangeOut(Schema):
    id: int
    customer_id: int
    customer: str
    from_grade: str
    to_grade: str
    score: Decimal

    @staticmethod
    def resolve_customer(obj) -> str:
        return obj.customer.name


class RunFilters(InputSchema):
    status: str = Field(
        "", pattern="^(" + "|".join(RunStatus.values) + ")?$", description="empty: every status"
    )


class ChangeFilters(InputSchema):
    from_grade: str | None = Field(None, max_length=20, description='"" = not graded')
    to_grade: str | None = Field(None, max_length=20)


def _run(request, run_id: int):
    return selectors.grading_run_get(user=request.user, pk=run_id)


@router.get("", response={200: list[RunOut], **errors(403, 422)})
@paginate(CappedLimitOffsetPagination)
def list_runs(request, filters: Query[RunFilters]):
    """Grading runs, newest first."""
    _require(request, VIEW)
    return selectors.grading_run_list(user=request.user, status=filters.status)


@router.post("", response={202: RunDetailOut, **errors(400, 403, 409)})
def start_run(request):
    """Start a preview: every customer is scored by a job; 409 while another run computes."""
    _require(request, RUN)
    run = services.grading_preview_start(by=request.user, trigger=RunTrigger.API)
    return Status(202, _run(request, run.pk))


@router.get("/{run_id}", response={200: RunDetailOut, **errors(403, 404, 422)})
def read_run(request, run_id: Id):
    _require(request, VIEW)
    return _run(request, run_id)


@router.get("/{run_id}/changes", response={200: list[GradingChangeOut], **errors(403, 404, 422)})
@paginate(CappedLimitOffsetPagination)
def list_changes(request, run_id: Id, filters: Query[ChangeFilters]):
    """The grade changes the run proposes (or made), for the customers the caller may see."""
    _require(request, VIEW)
    run = _run(request, run_id)
    return selectors.grading_change_list(
        user=request.user, run=run, from_grade=filters.from_grade, to_grade=filters.to_grade
    )


@router.post("/{run_id}/apply", response={200: RunDetailOut, **errors(400, 403, 404, 409, 422)})
def apply_run(request, run_id: Id):
    """Make exactly the previewed changes; customers changed since are skipped (counted)."""
    _require(request, APPLY)
    run = services.grading_apply(run=_run(request, run_id), by=request.user)
    return _run(request, run.pk)


@router.post("/{run_id}/discard", response={200: RunDetailOut, **errors(400, 403, 404, 409, 422)})
def discard_run(request, run_id: Id):
    _require(request, RUN)
    run = services.grading_discard(run=_run(request, run_id), by=request.user)
    return _run(request, run.pk)
