"""Forms of the ticket pages. They parse input only; rules live in validation.py and services/."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.accounts.scoping import org_units_visible_to
from kefu.catalog.choices import DictKind
from kefu.catalog.dictionary import dict_choices, dict_path
from kefu.catalog.models import Region
from kefu.catalog.selectors import product_model_list
from kefu.customers.selectors import customer_visible_to
from kefu.service.choices import (
    FIELD_TYPES,
    Channel,
    Priority,
    ResponsibleParty,
    ReturnKind,
    Severity,
    SlaStatus,
    StateCategory,
    TicketType,
)
from kefu.service.fault_choices import phenomenon_choices, product_type_of
from kefu.service.models import Ticket
from kefu.service.selectors import queue_list
from kefu.service.validation import TicketData

ALL = [("", _("All"))]
DATE = {"type": "date"}
WIDE = {"col": "col-12"}  # the forms in the ticket page's narrow side column
# The per-type fields, and the ticket types that use them; the others are cleared on save.
FIELD_ONLY = [
    "product_model",
    "asset",
    "serial_number",
    "fault_description",
    "appointment_start",
    "appointment_end",
    "region_code",
    "address",
    "order_reference",
]
COMPLAINT_ONLY = ["complaint_category", "severity", "responsible_party", "responsible_detail"]
SUGGESTION_ONLY = ["feedback_category"]
RETURN_ONLY = ["return_kind"]


def assignable_users(user):
    """Active users of the org units `user` may see: the people a ticket can be given to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, org_unit__in=org_units_visible_to(user))
        .order_by("username")
    )


def user_choices(user) -> list[tuple]:
    return [("", "—")] + [(u.pk, f"{u} ({u.username})") for u in assignable_users(user)]


def local_datetime_input(**attrs):
    return forms.DateTimeInput(attrs={"type": "datetime-local", **attrs}, format="%Y-%m-%dT%H:%M")


class TicketFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"col": "col-md-3", "placeholder": _("number or text")}),
    )
    view = forms.ChoiceField(
        label=_("Tickets"),
        required=False,
        choices=[("", _("All I may see")), ("mine", _("Mine")), ("queues", _("My queues"))],
    )
    ticket_type = forms.ChoiceField(label=_("Ticket type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, initial="active")
    priority = forms.TypedChoiceField(
        label=_("Priority"), required=False, coerce=int, empty_value=None
    )
    sla_status = forms.ChoiceField(label=_("SLA"), required=False)
    queue = forms.TypedChoiceField(label=_("Queue"), required=False, coerce=int, empty_value=None)
    created_from = forms.DateField(
        label=_("Created from"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    created_to = forms.DateField(
        label=_("Created until"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    feedback_category = forms.TypedChoiceField(
        label=_("Feedback category"), required=False, coerce=int, empty_value=None
    )
    repeat = forms.BooleanField(label=_("Repeat complaints only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feedback_category"].choices = ALL + dict_choices(DictKind.FEEDBACK_CATEGORY)
        self.fields["ticket_type"].choices = ALL + TicketType.choices
        self.fields["status"].choices = [
            ("active", _("Not finished")),
            ("all", _("All")),
            *StateCategory.choices,
        ]
        self.fields["priority"].choices = ALL + Priority.choices
        self.fields["sla_status"].choices = ALL + SlaStatus.choices
        self.fields["queue"].choices = ALL + [(q.pk, q.name) for q in queue_list(user=user)]


class TicketForm(forms.Form):
    """One form for every ticket type; the page shows each type's own fields only."""

    ticket_type = forms.ChoiceField(label=_("Ticket type"), choices=TicketType.choices)
    customer = forms.ChoiceField(
        label=_("Customer"),
        required=False,
        widget=forms.Select(attrs={"data-tom-select": "1", "col": "col-md-6"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "col": "col-12"}),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    contact_name = forms.CharField(label=_("Contact name"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    product_model = forms.ChoiceField(
        label=_("Product model"),
        required=False,
        widget=forms.Select(attrs={"data-tom-select": "1"}),
    )
    asset = forms.ChoiceField(label=_("Installed product"), required=False)
    serial_number = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    fault_description = forms.CharField(
        label=_("Fault description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "col": "col-12"}),
    )
    fault_phenomenon = forms.ChoiceField(
        label=_("Fault phenomenon"),
        required=False,
        help_text=_("The entries of the fault taxonomy for the product's type."),
    )
    appointment_start = forms.DateTimeField(
        label=_("Appointment from"), required=False, widget=local_datetime_input()
    )
    appointment_end = forms.DateTimeField(
        label=_("Appointment until"), required=False, widget=local_datetime_input()
    )
    region_code = forms.ChoiceField(
        label=_("Region (district)"),
        required=False,
        widget=forms.Select(attrs={"data-tom-select": "1"}),
    )
    address = forms.CharField(
        label=_("Service address"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the customer's default address."),
    )
    order_reference = forms.CharField(label=_("Sales order number"), max_length=60, required=False)
    return_kind = forms.ChoiceField(
        label=_("Return or exchange"), required=False, choices=[("", "—"), *ReturnKind.choices]
    )
    complaint_category = forms.ChoiceField(label=_("Complaint category"), required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", "—"), *Severity.choices]
    )
    responsible_party = forms.ChoiceField(
        label=_("Complaint against"),
        required=False,
        choices=[("", "—"), *ResponsibleParty.choices],
    )
    responsible_detail = forms.CharField(
        label=_("Against whom"),
        max_length=100,
        required=False,
        help_text=_("The outlet, agent, product or carrier concerned."),
    )
    feedback_category = forms.ChoiceField(label=_("Feedback category"), required=False)
    root_cause = forms.ChoiceField(
        label=_("Root cause"),
        required=False,
        help_text=_("Chosen when the complaint was closed; it can be corrected, not removed."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, ticket: Ticket | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.ticket = user, ticket
        if ticket is not None:
            del self.fields["ticket_type"]
        else:
            self.fields["ticket_type"].widget.attrs["x-model"] = "type"
        self._customer_choices()
        self.fields["product_model"].choices = [("", "—")] + [
            (m.pk, f"{m.product_type} · {m}") for m in product_model_list(user=user)
        ]
        for name, kind in DICT_FIELDS.items():
            self.fields[name].choices = dict_select_choices(kind, ticket, name)
        if ticket is None or not ticket.root_cause_id:  # shown once the complaint has one
            del self.fields["root_cause"]
        self._region_choices()
        self._phenomenon_choices()

    def _phenomenon_choices(self) -> None:
        """Phenomena of the chosen product's type, reloaded (htmx) when the product changes."""
        field = self.fields["fault_phenomenon"]
        product_type = product_type_of(
            user=self.user,
            product_model_id=self._chosen("product_model"),
            asset_id=self._chosen("asset"),
        )
        field.choices = phenomenon_choices(product_type)
        current = self.ticket.fault_phenomenon if self.ticket is not None else None
        if current is not None and not current.is_active:  # kept on the ticket, offered no more
            field.choices.append((current.pk, current.name))
        field.widget.attrs.update(
            {
                "hx-get": reverse("service:fault_options"),
                "hx-trigger": "change from:#id_product_model, change from:#id_asset",
                "hx-include": "#id_product_model, #id_asset",
                "hx-swap": "innerHTML",
            }
        )

    def _chosen(self, name: str) -> str:
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        return str(value or "")

    def _customer_choices(self) -> None:
        field = self.fields["customer"]
        field.widget.attrs["data-url"] = reverse("service:ticket_customer_search")
        field.widget.attrs["data-assets-url"] = reverse("service:ticket_customer_assets")
        choices = [("", _("Type a name, phone or code"))]
        assets = [("", "—")]
        chosen = self._chosen("customer")
        customer = (
            customer_visible_to(self.user).filter(pk=chosen).first() if chosen.isdigit() else None
        )
        if customer is not None:
            choices.append((customer.pk, f"{customer.name} ({customer.code})"))
            assets += [
                (a.pk, str(a)) for a in customer.assets.select_related("product_model").all()
            ]
        field.choices = choices
        self.fields["asset"].choices = assets

    def _region_choices(self) -> None:
        field = self.fields["region_code"]
        field.widget.attrs["data-url"] = reverse("customers:regions")
        choices = [("", _("Type to search a district"))]
        chosen = self._chosen("region_code")
        region = Region.objects.filter(code=chosen).first() if chosen else None
        if region is not None:
            choices.append((region.code, region.full_name))
        field.choices = choices

    @property
    def type_code(self) -> str:
        if self.ticket is not None:
            return self.ticket.ticket_type
        return self._chosen("ticket_type") or TicketType.REPAIR

    def to_data(self) -> TicketData:
        """The input as TicketData; fields the ticket's type does not use are left empty."""
        c, kind = dict(self.cleaned_data), self.type_code
        unused = set()
        if kind not in FIELD_TYPES:
            unused |= set(FIELD_ONLY)
        if kind != TicketType.COMPLAINT:
            unused |= set(COMPLAINT_ONLY)
        if kind != TicketType.RETURN_EXCHANGE:
            unused |= set(RETURN_ONLY)
        if kind != TicketType.REPAIR:
            unused.add("fault_phenomenon")
        if kind != TicketType.SUGGESTION:
            unused |= set(SUGGESTION_ONLY)
        for name in unused:
            c[name] = None if name.startswith("appointment_") else ""
        values = {name: c.get(DATA_TO_FIELD.get(name, name)) for name in TicketData.names()}
        for name in DATA_TO_FIELD:
            values[name] = int(values[name]) if values[name] else None
        values.update(ticket_type=kind, region_code=values["region_code"] or "")
        return TicketData(**values)


# TicketData names the form's fields differently where they hold ids.
DATA_TO_FIELD = {
    "customer_id": "customer",
    "product_model_id": "product_model",
    "asset_id": "asset",
    "complaint_category_id": "complaint_category",
    "fault_phenomenon_id": "fault_phenomenon",
    "feedback_category_id": "feedback_category",
    "root_cause_id": "root_cause",
}
# The ticket form's code-list selects (shown as trees: 服务问题 / 上门不准时).
DICT_FIELDS = {
    "complaint_category": DictKind.COMPLAINT_CATEGORY,
    "feedback_category": DictKind.FEEDBACK_CATEGORY,
    "root_cause": DictKind.COMPLAINT_CAUSE,
}


def dict_select_choices(kind: str, ticket: Ticket | None, name: str) -> list[tuple]:
    """The active entries of a list as a tree, and the ticket's own entry even if deactivated."""
    choices = [("", "—"), *dict_choices(kind)]
    current = getattr(ticket, name, None) if ticket is not None else None
    if current is not None and current.pk not in {pk for pk, _label in choices}:
        choices.append((current.pk, dict_path(current)))
    return choices


def ticket_initial(ticket: Ticket) -> dict:
    """The edit form's starting values."""
    initial = {}
    for name in TicketData.names():
        if name == "ticket_type":
            continue
        value = getattr(ticket, "region_id" if name == "region_code" else name)
        initial[DATA_TO_FIELD.get(name, name)] = "" if value is None else value
    initial["appointment_start"] = ticket.appointment_start
    initial["appointment_end"] = ticket.appointment_end
    initial["version"] = ticket.version
    return initial


def error_field_names(fields: dict) -> dict:
    """A service's field errors keyed by the form's field names (customer_id → customer)."""
    return {DATA_TO_FIELD.get(name, name): message for name, message in fields.items()}


class InteractionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"col": "col-md-3", "placeholder": _("content or phone")}),
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    agent = forms.TypedChoiceField(label=_("Agent"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = ALL + Channel.choices
        self.fields["agent"].choices = ALL + user_choices(user)[1:]
