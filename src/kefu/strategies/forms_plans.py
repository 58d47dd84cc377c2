"""Forms of the plan pages: create, change (with reason and version), execute a task, cancel."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.accounts.scoping import org_units_visible_to
from kefu.customers.selectors import customer_visible_to
from kefu.strategies.choices import PlanStatus, TaskStatus
from kefu.strategies.models import Need, Segment, Strategy
from kefu.strategies.services_plans import PlanInput

DATE = {"type": "date"}


def owner_choices(user):
    """Active users of the units the editor may see (the editor first among equals)."""
    units = org_units_visible_to(user)
    return get_user_model().objects.filter(is_active=True, org_unit__in=units).order_by("username")


class PlanFieldsForm(forms.Form):
    """The fields a plan is created and changed with."""

    title = forms.CharField(label=_("Title"), max_length=120, widget=forms.TextInput())
    goal = forms.CharField(
        label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"})
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={**DATE, "col": "col-md-3"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), widget=forms.DateInput(attrs={**DATE, "col": "col-md-3"})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=get_user_model().objects.none(), widget=forms.Select()
    )
    budget = forms.DecimalField(
        label=_("Budget (CNY)"), max_digits=12, decimal_places=2, initial=0, required=False
    )
    # rendered by the page as check boxes with the suggestions' reasons
    strategies = forms.ModelMultipleChoiceField(
        label=_("Strategies"), queryset=Strategy.objects.all(), required=False
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("Customer needs"), queryset=Need.objects.all(), required=False
    )

    def __init__(self, *args, user, current_owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owners = owner_choices(user)
        if current_owner is not None:  # a plan keeps its owner, whoever changes it
            owners = owners | get_user_model().objects.filter(pk=current_owner.pk)
        self.fields["owner"].queryset = owners.distinct()
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username

    def to_input(self, **target) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(
            title=data["title"],
            goal=data.get("goal") or "",
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            owner=data["owner"],
            budget=data["budget"] if data.get("budget") is not None else 0,
            strategies=list(data.get("strategies") or []),
            needs=list(data.get("needs") or []),
            **target,
        )


class PlanCreateForm(PlanFieldsForm):
    customer = forms.ChoiceField(
        label=_("Customer"),
        required=False,
        widget=forms.Select(attrs={"data-tom-select": "1"}),
    )
    segment = forms.ModelChoiceField(
        label=_("or a segment"),
        queryset=Segment.objects.filter(is_active=True),
        required=False,
    )
    field_order = ["customer", "segment", "title", "goal", "starts_on", "ends_on", "owner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["customer"]
        field.widget.attrs["data-url"] = reverse("strategies:plan_customer_search")
        choices = [("", _("Type a name, phone or code"))]
        customer = self.chosen_customer()
        if customer is not None:
            choices.append((str(customer.pk), f"{customer.name} ({customer.code})"))
        field.choices = choices

    def chosen_customer(self):
        raw = self.data.get("customer") if self.is_bound else self.initial.get("customer")
        raw = str(raw or "")
        if not raw.isdigit():
            return None
        return customer_visible_to(self.user).select_related("owner").filter(pk=raw).first()

    def chosen_segment(self):
        raw = self.data.get("segment") if self.is_bound else self.initial.get("segment")
        raw = str(raw or "")
        return Segment.objects.filter(pk=raw, is_active=True).first() if raw.isdigit() else None

    def clean_customer(self):
        raw = self.cleaned_data.get("customer")
        if not raw:
            return None
        customer = self.chosen_customer()
        if customer is None:
            raise forms.ValidationError(_("Choose a customer you can see."))
        return customer

    def to_input(self, **target) -> PlanInput:
        return super().to_input(
            customer=self.cleaned_data.get("customer"), segment=self.cleaned_data.get("segment")
        )


class PlanChangeForm(PlanFieldsForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        widget=forms.TextInput(attrs={"col": "col-12"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class TaskDoneForm(forms.Form):
    result = forms.CharField(
        label=_("Result"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskSkipForm(forms.Form):
    reason = forms.CharField(label=_("Why skip it"), max_length=2000)


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PlanStatus.choices]
    )
    q = forms.CharField(label=_("Number or title"), required=False)
    mine = forms.BooleanField(label=_("Mine only"), required=False)


DUE_CHOICES = [
    ("week", _("Due this week")),
    ("overdue", _("Overdue")),
    ("all", _("All dates")),
]


class TaskFilterForm(forms.Form):
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE_CHOICES)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("To do")), ("any", _("All")), *TaskStatus.choices[1:]],
    )
