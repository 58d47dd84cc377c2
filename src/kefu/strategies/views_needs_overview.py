"""The needs overview page (需求分析): the visible needs of a period by category, by category ×
grade (a table and a stacked bar chart) and by customer segment."""

import datetime
import json

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.strategies.forms_needs import OverviewForm
from kefu.strategies.selectors_needs import needs_overview

VIEW = "strategies.view_need"
DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366


def overview_period(start, end) -> tuple[datetime.date, datetime.date]:
    """The days asked for, defaulted to the last 90; a clear error for a reversed or long one."""
    end = end or timezone.localdate()
    start = start or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        message = _("The period must start before it ends.")
        raise ApplicationError("needs.period", message, fields={"end": message})
    if (end - start).days > MAX_DAYS:
        message = _("At most {days} days at a time.").format(days=MAX_DAYS)
        raise ApplicationError("needs.period", message, fields={"start": message})
    return start, end


def overview_chart(overview) -> str:
    """What the page's chart script draws: categories, and per grade a stacked series."""
    series = [
        {"name": name, "data": [counts[i] for _row, counts in overview.matrix]}
        for i, (_code, name) in enumerate(overview.grades)
    ]
    return json.dumps(
        {"names": [row.name for row, _counts in overview.matrix], "series": series},
        ensure_ascii=False,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def need_overview(request):
    form = OverviewForm(request.GET or None)
    overview = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        try:
            start, end = overview_period(data.get("start"), data.get("end"))
            overview = needs_overview(user=request.user, start=start, end=end)
        except ApplicationError as error:
            add_application_error(form, error)
    if not form.is_bound and overview is not None:
        form = OverviewForm(initial={"start": overview.start, "end": overview.end})
    context = {
        "title": _("Needs analysis"),
        "form": form,
        "overview": overview,
        "chart": overview_chart(overview) if overview and overview.total else "",
    }
    return render(request, "strategies/needs_overview.html", context)
