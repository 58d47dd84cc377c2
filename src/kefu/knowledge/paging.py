"""Paging a knowledge search: the best-ranked page of matches without ranking every match.

Articles rank by "this helped", then recency (`selectors.RANKING`), and an index holds that
order (migration 0002). A search first collects the keys of at most SEARCH_LIMIT + 1 matches
(the full-text index, no order):
- at most SEARCH_LIMIT: they are counted exactly, ranked, and a page is read by key;
- more: the words are common, so walking the ranking index and testing each article meets a
  page of matches after a few hundred rows; the count shows as "more than SEARCH_LIMIT".
Ranking thousands of matches instead (core.paging's general way, up to 10,000) costs several
times the 50 ms a search may take at 100k articles.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema

from kefu.core.api_paging import MAX_OFFSET, CappedLimitOffsetPagination
from kefu.core.paging import COUNT_LIMIT, count_and_order
from kefu.core.search import is_search, search_tested_per_row

SEARCH_LIMIT = 500
SEARCH_PAGE = 20  # the API's default page of articles, as on the list page


class KeyedPage:
    """Matches whose keys are known in rank order: a slice reads its rows by key."""

    def __init__(self, rows: QuerySet, keys: list):
        self.rows, self.keys = rows, keys

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        keys = self.keys[index]
        found = {a.pk: a for a in search_tested_per_row(self.rows).filter(pk__in=keys).order_by()}
        return [found[key] for key in keys if key in found]


def ranked_count_and_order(rows: QuerySet) -> tuple[int, object, int]:
    """(count, what to slice a page from, the limit the count stops beyond) for ranked `rows`."""
    if not is_search(rows):
        return (*count_and_order(rows), COUNT_LIMIT)
    ordering = list(rows.query.order_by)
    keys = list(rows.order_by().values_list("pk", flat=True)[: SEARCH_LIMIT + 1])
    if len(keys) > SEARCH_LIMIT:
        return len(keys), search_tested_per_row(rows), SEARCH_LIMIT
    names = [item.lstrip("-") for item in ordering]
    ranked = rows.model.objects.filter(pk__in=keys).values_list("pk", *names)
    ranked = sorted(ranked, key=lambda row: _sort_key(row[1:], ordering))
    return len(keys), KeyedPage(rows, [row[0] for row in ranked]), SEARCH_LIMIT


def _sort_key(values, ordering):
    key = []
    for value, item in zip(values, ordering, strict=True):
        number = value.timestamp() if hasattr(value, "timestamp") else value
        key.append(-number if item.startswith("-") else number)
    return key


class RankedPaginator(Paginator):
    """The list page's paginator for articles; `capped` when the count stopped at `limit`."""

    limit = COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        total, self.object_list, self.limit = ranked_count_and_order(self.object_list)
        return total

    @property
    def capped(self) -> bool:
        return self.count > self.limit


class RankedLimitOffsetPagination(CappedLimitOffsetPagination):
    """The API's `?limit=&offset=` over ranked articles (a search's count stops at 501).

    A search answers its best SEARCH_PAGE articles unless asked for more (up to the usual
    maximum), like the list page: each article read past the first page is tested against the
    words while walking the ranking, which is what a search costs."""

    class Input(Schema):
        limit: int = Field(SEARCH_PAGE, ge=1)  # capped, never refused
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def paginate_queryset(self, queryset: QuerySet, pagination, request, **params):
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        total, rows, _limit = ranked_count_and_order(queryset)
        return {self.items_attribute: rows[offset : offset + limit], "count": total}
