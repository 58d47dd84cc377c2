"""Reads of base data. Base data is visible to every logged-in user; writes need permissions."""

import time

from django.db.models import Q, QuerySet

from kefu.catalog.choices import RegionLevel
from kefu.catalog.models import ProductModel, Region


def region_list(
    *, user, q: str = "", level: int | None = None, parent: str = ""
) -> QuerySet[Region]:
    if not user.is_authenticated:
        return Region.objects.none()
    regions = Region.objects.filter(is_active=True)
    if q:
        regions = regions.filter(Q(name__contains=q) | Q(full_name__contains=q) | Q(code=q))
    if level:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent_id=parent)
    return regions


_REGION_FIELDS = [
    "code",
    "name",
    "level",
    "parent_id",
    "full_name",
    "longitude",
    "latitude",
    "is_active",
]
_regions: dict = {"at": -1.0, "rows": {}}
REGIONS_TTL = 60.0  # seconds a process trusts its copy; edits also clear it (catalog.apps)


def _region_rows() -> dict[str, dict]:
    """All regions by code, held per process: an import looks up thousands of them."""
    if time.monotonic() - _regions["at"] > REGIONS_TTL:
        _regions["rows"] = {r["code"]: r for r in Region.objects.values(*_REGION_FIELDS)}
        _regions["provinces"] = sorted(
            (code, row["name"])
            for code, row in _regions["rows"].items()
            if row["level"] == RegionLevel.PROVINCE and row["is_active"]
        )
        _regions["at"] = time.monotonic()
    return _regions["rows"]


def regions_forget() -> None:
    _regions["at"] = -1.0


def province_choices() -> list[tuple[str, str]]:
    """(code, name) of every province, from the per-process copy of the regions."""
    _region_rows()
    return _regions["provinces"]


def region_full_name(code: str | None) -> str:
    """北京市海淀区 for 110108, from the per-process copy (no join needed in list queries)."""
    row = _region_rows().get(code or "")
    return row["full_name"] if row else ""


def region_get(code: str) -> Region | None:
    row = _region_rows().get((code or "").strip())
    return Region(**row) if row is not None else None


def product_model_list(
    *, user, q: str = "", product_type: int | None = None
) -> QuerySet[ProductModel]:
    if not user.is_authenticated:
        return ProductModel.objects.none()
    models = ProductModel.objects.select_related("product_type").filter(is_active=True)
    if q:
        models = models.filter(Q(name__contains=q) | Q(code__icontains=q))
    if product_type:
        models = models.filter(product_type_id=product_type)
    return models
