"""Maintenance reminders: the due-date rule against the database, generated once per due date
(twice, concurrently), care tickets one by one and in batch, never two for one item; dismissing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kefu.core.errors import ApplicationError
from kefu.service.models import Ticket
from kefu.service.services.transitions import ticket_transition
from kefu.strategies.models import CareItem
from kefu.strategies.services_care import (
    _insert_new,
    care_item_dismiss,
    care_item_ticket,
    care_items_ticket,
    care_reminders_generate,
    maintenance_items_due,
)
from kefu.strategies.tasks_care import generate_care_reminders_task
from kefu.strategies.tests.care_helpers import installed, product

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def _maintenance():
    return CareItem.objects.filter(kind="maintenance")


def test_a_product_due_within_the_look_ahead_gets_one_reminder(users):
    # given: bought 80 days ago, every 90 days → due in 10 days
    asset = installed(by=users["agent1"], purchased=TODAY - timedelta(days=80))
    # when
    counts = care_reminders_generate(today=TODAY, lookahead=14)
    # then
    item = _maintenance().get()
    due = TODAY + timedelta(days=10)
    assert counts["maintenance"] == 1
    assert (item.asset, item.customer, item.due_on) == (asset, asset.customer, due)
    assert item.key == f"maintenance:{asset.pk}:{due.isoformat()}" and item.status == "due"


def test_products_without_an_interval_or_not_yet_due_get_none(users):
    # given
    installed(by=users["agent1"], model=product(interval=None), purchased=TODAY)
    installed(by=users["agent1"], purchased=TODAY - timedelta(days=10))
    # when
    care_reminders_generate(today=TODAY, lookahead=14)
    # then
    assert not _maintenance().exists()


def test_a_product_without_a_purchase_date_counts_from_its_registration(users):
    # given: registered 85 days ago (no purchase date)
    asset = installed(by=users["agent1"], purchased=None)
    registered = timezone.now() - timedelta(days=85)
    type(asset).objects.filter(pk=asset.pk).update(created_at=registered)
    # when
    care_reminders_generate(today=timezone.localdate(), lookahead=14)
    # then
    assert _maintenance().get().due_on == timezone.localdate(registered) + timedelta(days=90)


def test_reminders_are_generated_once_per_due_date_never_twice(users):
    # given
    installed(by=users["agent1"], purchased=TODAY - timedelta(days=80))
    installed(by=users["agent_b"], purchased=TODAY - timedelta(days=85))
    # when: the job runs twice, then once more with a longer look-ahead
    first = care_reminders_generate(today=TODAY, lookahead=14)
    second = care_reminders_generate(today=TODAY, lookahead=14)
    generate_care_reminders_task.call_local(lookahead=14)
    # then
    assert first["maintenance"] == 2 and second["maintenance"] == 0
    assert _maintenance().count() == 2
    assert _maintenance().values("key").distinct().count() == 2


def test_two_runs_at_the_same_time_make_no_duplicate(users):
    # given: two runs have both computed what is due before either inserts
    installed(by=users["agent1"], purchased=TODAY - timedelta(days=80))
    run_a = list(maintenance_items_due(today=TODAY, lookahead=14))
    run_b = list(maintenance_items_due(today=TODAY, lookahead=14))
    # when: run B inserts, then run A inserts the same keys (its check saw none)
    _insert_new(run_b)
    CareItem.objects.bulk_create(run_a, ignore_conflicts=True)
    # then
    assert _maintenance().count() == 1


def test_the_periodic_job_runs_through_the_ledger(users):
    # given
    installed(by=users["agent1"], purchased=timezone.localdate() - timedelta(days=85))
    # when
    run = generate_care_reminders_task()
    generate_care_reminders_task()
    # then
    assert run.state == "done"
    assert _maintenance().count() == 1


def test_a_completed_maintenance_restarts_the_schedule(users):
    # given: due in 5 days by the purchase date; the care ticket is made and finished today
    agent = users["agent1"]
    asset = installed(by=agent, purchased=timezone.localdate() - timedelta(days=85))
    care_reminders_generate(lookahead=14)
    item = _maintenance().get()
    ticket = care_item_ticket(item=item, by=agent)
    ticket_transition(ticket=ticket, code="finish", by=agent, fields={"resolution": "已保养"})
    # when: the job runs with a look-ahead past the next purchase-series date
    counts = care_reminders_generate(lookahead=120)
    # then: the next due date is 90 days after the maintenance, and the item is done
    item.refresh_from_db()
    due = list(_maintenance().exclude(pk=item.pk).values_list("due_on", flat=True))
    assert counts["done"] == 1 and item.status == "done"
    assert due == [timezone.localdate() + timedelta(days=90)]
    assert asset.pk == item.asset_id


def test_a_due_item_becomes_one_care_ticket_for_its_customer_and_product(users):
    # given
    asset = installed(by=users["agent1"], purchased=TODAY - timedelta(days=80))
    care_reminders_generate(today=TODAY, lookahead=14)
    item = _maintenance().get()
    # when
    ticket = care_item_ticket(item=item, by=users["agent1"])
    # then
    item.refresh_from_db()
    assert (ticket.ticket_type, ticket.customer, ticket.asset) == ("care", asset.customer, asset)
    assert ticket.product_model == asset.product_model and ticket.channel == "phone_out"
    assert (item.status, item.ticket, item.handled_by) == ("generated", ticket, users["agent1"])


def test_an_item_is_never_turned_into_a_second_ticket(users):
    # given: a ticket was made; a second caller still holds the item as it was (due)
    installed(by=users["agent1"], purchased=TODAY - timedelta(days=80))
    care_reminders_generate(today=TODAY, lookahead=14)
    stale = _maintenance().get()
    care_item_ticket(item=CareItem.objects.get(pk=stale.pk), by=users["agent1"])
    # when / then
    with pytest.raises(ApplicationError) as refused:
        care_item_ticket(item=stale, by=users["supervisor1"])
    assert refused.value.status == 409
    assert Ticket.objects.filter(ticket_type="care").count() == 1


def test_a_batch_makes_a_ticket_per_due_item_and_skips_the_handled(users):
    # given: three due items, one already ticketed
    for days in (80, 82, 84):
        installed(by=users["agent1"], purchased=TODAY - timedelta(days=days))
    care_reminders_generate(today=TODAY, lookahead=14)
    items = list(_maintenance())
    care_item_ticket(item=items[0], by=users["agent1"])
    # when
    tickets, refused = care_items_ticket(items=items, by=users["agent1"])
    # then
    assert len(tickets) == 2 and list(refused) == [items[0].pk]
    assert Ticket.objects.filter(ticket_type="care").count() == 3
    assert not _maintenance().filter(status="due").exists()


def test_dismissing_needs_a_note_and_keeps_it(users):
    # given
    installed(by=users["agent1"], purchased=TODAY - timedelta(days=80))
    care_reminders_generate(today=TODAY, lookahead=14)
    item = _maintenance().get()
    # when
    with pytest.raises(ApplicationError) as empty:
        care_item_dismiss(item=item, by=users["agent1"], note="  ")
    care_item_dismiss(item=item, by=users["agent1"], note="客户已自行保养")
    # then
    item.refresh_from_db()
    assert empty.value.fields == {"note": empty.value.fields["note"]}
    assert (item.status, item.note) == ("dismissed", "客户已自行保养")
    with pytest.raises(ApplicationError):
        care_item_ticket(item=item, by=users["agent1"])


def test_a_look_ahead_out_of_range_is_refused(users):
    # when / then
    with pytest.raises(ApplicationError) as refused:
        care_reminders_generate(today=TODAY, lookahead=400)
    assert "lookahead" in refused.value.fields
