"""`kefu demo`'s grades, strategies, plans, needs and care, seeded after the service history
(grading reads its orders, complaints and visit scores):

1. transactions over two years, drawn per customer for a target grade; the customers' records
   dated back to when they became customers; an older grade history for some (`strategies_grades`);
2. the grading run, previewed and applied as the demo admin, then a few manual overrides;
3. the strategy library and segments (`strategies_library`);
4. the needs of the customers plans are drawn for, then the other needs (`strategies_needs`);
5. the plans with their tasks in every state (`strategies_plans`);
6. care: maintenance intervals, reminders and birthdays due this week, campaigns (`care_data`).

Every random choice comes from generators seeded by name, so the demo is the same every time.
"""

import datetime
import random

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone, translation

from kefu.accounts.models import User
from kefu.customers.models import Customer, GradeChange, GradeOverride, Transaction
from kefu.demo import strategies_grades as grading
from kefu.demo.care_data import care_seed
from kefu.demo.content import SEED
from kefu.demo.strategies_library import segments_seed, strategies_seed
from kefu.demo.strategies_needs import needs_date_back, needs_seed
from kefu.demo.strategies_plans import plan_targets, plans_seed
from kefu.service.models import Ticket
from kefu.strategies.choices import NeedStatus, PlanStatus, TaskStatus
from kefu.strategies.models import CareItem, Need, NeedChange, Plan, PlanTask, Strategy

# customers joined this long before their first ticket: regular ones are mostly newer
TENURE_DAYS = {"regular": (20, 400)}
LONG_TENURE_DAYS = (300, 2500)


def _rng(name: str) -> random.Random:
    return random.Random(f"{SEED} strategies {name}")


def strategies_seed_all(users: dict[str, User]) -> dict[str, int]:
    """Everything above, into a database that has the customers and the service history."""
    if Strategy.objects.exists():
        return {}
    today = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        customers = list(Customer.objects.filter(deleted_at__isnull=True).order_by("pk"))
        targets = grading.grade_targets(_rng("targets"), customers)
        customers_date_back(_rng("tenure"), customers, targets, today)
        grading.transactions_seed(_rng("transactions"), customers, targets, today)
        grading.earlier_history_seed(_rng("history"), customers, targets, users["admin"])
        grading.grading_seed(users["admin"])
        grading.overrides_seed(_rng("overrides"), users["manager1"], today)
        strategies = strategies_seed(_rng("library"), users)
        segments = segments_seed(users)
        plans = plan_targets(_rng("plan targets"), today)
        wanted = [t.customer for t in plans if t.customer and t.row.status != PlanStatus.CANCELLED]
        needs = needs_seed(_rng("needs"), users, wanted)
        plans_seed(_rng("plans"), users, strategies, segments, plans, needs, today)
        needs_date_back(_rng("need dates"), _need_anchors())
        care_seed(_rng("care"), users)
    return strategies_counts()


def customers_date_back(rng: random.Random, customers: list[Customer], targets, today) -> None:
    """A customer joined some time before their first ticket (the demo created them all
    today): how long they have been customers counts in grading, and their transactions start
    then. Regular customers are mostly newer ones."""
    first = {}
    tickets = Ticket.objects.values_list("customer_id").annotate(first=Min("created_at"))
    for pk, at in tickets:
        if pk is not None:
            first[pk] = timezone.localdate(at)
    for customer in customers:
        start = first.get(customer.pk, today)
        days = TENURE_DAYS.get(targets[customer.pk], LONG_TENURE_DAYS)
        joined = start - datetime.timedelta(days=rng.randint(*days))
        customer.created_at = timezone.make_aware(
            datetime.datetime.combine(joined, datetime.time(rng.randint(9, 17), rng.randint(0, 59)))
        )
    Customer.objects.bulk_update(customers, ["created_at"], batch_size=500)


def _need_anchors() -> dict[int, dict[str, datetime.datetime]]:
    """need id → {status: when}: planned when the plan taking it in was drafted, fulfilled when
    that plan ended (for a completed plan)."""
    anchors: dict[int, dict] = {}
    links = Plan.needs.through.objects.values_list(
        "need_id", "plan__created_at", "plan__status", "plan__ends_on"
    )
    for need_id, created, status, ends_on in links:
        found = anchors.setdefault(need_id, {NeedStatus.PLANNED: created})
        if status == PlanStatus.COMPLETED:
            end = datetime.datetime.combine(ends_on, datetime.time(17))
            found[NeedStatus.FULFILLED] = timezone.make_aware(end)
    return anchors


def strategies_counts() -> dict[str, int]:
    tasks = dict(PlanTask.objects.values_list("status").annotate(n=Count("id")))
    return {
        "transactions": Transaction.objects.count(),
        "graded customers": Customer.objects.exclude(grade="").count(),
        "grade changes": GradeChange.objects.count(),
        "grade overrides": GradeOverride.objects.filter(ended_at__isnull=True).count(),
        "strategies": Strategy.objects.count(),
        "plans": Plan.objects.count(),
        "  plans running": Plan.objects.filter(status=PlanStatus.ACTIVE).count(),
        "plan tasks": sum(tasks.values()),
        "  tasks open": tasks.get(TaskStatus.OPEN, 0),
        "customer needs": Need.objects.count(),
        "need changes": NeedChange.objects.count(),
        "care items": CareItem.objects.count(),
    }
