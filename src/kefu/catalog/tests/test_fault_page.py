"""The fault taxonomy page: the tree with its counts, add / edit / move / deactivate, who may."""

import pytest
from django.urls import reverse

from kefu.catalog.models import FaultNode, ProductType
from kefu.catalog.tests.factories import make_fault_tree

pytestmark = pytest.mark.django_db
PAGE = reverse("catalog:faults")


@pytest.fixture
def fridge_type():
    return ProductType.objects.create(code="FRIDGE", name="冰箱")


@pytest.fixture
def faults(fridge_type, users):
    return make_fault_tree(product_type=fridge_type, by=users["admin"])


def test_an_agent_sees_the_tree_of_a_product_type_without_edit_buttons(
    client_as, faults, fridge_type
):
    # when
    response = client_as("agent1").get(PAGE, {"product_type": fridge_type.pk})
    # then
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("制冷故障", "不制冷", "制冷剂泄漏", "检漏补焊后加注制冷剂", "更换减震垫"):
        assert name in html
    assert html.index("制冷故障") < html.index("不制冷") < html.index("制冷剂泄漏")
    assert reverse("catalog:fault_edit", args=[faults["P1"].pk]) not in html


def test_an_admin_adds_an_entry_under_another(client_as, faults):
    # given
    client = client_as("admin")
    url = reverse("catalog:fault_new") + f"?parent={faults['P1'].pk}"
    assert client.get(url).status_code == 200
    # when
    response = client.post(url, {"parent": faults["P1"].pk, "code": "C9", "name": "门封不严"})
    # then
    assert response.status_code == 302
    node = FaultNode.objects.get(code="C9")
    assert node.parent == faults["P1"] and node.level == 3


def test_a_duplicate_code_shows_the_error_next_to_the_field(client_as, faults):
    # given
    url = reverse("catalog:fault_new") + f"?parent={faults['F1'].pk}"
    before = FaultNode.objects.count()
    # when
    response = client_as("admin").post(url, {"parent": faults["F1"].pk, "code": "P1", "name": "x"})
    # then
    assert response.status_code == 400
    assert "code" in response.context["form"].errors
    assert FaultNode.objects.count() == before


def test_an_admin_renames_moves_and_deactivates_an_entry(client_as, faults):
    # given
    client = client_as("admin")
    edit = reverse("catalog:fault_edit", args=[faults["C3"].pk])
    # when
    response = client.post(edit, {"parent": faults["P1"].pk, "code": "C3", "name": "感温头失灵"})
    # then
    assert response.status_code == 302
    faults["C3"].refresh_from_db()
    assert (faults["C3"].name, faults["C3"].parent_id) == ("感温头失灵", faults["P1"].pk)
    # when
    client.post(reverse("catalog:fault_deactivate", args=[faults["P1"].pk]))
    # then
    assert not FaultNode.objects.get(pk=faults["M1"].pk).is_active
    client.post(reverse("catalog:fault_activate", args=[faults["P1"].pk]))
    assert FaultNode.objects.get(pk=faults["P1"].pk).is_active


def test_an_agent_may_not_add_edit_or_deactivate(client_as, faults):
    # given
    client = client_as("agent1")
    # when
    added = client.post(reverse("catalog:fault_new") + f"?parent={faults['F1'].pk}", {"code": "X"})
    edited = client.post(reverse("catalog:fault_edit", args=[faults["P1"].pk]), {"name": "x"})
    gone = client.post(reverse("catalog:fault_deactivate", args=[faults["P1"].pk]))
    # then
    assert (added.status_code, edited.status_code, gone.status_code) == (403, 403, 403)
    assert FaultNode.objects.get(pk=faults["P1"].pk).is_active


def test_a_user_without_the_view_permission_is_refused(client_as, faults):
    assert client_as("nobody").get(PAGE).status_code == 403
