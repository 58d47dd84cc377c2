"""The rows customers point to: districts (catalog_region), org units, product types and models.

Org units and products are created when missing (org units through the accounts service); the
districts are the real ones the catalog migration loads.
"""

from dataclasses import dataclass

from bench import names

HQ = ("BENCH-HQ", "总部")
# Branch centres and the provinces (first two digits of the region code) each one serves.
BRANCHES = (
    ("BENCH-N", "华北分中心", "11 12 13 14 15 21 22 23"),
    ("BENCH-E", "华东分中心", "31 32 33 34 35 36 37"),
    ("BENCH-C", "华中分中心", "41 42 43"),
    ("BENCH-S", "华南分中心", "44 45 46"),
    ("BENCH-SW", "西南分中心", "50 51 52 53 54"),
    ("BENCH-NW", "西北分中心", "61 62 63 64 65"),
)


@dataclass
class BaseData:
    districts: list[tuple[str, str]]  # (region code, province prefix)
    org_units: dict[str, int]  # province prefix → branch id
    hq_id: int
    models: list[tuple[int, int, str]]  # (product model id, warranty months, type code)

    def org_unit_for(self, province: str) -> int:
        return self.org_units.get(province, self.hq_id)


def _org_units() -> tuple[int, dict[str, int]]:
    from kefu.accounts.models import OrgUnit
    from kefu.accounts.services import org_unit_create

    hq = OrgUnit.objects.filter(code=HQ[0]).first() or org_unit_create(
        name=HQ[1], code=HQ[0], kind="hq"
    )
    by_province = {}
    for code, name, provinces in BRANCHES:
        unit = OrgUnit.objects.filter(code=code).first() or org_unit_create(
            name=name, code=code, kind="branch", parent=hq
        )
        by_province.update(dict.fromkeys(provinces.split(), unit.pk))
    return hq.pk, by_province


def _product_models() -> list[tuple[int, int, str]]:
    from kefu.catalog.models import ProductModel, ProductType

    types = {
        code: ProductType.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in names.PRODUCT_TYPES
    }
    found = []
    for type_code, code, name, months in names.PRODUCT_MODELS:
        model = ProductModel.objects.get_or_create(
            code=code,
            defaults={"product_type": types[type_code], "name": name, "warranty_months": months},
        )[0]
        found.append((model.pk, model.warranty_months, type_code))
    return found


def base_data() -> BaseData:
    from kefu.catalog.models import Region

    districts = [
        (code, code[:2])
        for code in Region.objects.filter(level=3, is_active=True)
        .order_by("code")
        .values_list("code", flat=True)
    ]
    if not districts:
        raise SystemExit("bench: no districts in catalog_region; did the migrations run?")
    hq_id, org_units = _org_units()
    return BaseData(districts=districts, org_units=org_units, hq_id=hq_id, models=_product_models())
