"""Writes of the shared kernel: audit events."""

from django.db.models import Model

from kefu.core.models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    obj: Model | None = None,
    changes: dict | None = None,
    ip: str | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Write one audit row. `changes` is {field: [before, after]} (or any JSON-able detail)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)[:200]
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=getattr(actor_obj, "username", "") or "system",
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr[:200],
        changes=jsonable(changes or {}),
        ip_address=ip,
    )


def jsonable(value):
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def diff_fields(obj: Model, before: dict, fields: list[str]) -> dict:
    """{field: [before, after]} for the fields of `obj` whose value changed."""
    changes = {}
    for name in fields:
        after = getattr(obj, name)
        if before.get(name) != after:
            changes[name] = [before.get(name), after]
    return changes
