"""Helpers of the grades, overrides, transactions and segments tests."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.utils import timezone

from kefu.strategies.models import CustomerScore
from kefu.strategies.services_grades import CriterionData, GradeData


def grant(user, *perms: str) -> None:
    """Give one user extra permissions ("app.codename"), beyond their role."""
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )


def grade_data(**fields) -> GradeData:
    values = {
        "code": "platinum",
        "name": "白金",
        "rank": 50,
        "min_score": Decimal(95),
        "max_score": Decimal(100),
        "color": "primary",
    }
    return GradeData(**(values | fields))


def rule(metric="spend", **fields) -> CriterionData:
    values = {
        "metric": metric,
        "weight": Decimal(1),
        "zero_at": Decimal(0),
        "full_at": Decimal(10000),
        "window_days": 365 if metric in ("spend", "orders", "complaints") else None,
    }
    return CriterionData(**(values | fields))


def score(customer, grading_score, **scores) -> CustomerScore:
    return CustomerScore.objects.create(
        customer=customer,
        computed_at=timezone.now(),
        grading_score=Decimal(str(grading_score)),
        **scores,
    )


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)
