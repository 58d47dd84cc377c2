"""Seeding the demo: base data, the org tree, one user per role, customers with their products.

Writes go through each app's services (org units, users, customers, phones, contacts, assets);
base data that has no service yet is bulk-inserted, skipping codes an admin already entered.
Every random choice comes from one `random.Random(SEED)`, so each empty database gets the same
demo. The whole seed is one transaction: it is there completely or not at all.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kefu.accounts.choices import OrgUnitKind
from kefu.accounts.models import OrgUnit, User
from kefu.accounts.roles import GROUP_NAMES
from kefu.accounts.services import org_unit_create, user_create
from kefu.catalog.choices import DictKind
from kefu.catalog.models import Department, DictItem, ProductModel, ProductType, Region, ServiceType
from kefu.catalog.regions import PLACEHOLDERS
from kefu.customers.choices import CustomerKind
from kefu.customers.models import Address, Asset, Contact, Customer, Phone
from kefu.customers.services import (
    asset_register,
    contact_link,
    customer_create,
    customer_phone_add,
)
from kefu.customers.validation import CustomerData
from kefu.demo import content as c
from kefu.demo import generators as gen
from kefu.demo.content import City
from kefu.demo.fault_taxonomy import fault_taxonomy_seed
from kefu.demo.knowledge_data import knowledge_seed
from kefu.demo.service_data import service_counts, service_seed
from kefu.demo.strategies_data import strategies_seed_all
from kefu.demo.templates_data import answer_templates_seed

COMPANIES = 60  # besides the seed document's four
PEOPLE = 184  # besides the seed document's four
ASSET_SHARE = 0.4
CONTACT_SHARE = 0.45
TAG_SHARE = 0.2
FIXED_LINE_SHARE = 0.25  # of individuals
EXTRA_PHONE_SHARE = 0.1
_CITIES = {city.code: city for city in c.CITIES}


def demo_exists() -> bool:
    """The demo only seeds an empty database: any user means it ran, or real data is there."""
    return User.objects.exists()


@transaction.atomic
def demo_seed() -> dict[str, int]:
    """Seed everything; returns what was created, by kind."""
    base_data_seed()
    fault_taxonomy_seed()  # before the service history: repairs use it
    units = org_units_seed()
    users = users_seed(units)
    customers_seed(_Context.build(units=units, users=users))
    service_seed(users)
    templates = answer_templates_seed()
    knowledge = knowledge_seed(users)
    strategies = strategies_seed_all(users)  # after the service history: grading reads it
    return demo_counts() | service_counts() | templates | knowledge | strategies


# ---- base data (no services: plain bulk inserts) ------------------------------------------------


def _missing(model, rows: list) -> list:
    existing = set(model.objects.values_list("code", flat=True))
    return [row for row in rows if row.code not in existing]


def base_data_seed() -> None:
    products_seed()
    services = [ServiceType(code=code, name=name) for code, name in c.SERVICE_TYPES]
    ServiceType.objects.bulk_create(_missing(ServiceType, services))
    departments = [Department(code=code, name=name) for code, name in c.DEPARTMENTS]
    Department.objects.bulk_create(_missing(Department, departments))
    dictionary_seed()


def products_seed() -> None:
    types = [ProductType(code=code, name=name) for code, name, _models in c.PRODUCTS]
    ProductType.objects.bulk_create(_missing(ProductType, types))
    by_code = {t.code: t for t in ProductType.objects.filter(code__in=[t.code for t in types])}
    models = [
        ProductModel(product_type=by_code[type_code], code=code, name=name, warranty_months=months)
        for type_code, _name, type_models in c.PRODUCTS
        for code, name, months in type_models
    ]
    ProductModel.objects.bulk_create(_missing(ProductModel, models))


def dictionary_seed() -> None:
    """Top entries of every list first, then their children (which need the parents' ids)."""
    existing = set(DictItem.objects.values_list("kind", "code"))
    DictItem.objects.bulk_create(
        [
            DictItem(kind=kind, code=code, name=name, sort=10 * (i + 1))
            for kind, entries in c.DICTIONARY.items()
            for i, (code, name, _children) in enumerate(entries)
            if (kind, code) not in existing
        ]
    )
    ids = {
        (kind, code): pk for kind, code, pk in DictItem.objects.values_list("kind", "code", "id")
    }
    DictItem.objects.bulk_create(
        [
            DictItem(kind=kind, code=child, name=name, parent_id=ids[kind, code], sort=10 * (j + 1))
            for kind, entries in c.DICTIONARY.items()
            for code, _name, children in entries
            for j, (child, name) in enumerate(children)
            if (kind, child) not in existing
        ]
    )


# ---- organisation and users ---------------------------------------------------------------------


def org_units_seed() -> dict[str, OrgUnit]:
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[u.code for u in c.ORG_UNITS])}
    for unit in c.ORG_UNITS:
        if unit.code not in units:
            units[unit.code] = org_unit_create(
                name=unit.name,
                code=unit.code,
                kind=unit.kind,
                parent=units.get(unit.parent),
                region_code=unit.region_code,
            )
    return units


def users_seed(units: dict[str, OrgUnit]) -> dict[str, User]:
    return {
        username: user_create(
            username=username,
            password=c.PASSWORD,
            name=name,
            org_unit=units[unit],
            roles=(role,),
            employee_no=f"KF{n:04d}",
        )
        for n, (username, role, name, unit) in enumerate(c.USERS, start=1)
    }


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, role, full name, org unit) of every demo user, for the command to print."""
    units = dict(OrgUnit.objects.values_list("code", "name"))
    return [
        (username, GROUP_NAMES[role], name, units.get(unit, ""))
        for username, role, name, unit in c.USERS
    ]


# ---- customers ----------------------------------------------------------------------------------


@dataclass
class _Context:
    """What the customer seeding functions share: the random source and what was drawn so far."""

    rng: random.Random
    units: dict[str, OrgUnit]
    owners: dict[str, User]  # branch code → the agent owning its customers
    districts: dict[str, list[str]]  # city code → its district codes
    models: list[ProductModel]
    today: datetime.date
    used_phones: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)
    people: dict[str, list[Customer]] = field(default_factory=dict)  # city code → individuals

    @classmethod
    def build(cls, *, units: dict[str, OrgUnit], users: dict[str, User]) -> "_Context":
        owners = {
            user.org_unit.code: user
            for user in users.values()
            if user.org_unit.kind == OrgUnitKind.BRANCH and user.has_role("agent")
        }
        return cls(
            rng=random.Random(c.SEED),
            units=units,
            owners=owners,
            districts=_districts_by_city(),
            models=list(
                ProductModel.objects.select_related("product_type").filter(
                    code__in=[m[0] for p in c.PRODUCTS for m in p[2]]
                )
            ),
            today=timezone.localdate(),
        )

    def city(self, n: int) -> City:
        """Every city once first (so that all provinces appear), then by weight."""
        if n < len(c.CITIES):
            return c.CITIES[n]
        return self.rng.choices(c.CITIES, weights=[city.weight for city in c.CITIES])[0]

    def district(self, city: City) -> str:
        return self.rng.choice(self.districts[city.code])

    def tags(self, choices: tuple[str, ...]) -> list[str]:
        return [self.rng.choice(choices)] if self.rng.random() < TAG_SHARE else []

    def note(self, prefix: str = "") -> str:
        source = self.rng.choice(c.DICTIONARY[DictKind.CUSTOMER_SOURCE])[1]
        return f"{prefix}客户来源：{source}"


def _districts_by_city() -> dict[str, list[str]]:
    """The urban districts (区) of each demo city; its counties only when it has no district."""
    prefixes = {city.code[:4]: city.code for city in c.CITIES}
    urban: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    rows = Region.objects.filter(level=3).exclude(name__in=PLACEHOLDERS).order_by("code")
    for code, name in rows.values_list("code", "name"):
        if code[:4] in prefixes:
            found = urban if name.endswith("区") else other
            found.setdefault(prefixes[code[:4]], []).append(code)
    return {city.code: urban.get(city.code) or other[city.code] for city in c.CITIES}


def customers_seed(ctx: _Context) -> None:
    """Individuals first (companies pick their contacts among them), then companies, then assets."""
    people = [_sample_person_create(ctx, sample) for sample in c.SAMPLE_PEOPLE]
    people += [_person_create(ctx, _person_data(ctx, ctx.city(n))) for n in range(PEOPLE)]
    companies = [_sample_company_create(ctx, sample) for sample in c.SAMPLE_COMPANIES]
    for n in range(COMPANIES):
        city = ctx.city(n)
        companies.append(_company_create(ctx, city, _company_data(ctx, city)))
    for customer in people + companies:
        if ctx.rng.random() < ASSET_SHARE:
            _assets_register(ctx, customer)


def _person_data(ctx: _Context, city: City) -> CustomerData:
    rng = ctx.rng
    sex = gen.gender(rng)
    born = gen.birth_date(rng)
    fixed = gen.fixed_line(rng, city, ctx.used_phones) if rng.random() < FIXED_LINE_SHARE else ""
    return CustomerData(
        kind=CustomerKind.PERSON,
        name=gen.person_name(rng, sex),
        gender=sex,
        birth_date=born,
        occupation=gen.occupation(rng, born),
        hobbies=gen.hobbies(rng),
        mobile=gen.mobile(rng, ctx.used_phones),
        phone=fixed,
        region_code=ctx.district(city),
        address=gen.home_address(rng),
        tags=ctx.tags(c.PERSON_TAGS),
        notes=ctx.note(),
        org_unit_id=ctx.units[city.branch].pk,
    )


def _person_create(ctx: _Context, data: CustomerData) -> Customer:
    city = _CITIES[data.region_code[:4] + "00"]
    person = customer_create(data=data, by=None, owner=ctx.owners.get(city.branch))
    if ctx.rng.random() < EXTRA_PHONE_SHARE:
        customer_phone_add(
            customer=person,
            raw=gen.mobile(ctx.rng, ctx.used_phones),
            label=ctx.rng.choice(c.EXTRA_PHONE_LABELS),
            by=None,
        )
    ctx.people.setdefault(city.code, []).append(person)
    return person


def _sample_person_create(ctx: _Context, sample: tuple[str, str, str, str]) -> Customer:
    data = _person_data(ctx, _CITIES[c.QINHUANGDAO])
    data.name, data.gender, data.occupation, data.hobbies = sample
    data.region_code = c.HAIGANG_DISTRICT
    return _person_create(ctx, data)


def _company_data(ctx: _Context, city: City) -> CustomerData:
    rng = ctx.rng
    name, industry = gen.company(rng, city, ctx.used_names)
    return CustomerData(
        kind=CustomerKind.COMPANY,
        name=name,
        main_business=rng.choice(industry.businesses),
        contact_person=gen.person_name(rng, gen.gender(rng)),
        phone=gen.fixed_line(rng, city, ctx.used_phones),
        mobile=gen.mobile(rng, ctx.used_phones),
        region_code=ctx.district(city),
        address=gen.office_address(rng),
        tags=ctx.tags(c.COMPANY_TAGS),
        notes=ctx.note(f"行业：{industry.name}。"),
        org_unit_id=ctx.units[city.branch].pk,
    )


def _company_create(ctx: _Context, city: City, data: CustomerData) -> Customer:
    """The company and, for some, one to three of the city's individuals as its contacts."""
    contacts = []
    pool = ctx.people.get(city.code, [])
    if pool and ctx.rng.random() < CONTACT_SHARE:
        contacts = ctx.rng.sample(pool, ctx.rng.randint(1, min(3, len(pool))))
        data.contact_person = contacts[0].name
    company = customer_create(data=data, by=None, owner=ctx.owners.get(city.branch))
    for n, person in enumerate(contacts):
        contact_link(
            company=company,
            person=person,
            title=ctx.rng.choice(c.CONTACT_TITLES),
            is_primary=n == 0,
            by=None,
        )
    return company


def _sample_company_create(ctx: _Context, sample: tuple[str, str, str, str, str]) -> Customer:
    name, street, phone, industry_code, business = sample
    city = _CITIES[c.QINHUANGDAO]
    industry = next(i for i in c.INDUSTRIES if i.code == industry_code)
    data = _company_data(ctx, city)
    ctx.used_names.add(name)
    if phone and gen.claim_phone(phone, ctx.used_phones):
        data.phone = phone
    data.name, data.address, data.main_business = name, street, business
    data.region_code = c.HAIGANG_DISTRICT
    data.notes = ctx.note(f"行业：{industry.name}。")
    return _company_create(ctx, city, data)


def _assets_register(ctx: _Context, customer: Customer) -> None:
    for _n in range(ctx.rng.randint(1, 3)):
        model = ctx.rng.choice(ctx.models)
        bought = gen.purchase_date(ctx.rng, ctx.today)
        asset_register(
            customer=customer,
            product_model=model,
            purchase_date=bought,
            by=None,
            serial_number=gen.serial_number(ctx.rng, model.product_type.code, bought),
        )


# ---- summary ------------------------------------------------------------------------------------


def demo_counts() -> dict[str, int]:
    customers = Customer.objects.filter(deleted_at__isnull=True)
    provinces = {code[:2] for code in customers.values_list("region_id", flat=True) if code}
    return {
        "org units": OrgUnit.objects.count(),
        "users": User.objects.count(),
        "product types": ProductType.objects.count(),
        "product models": ProductModel.objects.count(),
        "service types": ServiceType.objects.count(),
        "departments": Department.objects.count(),
        "dictionary entries": DictItem.objects.count(),
        "customers": customers.count(),
        "  companies": customers.filter(kind=CustomerKind.COMPANY).count(),
        "  individuals": customers.filter(kind=CustomerKind.PERSON).count(),
        "  provinces": len(provinces),
        "phones": Phone.objects.count(),
        "addresses": Address.objects.count(),
        "company contacts": Contact.objects.count(),
        "installed products": Asset.objects.count(),
    }
