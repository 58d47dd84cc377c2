"""Forms of the strategy library: filters, the strategy form (entitlement or action fields shown
by kind; an edit carries the version it started from and asks for a reason), retire/activate."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kefu.customers.models import Grade
from kefu.service.choices import Priority
from kefu.service.models import SlaLevel
from kefu.strategies.choices import ActionType, Recurrence, StrategyKind, StrategyStatus
from kefu.strategies.services_library import StrategyData

ALL = [("", _("All"))]
NONE = [("", "—")]


class StrategyFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"col": "col-md-3", "placeholder": _("name or code")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=ALL + StrategyKind.choices,
        widget=forms.Select(attrs={"col": "col-md-3"}),
    )
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, widget=forms.Select(attrs={"col": "col-md-3"})
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=ALL + StrategyStatus.choices,
        widget=forms.Select(attrs={"col": "col-md-3"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = ALL + list(Grade.objects.values_list("code", "name"))


def _agents():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class StrategyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=20,
        help_text=_("Left empty: S-<number>."),
        widget=forms.TextInput(attrs={"col": "col-md-4"}),
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"col": "col-md-8"})
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=NONE + StrategyKind.choices,
        widget=forms.Select(attrs={"col": "col-md-4", "x-model": "kind"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(StrategyStatus.ACTIVE, StrategyStatus.ACTIVE.label)]
        + [(StrategyStatus.DRAFT, StrategyStatus.DRAFT.label)],
        widget=forms.Select(attrs={"col": "col-md-4"}),
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost per customer"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"col": "col-md-4", "step": "0.01"}),
    )
    grades = forms.ModelMultipleChoiceField(
        label=_("Grades it applies to"),
        required=False,
        queryset=Grade.objects.filter(is_active=True),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple(attrs={"col": "col-12"}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"}),
    )
    # entitlements
    sla_level = forms.ModelChoiceField(
        label=_("Response-time level"), required=False, queryset=SlaLevel.objects.all()
    )
    priority = forms.TypedChoiceField(
        label=_("Queue priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=NONE + Priority.choices,
    )
    dedicated_agent = forms.ModelChoiceField(
        label=_("Dedicated agent"),
        required=False,
        queryset=_agents(),
        widget=forms.Select(attrs={"data-tom-select": "1"}),
    )
    parts_share = forms.IntegerField(
        label=_("Parts covered (%)"), required=False, min_value=0, max_value=100
    )
    expert_seat = forms.BooleanField(label=_("Expert seat"), required=False)
    free_labour = forms.BooleanField(label=_("Free labour"), required=False)
    prefer_top_outlets = forms.BooleanField(label=_("Prefer top-rated outlets"), required=False)
    # actions
    action_type = forms.ChoiceField(
        label=_("Action"), required=False, choices=NONE + ActionType.choices
    )
    recurrence = forms.ChoiceField(
        label=_("Recurrence"), required=False, choices=NONE + Recurrence.choices
    )
    # an edit
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        widget=forms.TextInput(attrs={"col": "col-12"}),
        help_text=_("Kept with the new version, e.g. 响应等级由标准调为优先."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dedicated_agent"].queryset = _agents()
        self.fields["dedicated_agent"].label_from_instance = lambda u: (
            f"{u.name} ({u.username})" if u.name else u.username
        )
        if editing:
            del self.fields["code"], self.fields["status"]
        else:  # a new strategy's version 1 needs no reason
            del self.fields["reason"], self.fields["version"]

    def to_data(self) -> StrategyData:
        data = self.cleaned_data
        return StrategyData(
            name=data["name"],
            kind=data["kind"],
            code=data.get("code", ""),
            description=data.get("description", ""),
            grades=list(data.get("grades") or []),
            estimated_cost=data.get("estimated_cost"),
            sla_level=data.get("sla_level"),
            priority=data.get("priority"),
            dedicated_agent=data.get("dedicated_agent"),
            expert_seat=data.get("expert_seat", False),
            free_labour=data.get("free_labour", False),
            parts_share=data.get("parts_share"),
            prefer_top_outlets=data.get("prefer_top_outlets", False),
            action_type=data.get("action_type", ""),
            recurrence=data.get("recurrence", ""),
        )


def strategy_initial(strategy) -> dict:
    return {
        "name": strategy.name,
        "kind": strategy.kind,
        "estimated_cost": strategy.estimated_cost,
        "grades": [g.code for g in strategy.grades.all()],
        "description": strategy.description,
        "sla_level": strategy.sla_level_id,
        "priority": strategy.priority,
        "dedicated_agent": strategy.dedicated_agent_id,
        "parts_share": strategy.parts_share,
        "expert_seat": strategy.expert_seat,
        "free_labour": strategy.free_labour,
        "prefer_top_outlets": strategy.prefer_top_outlets,
        "action_type": strategy.action_type,
        "recurrence": strategy.recurrence,
        "version": strategy.version,
    }


class StatusForm(forms.Form):
    """Retire or put in force: an optional reason, the version the page showed."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
