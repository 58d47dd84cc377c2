"""Counting and ordering a page of a large list without reading the whole list.

- The count stops at COUNT_LIMIT + 1 rows: "10,000+" costs a few milliseconds where an exact
  count of a million rows costs hundreds.
- When the matches of other filters are few (≤ SORT_IN_MEMORY), they are ordered by an
  expression no index provides, so PostgreSQL fetches the matches and sorts them, instead of
  walking the primary-key index backwards and testing rows one by one until it has a page (slow
  when matches are rare).
- A full-text search (`core.search.is_search`) is counted and ordered in ONE pass: the keys of
  at most COUNT_LIMIT + 1 matches are fetched in the list's order, their number is the count,
  and a page is then read by primary key. Counting and sorting separately would find the
  matches twice (the index scan and the table reads cost the same the second time). Only when
  there are more than COUNT_LIMIT matches does the page come from the ordinary query: then
  matches are common, and walking the primary key (the usual order) and testing each row finds
  a page quickly.
"""

from functools import cached_property

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, QuerySet

from kefu.core.search import is_search, search_tested_per_row

COUNT_LIMIT = 10_000
SORT_IN_MEMORY = 5_000


def capped_count(rows: QuerySet) -> int:
    return rows.order_by()[: COUNT_LIMIT + 1].count()


def _ordering(rows: QuerySet) -> list:
    return list(rows.query.order_by or rows.model._meta.ordering or ["-pk"])


def sorted_in_memory(rows: QuerySet) -> QuerySet:
    """The same ordering, written so that the database sorts the fetched matches."""
    ordering = []
    for item in _ordering(rows):
        if not isinstance(item, str):
            return rows
        name = item.lstrip("-")
        field = F(name)
        ordering.append(
            field.desc(nulls_last=True) if item.startswith("-") else field.asc(nulls_first=True)
        )
    return rows.order_by(*ordering)


def _plain(model, item) -> bool:
    """True when ordering by `item` orders by that column's own values (F(name) does the same)."""
    if not isinstance(item, str) or "__" in item or item.lstrip("-") in ("", "?"):
        return False
    name = item.lstrip("-")
    if name == "pk":
        return True
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return True  # an annotation: ordered by its value
    return not field.is_relation  # a relation orders by the related model's ordering


def ordered_keys(rows: QuerySet) -> list | None:
    """Primary keys of the first COUNT_LIMIT + 1 matches of `rows`, in the order of `rows` when
    there are at most COUNT_LIMIT of them (more: a count, in no useful order). None when the
    ordering is not by plain columns."""
    ordering = _ordering(rows)
    if not all(_plain(rows.model, item) for item in ordering):
        return None
    keys = {f"kefu_key{i}": F(item.lstrip("-")) for i, item in enumerate(ordering)}
    inner = (
        rows.order_by()
        .annotate(kefu_pk=F("pk"), **keys)
        .values_list("kefu_pk", *keys)[: COUNT_LIMIT + 1]
    )
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    # the outer ORDER BY has the very words of the list's own: same NULL places, same collation
    order = [
        f"{quote(alias)} {'DESC' if item.startswith('-') else 'ASC'}"
        for alias, item in zip(keys, ordering, strict=True)
    ]
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can match (e.g. a value out of the column's range)
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('kefu_pk')} FROM ({sql}) kefu_keys "
            f"ORDER BY {', '.join([*order, quote('kefu_pk') + ' DESC'])}",
            params,
        )
        return [row[0] for row in cursor.fetchall()]


class KeyedRows:
    """The matches of `rows` whose keys are known, in order: a slice reads its rows by key."""

    def __init__(self, rows: QuerySet, keys: list):
        self.rows = rows
        self.keys = keys

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        keys = self.keys[index]
        if not keys:
            return []
        # the keys name the rows: tested per row, the search needs no second index scan
        rows = search_tested_per_row(self.rows).filter(pk__in=keys).order_by()
        found = {row.pk: row for row in rows}
        return [found[key] for key in keys if key in found]

    def __iter__(self):
        return iter(self[:])


def _by_key_first(rows: QuerySet) -> bool:
    first = _ordering(rows)[0]
    return isinstance(first, str) and first.lstrip("-") in ("pk", rows.model._meta.pk.name)


def _searched(rows: QuerySet) -> tuple[int, QuerySet | KeyedRows] | None:
    keys = ordered_keys(rows)
    if keys is None:
        return None
    if len(keys) <= COUNT_LIMIT:
        return len(keys), KeyedRows(rows, keys)
    # many matches: walking the primary key meets a page of them soon
    return len(keys), search_tested_per_row(rows) if _by_key_first(rows) else rows


def count_and_order(rows: QuerySet) -> tuple[int, QuerySet | KeyedRows]:
    """(capped count, what to slice a page from)."""
    searched = _searched(rows) if is_search(rows) else None
    if searched is not None:
        return searched
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
