import pytest

from kefu.core.models import AuditEvent
from kefu.customers.models import Customer
from kefu.customers.tests.factories import make_customer

pytestmark = pytest.mark.django_db
URL = "/api/v1/customers"
BODY = {"kind": "person", "name": "赵六", "mobile": "13700137000"}


@pytest.fixture
def zhang(users):
    return make_customer(by=users["agent1"], name="张三", mobile="13800138000")


def _error_shape(response):
    assert set(response.json()) == {"code", "message", "fields"}
    return response.json()


def test_every_endpoint_refuses_an_anonymous_caller(client, zhang):
    for response in [
        client.get(URL),
        client.get(f"{URL}/{zhang.pk}"),
        client.get(f"{URL}/lookup", {"phone": "13800138000"}),
        client.post(URL, BODY, content_type="application/json"),
        client.delete(f"{URL}/{zhang.pk}"),
    ]:
        assert response.status_code == 401
        assert _error_shape(response)["code"] == "unauthenticated"


def test_every_endpoint_refuses_a_user_without_the_permission(api_as, zhang):
    api = api_as("nobody")
    for response in [
        api.get(URL),
        api.get(f"{URL}/{zhang.pk}"),
        api.get(f"{URL}/lookup", {"phone": "13800138000"}),
        api.post(URL, BODY, content_type="application/json"),
        api.put(f"{URL}/{zhang.pk}", {**BODY, "version": 1}, content_type="application/json"),
        api.delete(f"{URL}/{zhang.pk}"),
    ]:
        assert response.status_code == 403
        assert _error_shape(response)["code"] == "forbidden"


def test_a_branch_b_key_sees_nothing_of_branch_a(api_as, zhang):
    api = api_as("agent_b")
    assert api.get(URL, {"q": "张三"}).json() == {"items": [], "count": 0}
    assert api.get(f"{URL}/{zhang.pk}").status_code == 404
    assert api.get(f"{URL}/lookup", {"phone": "13800138000"}).json() == []
    assert (
        api.put(
            f"{URL}/{zhang.pk}", {**BODY, "version": 1}, content_type="application/json"
        ).status_code
        == 404
    )


def test_caller_id_lookup_finds_by_any_format_of_the_number(api_as, zhang):
    api = api_as("agent1")
    for phone in ["13800138000", "+8613800138000", "138-0013-8000"]:
        found = api.get(f"{URL}/lookup", {"phone": phone}).json()
        assert [c["code"] for c in found] == [zhang.code], phone


def test_search_pages_with_limit_and_offset(api_as, users):
    for n in range(3):
        make_customer(by=users["agent1"], name=f"王{n}号", mobile=f"1380013800{n}")
    page = api_as("agent1").get(URL, {"q": "王", "limit": 2, "offset": 0}).json()
    assert page["count"] == 3 and len(page["items"]) == 2


def test_create_read_update_delete_round_trip_with_audit(api_as):
    api = api_as("manager1")
    created = api.post(URL, BODY, content_type="application/json")
    assert created.status_code == 201
    pk, version = created.json()["id"], created.json()["version"]
    updated = api.put(
        f"{URL}/{pk}",
        {**BODY, "name": "赵六六", "version": version},
        content_type="application/json",
    )
    assert updated.json()["name"] == "赵六六"
    assert api.delete(f"{URL}/{pk}").status_code == 204
    assert api.get(f"{URL}/{pk}").status_code == 404
    actions = set(AuditEvent.objects.filter(object_id=str(pk)).values_list("action", flat=True))
    assert {"customer.create", "customer.update", "customer.delete"} <= actions


def test_an_unknown_field_is_refused_naming_it(api_as):
    response = api_as("agent1").post(
        URL, {**BODY, "colour": "red"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "colour" in _error_shape(response)["fields"]
    assert not Customer.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mobile", "12345"),
        ("region_code", "999999"),
        ("birth_date", "2999-01-01"),
    ],
)
def test_bad_values_are_refused_naming_the_field(api_as, field, value):
    response = api_as("agent1").post(URL, {**BODY, field: value}, content_type="application/json")
    assert response.status_code == 400
    assert field in _error_shape(response)["fields"]
    assert not Customer.objects.exists()


def test_a_possible_duplicate_needs_allow_duplicate(api_as, zhang):
    api = api_as("agent1")
    body = {**BODY, "mobile": "13800138000"}
    refused = api.post(URL, body, content_type="application/json")
    assert refused.status_code == 409
    assert _error_shape(refused)["code"] == "customer.possible_duplicate"
    accepted = api.post(URL, {**body, "allow_duplicate": True}, content_type="application/json")
    assert accepted.status_code == 201


def test_a_stale_version_is_refused_with_409(api_as, zhang):
    api = api_as("agent1")
    body = {"kind": "person", "name": "张三", "mobile": "13800138000", "allow_duplicate": True}
    assert (
        api.put(
            f"{URL}/{zhang.pk}", {**body, "version": zhang.version}, content_type="application/json"
        ).status_code
        == 200
    )
    stale = api.put(
        f"{URL}/{zhang.pk}", {**body, "version": zhang.version}, content_type="application/json"
    )
    assert stale.status_code == 409 and _error_shape(stale)["code"] == "customer.stale"


def test_errors_are_in_chinese_by_default(api_as):
    response = api_as("agent1").post(
        URL, {**BODY, "mobile": "12345"}, content_type="application/json"
    )
    assert "请" in response.json()["message"] or "号码" in response.json()["fields"]["mobile"]


def test_the_openapi_schema_lists_the_customer_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/customers" in schema["paths"]
    assert "/api/v1/customers/lookup" in schema["paths"]


def test_the_api_docs_load_their_assets_locally(client_as):
    page = client_as("agent1").get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page and "cdn" not in page.lower()


@pytest.mark.parametrize(("field", "value"), [("email", "not-an-email"), ("code", "X" * 31)])
def test_a_bad_email_or_too_long_code_is_refused_before_the_database(api_as, field, value):
    response = api_as("agent1").post(URL, {**BODY, field: value}, content_type="application/json")
    assert response.status_code in (400, 422)
    assert field in _error_shape(response)["fields"]
    assert not Customer.objects.exists()
