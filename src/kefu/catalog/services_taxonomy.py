"""Writes of the fault taxonomy: product type → fault type → phenomenon → cause → measure.

Every entry sits one level below its parent (a fault type has none) and belongs to its parent's
product type; a code is unique per product type and level. An entry is never deleted: repair
tickets keep pointing at it, so it is deactivated (with everything below it) and can be
reactivated.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductType
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record

NAME_MAX, CODE_MAX = 100, 30


def _invalid(fields: dict) -> ApplicationError:
    return ApplicationError(
        "fault.invalid", _("The taxonomy entry has errors; nothing was saved."), fields=fields
    )


def _clean_text(name: str, code: str, errors: dict) -> tuple[str, str]:
    name, code = (name or "").strip(), (code or "").strip()
    if not name:
        errors["name"] = _("Enter a name.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("At most {count} characters.").format(count=NAME_MAX)
    if not code:
        errors["code"] = _("Enter a code.")
    elif len(code) > CODE_MAX:
        errors["code"] = _("At most {count} characters.").format(count=CODE_MAX)
    return name, code


def _check_code(*, product_type_id, level, code, exclude_pk, errors: dict) -> None:
    if "code" in errors or product_type_id is None or level is None:
        return
    taken = FaultNode.objects.filter(product_type_id=product_type_id, level=level, code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        errors["code"] = _("This code is already used at this level of the product type.")


def _placement(*, parent, product_type, level, errors: dict):
    """(product type, level) of a new entry under `parent`, or errors naming the field."""
    if parent is None:
        if level not in (None, FaultLevel.FAULT_TYPE):
            errors["parent"] = _("Only a fault type has no parent entry.")
        if product_type is None:
            errors["product_type"] = _("Choose a product type.")
        elif not product_type.is_active:
            errors["product_type"] = _("This product type is not active.")
        return product_type, FaultLevel.FAULT_TYPE
    if parent.level >= FaultLevel.MEASURE:
        errors["parent"] = _("A repair measure has no entries below it.")
        return parent.product_type, None
    if not parent.is_active:
        errors["parent"] = _("The parent entry is deactivated.")
    if level is not None and level != parent.level + 1:
        errors["level"] = _("The level must be the one below the parent entry's level.")
    if product_type is not None and product_type.pk != parent.product_type_id:
        errors["product_type"] = _("An entry belongs to its parent entry's product type.")
    return parent.product_type, FaultLevel(parent.level + 1)


def _save(node: FaultNode, **kwargs) -> None:
    """Save; a code taken meanwhile by a concurrent request is the same clear error."""
    try:
        with transaction.atomic():
            node.save(**kwargs)
    except IntegrityError as error:
        raise _invalid(
            {"code": _("This code is already used at this level of the product type.")}
        ) from error


@transaction.atomic
def fault_node_create(
    *,
    by,
    name: str,
    code: str,
    parent: FaultNode | None = None,
    product_type: ProductType | None = None,
    level: int | None = None,
    sort: int = 0,
) -> FaultNode:
    """A new entry: a fault type of `product_type`, or an entry one level below `parent`."""
    errors: dict[str, str] = {}
    name, code = _clean_text(name, code, errors)
    kind, level = _placement(parent=parent, product_type=product_type, level=level, errors=errors)
    _check_code(
        product_type_id=kind.pk if kind else None,
        level=level,
        code=code,
        exclude_pk=None,
        errors=errors,
    )
    if errors:
        raise _invalid(errors)
    node = FaultNode(
        product_type=kind, parent=parent, level=level, code=code, name=name, sort=max(sort, 0)
    )
    _save(node)
    audit_record(
        actor=by,
        action="fault_node.create",
        obj=node,
        changes={"product_type": kind.code, "level": int(level), "code": code, "name": name},
    )
    return node


@transaction.atomic
def fault_node_update(*, node: FaultNode, by, name: str, code: str, sort: int = 0) -> FaultNode:
    """Rename or recode an entry; its place in the tree does not change here (see move)."""
    errors: dict[str, str] = {}
    name, code = _clean_text(name, code, errors)
    _check_code(
        product_type_id=node.product_type_id,
        level=node.level,
        code=code,
        exclude_pk=node.pk,
        errors=errors,
    )
    if errors:
        raise _invalid(errors)
    before = {"name": node.name, "code": node.code, "sort": node.sort}
    node.name, node.code, node.sort = name, code, max(sort, 0)
    after = {"name": node.name, "code": node.code, "sort": node.sort}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if not changes:
        return node
    _save(node, update_fields=["name", "code", "sort", "updated_at"])
    audit_record(actor=by, action="fault_node.update", obj=node, changes=changes)
    return node


@transaction.atomic
def fault_node_move(*, node: FaultNode, parent: FaultNode | None, by) -> FaultNode:
    """Hang an entry under another parent of the level above, in the same product type."""
    errors: dict[str, str] = {}
    if node.level == FaultLevel.FAULT_TYPE:
        errors["parent"] = _("A fault type has no parent entry.")
    elif parent is None:
        errors["parent"] = _("Choose the new parent entry.")
    elif parent.level != node.level - 1:
        errors["parent"] = _("The parent entry must be one level above this entry.")
    elif parent.product_type_id != node.product_type_id:
        errors["parent"] = _("An entry belongs to its parent entry's product type.")
    elif not parent.is_active:
        errors["parent"] = _("The parent entry is deactivated.")
    if errors:
        raise _invalid(errors)
    if parent.pk == node.parent_id:
        return node
    before = node.parent.name if node.parent_id else ""
    node.parent = parent
    node.save(update_fields=["parent", "updated_at"])
    audit_record(
        actor=by, action="fault_node.move", obj=node, changes={"parent": [before, parent.name]}
    )
    return node


def _subtree_ids(node: FaultNode) -> list[int]:
    """The entry and every entry below it (at most three levels: one query per level)."""
    ids, level = [node.pk], [node.pk]
    while level:
        level = list(FaultNode.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids += level
    return ids


@transaction.atomic
def fault_node_deactivate(*, node: FaultNode, by) -> int:
    """Hide the entry and everything below it from new tickets; tickets that used them keep
    them. Returns how many entries were deactivated."""
    ids = _subtree_ids(node)
    count = FaultNode.objects.filter(pk__in=ids, is_active=True).update(is_active=False)
    node.is_active = False
    audit_record(actor=by, action="fault_node.deactivate", obj=node, changes={"deactivated": count})
    return count


@transaction.atomic
def fault_node_activate(*, node: FaultNode, by) -> FaultNode:
    """Offer a deactivated entry again (the entries below it stay as they are)."""
    if node.parent_id and not node.parent.is_active:
        raise _invalid({"parent": _("Reactivate the parent entry first.")})
    if node.is_active:
        return node
    node.is_active = True
    node.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=by, action="fault_node.activate", obj=node, changes={"active": True})
    return node
