"""/api/v1/fault-taxonomy: list, tree, create, update, deactivate; who may do what."""

import pytest
from django.test import Client

from kefu.catalog.models import FaultNode, ProductType
from kefu.catalog.tests.factories import make_fault_tree

pytestmark = pytest.mark.django_db
URL = "/api/v1/fault-taxonomy"
JSON = "application/json"


@pytest.fixture
def fridge_type():
    return ProductType.objects.create(code="FRIDGE", name="冰箱")


@pytest.fixture
def faults(fridge_type, users):
    return make_fault_tree(product_type=fridge_type, by=users["admin"])


def test_an_agent_lists_the_phenomena_of_a_product_type(api_as, faults, fridge_type):
    # when
    response = api_as("agent1").get(URL, {"product_type": fridge_type.pk, "level": 2})
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [row["code"] for row in body["items"]] == ["P1", "P2", "P3"]
    assert body["items"][0]["parent_id"] == faults["F1"].pk
    assert body["items"][0]["product_type"] == "冰箱" and body["items"][0]["level_name"]


def test_the_children_of_one_entry_are_listed_by_parent(api_as, faults):
    response = api_as("agent1").get(URL, {"parent": faults["C1"].pk})
    assert [row["name"] for row in response.json()["items"]] == [
        "检漏补焊后加注制冷剂",
        "更换蒸发器",
    ]


def test_the_tree_of_a_product_type_is_nested(api_as, faults, fridge_type):
    # when
    response = api_as("outlet1").get(f"{URL}/tree", {"product_type": fridge_type.pk})
    # then
    assert response.status_code == 200
    tree = response.json()
    assert [t["code"] for t in tree] == ["F1", "F2"]
    assert tree[0]["children"][0]["children"][1]["children"][0]["name"] == "更换温控器"


def test_an_admin_creates_updates_and_deactivates_an_entry(api_as, faults, fridge_type):
    # given
    admin = api_as("admin")
    # when
    created = admin.post(
        URL, {"parent_id": faults["P1"].pk, "code": "C5", "name": "门封条老化"}, content_type=JSON
    )
    # then
    assert created.status_code == 201, created.content
    node = created.json()
    assert node["level"] == 3 and node["product_type_id"] == fridge_type.pk
    # when renamed and moved under another phenomenon
    updated = admin.put(
        f"{URL}/{node['id']}",
        {"code": "C5", "name": "门封条变形", "parent_id": faults["P2"].pk},
        content_type=JSON,
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["name"] == "门封条变形" and updated.json()["parent_id"] == faults["P2"].pk
    # when deactivated
    gone = admin.post(f"{URL}/{node['id']}/deactivate")
    assert gone.status_code == 200 and gone.json()["is_active"] is False
    listed = admin.get(URL, {"parent": faults["P2"].pk}).json()["items"]
    assert node["id"] not in [row["id"] for row in listed]
    assert admin.get(f"{URL}/{node['id']}").json()["is_active"] is False


def test_a_duplicate_code_is_a_400_naming_the_field_and_nothing_is_created(api_as, faults):
    # given
    before = FaultNode.objects.count()
    # when
    response = api_as("admin").post(
        URL, {"parent_id": faults["F1"].pk, "code": "P1", "name": "重复"}, content_type=JSON
    )
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "fault.invalid" and "code" in response.json()["fields"]
    assert FaultNode.objects.count() == before


def test_a_wrong_level_or_an_unknown_parent_is_a_400(api_as, faults):
    admin = api_as("admin")
    body = {"parent_id": faults["P1"].pk, "level": 4, "code": "X", "name": "错层"}
    assert set(admin.post(URL, body, content_type=JSON).json()["fields"]) == {"level"}
    body = {"parent_id": 10**12, "code": "X", "name": "无父"}
    assert set(admin.post(URL, body, content_type=JSON).json()["fields"]) == {"parent_id"}


def test_a_refused_move_leaves_the_name_unchanged(api_as, faults):
    # when: a cause moved under a fault type (two levels up)
    response = api_as("admin").put(
        f"{URL}/{faults['C1'].pk}",
        {"code": "C1", "name": "新名字", "parent_id": faults["F1"].pk},
        content_type=JSON,
    )
    # then
    assert response.status_code == 400 and set(response.json()["fields"]) == {"parent"}
    faults["C1"].refresh_from_db()
    assert faults["C1"].name == "制冷剂泄漏"


def test_an_agent_may_read_but_not_write_the_taxonomy(api_as, faults):
    # given
    agent = api_as("agent1")
    before = FaultNode.objects.count()
    # when
    created = agent.post(
        URL, {"parent_id": faults["F1"].pk, "code": "PX", "name": "x"}, content_type=JSON
    )
    updated = agent.put(f"{URL}/{faults['P1'].pk}", {"code": "P1", "name": "x"}, content_type=JSON)
    deactivated = agent.post(f"{URL}/{faults['P1'].pk}/deactivate")
    # then
    assert (created.status_code, updated.status_code, deactivated.status_code) == (403, 403, 403)
    assert FaultNode.objects.count() == before
    assert FaultNode.objects.get(pk=faults["P1"].pk).is_active


def test_a_user_without_the_view_permission_gets_403(api_as, faults):
    assert api_as("nobody").get(URL).status_code == 403


def test_an_anonymous_caller_gets_401(faults):
    assert Client().get(URL).status_code == 401
    response = Client().post(
        URL, {"product_type_id": 1, "code": "F", "name": "x"}, content_type=JSON
    )
    assert response.status_code == 401


def test_an_unknown_entry_is_a_404(api_as, faults):
    assert api_as("admin").get(f"{URL}/{10**12}").status_code == 404
