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
def fridge_faults(fridge, users):
    """The fault taxonomy of the fridge's product type, {code: entry}: 制冷故障 (F1) → 不制冷 (P1)
    → 制冷剂泄漏 (C1: M1, M2) / 温控器损坏 (C2: M3); 冷藏室结冰 (P2) → C3: M4; 噪音故障 (F2) → P3 →
    C4: M5 (see catalog/tests/factories.py)."""
    from kefu.catalog.tests.factories import make_fault_tree

    return make_fault_tree(product_type=fridge.product_model.product_type, by=users["admin"])


@pytest.fixture
def complaint_causes(users):
    """Complaint root causes, {code: entry}: 服务态度 (attitude) → 言语不当 (attitude_words),
    推诿敷衍; 上门不准时 (late); 维修质量 (quality) → 同一故障复修; 收费争议 (fee)."""
    from kefu.catalog.tests.dictionary_factories import make_complaint_causes

    return make_complaint_causes(by=users["admin"])


@pytest.fixture
def feedback_categories(users):
    """Feedback categories, {code: entry}: 产品改进 (product) → 说明书; 服务改进; 新需求 (need)."""
    from kefu.catalog.tests.dictionary_factories import make_feedback_categories

    return make_feedback_categories(by=users["admin"])


@pytest.fixture
def repair(users, zhang):
    return make_ticket(by=users["agent1"], customer=zhang, subject="海淀冰箱不制冷")
