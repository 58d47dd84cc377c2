"""System parameters: each app registers its own with a type, a default and a description.

Reading: `parameter_value(key)` (cached; falls back to the registered default).
Writing: `accounts.services.parameter_set`, which validates by type and audits the change.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from kefu.accounts.choices import ParameterKind
from kefu.core.errors import ApplicationError

CACHE_PREFIX = "accounts:param:"


@dataclass(frozen=True)
class ParameterSpec:
    key: str
    kind: str
    default: object
    description: str


REGISTRY: dict[str, ParameterSpec] = {}


def register(key: str, kind: str, default, description) -> None:
    REGISTRY[key] = ParameterSpec(key, kind, default, str(description))


def coerce(kind: str, raw, *, field: str = "value"):
    """Turn what an admin typed into the stored JSON value of `kind`, or raise naming the field."""
    text = raw.strip() if isinstance(raw, str) else raw
    try:
        if kind == ParameterKind.INTEGER:
            return int(text)
        if kind == ParameterKind.DECIMAL:
            return str(Decimal(str(text)))
        if kind == ParameterKind.BOOLEAN:
            if isinstance(text, bool):
                return text
            if str(text).lower() in {"1", "true", "yes", "on", "是"}:
                return True
            if str(text).lower() in {"0", "false", "no", "off", "否", ""}:
                return False
            raise ValueError(text)
        if kind == ParameterKind.TIME:
            return datetime.time.fromisoformat(str(text)).strftime("%H:%M")
        if kind == ParameterKind.JSON:
            return json.loads(text) if isinstance(text, str) else text
        return "" if text is None else str(text)
    except (ValueError, TypeError, InvalidOperation, json.JSONDecodeError) as exc:
        raise ApplicationError(
            "parameter.invalid",
            _("The value does not fit the parameter's type."),
            fields={
                field: _("Expected a value of type “{kind}”.").format(
                    kind=ParameterKind(kind).label
                )
            },
        ) from exc


def parameter_value(key: str):
    """The current value of a parameter (typed), cached across processes."""
    from kefu.accounts.models import Parameter

    cached = cache.get(CACHE_PREFIX + key)
    if cached is not None:
        return cached["v"]
    row = Parameter.objects.filter(key=key).first()
    spec = REGISTRY.get(key)
    value = row.value if row is not None else (spec.default if spec else None)
    kind = row.kind if row is not None else (spec.kind if spec else ParameterKind.TEXT)
    if kind == ParameterKind.TIME and value:
        value = datetime.time.fromisoformat(value)
    elif kind == ParameterKind.DECIMAL and value is not None:
        value = Decimal(value)
    cache.set(CACHE_PREFIX + key, {"v": value}, 600)
    return value


def parameters_sync() -> None:
    """Create a row for every registered parameter that has none (run after migrate)."""
    from kefu.accounts.models import Parameter

    existing = set(Parameter.objects.values_list("key", flat=True))
    Parameter.objects.bulk_create(
        [
            Parameter(
                key=s.key, kind=s.kind, value=coerce(s.kind, s.default), description=s.description
            )
            for s in REGISTRY.values()
            if s.key not in existing
        ]
    )
