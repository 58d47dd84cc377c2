"""Which strategies a new plan should use, and why: those in force for the customer's grade
(or the segment's grades) and those linked to the customer's open needs."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kefu.customers.models import Grade
from kefu.strategies.choices import StrategyStatus
from kefu.strategies.models import Need, Strategy
from kefu.strategies.services_plans import CLOSED_NEEDS


@dataclass
class Suggestion:
    strategy: Strategy
    reasons: list[str] = field(default_factory=list)


def usable_strategies():
    return Strategy.objects.filter(status=StrategyStatus.ACTIVE).order_by("kind", "code")


def open_needs(customer) -> list[Need]:
    if customer is None:
        return []
    return list(
        Need.objects.filter(customer=customer)
        .exclude(status__in=CLOSED_NEEDS)
        .prefetch_related("strategies")
        .order_by("-created_at", "-id")
    )


def _grade_names(codes) -> dict:
    return dict(Grade.objects.filter(code__in=list(codes)).values_list("code", "name"))


def suggest(*, customer=None, segment=None) -> list[Suggestion]:
    """Suggested strategies in order (grade first, then needs), each with its reasons."""
    found: dict[int, Suggestion] = {}
    codes = [customer.grade] if customer is not None and customer.grade else []
    if segment is not None:
        codes = list(segment.grades or [])
    names = _grade_names(codes)
    by_grade = usable_strategies().filter(grades__code__in=codes).distinct()
    for strategy in by_grade.prefetch_related("grades"):
        entry = found.setdefault(strategy.pk, Suggestion(strategy))
        for grade in strategy.grades.all():
            if grade.code in codes:
                name = names.get(grade.code, grade.code)
                entry.reasons.append(_("Suits {grade} customers").format(grade=name))
    for need in open_needs(customer):
        for strategy in need.strategies.all():
            if strategy.status != StrategyStatus.ACTIVE:
                continue
            entry = found.setdefault(strategy.pk, Suggestion(strategy))
            entry.reasons.append(_("From need {code}").format(code=need.code))
    return list(found.values())
