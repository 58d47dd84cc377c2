"""API of the fault taxonomy: /api/v1/fault-taxonomy — list, tree, CRUD, deactivate.

The taxonomy is base data: every caller with catalog.view_faultnode reads all of it; writes need
catalog.add_faultnode (create) or catalog.change_faultnode (edit, move, deactivate).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from kefu.catalog import services_taxonomy as services
from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductType
from kefu.catalog.selectors_taxonomy import fault_node_get, fault_node_list, fault_tree
from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.core.errors import ApplicationError

router = Router(tags=["fault taxonomy"])

VIEW, ADD, CHANGE = "catalog.view_faultnode", "catalog.add_faultnode", "catalog.change_faultnode"


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class FaultNodeOut(Schema):
    id: int
    product_type_id: int
    product_type: str
    level: int
    level_name: str
    parent_id: int | None
    code: str
    name: str
    sort: int
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_product_type(obj) -> str:
        return obj.product_type.name

    @staticmethod
    def resolve_level_name(obj) -> str:
        return str(FaultLevel(obj.level).label)


class FaultTreeOut(Schema):
    id: int
    level: int
    code: str
    name: str
    is_active: bool
    children: list["FaultTreeOut"]


FaultTreeOut.model_rebuild()


class FaultFilters(InputSchema):
    product_type: Id | None = None
    level: int | None = Field(None, ge=1, le=4, description="1 fault type … 4 repair measure")
    parent: Id | None = None
    include_inactive: bool = False
    q: str = Field("", max_length=100)


class TreeQuery(InputSchema):
    product_type: Id
    include_inactive: bool = False


class FaultNodeIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    product_type_id: Id | None = Field(None, description="required for a fault type")
    parent_id: Id | None = Field(None, description="the entry one level above; none: a fault type")
    level: int | None = Field(None, ge=1, le=4, description="checked against the parent's level")
    code: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=100)
    sort: int = Field(0, ge=0, le=1_000_000)


class FaultNodeUpdateIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=100)
    sort: int = Field(0, ge=0, le=1_000_000)
    parent_id: Id | None = Field(None, description="a new parent of the level above (a move)")


def _invalid(field: str) -> ApplicationError:
    return ApplicationError(
        "fault.invalid",
        _("The taxonomy entry has errors; nothing was saved."),
        fields={field: _("Choose one of the listed values.")},
    )


def _product_type(pk: int | None) -> ProductType | None:
    if pk is None:
        return None
    found = ProductType.objects.filter(pk=pk).first()
    if found is None:
        raise _invalid("product_type_id")
    return found


def _parent(pk: int | None) -> FaultNode | None:
    if pk is None:
        return None
    found = FaultNode.objects.select_related("product_type").filter(pk=pk).first()
    if found is None:
        raise _invalid("parent_id")
    return found


def _tree(nodes) -> list[dict]:
    return [
        {
            "id": t.node.pk,
            "level": t.node.level,
            "code": t.node.code,
            "name": t.node.name,
            "is_active": t.node.is_active,
            "children": _tree(t.children),
        }
        for t in nodes
    ]


@router.get("", response={200: list[FaultNodeOut], **errors(403, 422)})
@paginate
def list_fault_nodes(request, filters: Query[FaultFilters]):
    """Entries of the taxonomy, by product type, level, then order; active ones unless asked."""
    _require(request, VIEW)
    values = filters.model_dump()
    active = None if values.pop("include_inactive") else True
    return fault_node_list(user=request.user, active=active, **values)


@router.get("/tree", response={200: list[FaultTreeOut], **errors(403, 422)})
def read_fault_tree(request, query: Query[TreeQuery]):
    """The taxonomy of one product type, nested: fault type → phenomenon → cause → measure."""
    _require(request, VIEW)
    active = None if query.include_inactive else True
    return _tree(fault_tree(user=request.user, product_type_id=query.product_type, active=active))


@router.post("", response={201: FaultNodeOut, **errors(400, 403, 422)})
def create_fault_node(request, payload: FaultNodeIn):
    """A fault type (give `product_type_id`) or an entry under `parent_id`."""
    _require(request, ADD)
    node = services.fault_node_create(
        by=request.user,
        name=payload.name,
        code=payload.code,
        parent=_parent(payload.parent_id),
        product_type=_product_type(payload.product_type_id),
        level=payload.level,
        sort=payload.sort,
    )
    return Status(201, fault_node_get(user=request.user, pk=node.pk))


@router.get("/{node_id}", response={200: FaultNodeOut, **errors(403, 404, 422)})
def read_fault_node(request, node_id: int):
    _require(request, VIEW)
    return fault_node_get(user=request.user, pk=node_id)


@router.put("/{node_id}", response={200: FaultNodeOut, **errors(400, 403, 404, 422)})
def update_fault_node(request, node_id: int, payload: FaultNodeUpdateIn):
    """Rename or recode an entry; `parent_id` moves it under another entry of the level above."""
    _require(request, CHANGE)
    node = fault_node_get(user=request.user, pk=node_id)
    parent = _parent(payload.parent_id)
    with transaction.atomic():  # a refused move leaves the new name unsaved too
        services.fault_node_update(
            node=node, by=request.user, name=payload.name, code=payload.code, sort=payload.sort
        )
        if parent is not None and parent.pk != node.parent_id:
            services.fault_node_move(node=node, parent=parent, by=request.user)
    return fault_node_get(user=request.user, pk=node.pk)


@router.post("/{node_id}/deactivate", response={200: FaultNodeOut, **errors(403, 404, 422)})
def deactivate_fault_node(request, node_id: int):
    """Hide the entry and everything below it from new tickets; tickets keep what they used."""
    _require(request, CHANGE)
    node = fault_node_get(user=request.user, pk=node_id)
    services.fault_node_deactivate(node=node, by=request.user)
    return fault_node_get(user=request.user, pk=node.pk)


@router.post("/{node_id}/activate", response={200: FaultNodeOut, **errors(400, 403, 404, 422)})
def activate_fault_node(request, node_id: int):
    _require(request, CHANGE)
    node = fault_node_get(user=request.user, pk=node_id)
    services.fault_node_activate(node=node, by=request.user)
    return fault_node_get(user=request.user, pk=node.pk)
