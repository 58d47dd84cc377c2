"""The agent desk's one form: log the contact and, optionally, open a ticket with it.

Field names follow `TicketData` where they map one to one, so a service's field errors land next
to their inputs; `ERROR_FIELDS` places the few that the desk asks for differently (an appointment
is a day and a time window, the duration is typed as minutes:seconds).
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.catalog.choices import DictKind
from kefu.catalog.dictionary import dict_choices
from kefu.core.errors import ApplicationError
from kefu.service.choices import (
    CONSULT_TYPES,
    FIELD_TYPES,
    Channel,
    Direction,
    Priority,
    ResponsibleParty,
    ReturnKind,
    Severity,
    TicketType,
)
from kefu.service.validation import TicketData

# The types an agent opens at the desk, in the order of their Alt+1..9 keys.
DESK_TYPES = [
    TicketType.GUIDANCE,
    TicketType.FAULT_CONSULT,
    TicketType.BUSINESS_CONSULT,
    TicketType.COMPLAINT,
    TicketType.SUGGESTION,
    TicketType.REPAIR,
    TicketType.INSTALLATION,
    TicketType.DELIVERY,
    TicketType.RETURN_EXCHANGE,
]
SLOTS = {
    "morning": (datetime.time(9), datetime.time(12)),
    "afternoon": (datetime.time(13), datetime.time(18)),
    "evening": (datetime.time(18), datetime.time(21)),
    "day": (datetime.time(9), datetime.time(18)),
}
SLOT_CHOICES = [
    ("", "—"),
    ("morning", gettext_lazy("morning 09:00–12:00")),
    ("afternoon", gettext_lazy("afternoon 13:00–18:00")),
    ("evening", gettext_lazy("evening 18:00–21:00")),
    ("day", gettext_lazy("all day 09:00–18:00")),
]
# Service error field → the desk input that shows it.
ERROR_FIELDS = {
    "appointment_start": "appointment_date",
    "appointment_end": "appointment_slot",
    "duration_seconds": "duration",
    "region_code": "address",
    "product_model_id": "asset_id",
    "note": "resolution",
}
# The inputs that only mean something for some ticket types.
TYPE_FIELDS = {
    "asset_id": FIELD_TYPES,
    "fault_description": {TicketType.REPAIR},
    "fault_phenomenon_id": {TicketType.REPAIR},
    "address": FIELD_TYPES,
    "order_reference": {TicketType.DELIVERY, TicketType.RETURN_EXCHANGE},
    "return_kind": {TicketType.RETURN_EXCHANGE},
    "severity": {TicketType.COMPLAINT},
    "responsible_party": {TicketType.COMPLAINT},
    "responsible_detail": {TicketType.COMPLAINT},
    "complaint_category_id": {TicketType.COMPLAINT},
    "feedback_category_id": {TicketType.SUGGESTION},
}


def _blank(choices) -> list:
    return [("", "—"), *choices]


def parse_duration(text: str) -> int | None:
    """Seconds from "m:ss", "h:mm:ss" or a bare number of minutes; None when unreadable."""
    parts = (text or "").strip().replace("：", ":").split(":")
    if parts == [""]:
        return 0
    if len(parts) > 3 or not all(part.isdigit() for part in parts):
        return None
    numbers = [int(part) for part in parts]
    if len(numbers) == 1:
        return numbers[0] * 60
    if any(n >= 60 for n in numbers[1:]):
        return None
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


class DeskForm(forms.Form):
    customer_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    phone = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), choices=Channel.choices, initial=Channel.PHONE_IN
    )
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"), choices=Direction.choices, initial=Direction.INBOUND
    )
    duration = forms.CharField(label=gettext_lazy("Duration"), required=False, max_length=10)
    summary = forms.CharField(
        label=gettext_lazy("What the contact was about"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ticket_type = forms.ChoiceField(
        label=gettext_lazy("Ticket"),
        required=False,
        choices=[("", gettext_lazy("log the contact only"))]
        + [(t.value, t.label) for t in DESK_TYPES],
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), required=False, max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    priority = forms.TypedChoiceField(
        label=gettext_lazy("Priority"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.NORMAL,
    )
    asset_id = forms.IntegerField(label=gettext_lazy("Product"), required=False)
    fault_description = forms.CharField(
        label=gettext_lazy("Fault description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # the options depend on the product chosen: service/desk_form_phenomenon.html lists them
    fault_phenomenon_id = forms.IntegerField(label=gettext_lazy("Fault phenomenon"), required=False)
    appointment_date = forms.DateField(
        label=gettext_lazy("Appointment day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    appointment_slot = forms.ChoiceField(
        label=gettext_lazy("Time window"), required=False, choices=SLOT_CHOICES
    )
    address = forms.CharField(label=gettext_lazy("Service address"), required=False, max_length=200)
    order_reference = forms.CharField(
        label=gettext_lazy("Sales order number"), required=False, max_length=60
    )
    return_kind = forms.ChoiceField(
        label=gettext_lazy("Return or exchange"),
        required=False,
        choices=_blank(ReturnKind.choices),
    )
    severity = forms.ChoiceField(
        label=gettext_lazy("Severity"), required=False, choices=_blank(Severity.choices)
    )
    responsible_party = forms.ChoiceField(
        label=gettext_lazy("Complaint against"),
        required=False,
        choices=_blank(ResponsibleParty.choices),
    )
    responsible_detail = forms.CharField(
        label=gettext_lazy("Against whom"), required=False, max_length=100
    )
    complaint_category_id = forms.TypedChoiceField(
        label=gettext_lazy("Complaint category"), required=False, coerce=int, empty_value=None
    )
    feedback_category_id = forms.TypedChoiceField(
        label=gettext_lazy("Feedback category"), required=False, coerce=int, empty_value=None
    )
    solved = forms.BooleanField(label=gettext_lazy("Solved on the call"), required=False)
    resolution = forms.CharField(
        label=gettext_lazy("How it was solved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint_category_id"].choices = _blank(
            dict_choices(DictKind.COMPLAINT_CATEGORY)
        )
        self.fields["feedback_category_id"].choices = _blank(
            dict_choices(DictKind.FEEDBACK_CATEGORY)
        )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            elif not isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
                widget.attrs["class"] = "form-control form-control-sm"
        self.fields["subject"].widget.attrs["placeholder"] = _(
            "Empty: the first words of the description"
        )
        self.fields["description"].widget.attrs["placeholder"] = _("Empty: the summary above")
        self.fields["duration"].widget.attrs.update(
            {"placeholder": "mm:ss", "inputmode": "numeric", "data-desk-duration": ""}
        )

    def clean_duration(self) -> int:
        seconds = parse_duration(self.cleaned_data.get("duration", ""))
        if seconds is None:
            raise forms.ValidationError(_("Type the duration as minutes:seconds, e.g. 3:25."))
        return seconds

    def clean(self):
        data = super().clean()
        kind = data.get("ticket_type") or ""
        for name, types in TYPE_FIELDS.items():
            if kind not in types:  # left over from another type the agent clicked through
                data[name] = None if name.endswith("_id") else ""
        if kind not in CONSULT_TYPES:
            data["solved"], data["resolution"] = False, ""
        if data.get("solved") and not (data.get("resolution") or "").strip():
            self.add_error("resolution", _("Say how the question was solved."))
        self._clean_appointment(data, kind)
        summary = (data.get("summary") or "").strip()
        if kind and not summary:
            summary = data.get("description") or data.get("fault_description") or ""
            summary = summary or data.get("subject") or ""
        data["summary"] = summary.strip()
        if not data["summary"] and "summary" not in self.errors:
            self.add_error("summary", _("Write what the contact was about."))
        return data

    def _clean_appointment(self, data: dict, kind: str) -> None:
        day, slot = data.get("appointment_date"), data.get("appointment_slot")
        data["appointment_start"] = data["appointment_end"] = None
        if kind not in FIELD_TYPES or not (day or slot):
            return
        if not day:
            self.add_error("appointment_date", _("Choose the day of the appointment."))
        elif not slot:
            self.add_error("appointment_slot", _("Choose a time window."))
        else:
            start, end = SLOTS[slot]
            zone = timezone.get_current_timezone()
            data["appointment_start"] = datetime.datetime.combine(day, start, tzinfo=zone)
            data["appointment_end"] = datetime.datetime.combine(day, end, tzinfo=zone)

    def ticket_data(self) -> TicketData:
        """The ticket to open (call only after `is_valid()` with a ticket type chosen)."""
        data = self.cleaned_data
        phone = (data.get("phone") or "")[:20]
        return TicketData(
            ticket_type=data["ticket_type"],
            subject=data["subject"],
            description=data["description"] or data["summary"],
            priority=data["priority"],
            channel=data["channel"],
            customer_id=data.get("customer_id"),
            contact_phone=phone,
            asset_id=data.get("asset_id"),
            fault_description=data["fault_description"],
            fault_phenomenon_id=data.get("fault_phenomenon_id"),
            appointment_start=data["appointment_start"],
            appointment_end=data["appointment_end"],
            address=data["address"],
            order_reference=data["order_reference"],
            return_kind=data["return_kind"],
            severity=data["severity"],
            responsible_party=data["responsible_party"],
            responsible_detail=data["responsible_detail"],
            complaint_category_id=data.get("complaint_category_id"),
            feedback_category_id=data.get("feedback_category_id"),
        )

    def place_error(self, error: ApplicationError) -> None:
        """A service's refusal on the form: the summary on top, each field next to its input."""
        self.add_error(None, error.message)
        for name, message in error.fields.items():
            target = ERROR_FIELDS.get(name, name)
            if target in self.fields:
                self.add_error(target, message)
            else:
                self.add_error(None, message)
