"""The admin-editable code lists (`DictItem`): tree reads and the writes on an entry.

Some lists are trees (complaint categories, root causes, feedback categories: 服务态度 → 言语不当),
others flat (evaluation items). An entry other rows refer to is deactivated, never deleted, so
old tickets keep their category; a deactivated entry is no longer offered in forms.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record

# The lists whose entries nest; every other list is flat.
TREE_KINDS = {DictKind.COMPLAINT_CATEGORY, DictKind.COMPLAINT_CAUSE, DictKind.FEEDBACK_CATEGORY}
SEPARATOR = " / "
MAX_DEPTH = 5


@dataclass
class TreeRow:
    item: DictItem
    depth: int
    path: str  # 服务问题 / 上门不准时
    active: bool  # the entry and all its ancestors are active


def dict_tree(kind: str, *, active_only: bool = False) -> list[TreeRow]:
    """The entries of a list depth-first, each under its parent, in (order, code) order."""
    items = list(DictItem.objects.filter(kind=kind).order_by("sort", "code"))
    children: dict[int | None, list[DictItem]] = {}
    known = {item.pk for item in items}
    for item in items:
        parent = item.parent_id if item.parent_id in known else None
        children.setdefault(parent, []).append(item)
    rows: list[TreeRow] = []

    def walk(parent_id, depth: int, prefix: str, active: bool) -> None:
        for item in children.get(parent_id, []):
            path = f"{prefix}{SEPARATOR}{item.name}" if prefix else item.name
            alive = active and item.is_active
            if alive or not active_only:
                rows.append(TreeRow(item, depth, path, alive))
                walk(item.pk, depth + 1, path, alive)

    walk(None, 0, "", True)
    return rows


def dict_choices(kind: str) -> list[tuple[int, str]]:
    """(id, "服务问题 / 上门不准时") of the active entries, for a select showing the hierarchy."""
    return [(row.item.pk, row.path) for row in dict_tree(kind, active_only=True)]


def dict_path(item: DictItem | None) -> str:
    """The entry's name under its ancestors' (服务问题 / 上门不准时); empty for None."""
    names, seen = [], set()
    while item is not None and item.pk not in seen and len(names) < MAX_DEPTH + 1:
        seen.add(item.pk)
        names.append(item.name)
        item = item.parent
    return SEPARATOR.join(reversed(names))


def dict_item_active(kind: str, pk) -> DictItem | None:
    """The active entry `pk` of the list `kind`, or None (for any input that is no such id)."""
    if pk in (None, "") or isinstance(pk, bool):
        return None
    try:
        return DictItem.objects.filter(kind=kind, is_active=True, pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def dict_item_in_use(item: DictItem) -> bool:
    """Whether any row (a ticket, a customer, a child entry …) refers to the entry."""
    for relation in DictItem._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation and not relation.concrete):
            continue  # only the reverse side of a foreign key or many-to-many to DictItem
        manager = relation.related_model._base_manager
        if manager.filter(**{relation.field.name: item}).exists():
            return True
    return False


def _invalid(errors: dict) -> ApplicationError:
    return ApplicationError(
        "dictionary.invalid", _("The entry has errors; nothing was saved."), fields=errors
    )


def _check(*, kind: str, code: str, name: str, parent, item: DictItem | None) -> dict:
    errors = {}
    if not code:
        errors["code"] = _("Enter a code.")
    elif len(code) > 40:
        errors["code"] = _("At most {count} characters.").format(count=40)
    elif (
        DictItem.objects.filter(kind=kind, code=code).exclude(pk=getattr(item, "pk", None)).exists()
    ):
        errors["code"] = _("Another entry of this list already has the code “{code}”.").format(
            code=code
        )
    if not name:
        errors["name"] = _("Enter a name.")
    elif len(name) > 100:
        errors["name"] = _("At most {count} characters.").format(count=100)
    if parent is not None:
        errors |= _check_parent(kind=kind, parent=parent, item=item)
    return errors


def _check_parent(*, kind: str, parent: DictItem, item: DictItem | None) -> dict:
    if kind not in TREE_KINDS:
        return {"parent": _("The entries of this list do not nest.")}
    if parent.kind != kind:
        return {"parent": _("The parent entry belongs to another list.")}
    depth, node = 0, parent
    while node is not None:
        if item is not None and node.pk == item.pk:
            return {"parent": _("An entry cannot be placed under itself or its own entries.")}
        depth, node = depth + 1, node.parent
    if depth >= MAX_DEPTH:
        return {"parent": _("At most {count} levels.").format(count=MAX_DEPTH)}
    return {}


@transaction.atomic
def dict_item_create(
    *, kind: str, code: str, name: str, by, parent: DictItem | None = None, sort: int = 0
) -> DictItem:
    """Add an entry to the list `kind` (under `parent`, for a tree list)."""
    if kind not in DictKind.values:
        raise _invalid({"kind": _("No such list.")})
    code, name = (code or "").strip(), (name or "").strip()
    errors = _check(kind=kind, code=code, name=name, parent=parent, item=None)
    if sort is None or sort < 0:
        errors["sort"] = _("Enter a number of 0 or more.")
    if errors:
        raise _invalid(errors)
    item = DictItem.objects.create(kind=kind, code=code, name=name, parent=parent, sort=sort)
    audit_record(
        actor=by,
        action="dictionary.create",
        obj=item,
        changes={"kind": kind, "code": code, "name": name, "parent": getattr(parent, "pk", None)},
    )
    return item


@transaction.atomic
def dict_item_update(
    *, item: DictItem, code: str, name: str, by, parent: DictItem | None = None, sort: int = 0
) -> DictItem:
    """Rename, recode, reorder or move an entry within its list."""
    code, name = (code or "").strip(), (name or "").strip()
    errors = _check(kind=item.kind, code=code, name=name, parent=parent, item=item)
    if sort is None or sort < 0:
        errors["sort"] = _("Enter a number of 0 or more.")
    if errors:
        raise _invalid(errors)
    fields = ["code", "name", "parent_id", "sort"]
    before = {f: getattr(item, f) for f in fields}
    item.code, item.name, item.parent, item.sort = code, name, parent, sort
    item.save(update_fields=["code", "name", "parent", "sort", "updated_at"])
    changes = {f: [before[f], getattr(item, f)] for f in fields if before[f] != getattr(item, f)}
    if changes:
        audit_record(actor=by, action="dictionary.update", obj=item, changes=changes)
    return item


def _descendant_ids(item: DictItem) -> list[int]:
    ids, level = [], [item.pk]
    for _depth in range(MAX_DEPTH + 1):
        level = list(DictItem.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        if not level:
            break
        ids += level
    return ids


@transaction.atomic
def dict_item_deactivate(*, item: DictItem, by) -> int:
    """No longer offer the entry (and the entries under it); rows that use it keep it.
    Returns how many entries were deactivated."""
    ids = [item.pk, *_descendant_ids(item)]
    count = DictItem.objects.filter(pk__in=ids, is_active=True).update(is_active=False)
    item.is_active = False
    audit_record(
        actor=by, action="dictionary.deactivate", obj=item, changes={"entries": sorted(ids)}
    )
    return count


@transaction.atomic
def dict_item_reactivate(*, item: DictItem, by) -> DictItem:
    """Offer a deactivated entry again (its parent must be active)."""
    if item.parent_id is not None and not item.parent.is_active:
        raise ApplicationError(
            "dictionary.parent_inactive",
            _("Reactivate the parent entry first."),
            fields={"parent": _("Reactivate the parent entry first.")},
        )
    item.is_active = True
    item.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=by, action="dictionary.reactivate", obj=item)
    return item


@transaction.atomic
def dict_item_delete(*, item: DictItem, by) -> None:
    """Delete an entry nothing refers to; an entry in use is refused (deactivate it instead)."""
    if dict_item_in_use(item):
        raise _in_use(item)
    audit_record(
        actor=by,
        action="dictionary.delete",
        obj=item,
        changes={"kind": item.kind, "code": item.code, "name": item.name},
    )
    try:
        with transaction.atomic():
            item.delete()
    except (ProtectedError, IntegrityError) as exc:  # referred to since the check
        raise _in_use(item) from exc


def _in_use(item: DictItem) -> ApplicationError:
    return ApplicationError(
        "dictionary.in_use", _("“{name}” is in use; it can only be deactivated."), name=item.name
    )
