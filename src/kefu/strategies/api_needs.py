"""API of customer needs: /api/v1/needs (list, register from any source including the portal,
read with the history, refine or change, the history alone, the overview). Scoped like the
pages: a need of a customer outside the caller's scope is 404; the overview counts only the
needs the caller may see."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.strategies.selectors_needs import need_get, need_history, need_list, needs_overview
from kefu.strategies.services_needs import NeedData, need_register, need_update
from kefu.strategies.views_needs_overview import overview_period

router = Router(tags=["needs"])
VIEW, ADD, CHANGE = "strategies.view_need", "strategies.add_need", "strategies.change_need"

Source = Literal["call", "ticket", "visit", "portal", "other"]
NeedState = Literal["registered", "refined", "planned", "fulfilled", "declined"]


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class NeedRefOut(Schema):
    id: int
    name: str


class NeedChangeOut(Schema):
    kind: str
    changes: dict
    reason: str
    changed_by: str | None
    at: datetime.datetime

    @staticmethod
    def resolve_changed_by(obj) -> str | None:
        user = obj.changed_by
        return (user.name or user.username) if user is not None else None


class NeedOut(Schema):
    id: int
    code: str
    customer: NeedRefOut
    title: str
    description: str
    category: str
    source: str
    source_ticket: int | None = Field(None, alias="source_ticket_id")
    source_interaction: int | None = Field(None, alias="source_interaction_id")
    source_visit: int | None = Field(None, alias="source_visit_id")
    status: str
    priority: int
    grade: str
    strategies: list[str]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_customer(obj) -> dict:
        return {"id": obj.customer_id, "name": obj.customer.name}

    @staticmethod
    def resolve_strategies(obj) -> list[str]:
        return sorted(s.code for s in obj.strategies.all())


class NeedDetailOut(NeedOut):
    history: list[NeedChangeOut]

    @staticmethod
    def resolve_history(obj) -> list:
        return need_history(obj)


class NeedFilters(InputSchema):
    status: NeedState | Literal[""] = ""
    category: str = Field("", max_length=40)
    source: Source | Literal[""] = ""
    grade: str = Field("", max_length=20)
    customer: Id | None = None
    q: str = Field("", max_length=100)
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")


class NeedIn(InputSchema):
    customer: Id | None = None
    title: str = Field(..., max_length=150)
    description: str = Field("", max_length=5000)
    category: str = Field("", max_length=40)
    source: Source = "other"
    source_ticket: Id | None = None
    source_interaction: Id | None = None
    source_visit: Id | None = None
    priority: int = Field(2, ge=1, le=4)
    strategies: list[str] = Field(default_factory=list, max_length=50)


class NeedPatchIn(InputSchema):
    version: int = Field(..., ge=1)
    reason: str = Field("", max_length=300)
    title: str | None = Field(None, max_length=150)
    description: str | None = Field(None, max_length=5000)
    category: str | None = Field(None, max_length=40)
    priority: int | None = Field(None, ge=1, le=4)
    status: NeedState | None = None
    strategies: list[str] | None = Field(None, max_length=50)


class CountOut(Schema):
    code: str
    name: str
    count: int


class GradeColumnOut(Schema):
    code: str
    name: str


class MatrixRowOut(Schema):
    category: CountOut
    counts: list[int]


class NeedSegmentOut(Schema):
    id: int
    name: str
    total: int
    categories: list[CountOut]


class OverviewOut(Schema):
    start: datetime.date
    end: datetime.date
    total: int
    categories: list[CountOut]
    grades: list[GradeColumnOut]
    matrix: list[MatrixRowOut]
    segments: list[NeedSegmentOut]


class OverviewFilters(InputSchema):
    start: datetime.date | None = Field(None, alias="from")
    end: datetime.date | None = Field(None, alias="to")


@router.get("", response={200: list[NeedOut], **errors(403, 422)})
@paginate
def list_needs(request, filters: Query[NeedFilters]):
    """Needs of the customers the caller may see, newest first; `category` includes its
    sub-categories; `q` searches the title (or the exact need number)."""
    _require(request, VIEW)
    rows = need_list(user=request.user, **filters.model_dump())
    return rows.prefetch_related("strategies").order_by("-id")


@router.post("", response={201: NeedDetailOut, **errors(400, 403, 422)})
def create_need(request, payload: NeedIn):
    """Register a need from a call, a ticket, a follow-up visit, the portal or elsewhere; the
    source object must be one the caller may see, of the same customer."""
    _require(request, ADD)
    need = need_register(data=NeedData(**payload.model_dump()), by=request.user)
    return Status(201, need_get(user=request.user, pk=need.pk))


@router.get("/overview", response={200: OverviewOut, **errors(400, 403, 422)})
def overview(request, filters: Query[OverviewFilters]):
    """The visible needs of a period (default: the last 90 days) by category, by category ×
    grade at registration, and by category for each active customer segment."""
    _require(request, VIEW)
    start, end = overview_period(filters.start, filters.end)
    found = needs_overview(user=request.user, start=start, end=end)
    return {
        "start": found.start,
        "end": found.end,
        "total": found.total,
        "categories": found.categories,
        "grades": [{"code": code, "name": name} for code, name in found.grades],
        "matrix": [{"category": row, "counts": counts} for row, counts in found.matrix],
        "segments": [
            {
                "id": s.segment.pk,
                "name": s.segment.name,
                "total": s.total,
                "categories": s.categories,
            }
            for s in found.segments
        ],
    }


@router.get("/{need_id}", response={200: NeedDetailOut, **errors(403, 404, 422)})
def read_need(request, need_id: Id):
    _require(request, VIEW)
    return need_get(user=request.user, pk=need_id)


@router.patch("/{need_id}", response={200: NeedDetailOut, **errors(400, 403, 404, 409, 422)})
def update_need(request, need_id: Id, payload: NeedPatchIn):
    """Refine (add detail: description, a first category, strategies) or change (title,
    importance, status, a replaced category: `reason` required). A stale `version` is 409."""
    _require(request, CHANGE)
    need = need_get(user=request.user, pk=need_id)
    values = payload.model_dump(exclude_unset=True)
    version, reason = values.pop("version"), values.pop("reason", "")
    values = {k: v for k, v in values.items() if v is not None}  # null: left as it is
    need_update(need=need, by=request.user, version=version, values=values, reason=reason)
    return need_get(user=request.user, pk=need_id)


@router.get("/{need_id}/history", response={200: list[NeedChangeOut], **errors(403, 404, 422)})
def read_history(request, need_id: Id):
    _require(request, VIEW)
    return need_history(need_get(user=request.user, pk=need_id))
