"""The API's one pagination style: `?limit=&offset=` → `{"items": [...], "count": N}`.

As on list pages, the count stops at COUNT_LIMIT + 1 (see core.paging), so a list of a million
rows answers in milliseconds; a client pages with offset until a page comes back short.
"""

from typing import Any

from django.db.models import QuerySet
from ninja.pagination import LimitOffsetPagination

from kefu.core.paging import count_and_order


class CappedLimitOffsetPagination(LimitOffsetPagination):
    def paginate_queryset(self, queryset: QuerySet, pagination, request, **params: Any) -> Any:
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        total, rows = count_and_order(queryset)
        return {self.items_attribute: rows[offset : offset + limit], "count": total}
