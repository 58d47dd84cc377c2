"""Forms of the answer-template and forbidden-phrase pages (the rules live in the services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.knowledge.choices import TemplateCategory
from kefu.knowledge.templates_services import PhraseData, TemplateData

_ANY = [("", _("All"))]


class TemplateFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_ANY + TemplateCategory.choices
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"col": "col-md-4", "placeholder": _("key, title or text")}),
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*_ANY, ("1", _("active")), ("0", _("inactive"))],
    )


class TemplateForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=TemplateCategory.choices)
    key = forms.CharField(
        label=_("Key"),
        max_length=20,
        help_text=_("Typed in a reply as /key then Tab, e.g. /wh1."),
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    sort = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def data_object(self) -> TemplateData:
        return TemplateData(**self.cleaned_data)


class PhraseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)


class PhraseForm(forms.Form):
    phrase = forms.CharField(label=_("Phrase"), max_length=100)
    suggestion = forms.CharField(
        label=_("Say instead"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def data_object(self) -> PhraseData:
        return PhraseData(**self.cleaned_data)
