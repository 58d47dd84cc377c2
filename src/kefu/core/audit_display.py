"""How an audit row reads to a person: the object type's name, and changes as "field: a → b"."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _


def object_type_label(label: str) -> str:
    """ "customers.customer" → the model's verbose name (客户), or the label itself."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _field_label(object_type: str, name: str) -> str:
    try:
        model = apps.get_model(object_type)
        field = model._meta.get_field(name.removesuffix("_id"))
    except (LookupError, ValueError, FieldDoesNotExist):
        return name
    if field.is_relation and not hasattr(field, "verbose_name"):  # a reverse relation: phones
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def _value(value) -> str:
    if value in (None, ""):
        return _("(empty)")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or _("(empty)")
    return str(value)


def changes_text(object_type: str, changes: dict) -> str:
    """One line per changed field: a [before, after] pair as "a → b", anything else as it is."""
    lines = []
    for name, value in (changes or {}).items():
        label = _field_label(object_type, name)
        if isinstance(value, list) and len(value) == 2:
            lines.append(f"{label}: {_value(value[0])} → {_value(value[1])}")
        else:
            lines.append(f"{label}: {_value(value)}")
    return "；".join(lines)
