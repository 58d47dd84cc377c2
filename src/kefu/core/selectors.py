"""Reads of the shared kernel."""

from django.db.models import QuerySet

from kefu.core.models import Holiday


def holiday_list(*, user, year: int | None = None) -> QuerySet[Holiday]:
    """The holiday table, for users allowed to read it (base data: not scoped by org unit)."""
    if not user.is_authenticated or not user.has_perm("core.view_holiday"):
        return Holiday.objects.none()
    holidays = Holiday.objects.all()
    return holidays.filter(date__year=year) if year else holidays
