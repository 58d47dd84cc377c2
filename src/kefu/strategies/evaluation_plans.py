"""What a plan measures on its customers: the baseline taken when it starts and the evaluation of
what changed by its end (satisfaction, value, complaints, spend).

Before: the customers' last computed scores (`CustomerScore`) at activation. After: the scores
now, the mean of the follow-up visits answered during the period (satisfaction) and the
complaint tickets opened during the period (complaints). For a segment each figure is the mean
over its customers that have one.
"""

from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, QuerySet
from django.utils import timezone

from kefu.accounts.scoping import subtree_ids
from kefu.customers.models import Customer
from kefu.service.choices import TicketType, VisitStatus
from kefu.service.models import Ticket, Visit
from kefu.strategies.models import CustomerScore, Plan
from kefu.strategies.segments import segment_customers

MEASURES = ("satisfaction", "value", "complaints", "spend")
SCORE_FIELDS = {
    "satisfaction": "satisfaction_avg",
    "value": "value",
    "complaints": "complaints",
    "spend": "spend",
}


def plan_customers(plan: Plan) -> QuerySet[Customer]:
    """The plan's customers: its one customer, or the segment's members within the plan's unit
    (and below), as they are now."""
    if plan.customer_id is not None:
        return Customer.objects.filter(pk=plan.customer_id)
    within = Customer.objects.filter(
        deleted_at__isnull=True, org_unit_id__in=subtree_ids(plan.org_unit)
    )
    return segment_customers(plan.segment, within)


def _number(value) -> float | None:
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _scores(customer_ids) -> dict:
    rows = CustomerScore.objects.filter(customer_id__in=customer_ids)
    wanted = {name: Avg(field) for name, field in SCORE_FIELDS.items()}
    found = rows.aggregate(**wanted, scored=Count("pk"))
    if not found["scored"]:
        return {name: None for name in MEASURES}
    return {name: _number(found[name]) for name in MEASURES}


def plan_baseline(plan: Plan) -> dict:
    """The measures of the plan's customers at activation, from their last computed scores."""
    ids = plan_customers(plan).values("pk")
    baseline = _scores(ids)
    baseline["customers"] = plan_customers(plan).count()
    baseline["taken_at"] = timezone.now().isoformat()
    return baseline


def _bounds(plan: Plan, until) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(plan.starts_on, time.min))
    end = timezone.make_aware(datetime.combine(plan.ends_on + timedelta(days=1), time.min))
    return start, min(end, until)


def _period_figures(plan: Plan, ids, until) -> dict:
    start, end = _bounds(plan, until)
    visits = Visit.objects.filter(
        ticket__customer_id__in=ids,
        status=VisitStatus.DONE,
        score__isnull=False,
        visited_at__gte=start,
        visited_at__lt=end,
    ).aggregate(mean=Avg("score"))
    complaints = Ticket.objects.filter(
        customer_id__in=ids,
        ticket_type=TicketType.COMPLAINT,
        created_at__gte=start,
        created_at__lt=end,
    ).count()
    return {"visit_mean": visits["mean"], "complaints": complaints}


def plan_evaluate(plan: Plan, *, until=None) -> dict:
    """{measure: {"before", "after", "change"}} and the customers counted."""
    until = until or timezone.now()
    customers = plan_customers(plan)
    ids = list(customers.values_list("pk", flat=True)[:100_000])
    now = _scores(ids)
    period = _period_figures(plan, ids, until)
    after = dict(now)
    if period["visit_mean"] is not None:
        after["satisfaction"] = _number(period["visit_mean"])
    count = len(ids) or 1
    after["complaints"] = _number(Decimal(period["complaints"]) / count)
    baseline = plan.baseline or {}
    measures = {}
    for name in MEASURES:
        before, later = baseline.get(name), after.get(name)
        change = None
        if before is not None and later is not None:
            change = _number(Decimal(str(later)) - Decimal(str(before)))
        measures[name] = {"before": before, "after": later, "change": change}
    return {
        "measures": measures,
        "customers": len(ids),
        "complaint_tickets": period["complaints"],
        "evaluated_at": until.isoformat(),
    }
