"""Writes of manual grade overrides (手工调整客户等级): set, end early, expire.

An override sets the customer's grade by hand, with a reason, until a date; grading runs leave
the customer alone while it is in force (`ended_at` empty and not yet expired). Setting one ends
the override in force first. When an override ends (early or on expiry) the customer gets the
grade of their last computed score again, or keeps the grade when they were never scored; the
next grading run decides anyway. Every change writes a GradeChange row and an audit row.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.customers.choices import GradeChangeSource
from kefu.customers.models import Customer, Grade, GradeChange, GradeOverride
from kefu.strategies.models import CustomerScore
from kefu.strategies.scoring import Band, grade_for

PERM = "customers.override_grade"


def _set_grade(customer: Customer, code: str, *, source: str, reason: str, by) -> None:
    """Give the customer `code` (a history row when it changes); bumps the record's version,
    so that an edit form opened before cannot write the old grade back."""
    before = (
        Customer.objects.select_for_update().values_list("grade", flat=True).get(pk=customer.pk)
    )
    Customer.objects.filter(pk=customer.pk).update(
        grade=code, version=F("version") + 1, updated_at=timezone.now()
    )
    customer.grade = code
    customer.version = (customer.version or 0) + 1
    if before != code:
        GradeChange.objects.create(
            customer=customer,
            from_grade=before,
            to_grade=code,
            source=source,
            reason=reason[:300],
            changed_by=by if getattr(by, "is_authenticated", False) else None,
        )


def _check(*, grade, reason: str, expires_on) -> dict:
    errors = {}
    if grade is None or not grade.is_active:
        errors["grade"] = _("Choose an active grade.")
    if not reason:
        errors["reason"] = _("Say why the grade is set by hand.")
    elif len(reason) > 300:
        errors["reason"] = _("At most 300 characters.")
    if expires_on is None:
        errors["expires_on"] = _("Enter the date the override ends.")
    elif expires_on <= timezone.localdate():
        errors["expires_on"] = _("The end date must be in the future.")
    elif expires_on > timezone.localdate() + datetime.timedelta(days=3 * 366):
        errors["expires_on"] = _("An override lasts at most three years.")
    return errors


@transaction.atomic
def grade_override_set(
    *, customer: Customer, grade: Grade | None, reason: str, expires_on, by
) -> GradeOverride:
    """Set the customer's grade by hand until `expires_on` (after today), with a reason."""
    reason = (reason or "").strip()
    errors = _check(grade=grade, reason=reason, expires_on=expires_on)
    if errors:
        raise ApplicationError(
            "grade_override.invalid", _("Please correct the fields listed."), fields=errors
        )
    Customer.objects.select_for_update().filter(pk=customer.pk).first()  # one writer per customer
    previous = GradeOverride.objects.filter(customer=customer, ended_at__isnull=True).first()
    if previous is not None:
        _end(previous, by=by, reason=_("Replaced by a new override."), regrade=False)
    override = GradeOverride.objects.create(
        customer=customer, grade=grade.code, reason=reason, expires_on=expires_on, created_by=by
    )
    _set_grade(customer, grade.code, source=GradeChangeSource.MANUAL, reason=reason, by=by)
    audit_record(
        actor=by,
        action="grade_override.set",
        obj=customer,
        changes={
            "grade": [previous.grade if previous else None, grade.code],
            "reason": reason,
            "expires_on": expires_on,
        },
    )
    return override


def _score_grade(customer: Customer) -> str | None:
    """The active grade of the customer's last computed score; None without a score."""
    score = (
        CustomerScore.objects.filter(customer=customer)
        .values_list("grading_score", flat=True)
        .first()
    )
    if score is None:
        return None
    bands = [
        Band(g.code, g.name, float(g.min_score), float(g.max_score))
        for g in Grade.objects.filter(is_active=True)
    ]
    return grade_for(float(score), bands) or None


def _end(override: GradeOverride, *, by, reason: str, regrade: bool, source=None) -> None:
    override.ended_at = timezone.now()
    override.save(update_fields=["ended_at", "updated_at"])
    if regrade:
        code = _score_grade(override.customer)
        if code is not None:
            _set_grade(
                override.customer,
                code,
                source=source or GradeChangeSource.MANUAL,
                reason=reason,
                by=by,
            )


@transaction.atomic
def grade_override_end(*, override: GradeOverride, by) -> GradeOverride:
    """End an override in force today: the customer's computed grade applies again."""
    override = GradeOverride.objects.select_for_update().get(pk=override.pk)
    if override.ended_at is not None:
        raise ApplicationError(
            "grade_override.ended", _("This override has already ended."), status=409
        )
    _end(override, by=by, reason=_("Manual override ended early."), regrade=True)
    audit_record(
        actor=by,
        action="grade_override.end",
        obj=override.customer,
        changes={"grade": override.grade, "override": override.pk, "ended_at": override.ended_at},
    )
    return override


def grade_overrides_expire(*, today: datetime.date | None = None) -> int:
    """End every override whose date has passed (the daily job); how many ended."""
    today = today or timezone.localdate()
    ended = 0
    due = GradeOverride.objects.filter(ended_at__isnull=True, expires_on__lt=today)
    for pk in list(due.values_list("pk", flat=True)[:10000]):
        with transaction.atomic():  # one short transaction per customer
            override = (
                GradeOverride.objects.select_for_update()
                .select_related("customer")
                .filter(pk=pk, ended_at__isnull=True)
                .first()
            )
            if override is None:
                continue
            _end(
                override,
                by=None,
                reason=_("Manual override expired."),
                regrade=True,
                source=GradeChangeSource.EXPIRY,
            )
            audit_record(
                actor=None,
                action="grade_override.expire",
                obj=override.customer,
                changes={"grade": override.grade, "expires_on": override.expires_on},
            )
            ended += 1
    return ended
