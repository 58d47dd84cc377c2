"""API of complaint analysis: GET /api/v1/complaints/causes — root causes and responsible
parties of a period's complaints with counts and cumulative shares (a Pareto), counted over the
complaints the caller may see. Needs service.audit_ticket (supervisors, managers, admins)."""

import datetime
from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.core.errors import ApplicationError
from kefu.service.selectors_complaints import complaint_cause_counts

router = Router(tags=["complaints"])

ANALYSIS_PERM = "service.audit_ticket"
DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366


class ParetoRowOut(Schema):
    key: str = Field(description="the root cause's id, or the responsible party's code")
    name: str
    count: int
    share: float = Field(description="% of the counted complaints")
    cumulative: float = Field(description="% of this row and all rows above it")


class CauseCountsOut(Schema):
    start: datetime.date
    end: datetime.date
    complaints: int
    with_cause: int
    causes: list[ParetoRowOut]
    parties: list[ParetoRowOut]


class CauseFilters(InputSchema):
    start: datetime.date | None = Field(None, description="first day; default 90 days ago")
    end: datetime.date | None = Field(None, description="last day (included); default today")
    category: Id | None = Field(None, description="a complaint category (and those under it)")


def period(start, end) -> tuple[datetime.date, datetime.date]:
    """The days asked for, defaulted; a clear error for a reversed or too long period."""
    end = end or timezone.localdate()
    start = start or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise ApplicationError(
            "complaints.period",
            _("The period must start before it ends."),
            fields={"end": _("The period must start before it ends.")},
        )
    if (end - start).days > MAX_DAYS:
        raise ApplicationError(
            "complaints.period",
            _("At most three years at once."),
            fields={"start": _("At most three years at once.")},
        )
    return start, end


def category_of(pk) -> DictItem | None:
    if pk is None:
        return None
    item = DictItem.objects.filter(pk=pk, kind=DictKind.COMPLAINT_CATEGORY).first()
    if item is None:
        raise ApplicationError(
            "complaints.category",
            _("No such complaint category."),
            fields={"category": _("No such complaint category.")},
        )
    return item


@router.get("/causes", response={200: CauseCountsOut, **errors(400, 403, 422)})
def cause_counts(request, filters: Query[CauseFilters]):
    """Root causes and responsible parties of the complaints opened in the period, most
    frequent first, with counts, shares and cumulative shares."""
    if not request.user.has_perm(ANALYSIS_PERM):
        raise PermissionDenied
    start, end = period(filters.start, filters.end)
    counts = complaint_cause_counts(
        user=request.user, start=start, end=end, category=category_of(filters.category)
    )
    return {"start": start, "end": end, **asdict(counts)}
