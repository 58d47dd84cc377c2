"""The ticket page and the actions posted from it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kefu.service.models import Attachment, Notification, Queue, Ticket
from kefu.service.services import ticket_reply, ticket_transition
from kefu.service.tests.factories import make_ticket, tomorrow_at

pytestmark = pytest.mark.django_db

LIST = reverse("service:ticket_list")
CREATE = reverse("service:ticket_create")


def _url(name, ticket, *args):
    return reverse(f"service:{name}", args=[ticket.pk, *args])


def _repair_form(customer, **changes):
    form = {
        "ticket_type": "repair",
        "customer": customer.pk,
        "subject": "洗衣机不脱水",
        "priority": 2,
        "channel": "phone_in",
        "fault_description": "脱水时报E4",
        "complaint_category": "",
        "severity": "serious",
    }
    return form | changes


def _step(name, **fields):
    return {f"t-{name}-{key}": value for key, value in fields.items()}


# --- the ticket page and its actions -------------------------------------------------------


def test_the_ticket_page_shows_the_timeline_clocks_and_allowed_steps(client_as, repair):
    response = client_as("dispatcher1").get(_url("ticket_detail", repair))
    page = response.content.decode()
    steps = [row["t"]["code"] for row in response.context["transitions"]]
    assert "dispatch" in steps and "accept" not in steps
    assert 'data-kind="created"' in page and repair.number in page
    assert len(response.context["clocks"]) == 3  # first response, arrival, resolution


def test_a_step_posts_its_fields_and_appears_on_the_timeline(client_as, users, repair):
    # given
    ticket_transition(ticket=repair, code="dispatch", by=users["dispatcher1"])
    repair.refresh_from_db()
    when = tomorrow_at(10).strftime("%Y-%m-%dT%H:%M")
    # when
    form = _step("accept", version=repair.version, appointment_start=when)
    response = client_as("dispatcher1").post(_url("ticket_transition", repair, "accept"), form)
    # then
    repair.refresh_from_db()
    assert response.status_code == 302
    assert repair.state == "accepted" and repair.appointment_start == tomorrow_at(10)
    page = client_as("dispatcher1").get(_url("ticket_detail", repair)).content.decode()
    assert "已派工 → 已接单" in page


def test_a_step_without_its_required_field_shows_the_form_again(client_as, users, repair):
    ticket_transition(ticket=repair, code="dispatch", by=users["dispatcher1"])
    repair.refresh_from_db()
    response = client_as("dispatcher1").post(
        _url("ticket_transition", repair, "accept"), _step("accept", version=repair.version)
    )
    assert response.status_code == 400
    assert response.context["opened"] == "transition:accept"
    assert Ticket.objects.get(pk=repair.pk).state == "dispatched"


def test_a_step_that_needs_a_reason_is_refused_without_one(client_as, repair):
    url = _url("ticket_transition", repair, "cancel")
    response = client_as("agent1").post(url, _step("cancel", version=repair.version))
    assert response.status_code == 400
    assert Ticket.objects.get(pk=repair.pk).state == "pending"


def test_a_step_from_a_stale_page_is_refused_with_the_reason(client_as, users, repair):
    # given
    seen = repair.version
    ticket_transition(ticket=repair, code="dispatch", by=users["dispatcher1"])
    # when
    url = _url("ticket_transition", repair, "cancel")
    response = client_as("agent1").post(url, _step("cancel", version=seen, note="重复报修"))
    # then
    assert response.status_code == 409
    form = response.context["transitions"][-1]["form"]
    assert form.non_field_errors() and form["note"].value() == "重复报修"
    assert Ticket.objects.get(pk=repair.pk).state == "dispatched"


def test_a_role_outside_the_step_is_refused(client_as, repair):
    url = _url("ticket_transition", repair, "dispatch")
    response = client_as("outlet1").post(url, _step("dispatch", version=repair.version))
    assert response.status_code in (403, 404)
    assert Ticket.objects.get(pk=repair.pk).state == "pending"


def test_a_note_with_files_and_a_mention_reaches_the_timeline(client_as, users, repair):
    # given
    files = [
        SimpleUploadedFile("故障照片.jpg", b"\xff\xd8 photo", content_type="image/jpeg"),
        SimpleUploadedFile("invoice.pdf", b"%PDF-1.4", content_type="application/pdf"),
    ]
    # when
    response = client_as("agent1").post(
        _url("ticket_reply", repair),
        {"body": "请 @supervisor1 看一下", "public": "0", "files": files},
    )
    # then
    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("name", flat=True)) == [
        "invoice.pdf",
        "故障照片.jpg",
    ]
    assert Notification.objects.filter(user=users["supervisor1"], kind="mention").exists()
    page = client_as("agent1").get(_url("ticket_detail", repair)).content.decode()
    assert (
        "故障照片.jpg" in page
        and reverse("service:attachment", args=[Attachment.objects.first().pk]) in page
    )


def test_an_empty_reply_is_refused_beside_the_text(client_as, repair):
    response = client_as("agent1").post(_url("ticket_reply", repair), {"body": " ", "public": "1"})
    assert response.status_code == 400 and response.context["reply_form"].errors["body"]


def test_an_attachment_downloads_only_when_its_ticket_is_visible(client_as, users, repair):
    upload = SimpleUploadedFile("照片.jpg", b"jpeg-bytes", content_type="image/jpeg")
    ticket_reply(ticket=repair, by=users["agent1"], body="", public=False, files=[upload])
    url = reverse("service:attachment", args=[Attachment.objects.get().pk])
    response = client_as("agent1").get(url)
    assert response.status_code == 200 and response.content == b"jpeg-bytes"
    assert response["Content-Disposition"].startswith("attachment;")
    assert client_as("agent_b").get(url).status_code == 404
    assert client_as("nobody").get(url).status_code == 403


def test_a_damaged_attachment_is_an_error_page_never_served(client_as, users, repair):
    upload = SimpleUploadedFile("报告.txt", b"original", content_type="text/plain")
    ticket_reply(ticket=repair, by=users["agent1"], body="", public=False, files=[upload])
    attachment = Attachment.objects.get()
    with attachment.file.storage.open(attachment.file.name, "wb") as handle:
        handle.write(b"tampered")
    response = client_as("agent1").get(reverse("service:attachment", args=[attachment.pk]))
    assert response.status_code == 409 and b"tampered" not in response.content


def test_a_queue_member_takes_a_ticket(client_as, users, repair):
    repair.queue.members.add(users["agent1"])
    response = client_as("agent1").post(
        _url("ticket_assign", repair), {"take": "1", "version": repair.version}
    )
    assert response.status_code == 302
    assert Ticket.objects.get(pk=repair.pk).assignee == users["agent1"]


def test_assigning_to_someone_else_needs_the_assign_permission(client_as, users, repair):
    form = {"assignee": users["outlet1"].pk, "version": repair.version}
    refused = client_as("agent1").post(_url("ticket_assign", repair), form)
    assert refused.status_code == 403 and Ticket.objects.get(pk=repair.pk).assignee is None
    done = client_as("dispatcher1").post(_url("ticket_assign", repair), form)
    assert done.status_code == 302 and Ticket.objects.get(pk=repair.pk).assignee == users["outlet1"]


def test_an_agent_escalates_and_the_expert_sends_back(client_as, users, users_expert_queue):
    ticket = make_ticket(by=users["agent1"], ticket_type="fault_consult", subject="变频器报错")
    ticket.queue.members.add(users["agent1"])
    client = client_as("agent1")
    client.post(_url("ticket_assign", ticket), {"take": "1", "version": ticket.version})
    ticket.refresh_from_db()
    # when: escalated without a note, then with one
    form = {"queue": users_expert_queue.pk, "version": ticket.version}
    assert client.post(_url("ticket_escalate", ticket), form).status_code == 400
    form["note"] = "客户问变频器E5代码"
    assert client.post(_url("ticket_escalate", ticket), form).status_code == 302
    ticket.refresh_from_db()
    expert = client_as("expert1")
    page = expert.get(_url("ticket_detail", ticket))
    assert page.context["send_back_form"] is not None
    expert.post(_url("ticket_send_back", ticket), {"note": "已答复", "version": ticket.version})
    # then
    ticket.refresh_from_db()
    assert ticket.assignee == users["agent1"] and ticket.escalated_from is None


@pytest.fixture
def users_expert_queue(users):
    queue = Queue.objects.get(code="expert")
    queue.members.add(users["expert1"])
    return queue


def test_tickets_link_and_merge_by_number(client_as, users, repair, zhang):
    # given
    other = make_ticket(by=users["agent1"], customer=zhang, subject="冰箱又坏了")
    client = client_as("agent1")
    # when
    unknown = client.post(_url("ticket_link", repair), {"number": "999"})
    linked = client.post(_url("ticket_link", repair), {"number": other.number})
    merged = client.post(_url("ticket_merge", other), {"number": repair.number, "note": "重复"})
    # then
    assert unknown.status_code == 400 and unknown.context["link_form"].errors["number"]
    assert linked.status_code == 302 and merged.status_code == 302
    other.refresh_from_db()
    assert other.merged_into == repair and other.state_category == "cancelled"
    page = client.get(_url("ticket_detail", repair))
    assert other in page.context["links"]
    assert any(row["merged"] for row in page.context["timeline"])


def test_merging_needs_the_merge_permission(client_as, users, repair, zhang):
    other = make_ticket(by=users["agent1"], customer=zhang)
    response = client_as("dispatcher1").post(_url("ticket_merge", other), {"number": repair.number})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=other.pk).merged_into is None


def test_the_edit_page_shows_the_appointment_in_local_time(client_as, users, zhang):
    ticket = make_ticket(by=users["agent1"], customer=zhang, appointment_start=tomorrow_at(10))
    page = client_as("agent1").get(_url("ticket_edit", ticket)).content.decode()
    assert f'value="{tomorrow_at(10).strftime("%Y-%m-%dT%H:%M")}"' in page


def test_an_edit_moves_the_appointment(client_as, users, zhang):
    # given
    ticket = make_ticket(by=users["agent1"], customer=zhang, appointment_start=tomorrow_at(10))
    moved = tomorrow_at(14).strftime("%Y-%m-%dT%H:%M")
    form = _repair_form(zhang, appointment_start=moved, version=ticket.version)
    # when
    response = client_as("agent1").post(_url("ticket_edit", ticket), form)
    # then
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).appointment_start == tomorrow_at(14)


def test_the_list_costs_the_same_queries_for_one_or_many_tickets(client_as, users, zhang):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client_as("agent1").get(LIST)
        return len(captured)

    make_ticket(by=users["agent1"], customer=zhang)
    queries()  # the first request fills the session and permission caches
    one = queries()
    for _ in range(5):
        make_ticket(by=users["agent1"], customer=zhang)
    assert queries() == one
