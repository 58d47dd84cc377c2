from datetime import timedelta

from django.utils import timezone

from kefu.service.models import Notification, Queue, Ticket
from kefu.service.tasks import scan_sla_task
from kefu.service.tests.factories import make_ticket


def _due_in(ticket, minutes, *, started_minutes_ago=120):
    now = timezone.now()
    moment = now + timedelta(minutes=minutes)
    Ticket.objects.filter(pk=ticket.pk).update(
        first_response_due=moment,
        next_due=moment,
        created_at=now - timedelta(minutes=started_minutes_ago),
    )


def test_the_job_warns_the_owner_before_the_first_response_is_due(users):
    # given
    ticket = make_ticket(by=users["agent1"])
    Ticket.objects.filter(pk=ticket.pk).update(assignee=users["agent1"])
    _due_in(ticket, 5)
    # when
    scan_sla_task()
    # then
    ticket.refresh_from_db()
    assert ticket.sla_status == "warning"
    assert ticket.events.filter(kind="sla_warning").count() == 1
    assert Notification.objects.filter(user=users["agent1"], kind="sla_warning").count() == 1
    scan_sla_task()  # a second run does not warn twice
    assert ticket.events.filter(kind="sla_warning").count() == 1


def test_on_breach_the_job_escalates_to_the_supervisor_and_moves_the_queue(users):
    # given: the general queue sends breached tickets to the complaint team
    general, team = Queue.objects.get(code="general"), Queue.objects.get(code="complaint")
    general.breach_queue = team
    general.save()
    ticket = make_ticket(by=users["agent1"])
    assert ticket.queue == general
    _due_in(ticket, -5)
    # when
    scan_sla_task()
    # then
    ticket.refresh_from_db()
    assert ticket.sla_status == "breached" and "first_response:breached" in ticket.sla_flags
    assert ticket.queue == team
    assert ticket.next_due == ticket.arrival_due  # the next clock is watched now
    assert ticket.events.filter(kind="sla_breach").exists()
    notified = set(
        Notification.objects.filter(kind="sla_breach").values_list("user__username", flat=True)
    )
    assert "supervisor1" in notified
    assert "agent_b" not in notified  # another branch's staff is not told


def test_a_paused_ticket_is_not_escalated(users):
    ticket = make_ticket(by=users["agent1"])
    _due_in(ticket, -5)
    Ticket.objects.filter(pk=ticket.pk).update(sla_paused_at=timezone.now())
    scan_sla_task()
    ticket.refresh_from_db()
    assert ticket.sla_status == "ok"


def test_a_short_clock_is_not_due_soon_the_moment_it_starts(users):
    # given: a consultation whose 30-minute first response has just started
    ticket = make_ticket(by=users["agent1"], ticket_type="fault_consult")
    _due_in(ticket, 29, started_minutes_ago=1)
    # when
    scan_sla_task()
    # then: a quarter of the clock (7.5 min) is the warning lead, not the 60-minute parameter
    ticket.refresh_from_db()
    assert ticket.sla_status == "ok"
