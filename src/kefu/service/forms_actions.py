"""Forms posted from the ticket page: a workflow step, a reply, assign, escalate, link, merge."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kefu.catalog.dictionary import dict_choices
from kefu.catalog.models import DictItem, FaultNode
from kefu.service.choices import (
    ResponsibleParty,
    Severity,
)
from kefu.service.fault_choices import FaultChoiceField, follow_cause
from kefu.service.forms import WIDE, assignable_users, local_datetime_input
from kefu.service.models import Queue, Ticket
from kefu.service.selectors import queue_list
from kefu.service.services.transitions import DICT_KINDS, FAULT_LEVELS
from kefu.service.workflows import TRANSITION_FIELDS


def _transition_field(name: str, user, ticket: Ticket) -> forms.Field:
    label = Ticket._meta.get_field(name).verbose_name
    kind = TRANSITION_FIELDS[name]
    if kind == "user":
        return forms.ModelChoiceField(label=label, queryset=assignable_users(user), empty_label="—")
    if kind == "datetime":
        return forms.DateTimeField(label=label, widget=local_datetime_input())
    if kind == "fault":
        queryset = FaultNode.objects.filter(level=FAULT_LEVELS[name], is_active=True)
        if ticket.product_model_id:
            queryset = queryset.filter(product_type_id=ticket.product_model.product_type_id)
        parent = {"fault_cause": ticket.fault_phenomenon_id, "fault_measure": ticket.fault_cause_id}
        if parent.get(name):
            queryset = queryset.filter(parent_id=parent[name])
        order = ("parent__sort", "parent__code", "parent_id", "sort", "code")
        return FaultChoiceField(label=label, queryset=queryset.order_by(*order))
    if kind == "dict":
        queryset = DictItem.objects.filter(kind=DICT_KINDS[name], is_active=True)
        field = forms.ModelChoiceField(label=label, queryset=queryset)
        field.choices = [("", "—"), *dict_choices(DICT_KINDS[name])]  # 服务态度 / 言语不当
        return field
    if kind == "choice":
        choices = Severity.choices if name == "severity" else ResponsibleParty.choices
        return forms.ChoiceField(label=label, choices=[("", "—"), *choices])
    if name in ("resolution", "fault_description"):
        return forms.CharField(
            label=label, widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"})
        )
    return forms.CharField(label=label, max_length=60)


class TransitionForm(forms.Form):
    """The fields one workflow step needs, and a note (a reason, where the step asks for one)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, transition: dict, ticket: Ticket, user, **kwargs):
        kwargs.setdefault("prefix", f"t-{transition['code']}")
        super().__init__(*args, **kwargs)
        self.transition = transition
        for name in transition["fields"]:
            self.fields[name] = _transition_field(name, user, ticket)
            reference = TRANSITION_FIELDS[name] in ("user", "fault", "dict")
            value = getattr(ticket, f"{name}_id" if reference else name)
            if value not in (None, ""):
                self.fields[name].initial = value
        required = bool(transition["note_required"])
        self.fields["note"] = forms.CharField(
            label=_("Reason") if required else _("Note"),
            required=required,
            widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"}),
        )
        self.fields["version"].initial = ticket.version
        follow_cause(self)

    def values(self) -> dict:
        values = {}
        for name in self.transition["fields"]:
            value = self.cleaned_data.get(name)
            values[name] = value.pk if hasattr(value, "pk") else value
        return values


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(one, initial) for one in data]
        return [super().clean(data, initial)] if data else []


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"}),
        help_text=_("In an internal note, @username notifies that colleague."),
    )
    files = MultipleFileField(label=_("Attachments"), required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Person"),
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label="—",
        widget=forms.Select(attrs=WIDE),
    )
    queue = forms.ModelChoiceField(
        label=_("Queue"),
        required=False,
        queryset=Queue.objects.none(),
        empty_label="—",
        widget=forms.Select(attrs=WIDE),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.TextInput(attrs=WIDE)
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, ticket: Ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users(user)
        self.fields["queue"].queryset = queue_list(user=user)
        self.fields["assignee"].initial = ticket.assignee_id
        self.fields["queue"].initial = ticket.queue_id  # kept unless the user clears it
        self.fields["version"].initial = ticket.version


class EscalateForm(forms.Form):
    queue = forms.ModelChoiceField(
        label=_("Expert queue"), queryset=Queue.objects.none(), widget=forms.Select(attrs=WIDE)
    )
    note = forms.CharField(
        label=_("What the customer needs"),
        widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, ticket: Ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = queue_list(user=user, kind="expert")
        self.fields["version"].initial = ticket.version


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.TextInput(attrs=WIDE)
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, ticket: Ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = ticket.version


class LinkForm(forms.Form):
    number = forms.CharField(
        label=_("Ticket number"), max_length=20, widget=forms.TextInput(attrs=WIDE)
    )


class MergeForm(forms.Form):
    number = forms.CharField(
        label=_("Merge into ticket number"),
        max_length=20,
        widget=forms.TextInput(attrs=WIDE),
        help_text=_("This ticket is closed as a duplicate; its history moves to the other one."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.TextInput(attrs=WIDE)
    )
