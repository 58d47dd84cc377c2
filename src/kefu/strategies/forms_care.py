"""Forms of the care pages: the reminders' filters, dismissing, the birthday list's period and
the greeting campaigns (the rules live in the services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.catalog.models import ProductModel, ProductType
from kefu.customers.models import Grade
from kefu.strategies.choices import CareChannel, CareKind, CareStatus
from kefu.strategies.models import Segment
from kefu.strategies.services_care_campaigns import CampaignData

_ANY = [("", _("All"))]
_DATE = {"type": "date"}
OCCASIONS = ["元旦", "春节", "元宵节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "重阳节"]


class ReminderFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_ANY + CareKind.choices)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_ANY + CareStatus.choices, initial="due"
    )
    due_from = forms.DateField(
        label=_("Due from"), required=False, widget=forms.DateInput(attrs=_DATE)
    )
    due_to = forms.DateField(label=_("Due to"), required=False, widget=forms.DateInput(attrs=_DATE))
    product_type = forms.ModelChoiceField(
        label=_("Product type"), required=False, queryset=ProductType.objects.filter(is_active=True)
    )
    product_model = forms.ModelChoiceField(
        label=_("Product model"),
        required=False,
        queryset=ProductModel.objects.filter(maintenance_interval_days__gt=0),
    )
    region = forms.CharField(label=_("Region code"), required=False, max_length=6)
    campaign = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": CareStatus.DUE}
        data = dict(self.cleaned_data)
        for name in ("product_type", "product_model"):
            data[name] = data[name].pk if data[name] else None
        return data


class DismissForm(forms.Form):
    note = forms.CharField(label=_("Why"), max_length=200)


class BirthdayFilterForm(forms.Form):
    PERIODS = [("days", _("Next days")), ("month", _("This month")), ("range", _("Dates"))]
    period = forms.ChoiceField(label=_("Period"), required=False, choices=PERIODS)
    days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=366)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(_DATE))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(_DATE))
    who = forms.ChoiceField(
        label=_("Who"),
        required=False,
        choices=_ANY + [("person", _("Individuals")), ("contact", _("Company contacts"))],
    )


class GenerateForm(forms.Form):
    lookahead = forms.IntegerField(
        label=_("Look-ahead (days)"), min_value=0, max_value=366, initial=14
    )


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    occasion = forms.CharField(
        label=_("Occasion"),
        max_length=40,
        widget=forms.TextInput(attrs={"list": "care-occasions"}),
        help_text=_("e.g. 春节, 中秋节, 国庆节"),
    )
    send_on = forms.DateField(label=_("Send on"), widget=forms.DateInput(attrs=_DATE))
    channel = forms.ChoiceField(label=_("Channel"), choices=CareChannel.choices)
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 4, "col": "col-12"}),
        help_text=_("Variables: {客户称呼}, {客户姓名}, {坐席姓名}, {公司名称}, {当前日期}."),
    )
    grades = forms.MultipleChoiceField(
        label=_("Grades"), required=False, widget=forms.CheckboxSelectMultiple
    )
    segment = forms.ModelChoiceField(
        label=_("Segment"), required=False, queryset=Segment.objects.filter(is_active=True)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grades"].choices = [
            (g.code, g.name) for g in Grade.objects.filter(is_active=True).order_by("-rank")
        ]

    def data_object(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            name=data["name"],
            occasion=data["occasion"],
            send_on=data["send_on"],
            channel=data["channel"],
            message=data["message"],
            grades=list(data["grades"]),
            segment_id=data["segment"].pk if data["segment"] else None,
        )
