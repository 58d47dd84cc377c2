"""API of customer segments (客户细分): /api/v1/segments.

A segment is a saved filter over grades and scores, one definition for the whole install; its
customers are always the caller's visible customers. Reads need strategies.view_segment, writes
add_segment / change_segment. An unknown score, a value outside 0–100, or no grade and no
condition is refused with a 400 naming the field ("conditions.0.score").
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kefu.core.api_errors import errors
from kefu.core.api_types import InputSchema
from kefu.strategies import services_segments as services

router = Router(tags=["segments"])


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class ConditionIO(Schema):
    score: str = Field(max_length=20, description="grading_score, value, loyalty, … risk")
    op: str = Field(max_length=2, description=">= or <=")
    value: Any = Field(description="0–100")


class SegmentOut(Schema):
    id: int
    name: str
    description: str
    grades: list[str]
    conditions: list[dict]
    is_active: bool


class SegmentCountOut(SegmentOut):
    customers: int = Field(description="the caller's visible customers in it (capped)")


class SegmentIn(InputSchema):
    name: str = Field(max_length=60)
    description: str = Field("", max_length=300)
    grades: list[str] = Field(default_factory=list, max_length=50)
    conditions: list[ConditionIO] = Field(default_factory=list, max_length=20)
    is_active: bool = True


class MemberOut(Schema):
    id: int
    code: str
    name: str
    grade: str
    scores: dict[str, Any]

    @staticmethod
    def resolve_scores(obj) -> dict:
        score = getattr(obj, "score", None)
        return {name: getattr(score, name) if score else None for name in services.SCORE_FIELDS}


class SegmentFilters(InputSchema):
    active: bool | None = None
    q: str = Field("", max_length=60, description="part of the name")


def _data(payload: SegmentIn) -> services.SegmentData:
    return services.SegmentData(
        name=payload.name,
        description=payload.description,
        grades=payload.grades,
        conditions=[c.model_dump() for c in payload.conditions],
    )


@router.get("", response={200: list[SegmentOut], **errors(403, 422)})
@paginate
def list_segments(request, filters: Query[SegmentFilters]):
    _require(request, services.VIEW)
    return services.segment_list(active=filters.active, q=filters.q).order_by("name", "pk")


@router.post("", response={201: SegmentOut, **errors(400, 403, 422)})
def create_segment(request, payload: SegmentIn):
    _require(request, services.ADD)
    segment = services.segment_create(
        data=_data(payload), by=request.user, active=payload.is_active
    )
    return Status(201, segment)


@router.get("/{segment_id}", response={200: SegmentCountOut, **errors(403, 404, 422)})
def read_segment(request, segment_id: int):
    _require(request, services.VIEW)
    segment = services.segment_get(pk=segment_id)
    segment.customers = services.segment_count(user=request.user, segment=segment)
    return segment


@router.put("/{segment_id}", response={200: SegmentOut, **errors(400, 403, 404, 422)})
def update_segment(request, segment_id: int, payload: SegmentIn):
    """Replace the definition; `is_active` false deactivates it."""
    _require(request, services.CHANGE)
    return services.segment_update(
        segment=services.segment_get(pk=segment_id),
        data=_data(payload),
        by=request.user,
        active=payload.is_active,
    )


@router.get("/{segment_id}/customers", response={200: list[MemberOut], **errors(403, 404, 422)})
@paginate
def list_segment_customers(request, segment_id: int):
    """The segment's customers among the caller's visible ones, by code."""
    _require(request, services.VIEW)
    segment = services.segment_get(pk=segment_id)
    return services.segment_members(user=request.user, segment=segment).order_by("code")
