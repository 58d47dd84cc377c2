"""Writes of customer needs (客户需求): register, refine, change (登记、完善、变更).

- `need_register`: a new need of a customer the user may see, from a call, a ticket, a follow-up
  visit, the portal or elsewhere; the source object (ticket, contact, visit) must be one the user
  may see and of the same customer. Its number is N-<year>-<id>, unique whatever runs beside it.
- `need_update`: one edit, refused when `version` is stale. Adding or clarifying (description,
  a first category, linked strategies) is a *refine*: the reason is optional and a registered
  need becomes "refined". Changing the title, the importance, the status or replacing the
  category is a *change*: the reason is required (declining too).
- `needs_mark_planned`: what a plan calls when it links needs.

Every action writes one `NeedChange` ({field: [before, after]}, strategies as code lists) and
one audit row, in one transaction.
"""

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.customers.selectors import customer_visible_to
from kefu.service.models import Visit
from kefu.service.selectors import interaction_visible_to, ticket_visible_to
from kefu.service.selectors_visits import visit_visible_to
from kefu.strategies.choices import NeedChangeKind, NeedSource, NeedStatus, StrategyStatus
from kefu.strategies.models import Need, NeedChange, Strategy

IMPORTANCE = [
    (1, gettext_lazy("low")),
    (2, gettext_lazy("normal")),
    (3, gettext_lazy("important")),
    (4, gettext_lazy("very important")),
]
EDITABLE = ("title", "description", "category", "priority", "status", "strategies")
# a change of these needs a reason; the others only add detail (refine)
CHANGE_FIELDS = ("title", "priority", "status")
STATUS_MOVES = {
    NeedStatus.REGISTERED: {
        NeedStatus.REFINED,
        NeedStatus.PLANNED,
        NeedStatus.FULFILLED,
        NeedStatus.DECLINED,
    },
    NeedStatus.REFINED: {NeedStatus.PLANNED, NeedStatus.FULFILLED, NeedStatus.DECLINED},
    NeedStatus.PLANNED: {NeedStatus.REFINED, NeedStatus.FULFILLED, NeedStatus.DECLINED},
    NeedStatus.FULFILLED: {NeedStatus.REFINED},  # reopened
    NeedStatus.DECLINED: {NeedStatus.REFINED},
}
CLOSED = (NeedStatus.FULFILLED, NeedStatus.DECLINED)
SOURCE_OBJECTS = {
    "source_ticket": NeedSource.TICKET,
    "source_interaction": NeedSource.CALL,
    "source_visit": NeedSource.VISIT,
}


@dataclass
class NeedData:
    """What a person (or the API) gives to register a need; objects as ids, strategies as codes."""

    customer: int | None = None
    title: str = ""
    description: str = ""
    category: str = ""
    source: str = NeedSource.OTHER
    source_ticket: int | None = None
    source_interaction: int | None = None
    source_visit: int | None = None
    priority: int = 2
    strategies: list[str] = field(default_factory=list)


def _invalid(errors: dict) -> ApplicationError:
    return ApplicationError(
        "need.invalid", _("Please correct the fields listed; nothing was saved."), fields=errors
    )


def category_valid(code: str) -> bool:
    return DictItem.objects.filter(
        kind=DictKind.FEEDBACK_CATEGORY, code=code, is_active=True
    ).exists()


def _text(value, *, name: str, limit: int, errors: dict, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = _("Enter a title.")
    elif len(value) > limit:
        errors[name] = _("At most {count} characters.").format(count=limit)
    return value


def _priority(value, errors: dict) -> int:
    if isinstance(value, bool) or value not in {n for n, _label in IMPORTANCE}:
        errors["priority"] = _("Choose an importance from 1 to 4.")
        return 2
    return value


def _strategies(codes, errors: dict, *, keep=()) -> list[Strategy]:
    """Strategies in force (or already linked) by code, in code order."""
    codes = sorted({str(c).strip() for c in codes or [] if str(c).strip()})
    found = list(
        Strategy.objects.filter(code__in=codes).exclude(
            status=StrategyStatus.RETIRED, code__in=set(codes) - set(keep)
        )
    )
    missing = set(codes) - {s.code for s in found}
    if missing:
        errors["strategies"] = _("No such strategy in force: {codes}.").format(
            codes=", ".join(sorted(missing))
        )
    return sorted(found, key=lambda s: s.code)


def _source_objects(data: NeedData, by, errors: dict) -> dict:
    """The source objects by id, each one the user may see, for the need's kind of source."""
    if data.source not in NeedSource.values:
        errors["source"] = _("Not one of the allowed values.")
        return {}
    readers = {
        "source_ticket": ticket_visible_to(by).select_related("customer"),
        "source_interaction": interaction_visible_to(by),
        "source_visit": visit_visible_to(by).select_related("ticket"),
    }
    found = {}
    for name, source in SOURCE_OBJECTS.items():
        pk = getattr(data, name)
        if pk in (None, ""):
            continue
        if data.source != source:
            errors[name] = _("Only for a need of this source.")
            continue
        obj = readers[name].filter(pk=pk).first() if _is_id(pk) else None
        if obj is None:
            errors[name] = _("Not found, or not yours to see.")
        else:
            found[name] = obj
    required = {NeedSource.TICKET: "source_ticket", NeedSource.VISIT: "source_visit"}
    name = required.get(data.source)
    if name and name not in found and name not in errors:
        errors[name] = _("Name the object the need comes from.")
    return found


def _is_id(value) -> bool:
    return not isinstance(value, bool) and str(value).isdigit() and 0 < int(value) < 2**63


def _customer_of(obj) -> int | None:
    return obj.ticket.customer_id if isinstance(obj, Visit) else obj.customer_id


def _customer(data: NeedData, sources: dict, by, errors: dict):
    pk = data.customer
    owners = {name: _customer_of(obj) for name, obj in sources.items()}
    if pk in (None, ""):
        pk = next((c for c in owners.values() if c), None)
    if pk in (None, ""):
        errors["customer"] = _("Choose a customer.")
        return None
    customer = customer_visible_to(by).filter(pk=pk).first() if _is_id(pk) else None
    if customer is None:
        errors["customer"] = _("No such customer.")
        return None
    for name, owner in owners.items():
        if owner is not None and owner != customer.pk:
            errors[name] = _("It belongs to another customer.")
    return customer


def _register_values(need: Need, codes: list[str]) -> dict:
    values = {
        "customer": f"{need.customer.name} ({need.customer.code})",
        "title": need.title,
        "description": need.description,
        "category": need.category,
        "source": need.source,
        "priority": need.priority,
        "grade": need.grade,
        "strategies": codes,
    }
    for name in SOURCE_OBJECTS:
        obj = getattr(need, name)
        if obj is not None:
            values[name] = str(getattr(obj, "number", "") or obj.pk)
    return {key: [None, value] for key, value in values.items() if value not in ("", [], None)}


@transaction.atomic
def need_register(*, data: NeedData, by) -> Need:
    """A new need (status registered) and its first history step."""
    errors: dict = {}
    title = _text(data.title, name="title", limit=150, errors=errors, required=True)
    description = _text(data.description, name="description", limit=5000, errors=errors)
    category = (data.category or "").strip()
    if category and not category_valid(category):
        errors["category"] = _("Choose an active feedback category.")
    priority = _priority(data.priority, errors)
    strategies = _strategies(data.strategies, errors)
    sources = _source_objects(data, by, errors)
    customer = _customer(data, sources, by, errors)
    if errors:
        raise _invalid(errors)
    need = Need(
        code=f"~{uuid.uuid4().hex[:19]}",  # unique until the id gives the number
        customer=customer,
        title=title,
        description=description,
        category=category,
        source=data.source,
        priority=priority,
        grade=customer.grade,
        registered_by=by,
        **sources,
    )
    need.save()
    need.code = f"N-{timezone.localdate():%Y}-{need.pk:05d}"
    need.save(update_fields=["code"])
    need.strategies.set(strategies)
    codes = [s.code for s in strategies]
    changes = _register_values(need, codes)
    NeedChange.objects.create(
        need=need, kind=NeedChangeKind.REGISTER, changes=changes, changed_by=by
    )
    audit_record(actor=by, action="need.register", obj=need, changes=changes)
    return need


def need_snapshot(need: Need) -> dict:
    """The editable fields as the history records them (strategies as a sorted code list)."""
    values = {name: getattr(need, name) for name in EDITABLE if name != "strategies"}
    values["strategies"] = sorted(need.strategies.values_list("code", flat=True))
    return values


def _edited(before: dict, values: dict, errors: dict) -> tuple[dict, list]:
    """The values after the edit (validated) and the strategies to link."""
    unknown = set(values) - set(EDITABLE)
    for name in unknown:
        errors[name] = _("This field cannot be edited.")
    after = dict(before)
    if "title" in values:
        after["title"] = _text(
            values["title"], name="title", limit=150, errors=errors, required=True
        )
    if "description" in values:
        after["description"] = _text(
            values["description"], name="description", limit=5000, errors=errors
        )
    if "category" in values:
        after["category"] = (values["category"] or "").strip()
        fresh = after["category"] and after["category"] != before["category"]
        if fresh and not category_valid(after["category"]):
            errors["category"] = _("Choose an active feedback category.")
    if "priority" in values:
        after["priority"] = _priority(values["priority"], errors)
    if "status" in values:
        after["status"] = values["status"] or before["status"]
        moved = after["status"] != before["status"]
        if moved and after["status"] not in STATUS_MOVES.get(before["status"], ()):
            errors["status"] = _("A need cannot go from “{before}” to “{after}”.").format(
                before=_status_label(before["status"]), after=_status_label(after["status"])
            )
    strategies = None
    if "strategies" in values:
        strategies = _strategies(values["strategies"] or [], errors, keep=before["strategies"])
        after["strategies"] = [s.code for s in strategies]
    return after, strategies


def _status_label(value) -> str:
    return str(NeedStatus(value).label) if value in NeedStatus.values else str(value)


def _kind(before: dict, diff: dict) -> str:
    replaced = "category" in diff and before["category"]
    return (
        NeedChangeKind.CHANGE
        if replaced or set(diff) & set(CHANGE_FIELDS)
        else NeedChangeKind.REFINE
    )


def _check_edit(before: dict, after: dict, diff: dict, reason: str, errors: dict) -> str:
    if not diff and not errors:
        raise ApplicationError("need.unchanged", _("Nothing was changed."))
    kind = _kind(before, diff)
    closed = before["status"] in CLOSED and after["status"] == before["status"]
    if closed and diff:
        errors["status"] = _("The need is closed: reopen it (status “refined”) to edit it.")
    if kind == NeedChangeKind.CHANGE and not reason:
        if after["status"] == NeedStatus.DECLINED:
            errors["reason"] = _("Say why the need is declined.")
        else:
            errors["reason"] = _("Say why the need changes.")
    if len(reason) > 300:
        errors["reason"] = _("At most {count} characters.").format(count=300)
    if errors:
        raise _invalid(errors)
    return kind


@transaction.atomic
def need_update(*, need: Need, by, version: int, values: dict, reason: str = "") -> Need:
    """Refine or change a need (see the module docstring); `values` holds the edited fields."""
    reason = (reason or "").strip()
    need = Need.objects.select_for_update().get(pk=need.pk)
    if version != need.version:
        raise ApplicationError(
            "need.stale",
            _("Someone else changed this need meanwhile; reload it and edit again."),
            fields={"version": _("Reload the need: it has changed.")},
            status=409,
        )
    errors: dict = {}
    before = need_snapshot(need)
    after, strategies = _edited(before, values, errors)
    diff = {k: [before[k], after[k]] for k in EDITABLE if before[k] != after[k]}
    kind = _check_edit(before, after, diff, reason, errors)
    if kind == NeedChangeKind.REFINE and need.status == NeedStatus.REGISTERED:
        after["status"] = NeedStatus.REFINED
        diff["status"] = [before["status"], after["status"]]
    for name in ("title", "description", "category", "priority", "status"):
        setattr(need, name, after[name])
    need.version += 1
    need.save(update_fields=[*EDITABLE[:-1], "version", "updated_at"])
    if strategies is not None and "strategies" in diff:
        need.strategies.set(strategies)
    NeedChange.objects.create(need=need, kind=kind, changes=diff, reason=reason, changed_by=by)
    audit_record(actor=by, action=f"need.{kind}", obj=need, changes=diff)
    return need


@transaction.atomic
def needs_mark_planned(*, needs, by, plan=None) -> int:
    """Needs a plan now links (registered or refined) become "in a plan"; returns how many."""
    moved = 0
    for need in Need.objects.select_for_update().filter(
        pk__in=[n.pk for n in needs], status__in=[NeedStatus.REGISTERED, NeedStatus.REFINED]
    ):
        diff = {"status": [need.status, NeedStatus.PLANNED]}
        need.status = NeedStatus.PLANNED
        need.version += 1
        need.save(update_fields=["status", "version", "updated_at"])
        reason = _("Linked by plan {plan}.").format(plan=plan) if plan is not None else ""
        NeedChange.objects.create(
            need=need, kind=NeedChangeKind.CHANGE, changes=diff, reason=reason[:300], changed_by=by
        )
        audit_record(actor=by, action="need.change", obj=need, changes=diff)
        moved += 1
    return moved
