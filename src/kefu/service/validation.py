"""Validation of ticket input shared by the desk, the ticket form and the API.

`TicketData` is what every entry point builds; `validate_ticket_data` collects every field's error
at once and resolves ids to rows the user may use (a customer outside the user's scope is "not
found", never a hint that it exists).
"""

import datetime
from dataclasses import dataclass, fields

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.choices import DictKind, FaultLevel
from kefu.catalog.models import DictItem, FaultNode, ProductModel, Region
from kefu.core.errors import ApplicationError
from kefu.customers.models import Asset, Customer
from kefu.customers.selectors import customer_visible_to
from kefu.service.choices import (
    FIELD_TYPES,
    Channel,
    Priority,
    ResponsibleParty,
    ReturnKind,
    Severity,
    TicketType,
)

TEXT_LIMITS = {
    "subject": 200,
    "contact_name": 50,
    "contact_phone": 20,
    "serial_number": 60,
    "address": 200,
    "order_reference": 60,
    "responsible_detail": 100,
}
CHOICES = {
    "channel": Channel.values,
    "return_kind": ReturnKind.values,
    "severity": Severity.values,
    "responsible_party": ResponsibleParty.values,
}


@dataclass
class TicketData:
    ticket_type: str
    subject: str = ""
    description: str = ""
    priority: int = Priority.NORMAL
    channel: str = Channel.PHONE_IN
    customer_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    product_model_id: int | None = None
    asset_id: int | None = None
    serial_number: str = ""
    fault_description: str = ""
    appointment_start: datetime.datetime | None = None
    appointment_end: datetime.datetime | None = None
    region_code: str = ""
    address: str = ""
    order_reference: str = ""
    return_kind: str = ""
    complaint_category_id: int | None = None
    severity: str = ""
    responsible_party: str = ""
    responsible_detail: str = ""
    feedback_category_id: int | None = None
    root_cause_id: int | None = None  # None keeps it: a closed complaint cannot lose its cause
    fault_phenomenon_id: int | None = None

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass
class CleanTicket:
    data: TicketData
    customer: Customer | None
    product_model: ProductModel | None
    asset: Asset | None
    region: Region | None
    complaint_category: DictItem | None
    fault_phenomenon: FaultNode | None = None
    feedback_category: DictItem | None = None
    root_cause: DictItem | None = None


def _strip(data: TicketData) -> None:
    for name in TEXT_LIMITS | {"description": 0, "fault_description": 0}:
        setattr(data, name, (getattr(data, name) or "").strip())


def validate_ticket_data(data: TicketData, *, user, existing=None) -> CleanTicket:
    """Cleaned, resolved input or ApplicationError("ticket.invalid") naming every bad field."""
    errors: dict[str, str] = {}
    _strip(data)
    if data.ticket_type not in TicketType.values:
        errors["ticket_type"] = _("Choose a ticket type.")
    if not data.subject:
        data.subject = (data.description or data.fault_description)[:40]
    if not data.subject:
        errors["subject"] = _("Enter a subject or a description.")
    for name, limit in TEXT_LIMITS.items():
        if len(getattr(data, name)) > limit:
            errors[name] = _("At most {count} characters.").format(count=limit)
    if data.priority not in Priority.values:
        errors["priority"] = _("Choose a priority.")
    for name, allowed in CHOICES.items():
        if getattr(data, name) and getattr(data, name) not in allowed:
            errors[name] = _("Choose one of the listed values.")
    customer = _customer(data, user, errors)
    asset = _asset(data, customer, errors)
    product_model = _lookup(ProductModel, data.product_model_id, "product_model_id", errors)
    if asset is not None and product_model is None:
        product_model = asset.product_model
    region = _lookup(Region, data.region_code or None, "region_code", errors)
    category = _lookup(
        DictItem.objects.filter(kind=DictKind.COMPLAINT_CATEGORY),
        data.complaint_category_id,
        "complaint_category_id",
        errors,
    )
    phenomenon = _phenomenon(data, product_model, errors, existing)
    feedback = _feedback_category(data, errors, existing)
    root_cause = _root_cause(data, errors, existing)
    _type_rules(data, customer, errors, existing)
    if errors:
        raise ApplicationError(
            "ticket.invalid", _("The ticket has errors; nothing was saved."), fields=errors
        )
    clean = CleanTicket(data, customer, product_model, asset, region, category, phenomenon)
    clean.feedback_category = feedback
    clean.root_cause = root_cause
    return clean


def _root_cause(data, errors, existing) -> DictItem | None:
    """A complaint's root cause is chosen when it is closed (the workflow asks for it); the
    ticket form may then correct it, never clear it."""
    kept = existing.root_cause if existing is not None and existing.root_cause_id else None
    pk = data.root_cause_id
    if pk in (None, "") or (kept is not None and kept.pk == pk):
        return kept
    if data.ticket_type != TicketType.COMPLAINT:
        errors["root_cause_id"] = _("Only a complaint has a root cause.")
    elif kept is None:
        errors["root_cause_id"] = _("The root cause is given when the complaint is closed.")
    else:
        item = DictItem.objects.filter(pk=pk, kind=DictKind.COMPLAINT_CAUSE, is_active=True).first()
        if item is None:
            errors["root_cause_id"] = _("Choose an active root cause.")
        return item or kept
    return kept


def _feedback_category(data, errors, existing) -> DictItem | None:
    """A suggestion's feedback category: an active entry of that list (or the one it keeps)."""
    pk = data.feedback_category_id
    if pk in (None, "") or data.ticket_type != TicketType.SUGGESTION:
        return None
    if existing is not None and existing.feedback_category_id == pk:
        return existing.feedback_category  # kept, even if deactivated since
    item = DictItem.objects.filter(pk=pk, kind=DictKind.FEEDBACK_CATEGORY, is_active=True).first()
    if item is None:
        errors["feedback_category_id"] = _("Choose an active feedback category.")
    return item


def _customer(data, user, errors) -> Customer | None:
    if data.customer_id is None:
        return None
    customer = customer_visible_to(user).filter(pk=data.customer_id).first()
    if customer is None:
        errors["customer_id"] = _("No such customer.")
    return customer


def _asset(data, customer, errors) -> Asset | None:
    if data.asset_id is None:
        return None
    asset = Asset.objects.select_related("product_model").filter(pk=data.asset_id).first()
    if asset is None or customer is None or asset.customer_id != customer.pk:
        errors["asset_id"] = _("This product is not registered to the customer.")
        return None
    return asset


def _phenomenon(data, product_model, errors, existing) -> FaultNode | None:
    """The fault phenomenon of a repair: an active one of its product model's type."""
    if data.fault_phenomenon_id in (None, "") or data.ticket_type != TicketType.REPAIR:
        return None
    name = "fault_phenomenon_id"
    node = FaultNode.objects.filter(
        pk=data.fault_phenomenon_id, level=FaultLevel.PHENOMENON, is_active=True
    ).first()
    if existing is not None and existing.fault_phenomenon_id == data.fault_phenomenon_id:
        node = node or existing.fault_phenomenon  # kept, even if deactivated since
    if node is None:
        errors[name] = _("Choose a fault phenomenon of the taxonomy.")
    elif product_model is None:
        errors[name] = _("Choose the product first: the phenomenon must be one of its type.")
    elif node.product_type_id != product_model.product_type_id:
        errors[name] = _("This phenomenon belongs to another product type than the product.")
    elif (
        existing is not None and existing.fault_cause_id and existing.fault_phenomenon_id != node.pk
    ):
        errors[name] = _("The ticket already has a fault cause of its phenomenon; keep it.")
    else:
        return node
    return None


def _lookup(model_or_qs, pk, name, errors):
    if pk in (None, ""):
        return None
    qs = model_or_qs if hasattr(model_or_qs, "filter") else model_or_qs.objects
    found = qs.filter(pk=pk).first()
    if found is None:
        errors[name] = _("Choose one of the listed values.")
    return found


def _type_rules(data, customer, errors, existing) -> None:
    if data.ticket_type in FIELD_TYPES | {TicketType.COMPLAINT} and customer is None:
        errors["customer_id"] = _("A {kind} needs a customer.").format(
            kind=TicketType(data.ticket_type).label
        )
    if data.ticket_type == TicketType.REPAIR and not data.fault_description:
        errors["fault_description"] = _("Describe the fault the customer sees.")
    if data.ticket_type == TicketType.RETURN_EXCHANGE and not data.return_kind:
        errors["return_kind"] = _("Choose return or exchange.")
    start, end = data.appointment_start, data.appointment_end
    if start and end and end <= start:
        errors["appointment_end"] = _("The appointment must end after it starts.")
    unchanged = existing is not None and existing.appointment_start == start
    if start and not unchanged and start < timezone.now() - datetime.timedelta(minutes=5):
        errors["appointment_start"] = _("The appointment cannot be in the past.")
