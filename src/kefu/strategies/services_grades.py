"""Writes of customer grades (客户等级) and grading rules (分级规则).

Grades are one set for the whole install: a code customers hold, a name and badge colour, a
rank, and a score band [min, max) on 0–100. The bands of active grades never overlap; a grade
that customers hold or strategies, segments or campaigns name can be deactivated but never
deleted, and its code never changes. The grading rules are replaced as a whole list, checked
row by row, in one transaction. Every change writes an audit row with before and after.
"""

import dataclasses
import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record, diff_fields
from kefu.customers.choices import BadgeColor
from kefu.customers.grades import grades_forget
from kefu.customers.models import Customer, Grade
from kefu.strategies.choices import Metric
from kefu.strategies.models import CareCampaign, GradingCriterion, Segment

GRADE_FIELDS = ["code", "name", "rank", "min_score", "max_score", "color", "description"]
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
WINDOWED = {Metric.SPEND, Metric.ORDERS, Metric.COMPLAINTS}  # a window is required
WINDOW_OPTIONAL = {Metric.SATISFACTION}  # visits rated in the window; 365 days when empty
CRITERION_FIELDS = ["metric", "window_days", "weight", "zero_at", "full_at", "is_active"]
_BIG = Decimal("1e12")
USE_LABELS = {
    "customers": gettext_lazy("customers"),
    "strategies": gettext_lazy("strategies"),
    "segments": gettext_lazy("segments"),
    "campaigns": gettext_lazy("care campaigns"),
}


@dataclasses.dataclass
class GradeData:
    code: str
    name: str
    rank: int
    min_score: Decimal
    max_score: Decimal
    color: str = BadgeColor.SECONDARY
    description: str = ""


@dataclasses.dataclass
class CriterionData:
    metric: str
    weight: Decimal
    zero_at: Decimal
    full_at: Decimal
    window_days: int | None = None
    is_active: bool = True


def _invalid(fields: dict) -> ApplicationError:
    return ApplicationError("grade.invalid", _("Please correct the fields listed."), fields=fields)


def _grade_errors(data: GradeData, *, grade: Grade | None) -> dict:
    errors = {}
    data.code, data.name = data.code.strip().lower(), data.name.strip()
    data.description = (data.description or "").strip()
    if not _CODE.match(data.code):
        errors["code"] = _("Use 1–20 lower-case letters, digits or _, starting with a letter.")
    if not data.name or len(data.name) > 30:
        errors["name"] = _("Enter a name of at most 30 characters.")
    if data.rank is None or not 0 <= data.rank <= 32767:
        errors["rank"] = _("Enter a whole number from 0 to 32767.")
    for name in ("min_score", "max_score"):
        value = getattr(data, name)
        if value is None or not Decimal(0) <= value <= Decimal(100) or value != round(value, 2):
            errors[name] = _("Enter a score from 0 to 100 with at most 2 decimals.")
    if not errors.keys() & {"min_score", "max_score"} and data.min_score >= data.max_score:
        errors["max_score"] = _("The band's upper end must be above its lowest score.")
    if data.color not in BadgeColor.values:
        errors["color"] = _("Not one of the allowed values.")
    others = Grade.objects.exclude(pk=grade.pk) if grade else Grade.objects.all()
    for name, taken in (
        ("code", others.filter(code=data.code).exists()),
        ("name", others.filter(name=data.name).exists()),
        ("rank", others.filter(rank=data.rank).exists()),
    ):
        if taken and name not in errors:
            errors[name] = _("Another grade already has this value.")
    if grade is not None and data.code != grade.code and grade_uses(grade):
        errors["code"] = _("Customers or strategies use this grade: its code cannot change.")
    return errors


def _overlap(*, code: str, low: Decimal, high: Decimal, exclude_pk=None) -> Grade | None:
    """The first active grade (other than this one) whose band overlaps [low, high)."""
    others = Grade.objects.filter(is_active=True).exclude(pk=exclude_pk).exclude(code=code)
    return others.filter(min_score__lt=high, max_score__gt=low).order_by("-rank").first()


def _refuse_overlap(data: GradeData, *, exclude_pk=None) -> None:
    clash = _overlap(code=data.code, low=data.min_score, high=data.max_score, exclude_pk=exclude_pk)
    if clash is not None:
        message = _(
            "Overlapping grade thresholds: {low}–{high} overlaps {name} ({clash_low}–{clash_high})."
        ).format(
            low=data.min_score,
            high=data.max_score,
            name=clash.name,
            clash_low=clash.min_score,
            clash_high=clash.max_score,
        )
        raise ApplicationError(
            "grade.overlap", message, fields={"min_score": message, "max_score": message}
        )


def _lock_grades() -> None:
    # every band check reads all grades: one writer at a time, so two saves cannot both pass
    list(Grade.objects.select_for_update().order_by("pk").values_list("pk", flat=True))


def _forget_grades() -> None:
    grades_forget()
    transaction.on_commit(grades_forget)  # other processes must not cache the uncommitted set


@transaction.atomic
def grade_create(*, data: GradeData, by) -> Grade:
    _lock_grades()
    errors = _grade_errors(data, grade=None)
    if errors:
        raise _invalid(errors)
    _refuse_overlap(data)
    grade = Grade.objects.create(**dataclasses.asdict(data))
    audit_record(
        actor=by,
        action="grade.create",
        obj=grade,
        changes={name: [None, getattr(grade, name)] for name in GRADE_FIELDS},
    )
    _forget_grades()
    return grade


@transaction.atomic
def grade_update(*, grade: Grade, data: GradeData, by) -> Grade:
    _lock_grades()
    grade.refresh_from_db()
    errors = _grade_errors(data, grade=grade)
    if errors:
        raise _invalid(errors)
    if grade.is_active:
        _refuse_overlap(data, exclude_pk=grade.pk)
    before = {name: getattr(grade, name) for name in GRADE_FIELDS}
    for name, value in dataclasses.asdict(data).items():
        setattr(grade, name, value)
    changes = diff_fields(grade, before, GRADE_FIELDS)
    if changes:
        grade.save(update_fields=[*GRADE_FIELDS, "updated_at"])
        audit_record(actor=by, action="grade.update", obj=grade, changes=changes)
        _forget_grades()
    return grade


@transaction.atomic
def grade_set_active(*, grade: Grade, active: bool, by) -> Grade:
    """Deactivate (its customers keep it until the next run) or activate (its band must fit)."""
    _lock_grades()
    grade.refresh_from_db()
    if grade.is_active == active:
        return grade
    if active:
        _refuse_overlap(
            GradeData(grade.code, grade.name, grade.rank, grade.min_score, grade.max_score),
            exclude_pk=grade.pk,
        )
    grade.is_active = active
    grade.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=by,
        action="grade.activate" if active else "grade.deactivate",
        obj=grade,
        changes={"is_active": [not active, active]},
    )
    _forget_grades()
    return grade


def grade_uses(grade: Grade) -> dict[str, int]:
    """What holds or names the grade: {"customers": n, "strategies": n, ...}, zeros left out."""
    uses = {
        "customers": Customer.objects.filter(grade=grade.code).count(),
        "strategies": grade.strategies.count(),
        # few rows, and JSON "contains" is not portable to SQLite: tested here
        "segments": sum(1 for s in Segment.objects.only("grades") if grade.code in s.grades),
        "campaigns": sum(1 for c in CareCampaign.objects.only("grades") if grade.code in c.grades),
    }
    return {name: count for name, count in uses.items() if count}


@transaction.atomic
def grade_delete(*, grade: Grade, by) -> None:
    """Delete a grade nothing uses; one in use can only be deactivated."""
    _lock_grades()
    uses = grade_uses(grade)
    if uses:
        raise ApplicationError(
            "grade.in_use",
            _("This grade is in use ({uses}): deactivate it instead of deleting it.").format(
                uses="、".join(f"{USE_LABELS[name]} {count}" for name, count in uses.items())
            ),
            status=409,
        )
    audit_record(
        actor=by,
        action="grade.delete",
        obj=grade,
        changes={name: [getattr(grade, name), None] for name in GRADE_FIELDS},
    )
    grade.delete()
    _forget_grades()


# ---- grading rules ---------------------------------------------------------------------------


def _criterion_errors(row: CriterionData) -> dict[str, str]:
    errors = {}
    if row.metric not in Metric.values:
        errors["metric"] = _("Unknown metric “{metric}”: choose one of the list.").format(
            metric=row.metric
        )
    if row.weight is None or not Decimal(0) < row.weight < Decimal(1000):
        errors["weight"] = _("The weight must be above 0 and below 1000.")
    for name in ("zero_at", "full_at"):
        value = getattr(row, name)
        if value is None or abs(value) >= _BIG:
            errors[name] = _("Enter a number.")
    if not errors.keys() & {"zero_at", "full_at"} and row.zero_at == row.full_at:
        errors["full_at"] = _("0 points and 100 points cannot be at the same value.")
    if row.metric in WINDOWED:
        if row.window_days is None:
            errors["window_days"] = _("Spend, orders and complaints are counted over a window.")
        elif not 1 <= row.window_days <= 3650:
            errors["window_days"] = _("Enter a window of 1 to 3650 days.")
    elif row.metric in WINDOW_OPTIONAL:
        if row.window_days is not None and not 1 <= row.window_days <= 3650:
            errors["window_days"] = _("Enter a window of 1 to 3650 days.")
    else:
        row.window_days = None  # the other metrics read the customer's whole history
    return errors


def _snapshot(rows) -> list[dict]:
    return [{name: getattr(row, name) for name in CRITERION_FIELDS} for row in rows]


@transaction.atomic
def criteria_replace(*, rows: list[CriterionData], by) -> list[GradingCriterion]:
    """Replace the grading rules with `rows` (in order). Errors are keyed "<row>.<field>"."""
    list(GradingCriterion.objects.select_for_update().values_list("pk", flat=True))
    errors = {}
    for index, row in enumerate(rows):
        for name, message in _criterion_errors(row).items():
            errors[f"{index}.{name}"] = message
    if not errors and not any(row.is_active for row in rows):
        errors["__all__"] = _("Keep at least one active rule: the score is their weighted mean.")
    if errors:
        raise ApplicationError(
            "criteria.invalid", _("Please correct the rules marked below."), fields=errors
        )
    before = _snapshot(GradingCriterion.objects.order_by("sort", "id"))
    GradingCriterion.objects.all().delete()
    created = GradingCriterion.objects.bulk_create(
        [GradingCriterion(sort=index, **dataclasses.asdict(row)) for index, row in enumerate(rows)]
    )
    audit_record(
        actor=by,
        action="grading_criteria.replace",
        object_type="strategies.gradingcriterion",
        object_repr=_("Grading rules"),
        changes={"before": before, "after": _snapshot(created)},
    )
    return created
