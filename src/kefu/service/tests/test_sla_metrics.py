"""The SLA figures on /metrics: breaches counted by the scan, open tickets in breach now."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from prometheus_client import REGISTRY

from kefu.service.metrics import breached_open_count
from kefu.service.models import Ticket
from kefu.service.tasks import scan_sla_task
from kefu.service.tests.factories import make_ticket


def _breaches(clock: str) -> float:
    return REGISTRY.get_sample_value("kefu_sla_breaches_total", {"clock": clock}) or 0.0


def test_a_breach_is_counted_once_it_is_committed(users, django_capture_on_commit_callbacks):
    # given: a ticket whose first response was due five minutes ago
    ticket = make_ticket(by=users["agent1"])
    past = timezone.now() - timedelta(minutes=5)
    Ticket.objects.filter(pk=ticket.pk).update(
        first_response_due=past, next_due=past, created_at=past - timedelta(hours=2)
    )
    before = _breaches("first_response")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        scan_sla_task()
    # then
    assert _breaches("first_response") == before + 1
    assert breached_open_count() == 1
    scrape = Client().get("/metrics").content.decode()
    assert "kefu_tickets_sla_breached 1.0" in scrape


def test_closed_tickets_are_not_counted_as_breached_now(users):
    # given
    ticket = make_ticket(by=users["agent1"])
    Ticket.objects.filter(pk=ticket.pk).update(sla_status="breached", state_category="closed")
    # then
    assert breached_open_count() == 0
