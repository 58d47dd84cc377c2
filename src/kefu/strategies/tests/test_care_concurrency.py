"""Care under concurrency (PostgreSQL): two generation runs at once make each reminder once, and
two agents turning one item into a ticket at once make one ticket."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from kefu.core.errors import ApplicationError
from kefu.service.models import Ticket
from kefu.strategies.models import CareItem
from kefu.strategies.services_care import care_item_ticket, care_reminders_generate
from kefu.strategies.tests.care_helpers import installed


def _together(*calls) -> list:
    """Run the calls in threads released at once; each outcome is "ok" or the error's code."""
    outcomes, start = [], threading.Barrier(len(calls))

    def run(call):
        from django.db import connection as conn

        try:
            start.wait()
            call()
            outcomes.append("ok")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


# serialized_rollback: the flush after it keeps the migration data for the other tests
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_generation_runs_at_once_make_each_reminder_once(users):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    # given
    today = timezone.localdate()
    for days in (80, 82, 84, 86):
        installed(by=users["agent1"], purchased=today - timedelta(days=days))
    # when
    outcomes = _together(
        *[lambda: care_reminders_generate(today=today, lookahead=14) for _ in range(3)]
    )
    # then
    assert outcomes == ["ok", "ok", "ok"]
    assert CareItem.objects.filter(kind="maintenance").count() == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_agents_ticketing_one_item_at_once_make_one_ticket(users):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    # given
    installed(by=users["agent1"], purchased=timezone.localdate() - timedelta(days=85))
    care_reminders_generate(lookahead=14)
    item = CareItem.objects.get(kind="maintenance")
    # when
    outcomes = _together(
        lambda: care_item_ticket(item=CareItem.objects.get(pk=item.pk), by=users["agent1"]),
        lambda: care_item_ticket(item=CareItem.objects.get(pk=item.pk), by=users["supervisor1"]),
    )
    # then
    assert outcomes == ["care.not_due", "ok"]
    assert Ticket.objects.filter(ticket_type="care").count() == 1
