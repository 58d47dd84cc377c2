"""Reads of grades, grading rules, overrides and grade history.

Grades and rules are one set for the whole install (configuration, like SLA levels): whoever
holds the view permission reads all of them. Counts of customers and everything about one
customer go through `customer_visible_to(user)`.
"""

from django.db.models import Count, QuerySet
from django.http import Http404

from kefu.customers.models import Customer, Grade, GradeChange, GradeOverride
from kefu.customers.selectors import customer_visible_to
from kefu.strategies.models import GradingCriterion

VIEW_GRADE = "customers.view_grade"
VIEW_RULES = "strategies.view_gradingcriterion"
HISTORY_ROWS = 20


def grade_list(*, active: bool | None = None) -> QuerySet[Grade]:
    """Every grade, best rank first."""
    grades = Grade.objects.order_by("-rank")
    return grades if active is None else grades.filter(is_active=active)


def grade_get(*, pk: int) -> Grade:
    grade = Grade.objects.filter(pk=pk).first()
    if grade is None:
        raise Http404
    return grade


def grade_customer_counts(*, user) -> dict[str, int]:
    """{grade code: number of customers the user sees holding it} ("" = not graded)."""
    rows = customer_visible_to(user).order_by().values("grade").annotate(n=Count("pk"))
    return {row["grade"]: row["n"] for row in rows}


def criteria_list() -> QuerySet[GradingCriterion]:
    return GradingCriterion.objects.order_by("sort", "id")


def override_in_force(*, customer: Customer) -> GradeOverride | None:
    """The customer's override not yet ended (it may be past its date until the nightly job)."""
    return (
        GradeOverride.objects.filter(customer=customer, ended_at__isnull=True)
        .select_related("created_by")
        .first()
    )


def override_get(*, user, customer_pk: int, pk: int) -> GradeOverride:
    """An override of a customer the user sees, or 404."""
    customer = customer_visible_to(user).filter(pk=customer_pk).first()
    override = (
        GradeOverride.objects.filter(customer=customer, pk=pk).select_related("customer").first()
        if customer is not None
        else None
    )
    if override is None:
        raise Http404
    return override


def grade_history(*, customer: Customer, limit: int = HISTORY_ROWS) -> list[GradeChange]:
    """The customer's latest grade changes, newest first."""
    return list(
        GradeChange.objects.filter(customer=customer)
        .select_related("changed_by")
        .order_by("-at", "-id")[:limit]
    )
