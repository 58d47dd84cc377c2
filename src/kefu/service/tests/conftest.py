"""Fixtures the service tests share: a customer of branch A, her fridge, a repair of hers.

A test module may define its own fixture of the same name (test_sla's repair, test_views_misc's
zhang): the module's wins.
"""

import datetime

import pytest
from django.utils import timezone

from kefu.customers.services import asset_register
from kefu.customers.tests.factories import make_customer
from kefu.service.tests.factories import make_ticket


@pytest.fixture
def zhang(users):
    return make_customer(
        by=users["agent1"], name="张三", mobile="13800138000", address="北京市海淀区中关村大街1号"
    )


@pytest.fixture
def fridge(zhang, users):
    from kefu.catalog.models import ProductModel, ProductType

    kind = ProductType.objects.create(code="FRIDGE", name="冰箱")
    model = ProductModel.objects.create(
        product_type=kind, code="BCD-520", name="对开门冰箱", warranty_months=36
    )
    bought = timezone.localdate() - datetime.timedelta(days=200)
    return asset_register(
        customer=zhang,
        product_model=model,
        serial_number="SN520001",
        purchase_date=bought,
        by=users["agent1"],
    )


@pytest.fixture
def repair(users, zhang):
    return make_ticket(by=users["agent1"], customer=zhang, subject="海淀冰箱不制冷")
