"""The rules of the fault taxonomy tree: levels, product types, codes, deactivation."""

import pytest

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductType
from kefu.catalog.selectors_taxonomy import fault_choices, fault_tree
from kefu.catalog.services_taxonomy import (
    fault_node_activate,
    fault_node_create,
    fault_node_deactivate,
    fault_node_move,
    fault_node_update,
)
from kefu.catalog.tests.factories import make_fault_tree
from kefu.core.errors import ApplicationError
from kefu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def fridge_type():
    return ProductType.objects.create(code="FRIDGE", name="冰箱")


@pytest.fixture
def washer_type():
    return ProductType.objects.create(code="WASHER", name="洗衣机")


@pytest.fixture
def faults(fridge_type, users):
    return make_fault_tree(product_type=fridge_type, by=users["admin"])


def _refused(fields: set, **kwargs):
    before = FaultNode.objects.count()
    with pytest.raises(ApplicationError) as refused:
        fault_node_create(**kwargs)
    assert refused.value.code == "fault.invalid" and set(refused.value.fields) == fields
    assert FaultNode.objects.count() == before
    return refused.value


def test_each_entry_sits_one_level_below_its_parent_in_its_product_type(faults, fridge_type):
    # then
    assert faults["F1"].level == FaultLevel.FAULT_TYPE and faults["F1"].parent is None
    assert faults["P1"].level == FaultLevel.PHENOMENON and faults["P1"].parent == faults["F1"]
    assert faults["C1"].level == FaultLevel.CAUSE and faults["M1"].level == FaultLevel.MEASURE
    assert {n.product_type_id for n in faults.values()} == {fridge_type.pk}
    assert AuditEvent.objects.filter(action="fault_node.create").count() == len(faults)


def test_the_tree_nests_fault_types_phenomena_causes_and_measures(faults, fridge_type, users):
    # when
    tree = fault_tree(user=users["agent1"], product_type_id=fridge_type.pk)
    # then
    assert [t.node.code for t in tree] == ["F1", "F2"]
    cooling = tree[0]
    assert [p.node.name for p in cooling.children] == ["不制冷", "冷藏室结冰"]
    leak = cooling.children[0].children[0]
    assert leak.node.code == "C1" and [m.node.code for m in leak.children] == ["M1", "M2"]


def test_a_wrong_level_is_refused_and_nothing_is_saved(faults, users):
    _refused({"level"}, by=users["admin"], parent=faults["P1"], level=4, code="X", name="错层")
    _refused({"parent"}, by=users["admin"], parent=faults["M1"], code="X", name="措施下")


def test_a_fault_type_needs_a_product_type_and_no_parent(users, fridge_type):
    _refused({"product_type"}, by=users["admin"], code="F9", name="无类型")
    _refused(
        {"parent"}, by=users["admin"], product_type=fridge_type, level=2, code="P9", name="无父"
    )


def test_an_entry_of_another_product_type_than_its_parent_is_refused(faults, users, washer_type):
    _refused(
        {"product_type"},
        by=users["admin"],
        parent=faults["F1"],
        product_type=washer_type,
        code="P9",
        name="洗衣机的现象",
    )


def test_a_duplicate_code_at_a_level_of_the_product_type_is_refused(faults, users, washer_type):
    # when / then: the code is taken among the fridge's phenomena
    error = _refused({"code"}, by=users["admin"], parent=faults["F2"], code="P1", name="重复")
    assert error.fields.get("code")
    # but free at another level, and in another product type
    fault_node_create(by=users["admin"], parent=faults["P1"], code="P1", name="同码不同层")
    fault_node_create(by=users["admin"], product_type=washer_type, code="F1", name="脱水故障")


def test_an_empty_name_or_code_is_refused(faults, users):
    _refused({"name", "code"}, by=users["admin"], parent=faults["F1"], code=" ", name="")


def test_an_update_to_a_taken_code_changes_nothing(faults, users):
    # when
    with pytest.raises(ApplicationError) as refused:
        fault_node_update(node=faults["P2"], by=users["admin"], name="改名", code="P1")
    # then
    assert set(refused.value.fields) == {"code"}
    faults["P2"].refresh_from_db()
    assert (faults["P2"].name, faults["P2"].code) == ("冷藏室结冰", "P2")


def test_an_update_renames_and_is_audited(faults, users):
    fault_node_update(node=faults["P2"], by=users["admin"], name="冷冻室结霜", code="P2", sort=5)
    faults["P2"].refresh_from_db()
    assert faults["P2"].name == "冷冻室结霜" and faults["P2"].sort == 5
    audit = AuditEvent.objects.get(action="fault_node.update")
    assert audit.changes["name"] == ["冷藏室结冰", "冷冻室结霜"]


def test_a_cause_moves_only_under_a_phenomenon_of_the_same_product_type(faults, users, washer_type):
    # given
    other = make_fault_tree(
        product_type=washer_type,
        by=users["admin"],
        tree={("W1", "脱水故障"): {("WP1", "脱水噪音大"): {}}},
    )
    # when / then
    with pytest.raises(ApplicationError) as refused:
        fault_node_move(node=faults["C3"], parent=other["WP1"], by=users["admin"])
    assert set(refused.value.fields) == {"parent"}
    with pytest.raises(ApplicationError):
        fault_node_move(node=faults["C3"], parent=faults["F1"], by=users["admin"])
    fault_node_move(node=faults["C3"], parent=faults["P1"], by=users["admin"])
    faults["C3"].refresh_from_db()
    assert faults["C3"].parent == faults["P1"]


def test_deactivating_hides_the_subtree_from_new_choices_but_keeps_the_rows(
    faults, users, fridge_type
):
    # when
    count = fault_node_deactivate(node=faults["P1"], by=users["admin"])
    # then
    assert count == 1 + 2 + 3  # the phenomenon, its two causes, their three measures
    assert FaultNode.objects.filter(pk=faults["M1"].pk, is_active=False).exists()
    phenomena = fault_choices(level=FaultLevel.PHENOMENON, product_type_id=fridge_type.pk)
    assert phenomena == [
        ("制冷故障", [(faults["P2"].pk, "冷藏室结冰")]),
        ("噪音故障", [(faults["P3"].pk, "压缩机噪音大")]),
    ]
    assert AuditEvent.objects.filter(action="fault_node.deactivate").exists()
    # and nothing can be added under it until it is active again
    with pytest.raises(ApplicationError):
        fault_node_create(by=users["admin"], parent=faults["P1"], code="C9", name="新原因")
    fault_node_activate(node=faults["P1"], by=users["admin"])
    fault_node_create(by=users["admin"], parent=faults["P1"], code="C9", name="新原因")
