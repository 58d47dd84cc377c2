"""The complaint analysis page (投诉分析): a Pareto of root causes and responsible parties over
the complaints the user may see, as a table and a chart."""

import datetime
import json

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.catalog.choices import DictKind
from kefu.catalog.dictionary import dict_choices
from kefu.core.errors import ApplicationError
from kefu.core.forms import add_application_error
from kefu.service.api_complaints import ANALYSIS_PERM, DEFAULT_DAYS, category_of, period
from kefu.service.selectors_complaints import complaint_cause_counts

DATE = {"type": "date"}


class AnalysisForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("Until"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    category = forms.TypedChoiceField(
        label=gettext_lazy("Complaint category"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All"))] + dict_choices(
            DictKind.COMPLAINT_CATEGORY
        )


def _chart(rows) -> str:
    """What the page's chart script draws (names, counts, cumulative %), as JSON."""
    return json.dumps(
        {
            "names": [row.name for row in rows],
            "counts": [row.count for row in rows],
            "cumulative": [row.cumulative for row in rows],
            "countLabel": _("Complaints"),
            "cumulativeLabel": _("Cumulative %"),
        },
        ensure_ascii=False,
    )


@login_required
@permission_required(ANALYSIS_PERM, raise_exception=True)
def complaint_analysis(request):
    today = timezone.localdate()
    initial = {"start": today - datetime.timedelta(days=DEFAULT_DAYS - 1), "end": today}
    form = AnalysisForm(request.GET or None, initial=initial)
    counts, start, end = None, initial["start"], initial["end"]
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        try:
            start, end = period(data.get("start") or start, data.get("end") or end)
            category = category_of(data.get("category"))
            counts = complaint_cause_counts(
                user=request.user, start=start, end=end, category=category
            )
        except ApplicationError as error:
            add_application_error(form, error)
    return render(
        request,
        "service/complaint_analysis.html",
        {
            "title": _("Complaint analysis"),
            "form": form,
            "counts": counts,
            "start": start,
            "end": end,
            "cause_chart": _chart(counts.causes) if counts else "",
            "party_chart": _chart(counts.parties) if counts else "",
        },
    )
