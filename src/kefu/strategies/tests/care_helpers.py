"""Builders for the care tests: products with a maintenance interval, installed products,
people with birthdays, company contacts (all through the services, like every writer)."""

import itertools
from datetime import date

from kefu.catalog.models import ProductModel, ProductType
from kefu.customers.services import asset_register, contact_link
from kefu.customers.tests.factories import make_customer

_seq = itertools.count(1)


def product(*, interval: int | None = 90, code: str = "") -> ProductModel:
    n = next(_seq)
    kind, _created = ProductType.objects.get_or_create(code="CARE-AC", defaults={"name": "空调"})
    return ProductModel.objects.create(
        product_type=kind,
        code=code or f"KFR-{n}",
        name=f"挂机{n}",
        maintenance_interval_days=interval,
    )


def installed(*, by, customer=None, model=None, purchased: date | None = None):
    customer = customer or make_customer(by=by, name=f"保养客户{next(_seq)}")
    return asset_register(
        customer=customer,
        product_model=model or product(),
        serial_number=f"SN{next(_seq)}",
        purchase_date=purchased,
        by=by,
    )


def person(*, by, name: str, born: date, mobile: str = "", grade: str = "", **fields):
    return make_customer(
        by=by, name=name, birth_date=born, mobile=mobile, grade=grade, kind="person", **fields
    )


def company_contact(*, by, company_name: str, name: str, born: date):
    company = make_customer(by=by, name=company_name, kind="company")
    contact = person(by=by, name=name, born=born)
    contact_link(company=company, person=contact, title="采购经理", by=by)
    return company, contact
