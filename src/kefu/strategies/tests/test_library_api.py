"""API of the strategy library: /api/v1/strategies — list, create, read with versions, change
(PUT/PATCH with reason and version), retire, versions, and the forbidden cases."""

import pytest

from kefu.customers.tests.factories import make_customer
from kefu.strategies.models import Strategy
from kefu.strategies.tests.library_factories import make_action, make_entitlement, make_plan

pytestmark = pytest.mark.django_db
BASE = "/api/v1/strategies"
JSON = "application/json"


@pytest.fixture
def gold_fast(users):
    return make_entitlement(by=users["manager1"], code="S-GOLD-01", name="金卡快速响应")


def test_the_list_filters_by_kind_and_grade(api_as, users, gold_fast):
    # given
    make_action(by=users["manager1"], name="季度回访")
    api = api_as("agent1")
    # when
    entitlements = api.get(BASE, {"kind": "entitlement"}).json()
    gold = api.get(BASE, {"grade": "gold"}).json()
    # then
    assert [row["code"] for row in entitlements["items"]] == ["S-GOLD-01"]
    assert gold["count"] == 2


def test_a_manager_creates_an_entitlement(api_as):
    # given
    body = {
        "name": "钻石专属客服",
        "kind": "entitlement",
        "grades": ["diamond"],
        "sla_level": "vip",
        "priority": 4,
        "expert_seat": True,
        "estimated_cost": "120.50",
    }
    # when
    response = api_as("manager1").post(BASE, body, content_type=JSON)
    # then
    assert response.status_code == 201
    data = response.json()
    assert data["grades"] == ["diamond"] and data["sla_level"] == "vip"
    assert data["versions"][0]["number"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "kind": "action", "action_type": "gift", "recurrence": "once"}, "name"),
        ({"name": "空权益", "kind": "entitlement"}, "sla_level"),
        ({"name": "无周期", "kind": "action", "action_type": "gift"}, "recurrence"),
        ({"name": "无等级", "kind": "entitlement", "priority": 3, "grades": ["nope"]}, "grades"),
    ],
)
def test_bad_input_is_refused_naming_the_field(api_as, body, field):
    # when
    response = api_as("manager1").post(BASE, body, content_type=JSON)
    # then
    assert response.status_code == 400 and field in response.json()["fields"]
    assert not Strategy.objects.exists()


def test_a_missing_kind_does_not_parse(api_as):
    # when
    response = api_as("manager1").post(BASE, {"name": "无类型"}, content_type=JSON)
    # then
    assert response.status_code == 422


def test_patch_changes_a_field_as_a_new_version(api_as, gold_fast):
    # when
    response = api_as("manager1").patch(
        f"{BASE}/{gold_fast.pk}",
        {"priority": 4, "reason": "升级", "version": 1},
        content_type=JSON,
    )
    # then
    assert response.status_code == 200
    data = response.json()
    assert data["priority"] == 4 and data["sla_level"] == "vip" and data["version"] == 2
    assert data["versions"][0]["reason"] == "升级"
    assert data["versions"][0]["changed"] == ["priority"]


def test_put_with_a_stale_version_is_409(api_as, gold_fast):
    # given
    api = api_as("manager1")
    body = {"name": gold_fast.name, "kind": "entitlement", "priority": 4, "reason": "x"}
    api.put(f"{BASE}/{gold_fast.pk}", body | {"version": 1}, content_type=JSON)
    # when
    response = api.put(f"{BASE}/{gold_fast.pk}", body | {"version": 1}, content_type=JSON)
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "strategy.stale"


def test_a_change_without_reason_does_not_parse(api_as, gold_fast):
    # when
    response = api_as("manager1").patch(
        f"{BASE}/{gold_fast.pk}", {"priority": 4, "version": 1}, content_type=JSON
    )
    # then
    assert response.status_code == 422


def test_retiring_a_strategy_in_use_is_refused_with_the_plan_numbers(api_as, users, gold_fast):
    # given
    customer = make_customer(by=users["agent1"], grade="gold")
    make_plan(owner=users["manager1"], strategies=[gold_fast], customer=customer, code="P-API-1")
    # when
    response = api_as("manager1").post(f"{BASE}/{gold_fast.pk}/retire", {}, content_type=JSON)
    # then
    assert response.status_code == 400 and "P-API-1" in response.json()["message"]
    gold_fast.refresh_from_db()
    assert gold_fast.status == "active"


def test_retire_and_versions(api_as, gold_fast):
    # given
    api = api_as("manager1")
    # when
    retired = api.post(
        f"{BASE}/{gold_fast.pk}/retire", {"reason": "停用", "version": 1}, content_type=JSON
    )
    versions = api.get(f"{BASE}/{gold_fast.pk}/versions").json()
    # then
    assert retired.json()["status"] == "retired"
    assert (versions[0]["number"], versions[0]["reason"]) == (2, "停用")
    assert [v["number"] for v in versions] == [2, 1]


@pytest.mark.parametrize("username", ["agent1", "supervisor1"])
def test_desk_roles_read_but_may_not_write(api_as, username, gold_fast):
    # given
    api = api_as(username)
    url = f"{BASE}/{gold_fast.pk}"
    body = {"name": "x", "kind": "entitlement", "priority": 4}
    change = body | {"reason": "x", "version": 1}
    # when
    reads = [api.get(BASE), api.get(url), api.get(f"{url}/versions")]
    writes = [
        api.post(BASE, body, content_type=JSON),
        api.put(url, change, content_type=JSON),
        api.patch(url, {"priority": 1, "reason": "x", "version": 1}, content_type=JSON),
        api.post(f"{url}/retire", {}, content_type=JSON),
        api.post(f"{url}/activate", {}, content_type=JSON),
    ]
    # then
    assert [r.status_code for r in reads] == [200] * 3
    assert [r.status_code for r in writes] == [403] * 5
    gold_fast.refresh_from_db()
    assert gold_fast.version == 1


def test_a_user_without_the_library_is_refused_everything(api_as, gold_fast):
    # given
    api = api_as("outlet1")
    # when
    codes = [
        api.get(BASE).status_code,
        api.get(f"{BASE}/{gold_fast.pk}").status_code,
        api.get(f"{BASE}/{gold_fast.pk}/versions").status_code,
    ]
    # then
    assert codes == [403] * 3


def test_an_unknown_strategy_is_404(api_as):
    # when
    response = api_as("manager1").get(f"{BASE}/999999")
    # then
    assert response.status_code == 404
