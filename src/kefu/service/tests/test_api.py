import inspect

import pytest

from kefu.catalog.choices import DictKind
from kefu.catalog.models import DictItem
from kefu.customers.tests.factories import make_customer
from kefu.service.schemas import TicketFilters, TicketIn, TicketUpdateIn
from kefu.service.selectors import ticket_filter
from kefu.service.tests.factories import make_ticket, tomorrow_at
from kefu.service.validation import TicketData

pytestmark = pytest.mark.django_db
URL = "/api/v1/tickets"
INTERACTIONS = "/api/v1/interactions"
JSON = "application/json"


@pytest.fixture
def customer(users):
    return make_customer(by=users["agent1"], name="李雷", mobile="13900139000", address="北京市")


@pytest.fixture
def ticket(users, customer):
    return make_ticket(by=users["agent1"], customer=customer)


def _repair(customer, **fields):
    return {
        "ticket_type": "repair",
        "customer_id": customer.pk,
        "subject": "冰箱不制冷",
        "fault_description": "冷藏室不制冷，压缩机不启动",
        **fields,
    }


def _post(api, path, body):
    return api.post(path, body, content_type=JSON)


def _step(api, pk, code, **body):
    return _post(api, f"{URL}/{pk}/transitions", {"code": code, **body})


def _error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["code"] == code
    return body


def test_a_repair_order_goes_through_the_whole_workflow_over_the_api(
    api_as, users, customer, fridge, fridge_faults
):
    # given a repair of a fridge with its fault phenomenon from the taxonomy
    agent = api_as("agent1")
    phenomenon = {"product_model_id": fridge.product_model_id}
    phenomenon["fault_phenomenon_id"] = fridge_faults["P1"].pk
    created = _post(agent, URL, _repair(customer, **phenomenon))
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["state"] == "pending" and created.json()["workflow_version"] == 1
    appointment = tomorrow_at(10).replace(tzinfo=None).isoformat()
    completion = {"resolution": "更换温控器", "fault_cause": fridge_faults["C2"].pk}
    completion["fault_measure"] = fridge_faults["M3"].pk
    # when
    steps = [
        (api_as("dispatcher1"), "dispatch", {"fields": {"assignee": users["outlet1"].pk}}),
        (api_as("outlet1"), "accept", {"fields": {"appointment_start": appointment}}),
        (api_as("outlet1"), "start", {}),
        (api_as("outlet1"), "complete", {"fields": completion}),
    ]
    for api, code, body in steps:
        response = _step(api, pk, code, **body)
        assert response.status_code == 200, (code, response.content)
    bare_visit = _step(agent, pk, "visit", note="客户满意")  # the visit waits for its scores
    visit = agent.get("/api/v1/visits", {"ticket": pk, "status": "pending"}).json()["items"][0]
    items = DictItem.objects.filter(kind=DictKind.EVALUATION_ITEM, is_active=True)
    scores = [{"item": item.pk, "score": 5} for item in items]
    recorded = _post(
        agent, f"/api/v1/visits/{visit['id']}/record", {"outcome": "satisfied", "scores": scores}
    )
    audited = _step(api_as("supervisor1"), pk, "audit")
    # then
    _error(bare_visit, 400, "ticket.visit_pending")
    assert recorded.status_code == 200 and audited.status_code == 200, recorded.content
    final = agent.get(f"{URL}/{pk}").json()
    assert final["state"] == "audited" and final["state_category"] == "closed"
    assert final["assignee"]["id"] == users["outlet1"].pk and final["resolution"] == "更换温控器"
    assert final["arrived_at"] and final["resolved_at"] and final["closed_at"]
    faults = [final[f"fault_{n}"]["name"] for n in ("phenomenon", "cause", "measure")]
    assert faults == ["不制冷", "温控器损坏", "更换温控器"]
    events = agent.get(f"{URL}/{pk}/events").json()
    moves = [
        (e["data"]["to"], e["actor"]["name"], bool(e["at"]))
        for e in events
        if e["kind"] == "transition"
    ]
    assert moves == [
        ("dispatched", "dispatcher1", True),
        ("accepted", "outlet1", True),
        ("in_progress", "outlet1", True),
        ("completed", "outlet1", True),
        ("visited", "agent1", True),
        ("audited", "supervisor1", True),
    ]
    assert events[0]["kind"] == "created" and events[0]["actor"]["name"] == "agent1"


def test_the_transitions_offered_depend_on_the_state_and_the_role(api_as, ticket):
    # when
    for_agent = api_as("agent1").get(f"{URL}/{ticket.pk}/transitions").json()
    for_supervisor = api_as("supervisor1").get(f"{URL}/{ticket.pk}/transitions").json()
    # then
    assert {t["code"] for t in for_agent} == {"dispatch", "cancel"}
    cancel = next(t for t in for_agent if t["code"] == "cancel")
    assert cancel["to"] == "cancelled" and cancel["to_name"] == "已取消"
    assert cancel["note_required"] is True and cancel["name"]
    assert {t["code"] for t in for_supervisor} == {"dispatch", "cancel"}


def test_a_transition_not_allowed_from_the_state_is_a_400(api_as, ticket):
    response = _step(api_as("agent1"), ticket.pk, "complete", fields={"resolution": "x"})
    _error(response, 400, "ticket.transition_not_allowed")
    assert api_as("agent1").get(f"{URL}/{ticket.pk}").json()["state"] == "pending"


def test_a_role_outside_the_transition_is_refused_with_403(api_as, ticket):
    _step(api_as("dispatcher1"), ticket.pk, "dispatch")
    response = _step(
        api_as("agent1"), ticket.pk, "accept", fields={"appointment_start": "2099-01-01T10:00"}
    )
    _error(response, 403, "ticket.transition_forbidden")


def test_a_step_missing_its_required_field_names_it(api_as, ticket):
    _step(api_as("dispatcher1"), ticket.pk, "dispatch")
    body = _error(
        _step(api_as("supervisor1"), ticket.pk, "accept"), 400, "ticket.transition_invalid"
    )
    assert "appointment_start" in body["fields"]


def test_a_stale_put_is_refused_with_409_and_a_fresh_one_succeeds(api_as, ticket, customer):
    # given
    api = api_as("agent1")
    seen = api.get(f"{URL}/{ticket.pk}").json()
    body = _repair(customer, subject="冰箱异响", version=seen["version"])
    body.pop("ticket_type")
    # when
    first = api.put(f"{URL}/{ticket.pk}", body, content_type=JSON)
    second = api.put(f"{URL}/{ticket.pk}", {**body, "subject": "别的"}, content_type=JSON)
    # then
    assert first.status_code == 200, first.content
    assert first.json()["subject"] == "冰箱异响" and first.json()["version"] == seen["version"] + 1
    _error(second, 409, "ticket.stale")
    assert api.get(f"{URL}/{ticket.pk}").json()["subject"] == "冰箱异响"


def test_a_stale_transition_is_refused_with_409(api_as, ticket):
    _step(api_as("dispatcher1"), ticket.pk, "dispatch", version=ticket.version)
    response = _step(api_as("agent1"), ticket.pk, "cancel", note="重复", version=ticket.version)
    _error(response, 409, "ticket.stale")


def test_an_agent_of_branch_b_never_sees_branch_a_tickets(api_as, ticket, customer):
    # given
    api = api_as("agent_b")
    update = {"subject": "x", "version": ticket.version}
    # then
    assert api.get(URL).json() == {"items": [], "count": 0}
    for response in [
        api.get(f"{URL}/{ticket.pk}"),
        api.put(f"{URL}/{ticket.pk}", update, content_type=JSON),
        api.get(f"{URL}/{ticket.pk}/transitions"),
        _step(api, ticket.pk, "cancel", note="x"),
        api.get(f"{URL}/{ticket.pk}/events"),
        _post(api, f"{URL}/{ticket.pk}/replies", {"body": "x"}),
    ]:
        _error(response, 404, "not_found")
    body = _error(_post(api, URL, _repair(customer)), 400, "ticket.invalid")
    assert "customer_id" in body["fields"]


def test_a_user_without_a_role_is_refused_on_every_endpoint(api_as, ticket, customer):
    api = api_as("nobody")
    for response in [
        api.get(URL),
        _post(api, URL, _repair(customer)),
        api.get(f"{URL}/{ticket.pk}"),
        api.put(f"{URL}/{ticket.pk}", {"version": 1}, content_type=JSON),
        api.get(f"{URL}/{ticket.pk}/transitions"),
        _step(api, ticket.pk, "cancel", note="x"),
        api.get(f"{URL}/{ticket.pk}/events"),
        _post(api, f"{URL}/{ticket.pk}/replies", {"body": "x"}),
        api.get(INTERACTIONS),
        _post(api, INTERACTIONS, {"channel": "phone_in", "summary": "x"}),
    ]:
        _error(response, 403, "forbidden")


def test_an_anonymous_caller_is_asked_to_authenticate(client, ticket):
    _error(client.get(f"{URL}/{ticket.pk}"), 401, "unauthenticated")


def test_the_list_filters_like_the_page(api_as, users, customer):
    # given
    agent = users["agent1"]
    repair = make_ticket(by=agent, customer=customer, priority=3)
    complaint = make_ticket(
        by=agent, ticket_type="complaint", subject="安装师傅迟到", description="等了两小时"
    )
    consult = make_ticket(
        by=agent, ticket_type="guidance", subject="遥控器怎么设置", description="问定时功能"
    )
    api_as("agent1").post(
        f"{URL}/{consult.pk}/transitions",
        {"code": "close_now", "fields": {"resolution": "电话指导"}},
        content_type=JSON,
    )
    api = api_as("agent1")

    def numbers(**query):
        page = api.get(URL, query).json()
        assert page["count"] == len(page["items"]) or "limit" in query
        return {item["number"] for item in page["items"]}

    # then
    assert numbers(ticket_type="complaint") == {complaint.number}
    assert numbers(status="active") == {repair.number, complaint.number}
    assert numbers(status="closed") == {consult.number}
    assert numbers(q="不制冷") == {repair.number}
    assert numbers(q="迟到") == {complaint.number}
    assert numbers(q=repair.number) == {repair.number}
    assert numbers(customer=customer.pk) == {repair.number}
    assert numbers(priority=3, status="active") == {repair.number}
    assert numbers(state="pending") == {repair.number}
    assert numbers(created_from="2000-01-01", created_to="2000-01-02") == set()
    page = api.get(URL, {"limit": 2, "offset": 0}).json()
    assert page["count"] == 3 and len(page["items"]) == 2
    item = page["items"][0]
    assert item["number"] == consult.number and item["state_name"] == "已关闭"


def test_the_list_answers_every_column_of_a_row(api_as, ticket, customer):
    item = api_as("agent1").get(URL).json()["items"][0]
    assert item["customer"] == {"id": customer.pk, "name": "李雷"}
    assert item["queue"]["name"] and item["org_unit"]["name"] == "华北分中心"
    for name in ["sla_status", "next_due", "first_response_due", "resolution_due", "version"]:
        assert name in item


def test_bad_input_names_the_field(api_as, customer):
    api = api_as("agent1")
    missing = _post(api, URL, {"ticket_type": "repair", "subject": "坏了"})
    body = _error(missing, 400, "ticket.invalid")
    assert {"customer_id", "fault_description"} <= set(body["fields"])
    wrong_type = _post(api, URL, _repair(customer, priority="high"))
    assert "priority" in _error(wrong_type, 422, "validation")["fields"]
    unknown = _post(api, URL, _repair(customer, colour="red"))
    assert "colour" in _error(unknown, 422, "validation")["fields"]
    bad_choice = _post(api, URL, _repair(customer, ticket_type="wish"))
    assert "ticket_type" in _error(bad_choice, 400, "ticket.invalid")["fields"]
    bad_queue = _post(api, URL, _repair(customer, queue_id=999999))
    assert "queue_id" in _error(bad_queue, 400, "ticket.invalid")["fields"]


def test_a_created_ticket_can_go_to_a_queue_and_owner(api_as, users, customer):
    from kefu.service.models import Queue

    queue = Queue.objects.get(code="complaint")
    body = _repair(customer, queue_id=queue.pk, assignee_id=users["agent1"].pk)
    created = _post(api_as("agent1"), URL, body).json()
    assert created["queue"]["id"] == queue.pk and created["assignee"]["id"] == users["agent1"].pk
    others = _repair(customer, assignee_id=users["supervisor1"].pk)
    _error(_post(api_as("agent1"), URL, others), 403, "ticket.assign_forbidden")


def test_a_public_reply_is_on_the_timeline_and_an_empty_one_is_refused(api_as, ticket):
    api = api_as("agent1")
    sent = _post(api, f"{URL}/{ticket.pk}/replies", {"body": "师傅明天上门", "public": True})
    assert sent.status_code == 201
    assert sent.json()["kind"] == "reply" and sent.json()["actor"]["name"] == "agent1"
    assert api.get(f"{URL}/{ticket.pk}").json()["first_responded_at"]
    empty = _post(api, f"{URL}/{ticket.pk}/replies", {"body": "  "})
    assert "body" in _error(empty, 400, "ticket.empty_reply")["fields"]


def test_a_contact_is_logged_with_its_tickets_and_listed(api_as, users, ticket, customer):
    # given
    api = api_as("agent1")
    body = {
        "channel": "phone_in",
        "customer": customer.pk,
        "phone": "13900139000",
        "summary": "催促上门",
        "duration_seconds": 95,
        "tickets": [ticket.pk],
    }
    # when
    logged = _post(api, INTERACTIONS, body)
    # then
    assert logged.status_code == 201, logged.content
    assert logged.json()["tickets"] == [{"id": ticket.pk, "number": ticket.number}]
    assert logged.json()["agent"]["id"] == users["agent1"].pk
    listed = api.get(INTERACTIONS, {"customer": customer.pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["summary"] == "催促上门"
    assert api.get(INTERACTIONS, {"channel": "letter"}).json()["count"] == 0
    kinds = [e["kind"] for e in api.get(f"{URL}/{ticket.pk}/events").json()]
    assert "interaction" in kinds


def test_a_contact_naming_what_the_caller_cannot_see_names_the_field(api_as, users, ticket):
    # given
    api = api_as("agent_b")
    own = make_customer(by=users["agent_b"], name="韩梅梅")
    base = {"channel": "phone_in", "summary": "咨询"}
    # when
    foreign_customer = _post(api, INTERACTIONS, {**base, "customer": ticket.customer_id})
    foreign_ticket = _post(api, INTERACTIONS, {**base, "customer": own.pk, "tickets": [ticket.pk]})
    bad = _post(api, INTERACTIONS, {"channel": "pigeon", "summary": ""})
    # then
    assert "customer" in _error(foreign_customer, 400, "interaction.invalid")["fields"]
    assert "tickets" in _error(foreign_ticket, 400, "interaction.invalid")["fields"]
    assert {"channel", "summary"} <= set(_error(bad, 400, "interaction.invalid")["fields"])
    assert api_as("agent1").get(INTERACTIONS).json()["count"] == 0


def test_the_list_filters_are_exactly_those_of_the_selector():
    wanted = set(inspect.signature(ticket_filter).parameters) - {"queryset", "user"}
    assert set(TicketFilters.model_fields) == wanted


def test_the_input_schemas_mirror_ticket_data():
    names = set(TicketData.names())
    assert set(TicketIn.model_fields) == names | {"queue_id", "assignee_id"}
    assert set(TicketUpdateIn.model_fields) == names - {"ticket_type"} | {"version"}


def test_the_openapi_schema_builds_with_the_service_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/tickets", "/api/v1/tickets/{ticket_id}/transitions"} <= set(paths)
    assert "/api/v1/interactions" in paths


def test_the_list_runs_the_same_queries_for_any_number_of_rows(api_as, users, customer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given
    api = api_as("agent1")
    make_ticket(by=users["agent1"], customer=customer)
    api.get(URL)  # warms the permission cache
    with CaptureQueriesContext(connection) as one_row:
        api.get(URL)
    for _ in range(3):
        make_ticket(by=users["agent1"], customer=customer)
    # when
    with CaptureQueriesContext(connection) as four_rows:
        page = api.get(URL).json()
    # then
    assert page["count"] == 4
    assert len(four_rows.captured_queries) == len(one_row.captured_queries)
