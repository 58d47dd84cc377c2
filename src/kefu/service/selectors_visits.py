"""Reads of follow-up visits and satisfaction (CSAT), scoped like the tickets they follow.

A user sees a visit when they may see its ticket or its follow-up ticket (`ticket_visible_to`'s
rule, applied to both through the visit's own joins), and aggregates only over those visits.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kefu.accounts.scoping import scope_q
from kefu.service.choices import VisitOutcome, VisitStatus
from kefu.service.models import Visit, VisitScore

RELATED = ["ticket", "ticket__customer", "task", "agent", "outlet", "product_model", "visited_by"]
STATUSES = ("pending", "overdue", "done", "cancelled")
GROUPS = ("outlet", "agent", "product", "item")


def _unscoped(user) -> bool:
    return user.is_superuser or user.has_perm("service.view_all_tickets")


def visit_visible_to(user) -> QuerySet[Visit]:
    rows = Visit.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return rows.none()
    if _unscoped(user):
        return rows

    def rule(prefix):
        return scope_q(
            user,
            org_field=f"{prefix}__org_unit",
            owner_field=f"{prefix}__assignee",
            queue_field=f"{prefix}__queue",
        )

    return rows.filter(rule("ticket") | rule("task"))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def visit_list(
    *,
    user,
    status: str = "",
    ticket: int | None = None,
    outlet: int | None = None,
    agent: int | None = None,
    queue: int | None = None,
    assignee: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Visit]:
    """The visits list page's and `GET /api/v1/visits`' filters; dates bound the due time of a
    pending visit and the visit time of a done one."""
    rows = visit_visible_to(user).select_related(*RELATED)
    now = timezone.now()
    if status == "overdue":
        rows = rows.filter(status=VisitStatus.PENDING, due_at__lt=now)
    elif status in STATUSES:
        rows = rows.filter(status=status)
    exact = {
        "ticket_id": ticket,
        "outlet_id": outlet,
        "agent_id": agent,
        "task__queue_id": queue,
        "task__assignee_id": assignee,
    }
    rows = rows.filter(**{k: v for k, v in exact.items() if v is not None})
    if date_from:
        start = _day_start(date_from)
        rows = rows.filter(Q(visited_at__gte=start) | Q(visited_at__isnull=True, due_at__gte=start))
    if date_to:
        end = _day_start(date_to) + timedelta(days=1)
        rows = rows.filter(Q(visited_at__lt=end) | Q(visited_at__isnull=True, due_at__lt=end))
    return rows.order_by("-id")


def visit_get(*, user, pk: int) -> Visit:
    visit = visit_visible_to(user).select_related(*RELATED, "rule").filter(pk=pk).first()
    if visit is None:
        raise Http404
    return visit


def visit_scores(visit: Visit) -> list[VisitScore]:
    return list(visit.scores.select_related("item").order_by("item__sort", "item__code"))


def ticket_visits(*, user, ticket) -> list[Visit]:
    """The visits of a ticket shown on its page (with their scores)."""
    return list(
        visit_visible_to(user)
        .filter(Q(ticket=ticket) | Q(task=ticket))
        .select_related(*RELATED, "rule")
        .prefetch_related("scores__item")
        .order_by("-id")
    )


@dataclass
class CsatRow:
    key: int | None
    label: str
    count: int
    mean: float | None
    satisfied: float | None  # share, 0..1


def _answered(user, date_from: date | None, date_to: date | None) -> QuerySet[Visit]:
    rows = visit_visible_to(user).filter(
        status=VisitStatus.DONE,
        outcome__in=[VisitOutcome.SATISFIED, VisitOutcome.DISSATISFIED],
    )
    if date_from:
        rows = rows.filter(visited_at__gte=_day_start(date_from))
    if date_to:
        rows = rows.filter(visited_at__lt=_day_start(date_to) + timedelta(days=1))
    return rows


GROUP_FIELDS = {
    "outlet": ("outlet_id", "outlet__name"),
    "agent": ("agent_id", "agent__name"),
    "product": ("product_model_id", "product_model__name"),
}


def csat(*, user, by: str, date_from: date | None = None, date_to: date | None = None):
    """(rows, total): per outlet, agent, product model or evaluation item, the number of
    answered visits, the mean score and the share satisfied (for items: of scores 4 or 5)."""
    visits = _answered(user, date_from, date_to)
    satisfied = Count("id", filter=Q(outcome=VisitOutcome.SATISFIED))
    if by == "item":
        scores = VisitScore.objects.filter(visit__in=visits.values("pk"))
        grouped = scores.values("item_id", "item__name", "item__sort").annotate(
            n=Count("id"), mean=Avg("score"), good=Count("id", filter=Q(score__gte=4))
        )
        rows = [
            CsatRow(g["item_id"], g["item__name"], g["n"], g["mean"], g["good"] / g["n"])
            for g in grouped.order_by("item__sort", "item_id")
        ]
    else:
        key, label = GROUP_FIELDS[by]
        grouped = visits.values(key, label).annotate(
            n=Count("id"), mean=Avg("score"), good=satisfied
        )
        rows = [
            CsatRow(g[key], g[label] or "", g["n"], g["mean"], g["good"] / g["n"])
            for g in grouped.order_by("-n", key)
        ]
    total = visits.aggregate(n=Count("id"), mean=Avg("score"), good=satisfied)
    share = total["good"] / total["n"] if total["n"] else None
    return rows, CsatRow(None, "", total["n"], total["mean"], share)


def outlet_visits(*, user, outlet, limit: int = 200) -> list[Visit]:
    return list(
        visit_visible_to(user)
        .filter(outlet=outlet)
        .select_related(*RELATED)
        .prefetch_related("scores__item")
        .order_by("-visited_at", "-id")[:limit]
    )
