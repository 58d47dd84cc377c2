"""Forms of follow-up visits: the agent's record form, the customer's survey, the rule setup."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.service.choices import VisitAssign, VisitOutcome
from kefu.service.models import Queue, VisitRule

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
# Bootstrap classes on the widgets the templates render one by one (radio.tag, as_field_group)
RADIO = {"class": "form-check-input"}
ACTION_CHOICES = [
    ("reopen", _("Reopen the ticket")),
    ("complaint", _("Open a complaint about it")),
]


class ScoresForm(forms.Form):
    """One 1–5 choice and an optional comment per evaluation item; the service checks them."""

    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "col": "col-12"}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"score_{item.pk}"] = forms.ChoiceField(
                label=item.name, choices=SCORE_CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=200
            )

    def rows(self) -> list[dict]:
        return [
            {"item": i, "score": self[f"score_{i.pk}"], "comment": self[f"comment_{i.pk}"]}
            for i in self.items
        ]

    def scores(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "item": item.pk,
                "score": data.get(f"score_{item.pk}") or None,
                "comment": data.get(f"comment_{item.pk}", ""),
            }
            for item in self.items
        ]


class VisitRecordForm(ScoresForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=VisitOutcome.choices, widget=forms.RadioSelect(attrs=RADIO)
    )
    action = forms.ChoiceField(
        label=_("If not satisfied"), choices=ACTION_CHOICES, required=False,
        widget=forms.RadioSelect(attrs=RADIO),
    )  # fmt: skip
    close = forms.BooleanField(
        label=_("Unreachable: close the follow-up without another try"),
        required=False,
        widget=forms.CheckboxInput(attrs=RADIO),
    )


class SurveyForm(ScoresForm):
    satisfied = forms.ChoiceField(
        label=_("Are you satisfied with our service overall?"),
        choices=[("yes", _("Yes, satisfied")), ("no", _("No, not satisfied"))],
        widget=forms.RadioSelect(attrs=RADIO),
        required=False,
    )


class DecideForm(forms.Form):
    action = forms.ChoiceField(
        label=_("The customer is not satisfied"),
        choices=ACTION_CHOICES,
        widget=forms.RadioSelect(attrs=RADIO),
    )


class VisitRuleForm(forms.ModelForm):
    class Meta:
        model = VisitRule
        fields = [
            "trigger_state",
            "assign",
            "queue",
            "due_hours",
            "survey_days",
            "items",
            "is_active",
        ]
        widgets = {"items": forms.CheckboxSelectMultiple}

    def __init__(self, *args, states: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trigger_state"] = forms.ChoiceField(
            label=_("when the ticket enters"), choices=states
        )
        self.fields["assign"].choices = VisitAssign.choices
        self.fields["queue"].queryset = Queue.objects.filter(is_active=True)
        self.fields["items"].queryset = DictItem.objects.filter(
            kind=DictKind.EVALUATION_ITEM, is_active=True
        )
        self.fields["due_hours"].min_value = 1
        self.fields["due_hours"].widget.attrs["min"] = 1
        self.fields["survey_days"].help_text = _("0: no survey link for the customer.")

    def clean_due_hours(self):
        hours = self.cleaned_data["due_hours"]
        if not 1 <= hours <= 2000:
            raise forms.ValidationError(_("Enter between 1 and 2000 working hours."))
        return hours

    def clean_survey_days(self):
        days = self.cleaned_data["survey_days"]
        if days > 365:
            raise forms.ValidationError(_("At most 365 days."))
        return days
