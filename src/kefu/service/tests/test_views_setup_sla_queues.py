"""Setup pages: response-time levels and queues."""

import pytest
from django.urls import reverse

from kefu.service.models import Queue, SlaLevel, WorkflowVersion
from kefu.service.services.setup import target_key
from kefu.service.tests.factories import make_ticket
from kefu.service.tests.setup_forms import (
    EDIT,
    browser_post_data,
)

pytestmark = pytest.mark.django_db

# ----- response-time levels -------------------------------------------------------------------


def _sla_post_data(client, url):
    return browser_post_data(client.get(url).content.decode(), "sla-form")


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
    first = browser_post_data(client.get(EDIT).content.decode(), "workflow-editor")
    second = {k: list(v) for k, v in first.items()}
    client.post(EDIT, first | {"reason": ["先保存"]})
    # when
    response = client.post(EDIT, second | {"reason": ["后保存"]})
    # then
    assert response.status_code == 200
    assert "先保存" not in response.content.decode()
    assert any("2" in e for e in response.context["form"].non_field_errors())
    assert WorkflowVersion.objects.filter(ticket_type="complaint").count() == 2
