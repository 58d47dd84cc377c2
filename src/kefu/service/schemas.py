"""Schemas of the service API (/api/v1/tickets, /api/v1/interactions).

Input schemas mirror `validation.TicketData` field for field, so an error the service names
(`customer_id`, `fault_description` …) is the name of the field the client sent. Choice fields are
plain strings here: the service checks them with every other rule and reports all bad fields at
once.
"""

import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from kefu.core.api_types import Id, InputSchema
from kefu.customers.selectors import phone_display


def _ref(obj, name_attr: str = "name") -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, name_attr, "") or str(obj)}


def _user_ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.name or user.username}


def _masked(context, number: str) -> str:
    return phone_display(context["request"].user, number) if number else ""


class RefOut(Schema):
    id: int
    name: str


class TicketOut(Schema):
    """A row of the ticket list."""

    id: int
    number: str
    ticket_type: str
    state: str
    state_name: str
    state_category: str
    priority: int
    customer: RefOut | None
    subject: str
    assignee: RefOut | None
    queue: RefOut | None
    org_unit: RefOut
    sla_status: str
    next_due: datetime.datetime | None
    first_response_due: datetime.datetime | None
    arrival_due: datetime.datetime | None
    resolution_due: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_customer(obj) -> dict | None:
        return _ref(obj.customer)

    @staticmethod
    def resolve_assignee(obj) -> dict | None:
        return _user_ref(obj.assignee)

    @staticmethod
    def resolve_queue(obj) -> dict | None:
        return _ref(obj.queue)

    @staticmethod
    def resolve_org_unit(obj) -> dict | None:
        return _ref(obj.org_unit)


class TicketDetailOut(TicketOut):
    """One ticket with its per-type fields, SLA clocks and the workflow version it runs on."""

    workflow_version: int
    channel: str
    contact_name: str
    contact_phone: str
    description: str
    resolution: str
    created_by: RefOut | None
    escalated_from: RefOut | None
    product_model: RefOut | None
    asset_id: int | None
    serial_number: str
    fault_description: str
    appointment_start: datetime.datetime | None
    appointment_end: datetime.datetime | None
    region_code: str | None = Field(None, alias="region_id")
    region: str
    address: str
    order_reference: str
    return_kind: str
    complaint_category: RefOut | None
    severity: str
    responsible_party: str
    responsible_detail: str
    root_cause: RefOut | None
    feedback_category: RefOut | None
    fault_phenomenon: RefOut | None
    fault_cause: RefOut | None
    fault_measure: RefOut | None
    sla_level: str | None
    first_responded_at: datetime.datetime | None
    arrived_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    sla_paused_at: datetime.datetime | None
    sla_flags: list[str]
    merged_into: str | None

    @staticmethod
    def resolve_workflow_version(obj) -> int:
        return obj.workflow.number

    @staticmethod
    def resolve_contact_phone(obj, context) -> str:
        return _masked(context, obj.contact_phone)

    @staticmethod
    def resolve_created_by(obj) -> dict | None:
        return _user_ref(obj.created_by)

    @staticmethod
    def resolve_escalated_from(obj) -> dict | None:
        return _user_ref(obj.escalated_from)

    @staticmethod
    def resolve_product_model(obj) -> dict | None:
        return _ref(obj.product_model)

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.full_name if obj.region_id else ""

    @staticmethod
    def resolve_complaint_category(obj) -> dict | None:
        return _ref(obj.complaint_category)

    @staticmethod
    def resolve_root_cause(obj) -> dict | None:
        return _ref(obj.root_cause) if obj.root_cause_id else None

    @staticmethod
    def resolve_feedback_category(obj) -> dict | None:
        return _ref(obj.feedback_category) if obj.feedback_category_id else None

    @staticmethod
    def resolve_fault_phenomenon(obj) -> dict | None:
        return _ref(obj.fault_phenomenon) if obj.fault_phenomenon_id else None

    @staticmethod
    def resolve_fault_cause(obj) -> dict | None:
        return _ref(obj.fault_cause) if obj.fault_cause_id else None

    @staticmethod
    def resolve_fault_measure(obj) -> dict | None:
        return _ref(obj.fault_measure) if obj.fault_measure_id else None

    @staticmethod
    def resolve_sla_level(obj) -> str | None:
        return obj.sla_level.code if obj.sla_level_id else None

    @staticmethod
    def resolve_merged_into(obj) -> str | None:
        return obj.merged_into.number if obj.merged_into_id else None


class TicketFieldsIn(InputSchema):
    """The editable fields of `TicketData` (the ticket type is fixed once a ticket exists)."""

    model_config = ConfigDict(extra="forbid")

    subject: str = ""
    description: str = ""
    priority: int = 2
    channel: str = "phone_in"
    customer_id: Id | None = None
    contact_name: str = ""
    contact_phone: str = ""
    product_model_id: Id | None = None
    asset_id: Id | None = None
    serial_number: str = ""
    fault_description: str = ""
    appointment_start: datetime.datetime | None = None
    appointment_end: datetime.datetime | None = None
    region_code: str = ""
    address: str = ""
    order_reference: str = ""
    return_kind: str = ""
    complaint_category_id: Id | None = None
    severity: str = ""
    responsible_party: str = ""
    responsible_detail: str = ""
    feedback_category_id: Id | None = Field(
        None, description="a suggestion's feedback category (an active entry of that list)"
    )
    root_cause_id: Id | None = Field(
        None,
        description="corrects a closed complaint's root cause (set by the `close` step's "
        "fields); null keeps it",
    )
    fault_phenomenon_id: Id | None = Field(
        None, description="a repair's fault phenomenon: an entry of /api/v1/fault-taxonomy"
    )


class TicketIn(TicketFieldsIn):
    ticket_type: str = Field(description="repair, installation, complaint, guidance, …")
    queue_id: Id | None = None
    assignee_id: Id | None = None


class TicketUpdateIn(TicketFieldsIn):
    version: int = Field(description="the version read; a stale one is refused with 409")


class TicketFilters(InputSchema):
    """Exactly the keyword arguments of `selectors.ticket_filter`."""

    q: str = ""
    view: str = Field("", description="mine, queues or empty")
    ticket_type: str = ""
    status: str = Field("", description="active, or a status category")
    state: str = ""
    priority: int | None = None
    sla_status: str = ""
    queue: Id | None = None
    assignee: Id | None = None
    customer: Id | None = None
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None
    feedback_category: Id | None = None
    repeat: bool = Field(False, description="only complaints repeating an earlier one")


class TransitionOut(Schema):
    code: str
    name: str
    to: str
    to_name: str
    fields: list[str]
    note_required: bool
    audit: bool


class TransitionIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    code: str
    note: str = ""
    fields: dict[str, Any] = {}
    version: int | None = None


class AttachmentOut(Schema):
    id: int
    name: str
    size: int


class EventOut(Schema):
    id: int
    ticket: str
    kind: str
    actor: RefOut | None
    at: datetime.datetime
    body: str
    public: bool
    data: dict
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_ticket(obj) -> str:
        return obj.ticket.number

    @staticmethod
    def resolve_actor(obj) -> dict | None:
        return _user_ref(obj.actor)

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())


class ReplyIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    body: str = ""
    public: bool = False


class TicketRefOut(Schema):
    id: int
    number: str


class InteractionOut(Schema):
    id: int
    channel: str
    direction: str
    customer: RefOut | None
    phone: str
    agent: RefOut | None
    org_unit_id: int | None
    started_at: datetime.datetime
    duration_seconds: int
    summary: str
    tickets: list[TicketRefOut]
    created_at: datetime.datetime

    @staticmethod
    def resolve_customer(obj) -> dict | None:
        return _ref(obj.customer)

    @staticmethod
    def resolve_phone(obj, context) -> str:
        return _masked(context, obj.phone)

    @staticmethod
    def resolve_agent(obj) -> dict | None:
        return _user_ref(obj.agent)

    @staticmethod
    def resolve_tickets(obj) -> list:
        return list(obj.tickets.all())


class InteractionIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    channel: str
    direction: str = "in"
    customer: Id | None = None
    phone: str = ""
    summary: str = ""
    started_at: datetime.datetime | None = None
    duration_seconds: int = 0
    tickets: list[Id] = []


class InteractionFilters(InputSchema):
    customer: Id | None = None
    channel: str = ""
    agent: Id | None = None
    q: str = ""
