"""Ticket writes: open, edit, reply or note, link, merge; and the timeline event they all record."""

import re
import uuid

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record, diff_fields, jsonable
from kefu.core.text import search_terms
from kefu.service import sla
from kefu.service.choices import FIELD_TYPES, EventKind, LinkKind, NotificationKind, StateCategory
from kefu.service.models import Ticket, TicketEvent, TicketLink
from kefu.service.services.complaints import complaint_link_repeats
from kefu.service.services.records import notify, workflow_current
from kefu.service.validation import CleanTicket, TicketData, validate_ticket_data

EDITABLE = [
    "subject",
    "description",
    "priority",
    "channel",
    "contact_name",
    "contact_phone",
    "serial_number",
    "fault_description",
    "appointment_start",
    "appointment_end",
    "address",
    "order_reference",
    "return_kind",
    "severity",
    "responsible_party",
    "responsible_detail",
]
RELATED = [
    "customer",
    "product_model",
    "asset",
    "region",
    "complaint_category",
    "fault_phenomenon",
    "feedback_category",
    "root_cause",
]
MENTION = re.compile(r"@([\w.\-]+)")


def ticket_event_record(
    *, ticket: Ticket, kind: str, actor=None, body: str = "", public: bool = False, data=None
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        body=body,
        public=public,
        data=jsonable(data or {}),
    )


def ticket_search_text(ticket: Ticket) -> str:
    customer = ticket.customer
    return search_terms(
        ticket.number,
        ticket.subject,
        ticket.description,
        ticket.fault_description,
        ticket.resolution,
        ticket.serial_number,
        ticket.contact_name,
        customer.name if customer is not None else "",
    )


def number_for(ticket: Ticket) -> str:
    """Digits only, so an agent can read it out on the phone: yymmdd + id."""
    day = timezone.localtime(ticket.created_at or timezone.now())
    return f"{day:%y%m%d}{ticket.pk:06d}"


def _insert(ticket: Ticket) -> None:
    """Insert with its number. PostgreSQL hands out the id first, so one INSERT does; elsewhere
    the number is written right after (every index touched twice)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('service_ticket', 'id'))")
            ticket.pk = cursor.fetchone()[0]
        ticket.number = number_for(ticket)
        ticket.search_text = ticket_search_text(ticket)
        ticket.save(force_insert=True)
        return
    ticket.save()
    ticket.number = number_for(ticket)
    ticket.search_text = ticket_search_text(ticket)
    ticket.save(update_fields=["number", "search_text"])


def _apply(ticket: Ticket, clean: CleanTicket) -> None:
    for name in EDITABLE:
        setattr(ticket, name, getattr(clean.data, name))
    for name in RELATED:
        setattr(ticket, name, getattr(clean, name))
    customer = clean.customer
    if customer is not None and not ticket.address and ticket.ticket_type in FIELD_TYPES:
        default = customer.addresses.filter(is_default=True).select_related("region").first()
        if default is not None:
            ticket.address, ticket.region = default.detail, ticket.region or default.region
    if customer is not None and not ticket.contact_name:
        ticket.contact_name = customer.name[:50]
    if ticket.region is None and customer is not None:
        ticket.region_id = customer.region_id


@transaction.atomic
def ticket_create(*, data: TicketData, by, queue=None, assignee=None) -> Ticket:
    """Open a ticket in its workflow's initial state, with SLA due times and an owner."""
    from kefu.service.services.assignment import default_queue, queue_pick_member

    clean = validate_ticket_data(data, user=by)
    workflow = workflow_current(data.ticket_type)
    initial = workflow.state(workflow.definition["initial"])
    ticket = Ticket(
        ticket_type=data.ticket_type,
        workflow=workflow,
        state=initial["code"],
        state_category=initial["category"],
        org_unit=_org_unit(by, clean),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        number=uuid.uuid4().hex[:20],
    )
    _apply(ticket, clean)
    level, ticket.priority, reasons = sla.effective_level_and_priority(
        customer=clean.customer, ticket_type=ticket.ticket_type, priority=ticket.priority
    )
    ticket.sla_level = level
    sla.sla_start(ticket, at=timezone.now())
    ticket.queue = queue or default_queue(ticket.ticket_type)
    if assignee is None and ticket.queue is not None:
        assignee = queue_pick_member(ticket.queue)
    ticket.assignee = assignee
    _insert(ticket)
    ticket_event_record(
        ticket=ticket,
        kind=EventKind.CREATED,
        actor=by,
        body=ticket.description,
        data={
            "state": ticket.state,
            "entitlements": reasons,
            "queue": ticket.queue.name if ticket.queue else "",
            "assignee": (assignee.name or assignee.username) if assignee else "",
        },
    )
    if assignee is not None and assignee != by:
        notify_assigned(ticket)
    complaint_link_repeats(ticket=ticket, by=by)
    audit_record(
        actor=by,
        action="ticket.create",
        obj=ticket,
        changes={"type": ticket.ticket_type, "customer": ticket.customer_id},
    )
    return ticket


def notify_assigned(ticket: Ticket) -> None:
    notify(
        user=ticket.assignee,
        kind=NotificationKind.ASSIGNED,
        ticket=ticket,
        message=_("Ticket {number} was assigned to you: {subject}").format(
            number=ticket.number, subject=ticket.subject
        ),
    )


def _org_unit(by, clean: CleanTicket):
    unit = getattr(by, "org_unit", None)
    if unit is None and clean.customer is not None:
        unit = clean.customer.org_unit
    if unit is None:
        raise ApplicationError(
            "ticket.no_unit",
            _("Your account belongs to no org unit; ask an administrator to place it."),
        )
    return unit


def stale_error() -> ApplicationError:
    return ApplicationError(
        "ticket.stale",
        _(
            "Someone else changed this ticket after you opened it. "
            "Reload the page and make your change again."
        ),
        status=409,
    )


@transaction.atomic
def ticket_update(*, ticket: Ticket, data: TicketData, version: int, by) -> Ticket:
    """Edit the ticket's fields; refuse a stale edit. The type and state do not change here."""
    data.ticket_type = ticket.ticket_type
    clean = validate_ticket_data(data, user=by, existing=ticket)
    tracked = EDITABLE + [f"{name}_id" for name in RELATED]
    before = {name: getattr(ticket, name) for name in tracked}
    _apply(ticket, clean)
    ticket.search_text = ticket_search_text(ticket)
    if ticket.priority != before["priority"]:
        sla.sla_retarget(ticket)
    values = {name: getattr(ticket, name) for name in tracked + ["search_text"]}
    values |= {name: getattr(ticket, name) for name in sla.SLA_FIELDS if name != "sla_level"}
    updated = Ticket.objects.filter(pk=ticket.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        raise stale_error()
    ticket.version = version + 1
    changes = diff_fields(ticket, before, tracked)
    if ticket.customer_id != before["customer_id"]:
        complaint_link_repeats(ticket=ticket, by=by)
    if changes:
        ticket_event_record(ticket=ticket, kind=EventKind.UPDATED, actor=by, data=changes)
        audit_record(actor=by, action="ticket.update", obj=ticket, changes=changes)
    return ticket


@transaction.atomic
def ticket_reply(*, ticket: Ticket, by, body: str, public: bool, files=()) -> TicketEvent:
    """A reply the customer sees, or an internal note; @username in a note notifies that user."""
    from kefu.service.services.attachments import attachment_add

    body = (body or "").strip()
    if not body and not files:
        raise ApplicationError(
            "ticket.empty_reply",
            _("Write something or attach a file."),
            fields={"body": _("Write something or attach a file.")},
        )
    kind = EventKind.REPLY if public else EventKind.NOTE
    event = ticket_event_record(ticket=ticket, kind=kind, actor=by, body=body, public=public)
    for upload in files:
        attachment_add(ticket=ticket, upload=upload, by=by, event=event)
    now = timezone.now()
    touched = ["updated_at"]
    if public and sla.sla_first_response(ticket, at=now):
        touched += sla.SLA_FIELDS
    ticket.updated_at = now
    ticket.save(update_fields=touched)
    if not public:
        _notify_mentions(ticket=ticket, by=by, body=body)
    return event


def _notify_mentions(*, ticket: Ticket, by, body: str) -> None:
    from kefu.service.selectors import ticket_visible_to

    names = set(MENTION.findall(body))
    if not names:
        return
    for user in get_user_model().objects.filter(username__in=names, is_active=True):
        if user != by and ticket_visible_to(user).filter(pk=ticket.pk).exists():
            notify(
                user=user,
                kind=NotificationKind.MENTION,
                ticket=ticket,
                message=_("{name} mentioned you on ticket {number}").format(
                    name=by.name or by.username, number=ticket.number
                ),
            )


@transaction.atomic
def ticket_link(*, source: Ticket, target: Ticket, by, kind: str = LinkKind.RELATED) -> TicketLink:
    if source.pk == target.pk:
        raise ApplicationError("ticket.link_self", _("A ticket cannot be linked to itself."))
    if TicketLink.objects.filter(source=target, target=source).exists():
        raise ApplicationError("ticket.link_exists", _("These tickets are already linked."))
    link, created = TicketLink.objects.get_or_create(
        source=source, target=target, defaults={"kind": kind, "created_by": by}
    )
    if not created:
        raise ApplicationError("ticket.link_exists", _("These tickets are already linked."))
    for one, other in ((source, target), (target, source)):
        ticket_event_record(
            ticket=one, kind=EventKind.LINKED, actor=by, data={"ticket": other.number}
        )
    return link


@transaction.atomic
def ticket_merge(*, source: Ticket, target: Ticket, by, note: str = "") -> Ticket:
    """Close `source` as a duplicate of `target`; its history shows on `target`'s timeline."""
    if source.pk == target.pk:
        raise ApplicationError("ticket.merge_self", _("A ticket cannot be merged into itself."))
    source, target = _locked(source, target)
    if not source.is_active:
        raise ApplicationError("ticket.merge_done", _("Only an open ticket can be merged."))
    if target.merged_into_id is not None:
        raise ApplicationError("ticket.merge_chain", _("The target was itself merged away."))
    cancelled = next(
        (s for s in source.workflow.definition["states"] if s["category"] == "cancelled"), None
    )
    if cancelled is None:
        raise ApplicationError("ticket.merge_state", _("This workflow has no cancelled state."))
    old_state = source.state
    source.state, source.state_category = cancelled["code"], StateCategory.CANCELLED
    source.merged_into, source.closed_at = target, timezone.now()
    source.version += 1
    sla.sla_refresh(source, at=source.closed_at)
    source.save(
        update_fields=[
            "state",
            "state_category",
            "merged_into",
            "closed_at",
            "version",
            "next_due",
            "updated_at",
        ]
    )
    for interaction in source.interactions.all():
        interaction.tickets.add(target)
    ticket_event_record(
        ticket=source,
        kind=EventKind.MERGED,
        actor=by,
        body=note,
        data={"into": target.number, "from_state": old_state},
    )
    ticket_event_record(
        ticket=target, kind=EventKind.MERGED, actor=by, body=note, data={"from": source.number}
    )
    audit_record(actor=by, action="ticket.merge", obj=source, changes={"into": target.number})
    return target


def _locked(*tickets: Ticket) -> list[Ticket]:
    """Lock rows in id order (the same order everywhere, so two merges never deadlock)."""
    ids = sorted(t.pk for t in tickets)
    rows = {
        t.pk: t
        for t in Ticket.objects.select_for_update().select_related("workflow").filter(pk__in=ids)
    }
    return [rows[t.pk] for t in tickets]
