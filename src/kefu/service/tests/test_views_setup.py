import pytest
from django.urls import reverse

from kefu.service.models import WorkflowVersion
from kefu.service.tests.factories import make_ticket
from kefu.service.tests.setup_forms import (
    DETAIL,
    EDIT,
    add_state,
    add_transition,
    browser_post_data,
    setup_pages,
)

pytestmark = pytest.mark.django_db

# ----- access ---------------------------------------------------------------------------------


def test_an_agent_is_refused_every_setup_page_and_post(client_as):
    # given
    client = client_as("agent1")
    # when / then
    for url in setup_pages():
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "x", "code": "x", "name": "x"}).status_code == 403, url
    assert WorkflowVersion.objects.filter(ticket_type="complaint").count() == 1


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, users):
    for url in setup_pages():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_every_setup_page_opens_for_the_admin_and_the_manager(client_as):
    for username in ("admin", "manager1"):
        client = client_as(username)
        for url in setup_pages():
            assert client.get(url).status_code == 200, (username, url)


def test_an_unknown_ticket_type_or_version_is_not_found(client_as):
    client = client_as("admin")
    assert client.get(reverse("service:workflow_detail", args=["nope"])).status_code == 404
    assert client.get(reverse("service:workflow_edit", args=["nope"])).status_code == 404
    assert client.get(DETAIL + "?version=9").status_code == 404


# ----- workflows ------------------------------------------------------------------------------


def test_the_workflow_list_shows_each_type_with_its_version_and_state_count(client_as):
    response = client_as("admin").get(reverse("service:workflow_list"))
    html = response.content.decode()
    assert html.count('href="/service/setup/workflows/') >= 11 * 2
    assert "v1" in html and "默认流程" in html


def test_the_detail_shows_states_transitions_and_history(client_as, users):
    # given
    make_ticket(by=users["agent1"], ticket_type="complaint")
    # when
    response = client_as("admin").get(DETAIL)
    # then
    html = response.content.decode()
    for text in ["受理", "处理中", "已结案", "答复客户", "workflow-history", "<svg"]:
        assert text in html, text
    assert [v.ticket_count for v in response.context["history"]] == [1]


def test_an_admin_adds_a_state_to_the_complaint_workflow_and_only_new_tickets_follow_it(
    client_as, users
):
    # given: a complaint running on version 1 and the edit page as the browser holds it
    older = make_ticket(by=users["agent1"], ticket_type="complaint")
    client = client_as("admin")
    data = browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    add_state(data, code="reviewing", name="复核中", category="open")
    add_transition(
        data,
        code="review",
        name="提交复核",
        sources=["handling"],
        target="reviewing",
        roles=["supervisor", "manager"],
        note_required=["on"],
    )
    data["initial"], data["reason"] = ["received"], ["投诉需主管复核"]
    # when
    response = client.post(EDIT, data)
    # then
    assert response.status_code == 302 and response["Location"] == DETAIL
    current = WorkflowVersion.objects.get(ticket_type="complaint", is_current=True)
    assert current.number == 2 and current.reason == "投诉需主管复核"
    assert [s["code"] for s in current.definition["states"]][-1] == "reviewing"
    review = next(t for t in current.definition["transitions"] if t["code"] == "review")
    assert review["from"] == ["handling"] and review["note_required"] is True
    assert len(current.definition["transitions"]) == 9
    newer = make_ticket(by=users["agent1"], ticket_type="complaint")
    older.refresh_from_db()
    assert (older.workflow.number, newer.workflow.number) == (1, 2)
    detail = client.get(DETAIL).content.decode()
    assert "复核中" in detail and "投诉需主管复核" in detail


def test_states_can_be_reordered_and_removed_on_the_edit_page(client_as):
    # given
    client = client_as("admin")
    data = browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    codes = {data[f"states-{i}-code"][0]: i for i in range(int(data["states-TOTAL_FORMS"][0]))}
    data[f"states-{codes['waiting']}-DELETE"] = ["on"]  # and the transitions that use it
    for i in range(int(data["transitions-TOTAL_FORMS"][0])):
        if data[f"transitions-{i}-code"][0] in ("wait", "resume"):
            data[f"transitions-{i}-DELETE"] = ["on"]
    data[f"transitions-{7}-sources"] = ["received", "handling"]
    data[f"states-{codes['cancelled']}-ORDER"] = ["0"]
    data["reason"] = ["不再等待客户"]
    # when
    response = client.post(EDIT, data)
    # then
    assert response.status_code == 302
    current = WorkflowVersion.objects.get(ticket_type="complaint", is_current=True)
    states = [s["code"] for s in current.definition["states"]]
    assert states[0] == "cancelled" and "waiting" not in states
    assert {t["code"] for t in current.definition["transitions"]} >= {"handle", "close"}


def test_a_transition_to_a_removed_state_is_refused_with_the_input_kept(client_as):
    # given: "waiting" removed, but "wait" still leads there
    client = client_as("admin")
    data = browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    codes = [data[f"states-{i}-code"][0] for i in range(int(data["states-TOTAL_FORMS"][0]))]
    data[f"states-{codes.index('waiting')}-DELETE"] = ["on"]
    add_state(data, code="escalated", name="已升级", category="open")
    data["reason"] = ["试试"]
    # when
    response = client.post(EDIT, data)
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "已升级" in html and "试试" in html
    assert response.context["transitions"].errors or response.context["transition_error"]
    assert WorkflowVersion.objects.filter(ticket_type="complaint").count() == 1


def test_a_definition_problem_is_shown_above_the_states(client_as):
    # given: two states with the same code
    client = client_as("admin")
    data = browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    add_state(data, code="handling", name="又一个处理中", category="open")
    data["reason"] = ["重复"]
    # when
    response = client.post(EDIT, data)
    # then
    assert response.status_code == 200
    assert response.context["state_error"]
    assert 'id="states-error"' in response.content.decode()
    assert WorkflowVersion.objects.filter(ticket_type="complaint").count() == 1


def test_saving_needs_a_reason_but_may_leave_the_definition_unchanged(client_as):
    # given
    client = client_as("admin")
    data = browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    # when
    refused = client.post(EDIT, data | {"reason": [""]})
    saved = client.post(EDIT, data | {"reason": ["年度复核，无变化"]})
    # then
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert saved.status_code == 302
    versions = WorkflowVersion.objects.filter(ticket_type="complaint").order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].definition == versions[1].definition


def test_an_older_version_can_be_viewed(client_as, users):
    # given
    client = client_as("admin")
    data = browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    add_state(data, code="reviewing", name="复核中", category="open")
    client.post(EDIT, data | {"reason": ["加复核"]})
    # when
    old = client.get(DETAIL + "?version=1").content.decode()
    new = client.get(DETAIL).content.decode()
    # then
    assert "复核中" not in old.split('id="workflow-history"')[0]
    assert "复核中" in new
