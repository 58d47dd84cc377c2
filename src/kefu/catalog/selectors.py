"""Reads of base data. Base data is visible to every logged-in user; writes need permissions."""

from django.db.models import Q, QuerySet

from kefu.catalog.models import DictItem, ProductModel, Region


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


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def district_by_names(province: str, city: str, district: str) -> Region | None:
    """The most precise region matching parsed address parts (district, city, province)."""
    for name in (district, city, province):
        if not name:
            continue
        candidates = Region.objects.filter(name=name)
        if province and name != province:
            candidates = candidates.filter(full_name__startswith=province)
        match = candidates.order_by("-level").first()
        if match is not None:
            return match
    return None


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


def dict_items(kind: str) -> QuerySet[DictItem]:
    return DictItem.objects.filter(kind=kind, is_active=True)
