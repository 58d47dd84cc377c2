"""Counting and ordering a page of a large list without reading the whole list.

- The count stops at COUNT_LIMIT + 1 rows: "10,000+" costs a few milliseconds where an exact
  count of a million rows costs hundreds.
- When the matches are few (≤ SORT_IN_MEMORY), they are ordered by an expression no index
  provides, so PostgreSQL fetches the matches and sorts them, instead of walking the primary-key
  index backwards and testing rows one by one until it has a page (slow when matches are rare
  or, for full-text filters, costly to test).
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import F, QuerySet

COUNT_LIMIT = 10_000
SORT_IN_MEMORY = 5_000


def capped_count(rows: QuerySet) -> int:
    return rows.order_by()[: COUNT_LIMIT + 1].count()


def sorted_in_memory(rows: QuerySet) -> QuerySet:
    """The same ordering, written so that the database sorts the fetched matches."""
    ordering = []
    for item in rows.query.order_by or rows.model._meta.ordering or ["-pk"]:
        if not isinstance(item, str):
            return rows
        name = item.lstrip("-")
        field = F(name)
        ordering.append(
            field.desc(nulls_last=True) if item.startswith("-") else field.asc(nulls_first=True)
        )
    return rows.order_by(*ordering)


def count_and_order(rows: QuerySet) -> tuple[int, QuerySet]:
    total = capped_count(rows)
    return total, sorted_in_memory(rows) if total <= SORT_IN_MEMORY else rows


class CappedPaginator(Paginator):
    """Paginator whose count stops at COUNT_LIMIT + 1 (shown as "10000+")."""

    @cached_property
    def count(self) -> int:
        total, self.object_list = count_and_order(self.object_list)
        return total

    @property
    def capped(self) -> bool:
        return self.count > COUNT_LIMIT
