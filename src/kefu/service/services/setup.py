"""Writes of the service setup pages: workflow edits, response-time levels, their targets, queues.

Workflow versions are written by `workflow_save` (services.records); the editor goes through
`workflow_save_from`, which refuses an edit of a version that is no longer current. Every
function here takes keyword arguments, runs in one transaction, validates everything before it
writes, names each bad field in `ApplicationError.fields` and writes an audit row.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record, diff_fields
from kefu.service.choices import AssignStrategy, Priority, QueueKind, TicketType
from kefu.service.models import Queue, SlaLevel, SlaTarget, WorkflowVersion
from kefu.service.services.records import workflow_save

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_MINUTES = 999_999
TARGET_PARTS = {
    "first": "first_response_minutes",
    "arrival": "arrival_minutes",
    "resolution": "resolution_minutes",
}


def target_key(ticket_type: str, priority: int, part: str) -> str:
    """The name one target cell has in forms and in `ApplicationError.fields`."""
    return f"t_{ticket_type}_{priority}_{part}"


@dataclass
class SlaLevelData:
    code: str
    name: str
    rank: int = 0
    is_default: bool = False


@dataclass
class QueueData:
    code: str
    name: str
    kind: str
    strategy: str = AssignStrategy.MANUAL
    org_unit: object = None
    breach_queue: Queue | None = None
    members: list = field(default_factory=list)
    ticket_types: list[str] = field(default_factory=list)
    is_active: bool = True


def _refuse(code: str, errors: dict, message=None):
    raise ApplicationError(
        code, message or _("Please correct the fields marked below."), fields=errors
    )


def _code_problem(code: str, taken: bool, max_length: int) -> str:
    if not code:
        return _("A code is required.")
    if len(code) > max_length or not CODE_RE.match(code):
        return _(
            "Use up to {max} lower-case letters, digits, '-' or '_', starting with a letter or "
            "digit."
        ).format(max=max_length)
    if taken:
        return _("This code is already used.")
    return ""


# ----- workflows ------------------------------------------------------------------------------


@transaction.atomic
def workflow_save_from(
    *, ticket_type: str, base_number: int | None, definition: dict, reason: str, by
) -> WorkflowVersion:
    """Save an edit of version `base_number` as the next version, unless another was saved since.

    Two admins editing at once would otherwise drop the first one's change without a word.
    """
    current = (
        WorkflowVersion.objects.select_for_update()
        .filter(ticket_type=ticket_type, is_current=True)
        .first()
    )
    if current is not None and current.number != base_number:
        raise ApplicationError(
            "workflow.stale",
            _(
                "Version {number} was saved while you were editing. Open the editor again to "
                "start from it; your changes were not saved."
            ),
            number=current.number,
            status=409,
        )
    return workflow_save(ticket_type=ticket_type, definition=definition, reason=reason, by=by)


# ----- response-time levels -------------------------------------------------------------------


def _level_errors(*, level: SlaLevel | None, data: SlaLevelData) -> dict:
    errors = {}
    others = SlaLevel.objects.exclude(pk=level.pk) if level else SlaLevel.objects.all()
    if level is not None and data.code != level.code:
        errors["code"] = _("The code of a level cannot change: entitlements refer to it.")
    else:
        problem = _code_problem(data.code, others.filter(code=data.code).exists(), 20)
        if problem:
            errors["code"] = problem
    if not data.name.strip():
        errors["name"] = _("A name is required.")
    elif len(data.name.strip()) > 50:
        errors["name"] = _("Use at most 50 characters.")
    if not 0 <= data.rank <= 32767:
        errors["rank"] = _("Enter a rank between 0 and 32767.")
    if not data.is_default and not others.filter(is_default=True).exists():
        errors["is_default"] = _(
            "Exactly one level is the default: make another level the default instead."
        )
    return errors


@transaction.atomic
def sla_level_save(
    *, level: SlaLevel | None = None, data: SlaLevelData, targets: list | None = None, by
) -> SlaLevel:
    """Create or change a level (and, given `targets`, its targets); one default level only."""
    list(SlaLevel.objects.select_for_update().order_by("pk"))  # one default, whatever runs beside
    data.code, data.name = data.code.strip(), data.name.strip()
    errors = _level_errors(level=level, data=data)
    if targets is not None:
        errors.update(_targets_errors(targets))
    if errors:
        _refuse(
            "sla.level_invalid", errors, _("The response-time level has errors; nothing was saved.")
        )
    created = level is None
    before = {} if created else {n: getattr(level, n) for n in ("name", "rank", "is_default")}
    if data.is_default:
        SlaLevel.objects.exclude(pk=getattr(level, "pk", None)).filter(is_default=True).update(
            is_default=False
        )
    if created:
        level = SlaLevel.objects.create(
            code=data.code, name=data.name, rank=data.rank, is_default=data.is_default
        )
    else:
        level.name, level.rank, level.is_default = data.name, data.rank, data.is_default
        level.save(update_fields=["name", "rank", "is_default"])
    changes = (
        {"code": data.code, "name": data.name, "rank": data.rank, "is_default": data.is_default}
        if created
        else diff_fields(level, before, ["name", "rank", "is_default"])
    )
    action = "sla.level_create" if created else "sla.level_update"
    audit_record(actor=by, action=action, obj=level, changes=changes)
    if targets is not None:
        sla_targets_save(level=level, targets=targets, by=by)
    return level


def _minutes(value):
    return None if value in (None, "") else value


def _cell_errors(cell: dict) -> dict:
    tt, prio = cell.get("ticket_type"), cell.get("priority")
    values = {part: _minutes(cell.get(name)) for part, name in TARGET_PARTS.items()}
    if all(v is None for v in values.values()):
        return {}
    errors = {}
    for part, value in values.items():
        if value is None:
            if part != "arrival":
                errors[target_key(tt, prio, part)] = _("Required once the cell has a target.")
        elif not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            errors[target_key(tt, prio, part)] = _("Enter a positive number of minutes.")
        elif value > MAX_MINUTES:
            errors[target_key(tt, prio, part)] = _("Enter at most {max} minutes.").format(
                max=MAX_MINUTES
            )
    if errors:
        return errors
    first, arrival, resolution = values["first"], values["arrival"], values["resolution"]
    if first > resolution:
        errors[target_key(tt, prio, "first")] = _(
            "The first response cannot be due after the resolution."
        )
    if arrival is not None and arrival > resolution:
        errors[target_key(tt, prio, "arrival")] = _(
            "The arrival on site cannot be due after the resolution."
        )
    return errors


def _targets_errors(targets: list) -> dict:
    errors, seen = {}, set()
    for cell in targets:
        key = (cell.get("ticket_type"), cell.get("priority"))
        if key[0] not in TicketType.values or key[1] not in Priority.values:
            errors["targets"] = _("Unknown ticket type or priority: {cell}.").format(cell=key)
            continue
        if key in seen:
            errors["targets"] = _("A ticket type and priority appear twice: {cell}.").format(
                cell=key
            )
        seen.add(key)
        errors.update(_cell_errors(cell))
    return errors


def _target_values(target: SlaTarget | None) -> list | None:
    if target is None:
        return None
    return [getattr(target, name) for name in TARGET_PARTS.values()]


@transaction.atomic
def sla_targets_save(*, level: SlaLevel, targets: list, by) -> SlaLevel:
    """Set the level's targets cell by cell; a cell with no minutes at all has no target.

    Cells not listed stay as they are. Tickets keep the due times they were given.
    """
    errors = _targets_errors(targets)
    if errors:
        _refuse("sla.targets_invalid", errors, _("The targets have errors; nothing was saved."))
    existing = {(t.ticket_type, t.priority): t for t in SlaTarget.objects.filter(level=level)}
    changes, new_rows = {}, []
    for cell in targets:
        key = (cell["ticket_type"], cell["priority"])
        values = {name: _minutes(cell.get(name)) for name in TARGET_PARTS.values()}
        target = existing.get(key)
        before = _target_values(target)
        if all(v is None for v in values.values()):
            if target is not None:
                target.delete()
        elif target is None:
            new_rows.append(SlaTarget(level=level, ticket_type=key[0], priority=key[1], **values))
        else:
            for name, value in values.items():
                setattr(target, name, value)
            target.save(update_fields=list(values))
        after = None if all(v is None for v in values.values()) else list(values.values())
        if before != after:
            changes[f"{key[0]}/{key[1]}"] = [before, after]
    SlaTarget.objects.bulk_create(new_rows)
    if changes:
        audit_record(actor=by, action="sla.targets_save", obj=level, changes=changes)
    return level


# ----- queues ---------------------------------------------------------------------------------


def _queue_errors(*, queue: Queue | None, data: QueueData) -> dict:
    errors = {}
    others = Queue.objects.exclude(pk=queue.pk) if queue else Queue.objects.all()
    problem = _code_problem(data.code, others.filter(code=data.code).exists(), 30)
    if problem:
        errors["code"] = problem
    if not data.name.strip():
        errors["name"] = _("A name is required.")
    elif len(data.name.strip()) > 50:
        errors["name"] = _("Use at most 50 characters.")
    if data.kind not in QueueKind.values:
        errors["kind"] = _("Choose a kind.")
    if data.strategy not in AssignStrategy.values:
        errors["strategy"] = _("Choose an assignment strategy.")
    if queue is not None and data.breach_queue is not None and data.breach_queue.pk == queue.pk:
        errors["breach_queue"] = _("A queue cannot hand its breached tickets to itself.")
    if any(not getattr(user, "is_active", False) for user in data.members):
        errors["members"] = _("Only active users can be members.")
    problem = _ticket_types_problem(data, others)
    if problem:
        errors["ticket_types"] = problem
    return errors


def _ticket_types_problem(data: QueueData, others) -> str:
    unknown = set(data.ticket_types) - set(TicketType.values)
    if unknown:
        return _("Unknown ticket type: {types}.").format(types=", ".join(sorted(unknown)))
    if not data.is_active:
        return ""
    for other in others.filter(is_active=True).order_by("code"):
        shared = set(data.ticket_types) & set(other.ticket_types or [])
        if shared:
            labels = "、".join(str(TicketType(t).label) for t in sorted(shared))
            return _("{types} already go to queue {queue} by default.").format(
                types=labels, queue=other.name
            )
    return ""


QUEUE_FIELDS = ["code", "name", "kind", "strategy", "org_unit", "breach_queue", "is_active"]


@transaction.atomic
def queue_save(*, queue: Queue | None = None, data: QueueData, by) -> Queue:
    """Create or change a queue: members, strategy, breach target and default ticket types."""
    data.code, data.name = data.code.strip(), data.name.strip()
    errors = _queue_errors(queue=queue, data=data)
    if errors:
        _refuse("queue.invalid", errors, _("The queue has errors; nothing was saved."))
    created = queue is None
    queue = queue or Queue()
    before = {name: getattr(queue, name) for name in [*QUEUE_FIELDS, "ticket_types"]}
    before_members = sorted(queue.members.values_list("username", flat=True)) if queue.pk else []
    for name in QUEUE_FIELDS:
        setattr(queue, name, getattr(data, name))
    queue.ticket_types = sorted(set(data.ticket_types), key=TicketType.values.index)
    if created:
        queue.save()
    else:
        queue.save(update_fields=[*QUEUE_FIELDS, "ticket_types", "updated_at"])
    queue.members.set(data.members)
    changes = diff_fields(queue, before, [*QUEUE_FIELDS, "ticket_types"])
    after_members = sorted(user.username for user in data.members)
    if after_members != before_members:
        changes["members"] = [before_members, after_members]
    action = "queue.create" if created else "queue.update"
    audit_record(actor=by, action=action, obj=queue, changes=changes)
    return queue
