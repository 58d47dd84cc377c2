"""API of the code lists: GET /api/v1/dictionary?kind=complaint_cause — the entries of one list,
each with its parent and its path (服务态度 / 言语不当), in tree order. Read only: the lists are
maintained on the base-data pages. Shared base data: every holder of catalog.view_dictitem reads
all of it."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from kefu.catalog.choices import DictKind
from kefu.catalog.dictionary import dict_tree
from kefu.core.api_errors import errors
from kefu.core.api_types import InputSchema
from kefu.core.errors import ApplicationError

router = Router(tags=["dictionary"])


class DictItemOut(Schema):
    id: int
    kind: str
    code: str
    name: str
    path: str
    parent_id: int | None
    depth: int
    sort: int
    is_active: bool


class DictionaryFilters(InputSchema):
    kind: str = Field(description="the list: " + ", ".join(DictKind.values))
    active: bool = Field(True, description="only the entries forms offer (default)")


@router.get("", response={200: list[DictItemOut], **errors(400, 403, 422)})
def list_entries(request, filters: Query[DictionaryFilters]):
    """The entries of one code list, depth-first (each under its parent)."""
    if not request.user.has_perm("catalog.view_dictitem"):
        raise PermissionDenied
    if filters.kind not in DictKind.values:
        raise ApplicationError(
            "dictionary.kind", _("No such list."), fields={"kind": _("No such list.")}
        )
    return [
        {
            "id": row.item.pk,
            "kind": row.item.kind,
            "code": row.item.code,
            "name": row.item.name,
            "path": row.path,
            "parent_id": row.item.parent_id,
            "depth": row.depth,
            "sort": row.item.sort,
            "is_active": row.active,
        }
        for row in dict_tree(filters.kind, active_only=filters.active)
    ]
