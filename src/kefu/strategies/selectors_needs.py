"""Reads of customer needs, always scoped: a need is visible when its customer is (the user's
org unit and subtree, the customers they own; every need with `strategies.view_all_needs`).

The overview (需求分析) counts the visible needs registered in a period by feedback category,
by category × the grade the customer had at registration, and by category for each active
customer segment (the segment's filter applied to the needs' customers).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.accounts.scoping import scoped
from kefu.catalog.choices import DictKind
from kefu.catalog.dictionary import dict_tree
from kefu.customers.models import Customer, Grade
from kefu.strategies.choices import NeedStatus
from kefu.strategies.models import Need, NeedChange, Plan, Segment
from kefu.strategies.segments import segment_filter

VIEW_ALL = "strategies.view_all_needs"
RELATED = ["customer", "registered_by", "source_ticket", "source_interaction", "source_visit"]


def need_visible_to(user) -> QuerySet[Need]:
    return scoped(
        Need.objects.filter(customer__deleted_at__isnull=True),
        user,
        view_all_perm=VIEW_ALL,
        org_field="customer__org_unit",
        owner_field="customer__owner",
    )


def category_names() -> dict[str, str]:
    """{code: "产品改进 / 说明书"} of every feedback category, inactive ones too (old needs)."""
    return {row.item.code: row.path for row in dict_tree(DictKind.FEEDBACK_CATEGORY)}


def category_choices(*, keep: str = "") -> list[tuple[str, str]]:
    """(code, path) of the active feedback categories (and `keep`, the one a need has)."""
    rows = dict_tree(DictKind.FEEDBACK_CATEGORY)
    return [(r.item.code, r.path) for r in rows if r.active or (keep and r.item.code == keep)]


def category_subtree(code: str) -> list[str]:
    """The category and every category under it: a filter on 产品改进 finds 说明书 too."""
    rows = dict_tree(DictKind.FEEDBACK_CATEGORY)
    found = next((r for r in rows if r.item.code == code), None)
    if found is None:
        return [code]
    return [
        r.item.code for r in rows if r.path == found.path or r.path.startswith(found.path + " / ")
    ]


def grade_names() -> dict[str, str]:
    return dict(Grade.objects.order_by("-rank").values_list("code", "name"))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def need_filter(
    rows: QuerySet[Need],
    *,
    status: str = "",
    category: str = "",
    source: str = "",
    grade: str = "",
    customer: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    q: str = "",
) -> QuerySet[Need]:
    exact = {"status": status, "source": source, "grade": grade, "customer_id": customer}
    rows = rows.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    if category:
        rows = rows.filter(category__in=category_subtree(category))
    if date_from:
        rows = rows.filter(created_at__gte=_day_start(date_from))
    if date_to:
        rows = rows.filter(created_at__lt=_day_start(date_to) + timedelta(days=1))
    q = (q or "").strip()
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(code__iexact=q))
    return rows


def with_plan_flag(rows: QuerySet[Need]) -> QuerySet[Need]:
    """`in_plan`: whether a plan links the need (shown as "in a plan" before it is marked)."""
    links = Plan.needs.through.objects.filter(need_id=OuterRef("pk"))
    return rows.annotate(in_plan=Exists(links))


def shown_status(need: Need) -> str:
    """The status a person reads: a registered or refined need a plan links is "in a plan"."""
    open_ = need.status in (NeedStatus.REGISTERED, NeedStatus.REFINED)
    if open_ and getattr(need, "in_plan", False):
        return str(NeedStatus.PLANNED.label)
    return need.get_status_display()


def need_list(*, user, **filters) -> QuerySet[Need]:
    """The needs list page's and `GET /api/v1/needs`' rows, newest first."""
    rows = need_filter(need_visible_to(user), **filters)
    return with_plan_flag(rows.select_related("customer", "registered_by"))


def need_get(*, user, pk: int) -> Need:
    need = (
        with_plan_flag(need_visible_to(user))
        .select_related(*RELATED, "source_visit__ticket")
        .prefetch_related("strategies")
        .filter(pk=pk)
        .first()
    )
    if need is None:
        raise Http404
    return need


def need_history(need: Need) -> list[NeedChange]:
    return list(need.changes.select_related("changed_by").order_by("at", "id"))


def need_plans(need: Need) -> list:
    """The plans that link the need (the need is visible: so is what it says about them)."""
    return list(need.plans.order_by("-id"))


def customer_needs(*, user, customer_id: int, limit: int = 10) -> list[Need]:
    return list(
        with_plan_flag(need_visible_to(user))
        .filter(customer_id=customer_id)
        .order_by("-created_at", "-id")[:limit]
    )


def ticket_needs(*, user, ticket_id: int) -> list[Need]:
    return list(need_visible_to(user).filter(source_ticket_id=ticket_id).order_by("-id"))


def visit_needs(*, user, visit_id: int) -> list[Need]:
    return list(need_visible_to(user).filter(source_visit_id=visit_id).order_by("-id"))


# ---- the overview -----------------------------------------------------------------------------


@dataclass
class CategoryCount:
    code: str
    name: str
    count: int


@dataclass
class SegmentRow:
    segment: Segment
    total: int
    categories: list[CategoryCount]


@dataclass
class Overview:
    start: date
    end: date
    total: int
    categories: list[CategoryCount]
    grades: list[tuple[str, str]]  # (code, name) columns of the matrix
    matrix: list[tuple[CategoryCount, list[int]]]  # per category: counts per grade column
    segments: list[SegmentRow] = field(default_factory=list)


def _label(code: str, names: dict) -> str:
    return names.get(code, code) if code else _("Uncategorised")


def _by_category(rows: QuerySet[Need], names: dict) -> list[CategoryCount]:
    grouped = rows.values("category").annotate(n=Count("id")).order_by("-n", "category")
    return [CategoryCount(g["category"], _label(g["category"], names), g["n"]) for g in grouped]


def _matrix(rows: QuerySet[Need], categories: list[CategoryCount]):
    cells = {
        (g["category"], g["grade"]): g["n"]
        for g in rows.values("category", "grade").annotate(n=Count("id"))
    }
    known = grade_names()
    used = {grade for _cat, grade in cells}
    columns = [(code, name) for code, name in known.items()]
    columns += [(code, code) for code in sorted(used - set(known) - {""})]
    if "" in used:
        columns.append(("", _("Not graded")))
    matrix = [(c, [cells.get((c.code, g), 0) for g, _name in columns]) for c in categories]
    return columns, matrix


def _segments(rows: QuerySet[Need], names: dict) -> list[SegmentRow]:
    found = []
    for segment in Segment.objects.filter(is_active=True).order_by("name"):
        try:
            customers = segment_filter(
                Customer.objects.all(), grades=segment.grades, conditions=segment.conditions
            )
        except (KeyError, TypeError, ValueError):  # a condition this code cannot read
            continue
        counts = _by_category(rows.filter(customer__in=customers.values("pk")), names)
        found.append(SegmentRow(segment, sum(c.count for c in counts), counts))
    return found


def needs_overview(*, user, start: date, end: date) -> Overview:
    rows = need_filter(need_visible_to(user), date_from=start, date_to=end)
    names = category_names()
    categories = _by_category(rows, names)
    grades, matrix = _matrix(rows, categories)
    return Overview(
        start=start,
        end=end,
        total=sum(c.count for c in categories),
        categories=categories,
        grades=grades,
        matrix=matrix,
        segments=_segments(rows, names),
    )
