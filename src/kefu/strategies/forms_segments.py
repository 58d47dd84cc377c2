"""Forms of the segment pages: name, grades, and rows of score conditions (parsed only; the
service checks them and names the bad row and field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.customers.models import Grade
from kefu.strategies.forms_grades import OpenChoiceField, kept_forms
from kefu.strategies.segments import SCORE_FIELDS
from kefu.strategies.services_segments import OPERATORS, SegmentData, score_label


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    grades = forms.MultipleChoiceField(
        label=_("Grades"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Customers holding any of these grades; none chosen: any grade."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grades"].choices = [
            (g.code, g.name if g.is_active else f"{g.name} ({_('inactive')})")
            for g in Grade.objects.order_by("-rank")
        ]


class ConditionForm(forms.Form):
    score = OpenChoiceField(label=_("Score"))
    op = OpenChoiceField(
        label=_("Operator"),
        initial=">=",  # so that a blank row, posted with the first operator, is unchanged
        choices=[(op, op) for op in OPERATORS],
    )
    value = forms.DecimalField(label=_("Value (0–100)"), max_digits=5, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [("", "—")] + [
            (name, score_label(name)) for name in SCORE_FIELDS
        ]


ConditionFormSet = forms.formset_factory(ConditionForm, extra=2, can_delete=True)


def conditions_of(formset) -> list[dict]:
    return [
        {
            "score": f.cleaned_data["score"],
            "op": f.cleaned_data["op"],
            "value": f.cleaned_data["value"],
        }
        for f in kept_forms(formset)
    ]


def segment_data(form, formset) -> SegmentData:
    return SegmentData(
        name=form.cleaned_data["name"],
        description=form.cleaned_data["description"],
        grades=form.cleaned_data["grades"],
        conditions=conditions_of(formset),
    )
