"""The reminders page (filters, tickets one by one and in batch, dismiss, generate now) and the
care calendar (counts per day), with their forbidden cases."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kefu.service.models import Ticket
from kefu.strategies.models import CareItem, Plan, PlanTask
from kefu.strategies.selectors_care_calendar import care_month
from kefu.strategies.services_care import care_reminders_generate
from kefu.strategies.tests.care_helpers import installed, person, product
from kefu.strategies.tests.plans_factories import make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(users):
    """Maintenance items due in a few days: two of branch A, one of branch B."""
    today = timezone.localdate()
    fridge = product(interval=90, code="BCD-1")
    for by, days in (("agent1", 80), ("agent1", 82), ("agent_b", 84)):
        installed(by=users[by], model=fridge, purchased=today - timedelta(days=days))
    care_reminders_generate(lookahead=14)
    return CareItem.objects.filter(kind="maintenance").order_by("due_on")


def test_the_reminders_page_lists_the_items_of_the_users_scope(users, due, client_as):
    # given
    url = reverse("strategies:care_reminders")
    # when
    mine = client_as("agent1").get(url).content.decode()
    other = client_as("agent_b").get(url).content.decode()
    # then
    a_items = [i for i in due if i.customer.org_unit.code == "BR-A"]
    assert all(i.customer.name in mine for i in a_items) and len(a_items) == 2
    assert not any(i.customer.name in other for i in a_items)


def test_the_reminders_page_filters_by_due_range_and_product(users, due, client_as):
    # given
    first = due[0]
    url = reverse("strategies:care_reminders")
    day = first.due_on.isoformat()
    # when
    page = client_as("manager1").get(
        url, {"kind": "maintenance", "status": "due", "due_from": day, "due_to": day}
    )
    other_model = client_as("manager1").get(url, {"product_model": product(code="X-2").pk})
    # then
    body = page.content.decode()
    assert first.customer.name in body and due[1].customer.name not in body
    assert first.customer.name not in other_model.content.decode()


def test_checked_items_become_care_tickets_and_a_second_post_makes_none(users, due, client_as):
    # given
    ids = [i.pk for i in due if i.customer.org_unit.code == "BR-A"]
    url = reverse("strategies:care_reminders_ticket")
    client = client_as("agent1")
    # when
    client.post(url, {"items": ids})
    client.post(url, {"items": ids})
    # then
    assert Ticket.objects.filter(ticket_type="care").count() == 2
    assert set(CareItem.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "generated"
    }


def test_a_batch_ignores_the_items_of_another_branch(users, due, client_as):
    # given: agent_b checks branch A's items
    ids = [i.pk for i in due if i.customer.org_unit.code == "BR-A"]
    # when
    client_as("agent_b").post(reverse("strategies:care_reminders_ticket"), {"items": ids})
    # then
    assert not Ticket.objects.filter(ticket_type="care").exists()


def test_one_item_becomes_a_ticket_and_another_branch_gets_404(users, due, client_as):
    # given
    item = next(i for i in due if i.customer.org_unit.code == "BR-A")
    url = reverse("strategies:care_item_ticket", args=[item.pk])
    # when
    foreign = client_as("agent_b").post(url)
    done = client_as("agent1").post(url)
    again = client_as("agent1").post(url)
    # then
    assert foreign.status_code == 404
    assert done.status_code == 302 and again.status_code == 302
    assert Ticket.objects.filter(ticket_type="care").count() == 1


def test_dismissing_on_the_page_needs_a_note(users, due, client_as):
    # given
    item = next(i for i in due if i.customer.org_unit.code == "BR-A")
    url = reverse("strategies:care_item_dismiss", args=[item.pk])
    client = client_as("agent1")
    # when
    form = client.get(url)
    empty = client.post(url, {"note": ""})
    foreign = client_as("agent_b").post(url, {"note": "不需要"})
    done = client_as("agent1").post(url, {"note": "客户已自行保养"})
    # then
    item.refresh_from_db()
    assert form.status_code == 200 and empty.status_code == 400 and foreign.status_code == 404
    assert done.status_code == 302 and (item.status, item.note) == ("dismissed", "客户已自行保养")


def test_only_managers_and_admins_run_the_generation_from_the_page(users, client_as):
    # given
    installed(by=users["agent1"], purchased=timezone.localdate() - timedelta(days=80))
    url = reverse("strategies:care_generate")
    # when
    refused = client_as("agent1").post(url, {"lookahead": 14})
    done = client_as("manager1").post(url, {"lookahead": 14})
    # then
    assert refused.status_code == 403 and done.status_code == 302
    assert CareItem.objects.filter(kind="maintenance").count() == 1


def test_the_care_pages_are_refused_without_the_permission(users, due, client_as):
    # given: outlet staff and finance have no care rights
    item = due[0]
    pages = [
        reverse("strategies:care_reminders"),
        reverse("strategies:care_calendar"),
        reverse("strategies:care_item_dismiss", args=[item.pk]),
    ]
    posts = [
        reverse("strategies:care_reminders_ticket"),
        reverse("strategies:care_item_ticket", args=[item.pk]),
    ]
    # when / then
    for name in ("outlet1", "finance1"):
        client = client_as(name)
        assert [client.get(url).status_code for url in pages] == [403] * len(pages)
        assert [client.post(url).status_code for url in posts] == [403] * len(posts)
    assert not Ticket.objects.filter(ticket_type="care").exists()


def test_the_calendar_counts_birthdays_maintenance_and_campaigns_per_day(users, client_as):
    # given: in February 2027 (no 29th) a leap-day birthday shows on the 28th
    agent = users["agent1"]
    person(by=agent, name="闰日生", born=date(2000, 2, 29))
    person(by=agent, name="二八生", born=date(1990, 2, 28))
    person(by=agent, name="二一生", born=date(1990, 2, 1))
    asset = installed(by=agent, purchased=date(2026, 11, 20))
    CareItem.objects.create(
        kind="maintenance",
        key=f"maintenance:{asset.pk}:2027-02-18",
        customer=asset.customer,
        asset=asset,
        due_on=date(2027, 2, 18),
    )
    # when
    weeks = care_month(user=agent, year=2027, month=2, today=date(2027, 2, 1))
    other = care_month(user=users["agent_b"], year=2027, month=2, today=date(2027, 2, 1))
    page = client_as("agent1").get(reverse("strategies:care_calendar"), {"month": "2027-02"})
    # then
    days = {d.day: d for week in weeks for d in week}
    assert weeks[0][0].day == date(2027, 2, 1) and len(weeks) == 4  # Monday to Sunday
    assert days[date(2027, 2, 28)].birthdays == 2 and days[date(2027, 2, 1)].birthdays == 1
    assert days[date(2027, 2, 18)].maintenance == 1
    assert not any(d.birthdays or d.maintenance for week in other for d in week)
    body = page.content.decode()
    assert page.status_code == 200 and 'data-day="2027-02-28"' in body
    assert "date_from=2027-02-28" in body and "due_from=2027-02-18" in body


def test_the_calendar_shows_the_plan_tasks_the_user_may_see(users, org):
    # given: a plan of branch A with a task due on 10 February, assigned to agent1
    agent = users["agent1"]
    customer = person(by=agent, name="方案客户", born=date(1990, 5, 5))
    strategy = make_strategy()
    plan = Plan.objects.create(
        code="P-CARE-1",
        title="金卡关怀",
        customer=customer,
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        owner=users["supervisor1"],
        org_unit=org["a"],
    )
    PlanTask.objects.create(
        plan=plan,
        strategy=strategy,
        customer=customer,
        title="关怀电话",
        due_on=date(2027, 2, 10),
        assignee=agent,
    )
    # when
    counts = {
        name: {
            d.day: d.task_count
            for week in care_month(user=users[name], year=2027, month=2, today=date(2027, 2, 1))
            for d in week
        }[date(2027, 2, 10)]
        for name in ("agent1", "supervisor1", "agent_b")
    }
    # then
    assert counts == {"agent1": 1, "supervisor1": 1, "agent_b": 0}
