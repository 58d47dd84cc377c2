import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from kefu.core.errors import ApplicationError
from kefu.service.models import Attachment, Notification, Queue, Ticket
from kefu.service.selectors import ticket_list, ticket_timeline, ticket_visible_to
from kefu.service.services import (
    attachment_read,
    ticket_assign,
    ticket_escalate,
    ticket_merge,
    ticket_reply,
    ticket_send_back,
    ticket_update,
)
from kefu.service.tests.factories import make_ticket
from kefu.service.validation import TicketData


def _data(ticket, **changes):
    base = {
        "ticket_type": ticket.ticket_type,
        "customer_id": ticket.customer_id,
        "subject": ticket.subject,
        "fault_description": ticket.fault_description,
    }
    return TicketData(**(base | changes))


def test_an_agent_of_branch_b_never_sees_branch_a_tickets(users):
    # given
    ticket = make_ticket(by=users["agent1"], subject="海淀冰箱不制冷")
    # then
    assert ticket_visible_to(users["agent1"]).filter(pk=ticket.pk).exists()
    assert not ticket_visible_to(users["agent_b"]).filter(pk=ticket.pk).exists()
    assert not ticket_list(user=users["agent_b"], q="冰箱").exists()
    assert ticket_list(user=users["agent1"], q="冰箱").filter(pk=ticket.pk).exists()
    assert ticket_visible_to(users["manager1"]).filter(pk=ticket.pk).exists()


def test_a_queue_member_of_another_branch_sees_the_queue_tickets(users):
    ticket = make_ticket(by=users["agent1"], ticket_type="fault_consult")
    Queue.objects.get(code="expert").members.add(users["agent_b"])
    ticket_escalate(
        ticket=ticket, by=users["agent1"], queue=Queue.objects.get(code="expert"), note="请专家"
    )
    assert ticket_visible_to(users["agent_b"]).filter(pk=ticket.pk).exists()


def test_a_repair_needs_a_customer_and_a_fault(users):
    with pytest.raises(ApplicationError) as refused:
        from kefu.service.services import ticket_create

        ticket_create(data=TicketData(ticket_type="repair", subject="x"), by=users["agent1"])
    assert {"customer_id", "fault_description"} <= set(refused.value.fields)
    assert not Ticket.objects.exists()


def test_a_customer_of_another_branch_cannot_be_used(users):
    from kefu.customers.tests.factories import make_customer
    from kefu.service.services import ticket_create

    stranger = make_customer(by=users["agent_b"], name="深圳客户")
    with pytest.raises(ApplicationError) as refused:
        ticket_create(
            data=TicketData(ticket_type="complaint", subject="x", customer_id=stranger.pk),
            by=users["agent1"],
        )
    assert refused.value.fields["customer_id"]


def test_a_stale_edit_is_refused_and_the_newer_edit_stays(users):
    # given: two agents opened the same version
    ticket = make_ticket(by=users["agent1"])
    seen = ticket.version
    ticket_update(
        ticket=ticket, data=_data(ticket, subject="第一"), version=seen, by=users["agent1"]
    )
    # when
    with pytest.raises(ApplicationError) as refused:
        ticket_update(
            ticket=ticket, data=_data(ticket, subject="第二"), version=seen, by=users["supervisor1"]
        )
    # then
    assert refused.value.code == "ticket.stale"
    assert Ticket.objects.get(pk=ticket.pk).subject == "第一"


# serialized_rollback: the flush after it keeps the migration data for the browser tests
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_edits_of_one_ticket_one_is_refused(users):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    ticket = make_ticket(by=users["agent1"])
    seen, outcomes, start = ticket.version, [], threading.Barrier(2)

    def edit(subject, user):
        from django.db import connection as conn

        try:
            start.wait()
            ticket_update(
                ticket=Ticket.objects.get(pk=ticket.pk),
                data=_data(ticket, subject=subject),
                version=seen,
                by=user,
            )
            outcomes.append("saved")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            conn.close()

    threads = [
        threading.Thread(target=edit, args=(s, users[u]))
        for s, u in (("甲", "agent1"), ("乙", "supervisor1"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved", "ticket.stale"]


def test_an_attachment_is_hashed_and_a_damaged_file_is_not_served(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = make_ticket(by=users["agent1"])
    upload = SimpleUploadedFile("发票.txt", "发票号 123".encode(), content_type="text/plain")
    ticket_reply(ticket=ticket, by=users["agent1"], body="附件", public=False, files=[upload])
    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment_read(attachment) == "发票号 123".encode()
    with open(attachment.file.path, "wb") as handle:
        handle.write(b"tampered")
    with pytest.raises(ApplicationError) as refused:
        attachment_read(attachment)
    assert refused.value.code == "attachment.corrupt"


def test_a_file_over_the_limit_is_refused_and_nothing_is_written(users, settings, tmp_path):
    from kefu.accounts.services import parameter_set

    settings.MEDIA_ROOT = tmp_path
    parameter_set(key="service.attachment_max_mb", raw_value="1", by=users["admin"])
    ticket = make_ticket(by=users["agent1"])
    big = SimpleUploadedFile("大.bin", b"x" * (1024 * 1024 + 1))
    with pytest.raises(ApplicationError) as refused:
        ticket_reply(ticket=ticket, by=users["agent1"], body="看附件", public=True, files=[big])
    assert refused.value.code == "attachment.too_large"
    assert not Attachment.objects.exists() and not list(tmp_path.rglob("*.bin"))


def test_a_public_reply_is_the_first_response(users):
    ticket = make_ticket(by=users["agent1"], ticket_type="fault_consult")
    ticket_reply(ticket=ticket, by=users["agent1"], body="您好，请先断电重启", public=True)
    ticket.refresh_from_db()
    assert ticket.first_responded_at is not None
    assert ticket.next_due == ticket.resolution_due


def test_a_mention_in_a_note_notifies_a_user_who_can_see_the_ticket(users):
    ticket = make_ticket(by=users["agent1"])
    ticket_reply(ticket=ticket, by=users["agent1"], body="@supervisor1 @agent_b 请看", public=False)
    told = set(Notification.objects.filter(kind="mention").values_list("user__username", flat=True))
    assert told == {"supervisor1"}


def test_the_expert_keeps_an_escalated_ticket_until_sending_it_back(users):
    # given
    expert = Queue.objects.get(code="expert")
    expert.members.add(users["expert1"])
    ticket = make_ticket(by=users["agent1"], ticket_type="fault_consult")
    ticket_assign(ticket=ticket, by=users["agent1"], assignee=users["agent1"], queue=ticket.queue)
    # when
    ticket = ticket_escalate(ticket=ticket, by=users["agent1"], queue=expert, note="压缩机异响")
    ticket = ticket_assign(ticket=ticket, by=users["expert1"], assignee=users["expert1"])
    # then
    assert ticket.assignee == users["expert1"] and ticket.escalated_from == users["agent1"]
    ticket = ticket_send_back(ticket=ticket, by=users["expert1"], note="已答复")
    assert ticket.assignee == users["agent1"] and ticket.escalated_from is None
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert "escalated" in kinds and "sent_back" in kinds


def test_an_agent_without_the_right_cannot_reassign_to_someone_else(users):
    ticket = make_ticket(by=users["agent1"])
    with pytest.raises(ApplicationError) as refused:
        ticket_assign(ticket=ticket, by=users["agent1"], assignee=users["supervisor1"])
    assert refused.value.status == 403


def test_round_robin_gives_tickets_to_members_in_turn(users):
    general = Queue.objects.get(code="general")
    general.strategy = "round_robin"
    general.save()
    general.members.add(users["agent1"], users["supervisor1"])
    owners = [make_ticket(by=users["agent1"]).assignee for _ in range(3)]
    assert owners[0] != owners[1] and owners[0] == owners[2]


def test_least_loaded_picks_the_member_with_fewest_open_tickets(users):
    general = Queue.objects.get(code="general")
    general.strategy = "least_loaded"
    general.save()
    general.members.add(users["agent1"])
    make_ticket(by=users["agent1"])
    general.members.add(users["supervisor1"])
    assert make_ticket(by=users["agent1"]).assignee == users["supervisor1"]


def test_a_merged_ticket_is_closed_and_its_history_shows_on_the_target(users):
    first = make_ticket(by=users["agent1"])
    second = make_ticket(by=users["agent1"], customer=first.customer)
    ticket_merge(source=second, target=first, by=users["agent1"], note="重复来电")
    second.refresh_from_db()
    assert second.state_category == "cancelled" and second.merged_into == first
    timeline_tickets = {e.ticket_id for e in ticket_timeline(first)}
    assert timeline_tickets == {first.pk, second.pk}
    with pytest.raises(ApplicationError):
        ticket_merge(source=second, target=first, by=users["agent1"])
