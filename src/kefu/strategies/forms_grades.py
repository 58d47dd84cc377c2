"""Forms of the grade pages, the grading-rules table and the manual override (the rules live in
the services: these only parse)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.customers.choices import BadgeColor
from kefu.customers.models import Grade
from kefu.strategies.choices import Metric
from kefu.strategies.services_grades import CriterionData, GradeData

_DATE = {"type": "date"}
_SCORE = {"min_value": Decimal(0), "max_value": Decimal(100), "decimal_places": 2}


class OpenChoiceField(forms.ChoiceField):
    """A select whose posted value is not checked against the list: the service refuses an
    unknown one with the row and field named (the API posts the same values)."""

    def valid_value(self, value) -> bool:
        return True


class GradeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Lower-case letters, digits or _, e.g. gold; customers hold this code."),
    )
    name = forms.CharField(label=_("Name"), max_length=30)
    rank = forms.IntegerField(
        label=_("Rank"), min_value=0, max_value=32767, help_text=_("Higher is better.")
    )
    min_score = forms.DecimalField(label=_("Lowest score"), **_SCORE)
    max_score = forms.DecimalField(
        label=_("Score below"),
        help_text=_("The band is [lowest, below); the top band includes 100."),
        **_SCORE,
    )
    color = forms.ChoiceField(label=_("Badge colour"), choices=BadgeColor.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def data_object(self) -> GradeData:
        return GradeData(**self.cleaned_data)


class CriterionForm(forms.Form):
    """One row of the grading-rules table; an unknown metric is the service's to refuse, with
    the row and field named, so the choice list is not enforced here."""

    metric = OpenChoiceField(label=_("Metric"), choices=[("", "—"), *Metric.choices])
    window_days = forms.IntegerField(
        label=_("Window (days)"), required=False, min_value=1, max_value=3650
    )
    weight = forms.DecimalField(label=_("Weight"), max_digits=5, decimal_places=2)
    zero_at = forms.DecimalField(label=_("0 points at"), max_digits=14, decimal_places=2)
    full_at = forms.DecimalField(label=_("100 points at"), max_digits=14, decimal_places=2)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def data_object(self) -> CriterionData:
        return CriterionData(**{k: v for k, v in self.cleaned_data.items() if k != "DELETE"})


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True)


def kept_forms(formset) -> list:
    """The rows a valid formset keeps, in order: every row it was shown with (edited or not) and
    the blank rows filled in; rows ticked "Remove" and blank rows left untouched are left out."""
    shown = formset.initial_form_count()
    return [
        form
        for index, form in enumerate(formset.forms)
        if (index < shown or form.has_changed()) and not form.cleaned_data.get("DELETE")
    ]


def criteria_rows(formset) -> list[CriterionData]:
    """The kept rows of a valid formset, in order (see `kept_forms`)."""
    return [form.data_object() for form in kept_forms(formset)]


class OverrideForm(forms.Form):
    grade = forms.ModelChoiceField(
        label=_("Grade"), queryset=Grade.objects.none(), empty_label="—", to_field_name="code"
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    expires_on = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs=_DATE),
        help_text=_("The override ends after this day; grading runs then apply again."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].queryset = Grade.objects.filter(is_active=True).order_by("-rank")
