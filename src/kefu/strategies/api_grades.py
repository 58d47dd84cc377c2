"""API of customer grades and grading rules: /api/v1/grades and /api/v1/grades/criteria.

Grades are one set for the whole install. Reads need customers.view_grade (rules:
strategies.view_gradingcriterion); writes customers.add_grade / change_grade (rules:
strategies.change_gradingcriterion). Overlapping bands of active grades, a rule over an unknown
metric and the other bad inputs are refused with a 400 naming the field; nothing is changed.
"""

from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status

from kefu.core.api_errors import errors
from kefu.core.api_types import InputSchema
from kefu.customers.choices import BadgeColor
from kefu.strategies import services_grades as services
from kefu.strategies.selectors_grades import (
    VIEW_GRADE,
    VIEW_RULES,
    criteria_list,
    grade_customer_counts,
    grade_get,
    grade_list,
)

router = Router(tags=["grades"])

Color = Literal[tuple(BadgeColor.values)]
_SCORE = {"ge": 0, "le": 100, "max_digits": 5, "decimal_places": 2}
_AMOUNT = {"max_digits": 14, "decimal_places": 2}


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class GradeOut(Schema):
    id: int
    code: str
    name: str
    rank: int
    min_score: Decimal
    max_score: Decimal
    color: str
    description: str
    is_active: bool
    customers: int = Field(0, description="customers the caller sees holding this grade")


class GradeIn(InputSchema):
    code: str = Field(max_length=20, description="lower-case letters, digits or _")
    name: str = Field(max_length=30)
    rank: int = Field(ge=0, le=32767, description="higher is better")
    min_score: Decimal = Field(**_SCORE)
    max_score: Decimal = Field(description="the band is [min_score, max_score)", **_SCORE)
    color: Color = BadgeColor.SECONDARY
    description: str = Field("", max_length=2000)


class ActiveIn(InputSchema):
    is_active: bool


class CriterionOut(Schema):
    id: int
    metric: str
    window_days: int | None
    weight: Decimal
    zero_at: Decimal
    full_at: Decimal
    is_active: bool


class CriterionIn(InputSchema):
    metric: str = Field(max_length=20, description="spend, orders, recency_days, …")
    window_days: int | None = Field(None, ge=1, le=3650)
    weight: Decimal = Field(max_digits=5, decimal_places=2)
    zero_at: Decimal = Field(**_AMOUNT)
    full_at: Decimal = Field(**_AMOUNT)
    is_active: bool = True


def _out(grade, counts: dict) -> dict:
    grade.customers = counts.get(grade.code, 0)
    return grade


@router.get("", response={200: list[GradeOut], **errors(403, 422)})
def list_grades(request, active: bool | None = None):
    """Every grade, best rank first, with how many of the caller's customers hold it."""
    _require(request, VIEW_GRADE)
    counts = grade_customer_counts(user=request.user)
    return [_out(g, counts) for g in grade_list(active=active)]


@router.post("", response={201: GradeOut, **errors(400, 403, 422)})
def create_grade(request, payload: GradeIn):
    _require(request, "customers.add_grade")
    grade = services.grade_create(data=services.GradeData(**payload.model_dump()), by=request.user)
    return Status(201, _out(grade, {}))


@router.get("/criteria", response={200: list[CriterionOut], **errors(403, 422)})
def list_criteria(request):
    """The grading rules in order."""
    _require(request, VIEW_RULES)
    return list(criteria_list())


@router.put("/criteria", response={200: list[CriterionOut], **errors(400, 403, 422)})
def replace_criteria(request, payload: list[CriterionIn]):
    """Replace the whole list of rules; errors name "<row>.<field>" (e.g. "0.metric")."""
    _require(request, "strategies.change_gradingcriterion")
    rows = [services.CriterionData(**row.model_dump()) for row in payload]
    return services.criteria_replace(rows=rows, by=request.user)


@router.get("/{grade_id}", response={200: GradeOut, **errors(403, 404, 422)})
def read_grade(request, grade_id: int):
    _require(request, VIEW_GRADE)
    return _out(grade_get(pk=grade_id), grade_customer_counts(user=request.user))


@router.put("/{grade_id}", response={200: GradeOut, **errors(400, 403, 404, 422)})
def update_grade(request, grade_id: int, payload: GradeIn):
    """Replace the grade's fields; its code cannot change while customers or strategies use it."""
    _require(request, "customers.change_grade")
    grade = services.grade_update(
        grade=grade_get(pk=grade_id),
        data=services.GradeData(**payload.model_dump()),
        by=request.user,
    )
    return _out(grade, grade_customer_counts(user=request.user))


@router.patch("/{grade_id}", response={200: GradeOut, **errors(400, 403, 404, 422)})
def set_grade_active(request, grade_id: int, payload: ActiveIn):
    """Deactivate or activate the grade (activating checks its band against the others)."""
    _require(request, "customers.change_grade")
    grade = services.grade_set_active(
        grade=grade_get(pk=grade_id), active=payload.is_active, by=request.user
    )
    return _out(grade, grade_customer_counts(user=request.user))


@router.delete("/{grade_id}", response={204: None, **errors(403, 404, 409, 422)})
def delete_grade(request, grade_id: int):
    """Delete a grade nothing uses; a grade in use is refused (409): deactivate it instead."""
    _require(request, "customers.delete_grade")
    services.grade_delete(grade=grade_get(pk=grade_id), by=request.user)
    return Status(204, None)
