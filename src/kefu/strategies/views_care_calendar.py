"""The care calendar page (关怀日历): one month, Monday first, with links to the lists of a day."""

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from kefu.strategies.selectors_care_calendar import care_month

VIEW = "strategies.view_careitem"


def _month(request, today: date) -> date:
    """The month asked for as ?month=YYYY-MM (this month when missing or wrong)."""
    raw = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1) if 1900 <= year <= 2200 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@login_required
@permission_required(VIEW, raise_exception=True)
def care_calendar(request):
    today = timezone.localdate()
    first = _month(request, today)
    previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return render(
        request,
        "strategies/care_calendar.html",
        {
            "title": _("Care calendar"),
            "first": first,
            "weeks": care_month(user=request.user, year=first.year, month=first.month, today=today),
            "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "this_month": f"{today:%Y-%m}",
        },
    )
