"""Writes of implementation plans (实施方案): create, change with a reason and a version, start
(generating the tasks), complete (with the evaluation) and cancel.

A plan targets one customer or a segment; it starts as a draft. Every change is checked against
the version the editor saw (a stale edit is refused) and saved as a `PlanVersion`; a change of an
active plan adjusts its tasks (see services_plans_tasks).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.strategies.choices import NeedStatus, PlanStatus, StrategyStatus
from kefu.strategies.evaluation_plans import plan_baseline, plan_evaluate
from kefu.strategies.models import Plan, PlanVersion
from kefu.strategies.services_needs import needs_mark_planned
from kefu.strategies.services_plans_tasks import tasks_adjust, tasks_cancel_open, tasks_generate

CLOSED_NEEDS = (NeedStatus.DECLINED, NeedStatus.FULFILLED)
REASON_MAX = 300


@dataclass
class PlanInput:
    """What a plan form or the API gives: every field a person edits."""

    title: str
    starts_on: date | None
    ends_on: date | None
    owner: object
    strategies: list = field(default_factory=list)
    needs: list = field(default_factory=list)
    goal: str = ""
    budget: Decimal | None = Decimal("0")
    customer: object = None
    segment: object = None


def _invalid(errors: dict) -> ApplicationError:
    return ApplicationError(
        "plan.invalid", _("The plan cannot be saved; nothing changed."), fields=errors
    )


def _check_target(data: PlanInput, errors: dict) -> None:
    if data.customer is None and data.segment is None:
        errors["customer"] = _("Choose a customer or a segment.")
    elif data.customer is not None and data.segment is not None:
        errors["segment"] = _("A plan is for one customer or for a segment, not both.")
    elif data.segment is not None and not data.segment.is_active:
        errors["segment"] = _("This segment is no longer active.")


def _check_strategies(data: PlanInput, errors: dict, kept: set) -> None:
    if not data.strategies:
        errors["strategies"] = _("Choose at least one strategy.")
        return
    unusable = [
        s for s in data.strategies if s.status != StrategyStatus.ACTIVE and s.pk not in kept
    ]
    if unusable:
        names = "、".join(s.name for s in unusable)
        errors["strategies"] = _("Only strategies in force can be used: {names}.").format(
            names=names
        )


def _check_needs(data: PlanInput, errors: dict) -> None:
    if not data.needs:
        return
    customer_id = getattr(data.customer, "pk", None)
    foreign = [n for n in data.needs if n.customer_id != customer_id]
    closed = [n for n in data.needs if n.status in CLOSED_NEEDS]
    if foreign:
        errors["needs"] = _("Only the needs of the plan's customer can be linked.")
    elif closed:
        errors["needs"] = _("Fulfilled or declined needs cannot be linked: {codes}.").format(
            codes=", ".join(n.code for n in closed)
        )


def plan_check(data: PlanInput, *, kept: set | None = None) -> None:
    """Raise ApplicationError naming every bad field. `kept`: ids of strategies the plan already
    uses, which it may keep after they were retired (a change need not drop them)."""
    errors: dict = {}
    data.title = (data.title or "").strip()
    if not data.title:
        errors["title"] = _("Give the plan a title.")
    elif len(data.title) > 120:
        errors["title"] = _("At most 120 characters.")
    _check_target(data, errors)
    _check_strategies(data, errors, kept or set())
    if data.starts_on is None:
        errors["starts_on"] = _("Give the first day of the plan.")
    if data.ends_on is None:
        errors["ends_on"] = _("Give the last day of the plan.")
    elif data.starts_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = _("The plan cannot end before it starts.")
    if data.owner is None or not data.owner.is_active:
        errors["owner"] = _("Choose an active owner.")
    elif data.customer is None and data.owner.org_unit_id is None:
        errors["owner"] = _("The owner of a segment plan must belong to an org unit.")
    if data.budget is None or data.budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    elif data.budget >= Decimal("1e10"):
        errors["budget"] = _("The budget is too large.")
    _check_needs(data, errors)
    if errors:
        raise _invalid(errors)


def plan_snapshot(plan: Plan) -> dict:
    """The plan's content as a version keeps it (labels beside ids, for the history page)."""
    owner = plan.owner
    return {
        "title": plan.title,
        "goal": plan.goal,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "owner": owner.get_full_name() or owner.username,
        "budget": str(plan.budget),
        "status": plan.status,
        "strategies": sorted(str(s) for s in plan.strategies.all()),
        "needs": sorted(str(n) for n in plan.needs.all()),
    }


def _version_save(plan: Plan, *, reason: str, by) -> PlanVersion:
    return PlanVersion.objects.create(
        plan=plan, number=plan.version, data=plan_snapshot(plan), reason=reason, changed_by=by
    )


def _org_unit(data: PlanInput):
    customer = data.customer
    if customer is not None and customer.org_unit_id is not None:
        return customer.org_unit
    return data.owner.org_unit


@transaction.atomic
def plan_create(*, data: PlanInput, by) -> Plan:
    """A draft plan numbered P-<year>-<id> (from its id, unique whatever runs beside it)."""
    plan_check(data)
    org_unit = _org_unit(data)
    if org_unit is None:
        raise _invalid({"customer": _("The customer belongs to no org unit.")})
    plan = Plan.objects.create(
        code=f"tmp-{timezone.now():%H%M%S%f}"[:20],
        title=data.title,
        goal=data.goal or "",
        customer=data.customer,
        segment=data.segment,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        owner=data.owner,
        org_unit=org_unit,
        budget=data.budget,
    )
    plan.code = f"P-{timezone.localdate():%Y}-{plan.pk:04d}"
    plan.save(update_fields=["code"])
    plan.strategies.set(data.strategies)
    plan.needs.set(data.needs)
    needs_mark_planned(needs=data.needs, by=by, plan=plan)
    _version_save(plan, reason=_("Plan drawn up"), by=by)
    audit_record(actor=by, action="plan.create", obj=plan, changes=plan_snapshot(plan))
    return plan


def _stale() -> ApplicationError:
    message = _(
        "Someone changed this plan after you opened it; reload it and apply your change again."
    )
    return ApplicationError("plan.stale", message, fields={"version": message}, status=409)


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise _invalid({"reason": _("Say why the plan changes.")})
    if len(text) > REASON_MAX:
        raise _invalid({"reason": _("At most {n} characters.").format(n=REASON_MAX)})
    return text


def _bump(plan: Plan, version: int | None) -> None:
    """Take the next version in one conditional UPDATE: a stale or concurrent edit gets 0 rows."""
    rows = Plan.objects.filter(pk=plan.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now()):
        raise _stale()
    plan.version = Plan.objects.values_list("version", flat=True).get(pk=plan.pk)


def _require_status(plan: Plan, *statuses: str) -> None:
    if plan.status not in statuses:
        message = _("Not possible while the plan is {status}.").format(
            status=plan.get_status_display()
        )
        raise ApplicationError("plan.status", message, fields={"status": message}, status=409)


@transaction.atomic
def plan_change(*, plan: Plan, data: PlanInput, version: int, reason: str, by) -> Plan:
    """Change a draft or active plan (变更) with a reason; saves the new version and, for an
    active plan, adds and cancels tasks to match."""
    _require_status(plan, PlanStatus.DRAFT, PlanStatus.ACTIVE)
    text = _reason(reason)
    data.customer, data.segment = plan.customer, plan.segment  # the target never changes
    kept = set(plan.strategies.values_list("pk", flat=True))
    plan_check(data, kept=kept if plan.status == PlanStatus.ACTIVE else set())
    before = plan_snapshot(plan)
    _bump(plan, version)
    for name in ("title", "goal", "starts_on", "ends_on", "owner", "budget"):
        setattr(plan, name, getattr(data, name) if name != "goal" else data.goal or "")
    names = ["title", "goal", "starts_on", "ends_on", "owner", "budget"]
    if plan.segment_id is not None:
        plan.org_unit = data.owner.org_unit
        names.append("org_unit")
    plan.save(update_fields=names)
    plan.strategies.set(data.strategies)
    plan.needs.set(data.needs)
    needs_mark_planned(needs=data.needs, by=by, plan=plan)
    _version_save(plan, reason=text, by=by)
    tasks = tasks_adjust(plan=plan) if plan.status == PlanStatus.ACTIVE else {}
    after = plan_snapshot(plan)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record(
        actor=by, action="plan.change", obj=plan, changes={**changes, "reason": text, **tasks}
    )
    return plan


def _set_status(plan: Plan, *, to: str, allowed: tuple, extra: dict | None = None) -> None:
    moved = Plan.objects.filter(pk=plan.pk, status__in=allowed).update(
        status=to, updated_at=timezone.now(), **(extra or {})
    )
    if not moved:
        plan.refresh_from_db(fields=["status"])
        _require_status(plan, *allowed)
    plan.status = to
    for name, value in (extra or {}).items():
        setattr(plan, name, value)


@transaction.atomic
def plan_activate(*, plan: Plan, by) -> int:
    """Start a draft plan (启动): take the baseline and generate the tasks of its action
    strategies; returns how many tasks were created."""
    _require_status(plan, PlanStatus.DRAFT)
    data = PlanInput(
        title=plan.title,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        owner=plan.owner,
        strategies=list(plan.strategies.all()),
        budget=plan.budget,
        customer=plan.customer,
        segment=plan.segment,
    )
    plan_check(data)  # a strategy may have been retired since the draft was saved
    _set_status(
        plan,
        to=PlanStatus.ACTIVE,
        allowed=(PlanStatus.DRAFT,),
        extra={"baseline": plan_baseline(plan)},
    )
    created = tasks_generate(plan=plan)
    audit_record(actor=by, action="plan.activate", obj=plan, changes={"tasks": created})
    return created


@transaction.atomic
def plan_complete(*, plan: Plan, by, at=None) -> Plan:
    """Close an active plan: evaluate what changed and cancel the tasks still open."""
    _require_status(plan, PlanStatus.ACTIVE)
    evaluation = plan_evaluate(plan, until=at)
    _set_status(
        plan,
        to=PlanStatus.COMPLETED,
        allowed=(PlanStatus.ACTIVE,),
        extra={"evaluation": evaluation},
    )
    cancelled = tasks_cancel_open(plan=plan)
    audit_record(actor=by, action="plan.complete", obj=plan, changes={"cancelled_tasks": cancelled})
    return plan


@transaction.atomic
def plan_cancel(*, plan: Plan, reason: str, by) -> Plan:
    """Cancel a draft or active plan with a reason (kept as a version); open tasks cancelled."""
    _require_status(plan, PlanStatus.DRAFT, PlanStatus.ACTIVE)
    text = _reason(reason)
    _set_status(plan, to=PlanStatus.CANCELLED, allowed=(PlanStatus.DRAFT, PlanStatus.ACTIVE))
    _bump(plan, None)
    _version_save(plan, reason=text, by=by)
    cancelled = tasks_cancel_open(plan=plan)
    audit_record(
        actor=by,
        action="plan.cancel",
        obj=plan,
        changes={"reason": text, "cancelled_tasks": cancelled},
    )
    return plan


def plans_complete_due(*, today: date | None = None) -> int:
    """Complete every active plan whose last day has passed (the daily job); each plan in its
    own transaction, so one failure does not hold back the others. Returns how many."""
    today = today or timezone.localdate()
    done = 0
    for plan in Plan.objects.filter(status=PlanStatus.ACTIVE, ends_on__lt=today).order_by("pk"):
        try:
            plan_complete(plan=plan, by=None)
        except ApplicationError:  # completed or cancelled meanwhile
            continue
        done += 1
    return done
