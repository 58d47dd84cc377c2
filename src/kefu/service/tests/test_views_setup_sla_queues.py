"""Setup pages: response-time levels and queues."""

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
