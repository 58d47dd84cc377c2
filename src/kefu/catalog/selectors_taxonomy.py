"""Reads of the fault taxonomy. It is base data: every logged-in user may read it.

`fault_choices` gives the grouped options of the repair forms (phenomena under their fault type,
causes under their phenomenon, measures under their cause), so a form shows where each entry sits.
Ticket counts come from the service app through the `fault_usage` hook (this app cannot import
it).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductType


def fault_node_list(
    *,
    user,
    product_type: int | None = None,
    level: int | None = None,
    parent: int | None = None,
    active: bool | None = True,
    q: str = "",
) -> QuerySet[FaultNode]:
    if not user.is_authenticated:
        return FaultNode.objects.none()
    nodes = FaultNode.objects.select_related("product_type", "parent")
    if product_type:
        nodes = nodes.filter(product_type_id=product_type)
    if level:
        nodes = nodes.filter(level=level)
    if parent:
        nodes = nodes.filter(parent_id=parent)
    if active is not None:
        nodes = nodes.filter(is_active=active)
    if q:
        nodes = nodes.filter(name__contains=q.strip())
    return nodes.order_by("product_type_id", "level", "sort", "code", "pk")


def fault_node_get(*, user, pk: int) -> FaultNode:
    node = fault_node_list(user=user, active=None).filter(pk=pk).first()
    if node is None:
        raise Http404
    return node


def product_type_list() -> QuerySet[ProductType]:
    return ProductType.objects.filter(is_active=True).order_by("code")


@dataclass
class TreeNode:
    node: FaultNode
    children: list["TreeNode"] = field(default_factory=list)
    count: int = 0  # tickets that used the entry (filled by the page from the usage hook)

    @property
    def pk(self) -> int:
        return self.node.pk


def fault_tree(*, user, product_type_id: int, active: bool | None = None) -> list[TreeNode]:
    """The taxonomy of one product type as nested nodes, from one query."""
    nodes = list(fault_node_list(user=user, product_type=product_type_id, active=active))
    by_pk = {n.pk: TreeNode(n) for n in nodes}
    roots = []
    for tree_node in by_pk.values():
        parent = by_pk.get(tree_node.node.parent_id)
        if tree_node.node.parent_id is None:
            roots.append(tree_node)
        elif parent is not None:
            parent.children.append(tree_node)
    return roots


def fault_choices(
    *, level: int, product_type_id: int | None = None, parent_id: int | None = None
) -> list[tuple]:
    """Active entries of `level` as select options grouped by their parent:
    [(parent name, [(pk, name), ...]), ...]; fault types (no parent) come ungrouped."""
    nodes = FaultNode.objects.filter(level=level, is_active=True).select_related("parent")
    if product_type_id:
        nodes = nodes.filter(product_type_id=product_type_id)
    if parent_id:
        nodes = nodes.filter(parent_id=parent_id)
    nodes = nodes.order_by("parent__sort", "parent__code", "parent_id", "sort", "code")
    if level == FaultLevel.FAULT_TYPE:
        return [(n.pk, n.name) for n in nodes]
    groups: dict[int, tuple[str, list]] = {}
    for node in nodes:
        groups.setdefault(node.parent_id, (node.parent.name, []))[1].append((node.pk, node.name))
    return list(groups.values())


# ---- ticket counts, answered by the service app ---------------------------------------------

_usage_providers: list[Callable] = []


def register_fault_usage_provider(provider: Callable) -> None:
    """`provider(*, user, product_type_id, since, until) -> dict` with "counts" ({node id: number
    of repair tickets the user may see that used it}) and "rows" per level."""
    if provider not in _usage_providers:
        _usage_providers.append(provider)


def fault_usage(*, user, product_type_id: int, since, until) -> dict:
    for provider in _usage_providers:
        return provider(user=user, product_type_id=product_type_id, since=since, until=until)
    return {"counts": {}, "rows": {}}
