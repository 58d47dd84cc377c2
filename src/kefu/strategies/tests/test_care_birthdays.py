"""The birthday list: individuals and company contacts, the new year, 29 February, masked phones,
scope; birthday care items and tickets from the list, one by one or in batch."""

from datetime import date

import pytest
from django.urls import reverse

from kefu.core.errors import ApplicationError
from kefu.service.models import Ticket
from kefu.strategies.models import CareItem
from kefu.strategies.selectors_care import birthday_customers, birthday_rows
from kefu.strategies.services_care import care_birthday_items
from kefu.strategies.tests.care_helpers import company_contact, person

pytestmark = pytest.mark.django_db


def _names(user, start, end, who=""):
    return [c.name for c in birthday_customers(user=user, start=start, end=end, who=who)]


def test_the_list_holds_individuals_and_company_contacts_in_the_order_of_the_days(users):
    # given
    agent = users["agent1"]
    person(by=agent, name="王五", born=date(1990, 6, 12))
    person(by=agent, name="赵六", born=date(1985, 6, 10))
    company_contact(by=agent, company_name="华星公司", name="钱七", born=date(1979, 6, 11))
    person(by=agent, name="孙八", born=date(1990, 7, 1))
    # when
    everyone = _names(agent, date(2026, 6, 10), date(2026, 6, 16))
    contacts = _names(agent, date(2026, 6, 10), date(2026, 6, 16), who="contact")
    individuals = _names(agent, date(2026, 6, 10), date(2026, 6, 16), who="person")
    # then
    assert everyone == ["赵六", "钱七", "王五"]
    assert contacts == ["钱七"] and individuals == ["赵六", "王五"]


def test_a_period_across_the_new_year_lists_december_before_january(users):
    # given
    agent = users["agent1"]
    person(by=agent, name="一月生", born=date(1990, 1, 2))
    person(by=agent, name="十二月生", born=date(1991, 12, 30))
    # when
    names = _names(agent, date(2026, 12, 28), date(2027, 1, 3))
    rows = birthday_rows(
        user=agent,
        customers=birthday_customers(user=agent, start=date(2026, 12, 28), end=date(2027, 1, 3)),
        start=date(2026, 12, 28),
    )
    # then
    assert names == ["十二月生", "一月生"]
    assert [(r.birthday, r.age) for r in rows] == [(date(2026, 12, 30), 35), (date(2027, 1, 2), 37)]


def test_a_leap_day_birthday_shows_on_28_february_of_a_common_year(users):
    # given
    agent = users["agent1"]
    person(by=agent, name="闰日生", born=date(2000, 2, 29))
    # when
    common = _names(agent, date(2027, 2, 28), date(2027, 2, 28))
    leap = _names(agent, date(2028, 2, 28), date(2028, 2, 28))
    leap_day = _names(agent, date(2028, 2, 29), date(2028, 2, 29))
    # then
    assert common == ["闰日生"] and leap == [] and leap_day == ["闰日生"]


def test_the_page_shows_age_grade_company_and_the_phone(users, client_as):
    # given
    agent = users["agent1"]
    _company, contact = company_contact(
        by=agent, company_name="华星公司", name="钱七", born=date(1979, 6, 11)
    )
    contact.phones.create(number="+8613800138000", reversed_digits="0008310083", kind="mobile")
    type(contact).objects.filter(pk=contact.pk).update(grade="gold")
    url = reverse("strategies:care_birthdays")
    query = {"period": "range", "date_from": "2026-06-11", "date_to": "2026-06-11"}
    # when
    shown = client_as("agent1").get(url, query).content.decode()
    # then
    assert "钱七" in shown and "华星公司" in shown and "47" in shown and "金卡" in shown
    assert "13800138000" in shown


def test_a_user_without_personal_data_rights_gets_the_phone_masked(users):
    # given: finance (head office) sees branch A's customers but not their personal data
    contact = person(by=users["agent1"], name="钱七", born=date(1979, 6, 11))
    contact.phones.create(number="+8613800138000", reversed_digits="0008310083", kind="mobile")
    day = date(2026, 6, 11)
    finance = users["finance1"]
    # when
    rows = birthday_rows(
        user=finance,
        customers=birthday_customers(user=finance, start=day, end=day),
        start=day,
    )
    # then
    assert [r.phone for r in rows] == ["138****8000"]


def test_another_branch_sees_none_of_the_birthdays(users, client_as):
    # given
    person(by=users["agent1"], name="王五", born=date(1990, 6, 12))
    url = reverse("strategies:care_birthdays")
    # when
    page = client_as("agent_b").get(
        url, {"period": "range", "date_from": "2026-06-12", "date_to": "2026-06-12"}
    )
    # then
    assert page.status_code == 200 and "王五" not in page.content.decode()


def test_birthday_items_are_made_once_and_become_care_tickets_in_batch(users, client_as):
    # given
    agent = users["agent1"]
    wang = person(by=agent, name="王五", born=date(1990, 6, 12))
    zhao = person(by=agent, name="赵六", born=date(1985, 6, 10))
    picks = [f"{wang.pk}:2026-06-12", f"{zhao.pk}:2026-06-10"]
    url = reverse("strategies:care_birthdays_ticket")
    # when: posted twice
    client = client_as("agent1")
    first = client.post(url, {"picks": picks})
    client.post(url, {"picks": picks})
    # then
    assert first.status_code == 302
    keys = sorted(CareItem.objects.values_list("key", flat=True))
    assert keys == sorted([f"birthday:{wang.pk}:2026-06-12", f"birthday:{zhao.pk}:2026-06-10"])
    assert Ticket.objects.filter(ticket_type="care").count() == 2
    assert set(CareItem.objects.values_list("status", flat=True)) == {"generated"}


def test_a_pick_with_the_wrong_day_or_of_another_branch_saves_nothing(users):
    # given
    wang = person(by=users["agent1"], name="王五", born=date(1990, 6, 12))
    # when / then
    for by, pick in (
        (users["agent1"], f"{wang.pk}:2026-06-13"),
        (users["agent_b"], f"{wang.pk}:2026-06-12"),
    ):
        with pytest.raises(ApplicationError) as refused:
            care_birthday_items(picks=[f"{wang.pk}:2026-06-12", pick], by=by)
        assert "picks" in refused.value.fields
    assert not CareItem.objects.exists()


def test_the_birthday_pages_are_refused_without_the_permission(users, client_as):
    # given: finance has no care permission
    url = reverse("strategies:care_birthdays")
    # when
    page = client_as("finance1").get(url)
    posted = client_as("finance1").post(reverse("strategies:care_birthdays_ticket"), {})
    # then
    assert page.status_code == 403 and posted.status_code == 403
