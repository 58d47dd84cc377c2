"""Writes and reads of customer segments (客户细分): saved filters over grades and scores.

A segment is one definition for the whole install (like a grade); which customers it holds is
always read through the user's visible customers (`customer_visible_to`), so two users may see
different members of the same segment. A segment needs at least one grade or one condition; a
condition names a score of `CustomerScore`, >= or <=, and a value from 0 to 100.
"""

import dataclasses
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.paging import capped_count
from kefu.core.services import audit_record, diff_fields
from kefu.customers.models import Customer, Grade
from kefu.customers.selectors import customer_visible_to
from kefu.strategies.models import CustomerScore, Segment
from kefu.strategies.segments import SCORE_FIELDS, segment_customers

VIEW = "strategies.view_segment"
ADD = "strategies.add_segment"
CHANGE = "strategies.change_segment"
OPERATORS = (">=", "<=")
FIELDS = ["name", "description", "grades", "conditions"]


@dataclasses.dataclass
class SegmentData:
    name: str
    description: str = ""
    grades: list[str] = dataclasses.field(default_factory=list)
    conditions: list[dict] = dataclasses.field(default_factory=list)


def score_label(field: str) -> str:
    return (
        str(CustomerScore._meta.get_field(field).verbose_name) if field in SCORE_FIELDS else field
    )


def _number(value) -> int | float | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else float(round(number, 2))


def _condition_errors(index: int, condition) -> tuple[dict, dict | None]:
    if not isinstance(condition, dict):
        return {f"conditions.{index}": _("Enter a score, an operator and a value.")}, None
    errors = {}
    score, op = condition.get("score", ""), condition.get("op", "")
    value = _number(condition.get("value"))
    if score not in SCORE_FIELDS:
        errors[f"conditions.{index}.score"] = _("Unknown score “{score}”.").format(score=score)
    if op not in OPERATORS:
        errors[f"conditions.{index}.op"] = _("Choose >= or <=.")
    if value is None or not 0 <= value <= 100:
        errors[f"conditions.{index}.value"] = _("Enter a value from 0 to 100.")
    return errors, None if errors else {"score": score, "op": op, "value": value}


def _clean(data: SegmentData, *, segment: Segment | None) -> SegmentData:
    errors: dict[str, str] = {}
    name = (data.name or "").strip()
    description = (data.description or "").strip()
    if not name or len(name) > 60:
        errors["name"] = _("Enter a name of at most 60 characters.")
    elif Segment.objects.filter(name=name).exclude(pk=getattr(segment, "pk", None)).exists():
        errors["name"] = _("Another segment already has this name.")
    if len(description) > 300:
        errors["description"] = _("At most 300 characters.")
    grades = list(dict.fromkeys(g.strip() for g in data.grades or [] if g and g.strip()))
    unknown = set(grades) - set(
        Grade.objects.filter(code__in=grades).values_list("code", flat=True)
    )
    if unknown:
        errors["grades"] = _("Unknown grade: {codes}.").format(codes="、".join(sorted(unknown)))
    conditions = []
    for index, condition in enumerate(data.conditions or []):
        found, clean = _condition_errors(index, condition)
        errors.update(found)
        if clean is not None:
            conditions.append(clean)
    if not errors and not grades and not conditions:
        errors["grades"] = _("Choose at least one grade or add a score condition.")
    if errors:
        raise ApplicationError(
            "segment.invalid", _("Please correct the fields listed."), fields=errors
        )
    return SegmentData(name=name, description=description, grades=grades, conditions=conditions)


@transaction.atomic
def segment_create(*, data: SegmentData, by, active: bool = True) -> Segment:
    clean = _clean(data, segment=None)
    segment = Segment.objects.create(**dataclasses.asdict(clean), created_by=by, is_active=active)
    audit_record(
        actor=by,
        action="segment.create",
        obj=segment,
        changes={name: [None, getattr(segment, name)] for name in [*FIELDS, "is_active"]},
    )
    return segment


@transaction.atomic
def segment_update(
    *, segment: Segment, data: SegmentData, by, active: bool | None = None
) -> Segment:
    """Replace the definition (and, with `active`, activate or deactivate it)."""
    segment = Segment.objects.select_for_update().get(pk=segment.pk)
    clean = _clean(data, segment=segment)
    fields = FIELDS if active is None else [*FIELDS, "is_active"]
    before = {name: getattr(segment, name) for name in fields}
    for name, value in dataclasses.asdict(clean).items():
        setattr(segment, name, value)
    if active is not None:
        segment.is_active = active
    changes = diff_fields(segment, before, fields)
    if changes:
        segment.save(update_fields=[*fields, "updated_at"])
        audit_record(actor=by, action="segment.update", obj=segment, changes=changes)
    return segment


@transaction.atomic
def segment_set_active(*, segment: Segment, active: bool, by) -> Segment:
    segment = Segment.objects.select_for_update().get(pk=segment.pk)
    if segment.is_active != active:
        segment.is_active = active
        segment.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=by,
            action="segment.activate" if active else "segment.deactivate",
            obj=segment,
            changes={"is_active": [not active, active]},
        )
    return segment


# ---- reads -----------------------------------------------------------------------------------


def segment_list(*, active: bool | None = None, q: str = "") -> QuerySet[Segment]:
    segments = Segment.objects.all()
    if active is not None:
        segments = segments.filter(is_active=active)
    if q:
        segments = segments.filter(name__icontains=q)
    return segments


def segment_get(*, pk: int) -> Segment:
    segment = Segment.objects.filter(pk=pk).first()
    if segment is None:
        raise Http404
    return segment


def segment_members(*, user, segment: Segment) -> QuerySet[Customer]:
    """The segment's customers among those the user sees, with their scores."""
    return segment_customers(segment, customer_visible_to(user)).select_related("score")


def segment_count(*, user, segment: Segment) -> int:
    """How many of the user's visible customers the segment holds (capped like list counts)."""
    return capped_count(segment_customers(segment, customer_visible_to(user)))


def segment_summary(segment: Segment, grades: dict) -> str:
    """ "金卡、钻石；风险 ≥ 60" — the segment's definition in one line."""
    parts = []
    if segment.grades:
        parts.append("、".join(getattr(grades.get(c), "name", c) for c in segment.grades))
    conditions = [
        f"{score_label(c['score'])} {c['op'].replace('>=', '≥').replace('<=', '≤')} {c['value']}"
        for c in segment.conditions
    ]
    if conditions:
        parts.append("，".join(conditions))
    return "；".join(parts)
