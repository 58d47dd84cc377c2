"""Small writes: the contact log, notifications, workflow versions."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.service import configuration
from kefu.service.choices import Channel, Direction, EventKind, TicketType
from kefu.service.models import Interaction, Notification, WorkflowVersion
from kefu.service.workflows import default_definition, definition_check


@transaction.atomic
def interaction_log(
    *,
    by,
    channel: str,
    summary: str,
    customer=None,
    direction: str = Direction.INBOUND,
    phone: str = "",
    started_at=None,
    duration_seconds: int = 0,
    tickets=(),
) -> Interaction:
    """Register one contact (话务登记 / 来函登记) and link it to its tickets."""
    from kefu.service.services.tickets import ticket_event_record

    errors = {}
    if channel not in Channel.values:
        errors["channel"] = _("Choose a channel.")
    if direction not in Direction.values:
        errors["direction"] = _("Choose inbound or outbound.")
    if not (summary or "").strip():
        errors["summary"] = _("Write what the contact was about.")
    if duration_seconds < 0 or duration_seconds > 86400:
        errors["duration_seconds"] = _("Enter a duration between 0 and 86400 seconds.")
    if errors:
        raise ApplicationError(
            "interaction.invalid", _("The contact has errors; nothing was saved."), fields=errors
        )
    interaction = Interaction.objects.create(
        channel=channel,
        direction=direction,
        customer=customer,
        phone=(phone or "")[:20],
        agent=by,
        org_unit=getattr(by, "org_unit", None),
        started_at=started_at or timezone.now(),
        duration_seconds=duration_seconds,
        summary=summary.strip(),
    )
    for ticket in tickets:
        interaction.tickets.add(ticket)
        ticket_event_record(
            ticket=ticket,
            kind=EventKind.INTERACTION,
            actor=by,
            body=interaction.summary,
            data={"interaction": interaction.pk, "channel": channel},
        )
    return interaction


def notify(*, user, kind: str, message: str, ticket=None) -> Notification | None:
    if user is None or not user.is_active:
        return None
    return Notification.objects.create(user=user, kind=kind, ticket=ticket, message=message[:300])


def notification_mark_read(*, user, ids=None) -> int:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


def workflow_current(ticket_type: str) -> WorkflowVersion:
    """The version new tickets of this type start with (created from the default if missing)."""
    version = configuration.current_workflow(ticket_type)
    if version is None:
        version = _workflow_first(ticket_type)
    return version


@transaction.atomic
def _workflow_first(ticket_type: str) -> WorkflowVersion:
    version, _created = WorkflowVersion.objects.get_or_create(
        ticket_type=ticket_type,
        is_current=True,
        defaults={"number": 1, "definition": default_definition(ticket_type)},
    )
    return version


@transaction.atomic
def workflow_save(*, ticket_type: str, definition: dict, reason: str, by) -> WorkflowVersion:
    """Save an edited workflow as a new version; running tickets keep theirs."""
    if ticket_type not in TicketType.values:
        raise ApplicationError("workflow.type", _("Unknown ticket type."))
    if not (reason or "").strip():
        raise ApplicationError(
            "workflow.invalid",
            _("The workflow cannot be saved."),
            fields={"reason": _("Say why the workflow changes.")},
        )
    clean = definition_check(definition)
    list(WorkflowVersion.objects.select_for_update().filter(ticket_type=ticket_type))
    number = (
        WorkflowVersion.objects.filter(ticket_type=ticket_type).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    WorkflowVersion.objects.filter(ticket_type=ticket_type, is_current=True).update(
        is_current=False
    )
    version = WorkflowVersion.objects.create(
        ticket_type=ticket_type,
        number=number,
        definition=clean,
        reason=reason.strip()[:200],
        created_by=by,
    )
    audit_record(
        actor=by,
        action="workflow.save",
        obj=version,
        changes={"ticket_type": ticket_type, "version": number, "reason": version.reason},
    )
    return version
