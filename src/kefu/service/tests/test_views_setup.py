from html.parser import HTMLParser

import pytest
from django.urls import reverse

from kefu.service.models import Queue, SlaLevel, WorkflowVersion
from kefu.service.services.setup import target_key
from kefu.service.tests.factories import make_ticket

pytestmark = pytest.mark.django_db

EDIT = reverse("service:workflow_edit", args=["complaint"])
DETAIL = reverse("service:workflow_detail", args=["complaint"])


class _FormReader(HTMLParser):
    """What a browser would post for a form: named inputs, checked boxes, selected options."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.skip = form_id, False, 0
        self.select, self.pairs = None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "template":
            self.skip += 1
        if self.skip or ("name" not in a and tag != "option"):
            return
        if tag == "input" and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self.pairs.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.pairs.append((self.select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "template" and self.inside:
            self.skip -= 1
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def _browser_post_data(html: str, form_id: str) -> dict:
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict = {}
    for name, value in reader.pairs:
        data.setdefault(name, []).append(value)
    return data


def _add_state(data, *, code, name, category, **extra):
    i = int(data["states-TOTAL_FORMS"][0])
    data["states-TOTAL_FORMS"] = [str(i + 1)]
    row = {"code": code, "name": name, "name_en": "", "category": category, "ORDER": ""}
    data.update({f"states-{i}-{k}": [v] for k, v in (row | extra).items()})


def _add_transition(data, *, code, name, sources, target, **extra):
    i = int(data["transitions-TOTAL_FORMS"][0])
    data["transitions-TOTAL_FORMS"] = [str(i + 1)]
    data.update(
        {
            f"transitions-{i}-code": [code],
            f"transitions-{i}-name": [name],
            f"transitions-{i}-sources": sources,
            f"transitions-{i}-target": [target],
        }
    )
    data.update({f"transitions-{i}-{k}": v for k, v in extra.items()})


def _setup_pages():
    level = SlaLevel.objects.get(is_default=True)
    queue = Queue.objects.get(code="complaint")
    return [
        reverse("service:workflow_list"),
        DETAIL,
        EDIT,
        reverse("service:sla_list"),
        reverse("service:sla_create"),
        reverse("service:sla_edit", args=[level.pk]),
        reverse("service:queue_list"),
        reverse("service:queue_create"),
        reverse("service:queue_edit", args=[queue.pk]),
        reverse("service:setup_user_lookup") + "?q=agent",
    ]


# ----- access ---------------------------------------------------------------------------------


def test_an_agent_is_refused_every_setup_page_and_post(client_as):
    # given
    client = client_as("agent1")
    # when / then
    for url in _setup_pages():
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "x", "code": "x", "name": "x"}).status_code == 403, url
    assert WorkflowVersion.objects.filter(ticket_type="complaint").count() == 1


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, users):
    for url in _setup_pages():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_every_setup_page_opens_for_the_admin_and_the_manager(client_as):
    for username in ("admin", "manager1"):
        client = client_as(username)
        for url in _setup_pages():
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
    data = _browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    _add_state(data, code="reviewing", name="复核中", category="open")
    _add_transition(
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
    data = _browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
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
    data = _browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    codes = [data[f"states-{i}-code"][0] for i in range(int(data["states-TOTAL_FORMS"][0]))]
    data[f"states-{codes.index('waiting')}-DELETE"] = ["on"]
    _add_state(data, code="escalated", name="已升级", category="open")
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
    data = _browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    _add_state(data, code="handling", name="又一个处理中", category="open")
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
    data = _browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
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
    data = _browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    _add_state(data, code="reviewing", name="复核中", category="open")
    client.post(EDIT, data | {"reason": ["加复核"]})
    # when
    old = client.get(DETAIL + "?version=1").content.decode()
    new = client.get(DETAIL).content.decode()
    # then
    assert "复核中" not in old.split('id="workflow-history"')[0]
    assert "复核中" in new


# ----- response-time levels -------------------------------------------------------------------


def _sla_post_data(client, url):
    return _browser_post_data(client.get(url).content.decode(), "sla-form")


def test_the_sla_list_shows_targets_as_working_hours_and_days(client_as):
    html = client_as("admin").get(reverse("service:sla_list")).content.decode()
    assert "标准" in html and "贵宾" in html
    assert "sla-level-standard" in html


def test_an_admin_changes_a_target_and_the_level_name(client_as):
    # given
    level = SlaLevel.objects.get(code="priority")
    url = reverse("service:sla_edit", args=[level.pk])
    client = client_as("admin")
    data = _sla_post_data(client, url)
    data["name"] = ["优先服务"]
    data[target_key("complaint", 4, "first")] = ["10"]
    # when
    response = client.post(url, data)
    # then
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.name == "优先服务"
    assert level.targets.get(ticket_type="complaint", priority=4).first_response_minutes == 10


def test_a_first_response_after_the_resolution_is_shown_on_its_cell(client_as):
    # given
    level = SlaLevel.objects.get(code="priority")
    url = reverse("service:sla_edit", args=[level.pk])
    client = client_as("admin")
    data = _sla_post_data(client, url)
    key = target_key("repair", 2, "first")
    data[key] = ["99999"]
    # when
    response = client.post(url, data)
    # then
    assert response.status_code == 200
    assert response.context["form"].errors[key]
    assert level.targets.get(ticket_type="repair", priority=2).first_response_minutes != 99999


def test_a_new_level_starts_from_the_default_levels_targets(client_as):
    # given
    client = client_as("admin")
    url = reverse("service:sla_create")
    data = _sla_post_data(client, url)
    standard = SlaLevel.objects.get(code="standard")
    data.update({"code": ["gold"], "name": ["金牌"], "rank": ["30"]})
    # when
    response = client.post(url, data)
    # then
    assert response.status_code == 302
    gold = SlaLevel.objects.get(code="gold")
    assert gold.targets.count() == standard.targets.count()
    assert not gold.is_default and SlaLevel.objects.filter(is_default=True).count() == 1


# ----- queues ---------------------------------------------------------------------------------


def test_the_queue_list_shows_members_and_open_tickets(client_as, users):
    # given
    Queue.objects.get(code="complaint").members.add(users["agent1"])
    make_ticket(by=users["agent1"], ticket_type="complaint")
    # when
    response = client_as("admin").get(reverse("service:queue_list"))
    # then
    row = next(cells for q, cells in response.context["rows"] if q.code == "complaint")
    assert row[5:7] == [1, 1]


def test_an_admin_creates_and_edits_a_queue(client_as, users):
    # given
    client = client_as("admin")
    expert = Queue.objects.get(code="expert")
    form = {
        "code": "vip",
        "name": "贵宾组",
        "kind": "general",
        "members": [users["agent1"].pk, users["supervisor1"].pk],
        "strategy": "least_loaded",
        "breach_queue": expert.pk,
        "is_active": "on",
    }
    # when
    created = client.post(reverse("service:queue_create"), form)
    queue = Queue.objects.get(code="vip")
    edit = reverse("service:queue_edit", args=[queue.pk])
    page = client.get(edit).content.decode()
    edited = client.post(edit, form | {"members": [users["agent1"].pk], "name": "贵宾一组"})
    # then
    assert created.status_code == 302 and edited.status_code == 302
    assert "supervisor1" in page  # the chosen members are rendered for Tom Select
    queue.refresh_from_db()
    assert queue.name == "贵宾一组" and queue.breach_queue == expert
    assert list(queue.members.values_list("username", flat=True)) == ["agent1"]


def test_a_refused_queue_shows_the_error_on_its_field(client_as):
    response = client_as("admin").post(
        reverse("service:queue_create"),
        {"code": "x1", "name": "重复投诉组", "kind": "complaint", "strategy": "manual"}
        | {"ticket_types": ["complaint"], "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ticket_types"]
    assert not Queue.objects.filter(code="x1").exists()


def test_the_member_picker_finds_active_users(client_as, users):
    response = client_as("admin").get(reverse("service:setup_user_lookup"), {"q": "agent"})
    names = [r["text"] for r in response.json()["results"]]
    assert "agent1" in names and "agent_b" in names


def test_a_post_without_the_editor_rows_is_refused_without_a_new_version(client_as):
    response = client_as("admin").post(EDIT, {"reason": "空提交", "initial": "received"})
    assert response.status_code == 200
    assert WorkflowVersion.objects.filter(ticket_type="complaint").count() == 1


def test_an_edit_of_a_version_saved_over_meanwhile_is_refused(client_as):
    # given: two admins opened the editor on version 1
    client = client_as("admin")
    first = _browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    second = {k: list(v) for k, v in first.items()}
    client.post(EDIT, first | {"reason": ["先保存"]})
    # when
    response = client.post(EDIT, second | {"reason": ["后保存"]})
    # then
    assert response.status_code == 200
    assert "先保存" not in response.content.decode()
    assert any("2" in e for e in response.context["form"].non_field_errors())
    assert WorkflowVersion.objects.filter(ticket_type="complaint").count() == 2
