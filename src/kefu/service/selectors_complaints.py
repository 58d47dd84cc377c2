"""Reads about complaints: repeat complaints and the counts behind a Pareto of root causes.

Every read starts from `ticket_visible_to(user)`: a supervisor of branch B counts only the
complaints of branch B.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from kefu.catalog.dictionary import dict_path, dict_tree
from kefu.catalog.models import DictItem
from kefu.service.choices import LinkKind, ResponsibleParty, TicketType
from kefu.service.models import Ticket, TicketLink
from kefu.service.selectors import ticket_visible_to


def complaint_repeats_of(ticket: Ticket, *, user) -> list[Ticket]:
    """The earlier complaints `ticket` repeats (its "repeat complaint" links), as `user` sees
    them, newest first."""
    if ticket.ticket_type != TicketType.COMPLAINT:
        return []
    ids = list(
        TicketLink.objects.filter(source=ticket, kind=LinkKind.REPEAT).values_list(
            "target_id", flat=True
        )
    )
    if not ids:
        return []
    return list(ticket_visible_to(user).filter(pk__in=ids).order_by("-created_at", "-pk"))


@dataclass
class ParetoRow:
    key: str  # the root cause's id, or the responsible party's code
    name: str
    count: int
    share: float  # % of all counted complaints
    cumulative: float  # % of this row and every row above it


def _pareto(counted: list[tuple[str, str, int]]) -> list[ParetoRow]:
    counted = sorted(counted, key=lambda row: (-row[2], row[1]))
    total = sum(count for _key, _name, count in counted)
    rows, running = [], 0
    for key, name, count in counted:
        running += count
        rows.append(
            ParetoRow(
                key=key,
                name=name,
                count=count,
                share=round(100 * count / total, 1) if total else 0.0,
                cumulative=round(100 * running / total, 1) if total else 0.0,
            )
        )
    return rows


def _day_bounds(start: datetime.date, end: datetime.date) -> tuple:
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(end, datetime.time.min, tzinfo=zone)
    return low, high + datetime.timedelta(days=1)


def _category_ids(category: DictItem) -> list[int]:
    rows = dict_tree(category.kind)
    ids, inside, depth = [], False, 0
    for row in rows:  # depth-first: the category's entries follow it until the depth drops back
        if row.item.pk == category.pk:
            inside, depth = True, row.depth
            ids.append(row.item.pk)
        elif inside and row.depth > depth:
            ids.append(row.item.pk)
        elif inside:
            break
    return ids


def complaints_in_period(
    *, user, start: datetime.date, end: datetime.date, category: DictItem | None = None
) -> QuerySet[Ticket]:
    """The complaints `user` may see opened from `start` to `end` (both days included), of
    `category` or any category under it."""
    low, high = _day_bounds(start, end)
    complaints = ticket_visible_to(user).filter(
        ticket_type=TicketType.COMPLAINT, created_at__gte=low, created_at__lt=high
    )
    if category is not None:
        complaints = complaints.filter(complaint_category_id__in=_category_ids(category))
    return complaints


@dataclass
class CauseCounts:
    complaints: int  # every complaint of the period
    with_cause: int  # those with a root cause (closed ones)
    causes: list[ParetoRow]
    parties: list[ParetoRow]


def complaint_cause_counts(
    *, user, start: datetime.date, end: datetime.date, category: DictItem | None = None
) -> CauseCounts:
    """Root causes and responsible parties of the period's complaints, most frequent first,
    with each one's share and the cumulative share: the data of a Pareto chart."""
    complaints = complaints_in_period(user=user, start=start, end=end, category=category)
    by_cause = dict(
        complaints.filter(root_cause__isnull=False)
        .order_by()
        .values_list("root_cause")
        .annotate(n=Count("pk"))
        .values_list("root_cause", "n")
    )
    causes = DictItem.objects.select_related("parent__parent").in_bulk(list(by_cause))
    by_party = dict(
        complaints.exclude(responsible_party="")
        .order_by()
        .values_list("responsible_party")
        .annotate(n=Count("pk"))
        .values_list("responsible_party", "n")
    )
    labels = dict(ResponsibleParty.choices)
    return CauseCounts(
        complaints=complaints.order_by().count(),
        with_cause=sum(by_cause.values()),
        causes=_pareto([(str(pk), dict_path(causes.get(pk)), n) for pk, n in by_cause.items()]),
        parties=_pareto([(code, str(labels.get(code, code)), n) for code, n in by_party.items()]),
    )
