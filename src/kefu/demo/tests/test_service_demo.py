"""The demo's service history. Seeded once for this module (inside a transaction rolled back at the
end); every test runs in a savepoint inside it.
"""

from collections import defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max, Min
from django.test import override_settings
from django.utils import timezone

from kefu.accounts.models import User
from kefu.demo.service_data import TICKETS, service_seed
from kefu.service.choices import (
    ACTIVE_CATEGORIES,
    FIELD_TYPES,
    EventKind,
    SlaStatus,
    TicketType,
)
from kefu.service.models import (
    Interaction,
    Notification,
    Queue,
    Ticket,
    TicketEvent,
    TicketLink,
    WorkflowVersion,
)
from kefu.service.selectors import ticket_list, ticket_visible_to
from kefu.service.sla import CLOCKS
from kefu.service.tests.factories import make_ticket

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("demo", stdout=StringIO())
        yield timezone.now()
        transaction.set_rollback(True)


def _workflows() -> dict[str, WorkflowVersion]:
    return {w.ticket_type: w for w in WorkflowVersion.objects.filter(is_current=True)}


def test_every_ticket_type_has_tickets_in_every_state_of_its_workflow():
    # given
    workflows = _workflows()
    wanted = {(t, s["code"]) for t in TicketType.values for s in workflows[t].definition["states"]}
    # when
    seen = set(Ticket.objects.values_list("ticket_type", "state").distinct())
    # then
    assert wanted <= seen, wanted - seen


def test_about_three_thousand_tickets_span_the_last_four_months(seeded):
    # when
    span = Ticket.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    # then
    assert Ticket.objects.count() == TICKETS
    assert seeded - timedelta(days=135) < span["first"] < seeded - timedelta(days=100)
    assert span["last"] < seeded
    assert TicketEvent.objects.filter(at__gt=seeded).count() == 0


def test_every_timeline_starts_with_created_at_the_tickets_creation_and_is_in_order():
    # given
    created = dict(Ticket.objects.values_list("pk", "created_at"))
    # when
    timelines = defaultdict(list)
    for ticket_id, kind, at in TicketEvent.objects.order_by("ticket_id", "at", "id").values_list(
        "ticket_id", "kind", "at"
    ):
        timelines[ticket_id].append((kind, at))
    # then
    assert timelines.keys() == created.keys()
    for ticket_id, events in timelines.items():
        assert events[0] == (EventKind.CREATED, created[ticket_id])
        assert all(at >= created[ticket_id] for _kind, at in events)


def test_replaying_each_timeline_walks_the_workflow_with_allowed_roles_to_the_current_state():
    # given
    tickets = {t.pk: t for t in Ticket.objects.select_related("workflow")}
    states = {pk: t.workflow.definition["initial"] for pk, t in tickets.items()}
    roles = {u.pk: u.role_codes() for u in User.objects.all()}
    events = TicketEvent.objects.filter(kind__in=[EventKind.TRANSITION, EventKind.MERGED])
    # when
    for event in events.order_by("ticket_id", "at", "id"):
        ticket, data = tickets[event.ticket_id], event.data
        if event.kind == EventKind.MERGED:
            states[ticket.pk] = "cancelled" if "into" in data else states[ticket.pk]
            continue
        transitions = ticket.workflow.definition["transitions"]
        transition = next(t for t in transitions if t["code"] == data["transition"])
        # then
        assert data["from"] == states[ticket.pk] and states[ticket.pk] in transition["from"]
        assert data["to"] == transition["to"]
        assert not transition["roles"] or roles[event.actor_id] & set(transition["roles"])
        states[ticket.pk] = data["to"]
    assert all(states[pk] == t.state for pk, t in tickets.items())


def test_sla_status_and_flags_agree_with_the_clocks_and_the_timeline(seeded):
    # given
    flagged = defaultdict(set)
    for ticket_id, kind, data in TicketEvent.objects.filter(
        kind__in=[EventKind.SLA_WARNING, EventKind.SLA_BREACH]
    ).values_list("ticket_id", "kind", "data"):
        word = "breached" if kind == EventKind.SLA_BREACH else "warned"
        flagged[ticket_id].add(f"{data['clock']}:{word}")
    # when
    for ticket in Ticket.objects.all():
        breached = {f for f in ticket.sla_flags if f.endswith(":breached")}
        # then
        assert set(ticket.sla_flags) == flagged[ticket.pk]
        assert (ticket.sla_status == SlaStatus.BREACHED) == bool(breached)
        if ticket.sla_status == SlaStatus.WARNING:
            assert any(f.endswith(":warned") for f in ticket.sla_flags)
        _assert_next_due(ticket, seeded)


def _assert_next_due(ticket: Ticket, now) -> None:
    """Open, running clocks: `next_due` is the earliest unmet one, and none is overdue unflagged."""
    if ticket.state_category not in ACTIVE_CATEGORIES or ticket.sla_paused_at is not None:
        assert ticket.next_due is None
        assert (ticket.sla_paused_at is not None) == (ticket.state_category == "pending")
        return
    unmet = [
        getattr(ticket, due)
        for kind, due, met in CLOCKS
        if getattr(ticket, due) and not getattr(ticket, met)
        if f"{kind}:breached" not in ticket.sla_flags
    ]
    assert ticket.next_due == (min(unmet) if unmet else None)
    assert ticket.next_due is None or ticket.next_due > now - timedelta(minutes=2)


def test_the_history_has_breaches_warnings_pauses_escalations_merges_and_links():
    # when
    tickets = Ticket.objects.all()
    # then
    assert 0.03 < tickets.filter(sla_status=SlaStatus.BREACHED).count() / TICKETS < 0.3
    assert tickets.filter(sla_status=SlaStatus.WARNING).count() > 50
    assert tickets.filter(sla_paused_at__isnull=False, state_category="pending").count() > 10
    assert tickets.filter(queue__kind="expert", escalated_from__isnull=False).exists()
    assert TicketEvent.objects.filter(kind=EventKind.SENT_BACK).exists()
    merged = tickets.filter(merged_into__isnull=False)
    assert 5 <= merged.count() and all(t.customer_id == t.merged_into.customer_id for t in merged)
    assert TicketLink.objects.count() >= 10


def test_most_tickets_have_contacts_and_consultations_without_a_ticket_are_logged_too():
    # when
    with_contact = Ticket.objects.filter(interactions__isnull=False).distinct().count()
    channels = set(Interaction.objects.values_list("channel", flat=True))
    # then
    assert with_contact / TICKETS > 0.8
    assert Interaction.objects.filter(tickets__isnull=True).count() >= 500
    assert {"phone_in", "phone_out", "letter", "email", "web", "walk_in"} <= channels
    logged = TicketEvent.objects.filter(kind=EventKind.INTERACTION).first()
    assert Interaction.objects.filter(pk=logged.data["interaction"]).exists()


def test_agent1_has_tickets_to_work_on_and_unread_notifications_like_supervisor1():
    # given
    agent1 = User.objects.get(username="agent1")
    # when
    mine = ticket_list(user=agent1, view="mine", status="active")
    # then
    assert mine.count() > 5
    for name in ("agent1", "supervisor1"):
        unread = Notification.objects.filter(user__username=name, read_at__isnull=True)
        assert unread.count() >= 5, name
        assert all(n.ticket_id and n.message for n in unread)


def test_the_default_queues_are_staffed_with_their_strategies():
    # when
    queues = {q.code: q for q in Queue.objects.prefetch_related("members")}
    members = {code: {u.username for u in q.members.all()} for code, q in queues.items()}
    # then
    assert members["general"] == {f"agent{n}" for n in range(1, 7)}
    assert queues["general"].strategy == "round_robin"
    assert members["expert"] == {"expert1"}
    assert members["complaint"] == {"supervisor1", "agent1", "agent2"}
    assert queues["complaint"].strategy == "least_loaded"


def test_accepted_field_orders_have_appointments_and_solved_tickets_a_resolution():
    # when
    accepted = Ticket.objects.filter(
        ticket_type__in=FIELD_TYPES,
        state__in=["accepted", "in_progress", "completed", "visited", "audited"],
    )
    solved = Ticket.objects.filter(state_category__in=["resolved", "closed"])
    # then
    assert accepted.exists() and not accepted.filter(appointment_start__isnull=True).exists()
    assert not solved.filter(resolution="").exists()
    complaints = Ticket.objects.filter(ticket_type="complaint")
    assert not complaints.filter(complaint_category__isnull=True).exists()
    assert not complaints.filter(severity="").exists()


def test_seeded_tickets_are_found_by_number_and_by_words():
    # given
    manager = User.objects.get(username="manager1")
    repair = Ticket.objects.filter(ticket_type="repair").first()
    # when
    by_number = ticket_list(user=manager, q=repair.number)
    by_words = ticket_list(user=manager, q="冰箱")
    # then
    assert list(by_number) == [repair]
    assert by_words.count() > 10


def test_outlet_staff_see_only_the_orders_dispatched_to_them():
    # given
    outlet1 = User.objects.get(username="outlet1")
    # when
    seen = ticket_visible_to(outlet1)
    # then
    assert seen.count() > 5
    assert set(seen.values_list("assignee__username", flat=True)) == {"outlet1"}


def test_seeding_again_adds_no_tickets_and_keeps_the_queues_as_they_are():
    # given
    before = (Ticket.objects.count(), TicketEvent.objects.count(), Interaction.objects.count())
    users = {u.username: u for u in User.objects.all()}
    # when
    call_command("demo", stdout=StringIO())
    service_seed(users)
    # then
    after = (Ticket.objects.count(), TicketEvent.objects.count(), Interaction.objects.count())
    assert after == before
    assert Queue.objects.get(code="general").members.count() == 6


def test_a_ticket_registered_after_the_demo_takes_the_next_id_and_number():
    # given
    last = Ticket.objects.aggregate(top=Max("pk"))["top"]
    agent1 = User.objects.get(username="agent1")
    # when
    ticket = make_ticket(by=agent1, ticket_type="guidance")
    # then
    assert ticket.pk > last
    assert ticket.number.endswith(f"{ticket.pk:06d}")


def test_closed_complaints_carry_a_root_cause_and_repeat_complaints_are_linked():
    # when
    closed = Ticket.objects.filter(ticket_type=TicketType.COMPLAINT, state="closed")
    repeats = TicketLink.objects.filter(kind="repeat").select_related("source", "target")
    suggestions = Ticket.objects.filter(ticket_type=TicketType.SUGGESTION)
    # then
    assert closed.exists() and not closed.filter(root_cause__isnull=True).exists()
    assert closed.values("root_cause").distinct().count() >= 5  # a Pareto with a tail
    assert repeats.count() >= 5
    for link in repeats:
        assert link.source.customer_id == link.target.customer_id
        assert link.target.created_at < link.source.created_at
    assert not suggestions.filter(feedback_category__isnull=True).exists()
