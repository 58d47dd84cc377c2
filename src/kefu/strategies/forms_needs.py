"""Forms of the needs pages: the list's filters, register (登记) and edit (完善、变更)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.customers.selectors import customer_visible_to
from kefu.strategies.choices import NeedSource, NeedStatus, StrategyStatus
from kefu.strategies.models import Strategy
from kefu.strategies.selectors_needs import category_choices, grade_names
from kefu.strategies.services_needs import IMPORTANCE, STATUS_MOVES

DATE = {"type": "date"}
ALL = [("", _("All"))]


def _strategy_choices(keep=()) -> list[tuple[str, str]]:
    rows = Strategy.objects.exclude(status=StrategyStatus.RETIRED) | Strategy.objects.filter(
        code__in=list(keep)
    )
    return [(s.code, f"{s.code} {s.name}") for s in rows.distinct().order_by("code")]


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    grade = forms.ChoiceField(label=_("Grade"), required=False)
    customer = forms.IntegerField(label=_("Customer"), required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ALL + NeedStatus.choices
        self.fields["category"].choices = ALL + category_choices()
        self.fields["source"].choices = ALL + NeedSource.choices
        self.fields["grade"].choices = ALL + list(grade_names().items())


class NeedRegisterForm(forms.Form):
    customer = forms.ChoiceField(
        label=_("Customer"), widget=forms.Select(attrs={"data-tom-select": "1"})
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "col": "col-12"}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Importance"), coerce=int, choices=IMPORTANCE, initial=2
    )
    source = forms.ChoiceField(label=_("Source"), choices=NeedSource.choices)
    source_ticket = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_interaction = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_visit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    strategies = forms.MultipleChoiceField(
        label=_("Linked strategies"),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-tom-select": "1"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + category_choices()
        self.fields["strategies"].choices = _strategy_choices()
        field = self.fields["customer"]
        field.widget.attrs["data-url"] = reverse("strategies:need_customer_search")
        choices = [("", _("Type a name, phone or code"))]
        chosen = str((self.data.get("customer") if self.is_bound else None) or "")
        chosen = chosen or str(self.initial.get("customer") or "")
        customer = customer_visible_to(user).filter(pk=chosen).first() if chosen.isdigit() else None
        if customer is not None:
            choices.append((str(customer.pk), f"{customer.name} ({customer.code})"))
        field.choices = choices


class NeedEditForm(forms.Form):
    """Every editable field; the service tells a refine from a change by what differs."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "col": "col-12"}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    priority = forms.TypedChoiceField(label=_("Importance"), coerce=int, choices=IMPORTANCE)
    status = forms.ChoiceField(label=_("Status"))
    strategies = forms.MultipleChoiceField(
        label=_("Linked strategies"),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-tom-select": "1"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"col": "col-12"}),
        help_text=_(
            "Required when the title, importance or status changes or the category is replaced; "
            "optional when you only add detail."
        ),
    )

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + category_choices(keep=need.category)
        linked = [s.code for s in need.strategies.all()]
        self.fields["strategies"].choices = _strategy_choices(keep=linked)
        moves = [need.status, *sorted(STATUS_MOVES.get(need.status, ()))]
        self.fields["status"].choices = [(v, NeedStatus(v).label) for v in moves]

    @staticmethod
    def initial_for(need) -> dict:
        return {
            "version": need.version,
            "title": need.title,
            "description": need.description,
            "category": need.category,
            "priority": need.priority,
            "status": need.status,
            "strategies": [s.code for s in need.strategies.all()],
        }


class OverviewForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
