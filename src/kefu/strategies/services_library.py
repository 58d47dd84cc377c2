"""Writes of the strategy library (服务策略库): create, change (each change is a new version with
its reason and author), retire and re-activate.

A strategy in use by a draft or running plan is protected: retiring it, changing its kind, or
taking from it a grade that a plan's target holds would leave the plan with a strategy that no
longer fits ("orphan" it). Such a change is refused with the plan numbers; nothing is changed.
A stale edit (the strategy changed since the form was opened) is refused with status 409.
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.service.choices import Priority
from kefu.strategies.choices import (
    ActionType,
    PlanStatus,
    Recurrence,
    StrategyKind,
    StrategyStatus,
)
from kefu.strategies.models import Plan, Strategy, StrategyVersion

ENTITLEMENT_FIELDS = (
    "sla_level",
    "priority",
    "dedicated_agent",
    "expert_seat",
    "free_labour",
    "parts_share",
    "prefer_top_outlets",
)
ACTION_FIELDS = ("action_type", "recurrence")
SAVED_FIELDS = [
    "name",
    "kind",
    "description",
    "estimated_cost",
    *ENTITLEMENT_FIELDS,
    *ACTION_FIELDS,
]
IN_USE = (PlanStatus.DRAFT, PlanStatus.ACTIVE)
MAX_COST = Decimal("9999999999.99")
CENT = Decimal("0.01")


@dataclass
class StrategyData:
    """What a person (or the API) gives for a strategy; related rows as model instances."""

    name: str
    kind: str
    code: str = ""
    description: str = ""
    grades: list = field(default_factory=list)
    estimated_cost: Decimal | None = Decimal(0)
    sla_level: object = None
    priority: int | None = None
    dedicated_agent: object = None
    expert_seat: bool = False
    free_labour: bool = False
    parts_share: int | None = None
    prefer_top_outlets: bool = False
    action_type: str = ""
    recurrence: str = ""


def _invalid(errors: dict) -> ApplicationError:
    return ApplicationError(
        "strategy.invalid", _("Please correct the fields listed."), fields=errors
    )


def _clear_other_kind(data: StrategyData) -> None:
    """The form posts both kinds' fields (one set hidden): keep only those of the chosen kind."""
    if data.kind == StrategyKind.ENTITLEMENT:
        data.action_type = data.recurrence = ""
    elif data.kind == StrategyKind.ACTION:
        data.sla_level = data.priority = data.dedicated_agent = data.parts_share = None
        data.expert_seat = data.free_labour = data.prefer_top_outlets = False


def _has_entitlement(data: StrategyData) -> bool:
    return bool(
        data.sla_level is not None
        or data.priority
        or data.dedicated_agent is not None
        or data.expert_seat
        or data.free_labour
        or data.parts_share
        or data.prefer_top_outlets
    )


def _name_errors(data: StrategyData, strategy: Strategy | None) -> dict:
    errors = {}
    if not data.name:
        errors["name"] = _("Enter a name.")
    elif len(data.name) > 100:
        errors["name"] = _("At most 100 characters.")
    else:
        others = Strategy.objects.filter(name__iexact=data.name)
        if strategy is not None:
            others = others.exclude(pk=strategy.pk)
        if others.exists():
            errors["name"] = _("A strategy with this name exists already.")
    if strategy is None and data.code:
        if len(data.code) > 20 or not all(c.isalnum() or c in "-_" for c in data.code):
            errors["code"] = _("At most 20 letters, digits, - or _.")
        elif Strategy.objects.filter(code__iexact=data.code).exists():
            errors["code"] = _("A strategy with this code exists already.")
    return errors


def _kind_errors(data: StrategyData) -> dict:
    errors = {}
    if data.kind == StrategyKind.ENTITLEMENT:
        if not _has_entitlement(data):
            errors["sla_level"] = _(
                "An entitlement grants something: choose a response level, a priority, a "
                "dedicated agent, the expert seat, free labour, a parts share or top-rated "
                "outlets."
            )
        if data.priority is not None and data.priority not in Priority.values:
            errors["priority"] = _("Not one of the allowed values.")
        if data.parts_share is not None and not 0 <= data.parts_share <= 100:
            errors["parts_share"] = _("Between 0 and 100.")
        agent = data.dedicated_agent
        if agent is not None and not agent.is_active:
            errors["dedicated_agent"] = _("This user is inactive.")
    elif data.kind == StrategyKind.ACTION:
        if data.action_type not in ActionType.values:
            errors["action_type"] = _("Choose what is done for the customer.")
        if data.recurrence not in Recurrence.values:
            errors["recurrence"] = _("Choose how often it is done.")
    return errors


def _validate(data: StrategyData, *, strategy: Strategy | None = None) -> dict:
    """Normalised `data` in place; {field: message} of what is wrong."""
    data.name = (data.name or "").strip()
    data.code = (data.code or "").strip().upper()
    data.description = (data.description or "").strip()
    data.kind = data.kind or ""
    errors = _name_errors(data, strategy)
    if data.kind not in StrategyKind.values:
        errors["kind"] = _("Choose entitlement or action.")
    _clear_other_kind(data)
    errors |= _kind_errors(data)
    cost = data.estimated_cost if data.estimated_cost is not None else Decimal(0)
    if cost < 0 or cost > MAX_COST:
        errors["estimated_cost"] = _("Enter an amount from 0 up.")
    data.estimated_cost = Decimal(cost).quantize(CENT) if not errors.get("estimated_cost") else cost
    if any(not grade.is_active for grade in data.grades):
        errors["grades"] = _("Only active grades can be chosen.")
    return errors


def strategy_snapshot(strategy: Strategy) -> dict:
    """Every field of the strategy as plain values: a version's `data`."""
    agent = strategy.dedicated_agent
    return {
        "code": strategy.code,
        "name": strategy.name,
        "kind": strategy.kind,
        "status": strategy.status,
        "description": strategy.description,
        "grades": sorted(strategy.grades.values_list("code", flat=True)),
        "estimated_cost": str(Decimal(strategy.estimated_cost).quantize(CENT)),
        "sla_level": strategy.sla_level.code if strategy.sla_level_id else "",
        "priority": strategy.priority,
        "dedicated_agent": (agent.name or agent.username) if agent is not None else "",
        "expert_seat": strategy.expert_seat,
        "free_labour": strategy.free_labour,
        "parts_share": strategy.parts_share,
        "prefer_top_outlets": strategy.prefer_top_outlets,
        "action_type": strategy.action_type,
        "recurrence": strategy.recurrence,
    }


def _apply(strategy: Strategy, data: StrategyData) -> None:
    for name in SAVED_FIELDS:
        setattr(strategy, name, getattr(data, name))


def _version(strategy: Strategy, *, by, reason: str) -> StrategyVersion:
    return StrategyVersion.objects.create(
        strategy=strategy,
        number=strategy.version,
        data=strategy_snapshot(strategy),
        reason=reason[:300],
        changed_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _duplicate() -> ApplicationError:
    return _invalid({"name": _("A strategy with this name exists already.")})


@transaction.atomic
def strategy_create(
    *, data: StrategyData, by, status: str = StrategyStatus.ACTIVE, reason: str = ""
) -> Strategy:
    """A new strategy and its version 1; without a code it gets S-<id>."""
    errors = _validate(data)
    if status not in (StrategyStatus.DRAFT, StrategyStatus.ACTIVE):
        errors["status"] = _("A new strategy is a draft or in force.")
    if errors:
        raise _invalid(errors)
    strategy = Strategy(code=data.code or uuid.uuid4().hex[:20], status=status)
    _apply(strategy, data)
    try:
        with transaction.atomic():
            strategy.save()
    except IntegrityError as error:  # a parallel create of the same name or code
        raise _duplicate() from error
    if not data.code:
        strategy.code = f"S-{strategy.pk:04d}"
        strategy.save(update_fields=["code"])
    strategy.grades.set(data.grades)
    _version(strategy, by=by, reason=(reason or "").strip() or _("First version"))
    audit_record(
        actor=by,
        action="strategy.create",
        obj=strategy,
        changes={"kind": strategy.kind, "status": status},
    )
    return strategy


def stale_error() -> ApplicationError:
    return ApplicationError(
        "strategy.stale",
        _(
            "Someone else changed this strategy after you opened it. "
            "Reload the page and make your change again."
        ),
        status=409,
    )


def _plans_in_use(strategy: Strategy):
    return Plan.objects.filter(strategies=strategy, status__in=IN_USE).order_by("code")


def _orphan_error(plans, *, field_name: str, message: str) -> ApplicationError:
    codes = "、".join(plan.code for plan in plans)
    return ApplicationError(
        "strategy.in_use",
        message.format(plans=codes),
        fields={field_name: message.format(plans=codes)},
    )


def _plans_losing_grades(strategy: Strategy, removed: set[str]) -> list:
    """Draft or running plans using the strategy whose target holds one of `removed` grades (a
    segment naming no grade holds every grade)."""
    hit = []
    for plan in _plans_in_use(strategy).select_related("customer", "segment"):
        if plan.customer is not None and plan.customer.grade in removed:
            hit.append(plan)
        elif plan.segment is not None and (
            not plan.segment.grades or removed & set(plan.segment.grades)
        ):
            hit.append(plan)
    return hit


def _check_orphans(strategy: Strategy, data: StrategyData) -> None:
    if data.kind != strategy.kind:
        plans = list(_plans_in_use(strategy))
        if plans:
            raise _orphan_error(
                plans,
                field_name="kind",
                message=_("The kind cannot change while plans use this strategy: {plans}."),
            )
    removed = set(strategy.grades.values_list("code", flat=True)) - {g.code for g in data.grades}
    if removed:
        plans = _plans_losing_grades(strategy, removed)
        if plans:
            raise _orphan_error(
                plans,
                field_name="grades",
                message=_(
                    "These grades cannot be removed: plans for customers of these grades use "
                    "this strategy: {plans}."
                ),
            )


def _locked(strategy: Strategy, version: int | None) -> Strategy:
    locked = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if version is not None and locked.version != version:
        raise stale_error()
    return locked


@transaction.atomic
def strategy_update(
    *, strategy: Strategy, data: StrategyData, version: int, reason: str, by
) -> Strategy:
    """Change a strategy: saved as its next version with `reason`. Nothing changes (and no
    version is added) when the content is the same."""
    strategy = _locked(strategy, version)
    reason = (reason or "").strip()
    data.code = ""
    errors = _validate(data, strategy=strategy)
    if not reason:
        errors["reason"] = _("Say why you change the strategy.")
    if errors:
        raise _invalid(errors)
    _check_orphans(strategy, data)
    before = strategy_snapshot(strategy)
    _apply(strategy, data)
    strategy.grades.set(data.grades)
    after = strategy_snapshot(strategy)
    if after == before:
        return strategy
    strategy.version += 1
    try:
        with transaction.atomic():
            strategy.save(update_fields=[*SAVED_FIELDS, "version", "updated_at"])
    except IntegrityError as error:
        raise _duplicate() from error
    _version(strategy, by=by, reason=reason)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record(
        actor=by, action="strategy.update", obj=strategy, changes=changes | {"reason": reason}
    )
    return strategy


def _set_status(*, strategy, status: str, by, reason: str, version, action: str) -> Strategy:
    strategy = _locked(strategy, version)
    before = strategy.status
    if before == status:
        return strategy
    strategy.status = status
    strategy.version += 1
    strategy.save(update_fields=["status", "version", "updated_at"])
    _version(strategy, by=by, reason=reason)
    audit_record(
        actor=by,
        action=action,
        obj=strategy,
        changes={"status": [before, status], "reason": reason},
    )
    return strategy


@transaction.atomic
def strategy_retire(
    *, strategy: Strategy, by, reason: str = "", version: int | None = None
) -> Strategy:
    """Take a strategy out of force; refused while a draft or running plan uses it."""
    plans = list(_plans_in_use(strategy))
    if plans:
        raise _orphan_error(
            plans,
            field_name="status",
            message=_("Plans use this strategy; end or change them first: {plans}."),
        )
    reason = (reason or "").strip() or _("Retired")
    return _set_status(
        strategy=strategy,
        status=StrategyStatus.RETIRED,
        by=by,
        reason=reason,
        version=version,
        action="strategy.retire",
    )


@transaction.atomic
def strategy_activate(
    *, strategy: Strategy, by, reason: str = "", version: int | None = None
) -> Strategy:
    """Put a draft or retired strategy in force."""
    reason = (reason or "").strip() or _("Put in force")
    return _set_status(
        strategy=strategy,
        status=StrategyStatus.ACTIVE,
        by=by,
        reason=reason,
        version=version,
        action="strategy.activate",
    )
