"""The API's one pagination style: `?limit=&offset=` → `{"items": [...], "count": N}`.

As on list pages, the count stops at COUNT_LIMIT + 1 (see core.paging), so a list of a million
rows answers in milliseconds; a client pages with offset until a page comes back short.
"""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from kefu.core.paging import count_and_order

# The largest OFFSET both databases take (a signed 64-bit integer); beyond it SQLite fails with
# "datatype mismatch" and PostgreSQL with "bigint out of range": a 422 names the field instead.
MAX_OFFSET = 2**63 - 1


class CappedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1)  # capped, never refused
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def paginate_queryset(self, queryset: QuerySet, pagination, request, **params: Any) -> Any:
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        total, rows = count_and_order(queryset)
        return {self.items_attribute: rows[offset : offset + limit], "count": total}
