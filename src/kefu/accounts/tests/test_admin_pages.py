import pytest
from django.urls import reverse

from kefu.accounts.parameters import parameter_value
from kefu.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["accounts:audit", "accounts:logins", "accounts:parameters", "accounts:holidays"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_an_agent_is_refused_the_admin_pages(client_as, name):
    assert client_as("agent1").get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_an_admin_opens_the_admin_pages(client_as, name):
    assert client_as("admin").get(reverse(name)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_changing_a_parameter_is_typed_cached_and_audited(client_as):
    # given
    client = client_as("admin")
    url = reverse("accounts:parameter_edit", args=["ui.page_size"])
    assert parameter_value("ui.page_size") == 25
    # when
    bad = client.post(url, {"value": "many"})
    good = client.post(url, {"value": "50"})
    # then
    assert bad.status_code == 200 and "value" in bad.context["form"].errors
    assert good.status_code == 302
    assert parameter_value("ui.page_size") == 50
    event = AuditEvent.objects.get(action="parameter.change")
    assert event.changes == {"value": [25, 50]}


def test_a_manager_may_read_but_not_change_parameters(client_as):
    client = client_as("manager1")
    assert client.get(reverse("accounts:parameters")).status_code == 200
    url = reverse("accounts:parameter_edit", args=["ui.page_size"])
    assert client.post(url, {"value": "5"}).status_code == 403


def test_the_audit_log_search_finds_by_action(client_as, users):
    from kefu.customers.tests.factories import make_customer

    make_customer(by=users["agent1"], name="王五")
    page = client_as("admin").get(reverse("accounts:audit"), {"action": "customer.create"})
    assert "王五" in page.content.decode()


def test_business_hours_come_from_the_parameters(users):
    import datetime as dt

    from kefu.accounts.selectors import business_calendar
    from kefu.accounts.services import parameter_set

    parameter_set(key="calendar.opens", raw_value="08:30", by=users["admin"])
    parameter_set(key="calendar.closes", raw_value="17:30", by=users["admin"])
    calendar = business_calendar()
    assert (calendar.opens, calendar.closes) == (dt.time(8, 30), dt.time(17, 30))


def test_a_holiday_added_by_an_admin_changes_the_calendar_at_once(users):
    import datetime as dt

    from kefu.core.calendar import working_calendar
    from kefu.core.models import Holiday

    assert working_calendar().is_workday(dt.date(2026, 12, 24))
    Holiday.objects.create(date=dt.date(2026, 12, 24), kind="holiday", name="公司假日")
    assert not working_calendar().is_workday(dt.date(2026, 12, 24))


def test_the_audit_log_shows_changes_as_before_and_after(client_as, users):
    from kefu.customers.services import customer_update
    from kefu.customers.tests.factories import make_customer
    from kefu.customers.validation import CustomerData

    customer = make_customer(by=users["agent1"], name="张三")
    customer_update(
        customer=customer,
        data=CustomerData(kind="person", name="张三丰"),
        version=customer.version,
        by=users["agent1"],
    )
    page = client_as("admin").get(reverse("accounts:audit"), {"action": "customer.update"})
    assert "名称: 张三 → 张三丰" in page.content.decode()


def test_the_ui_is_chinese_by_default_and_switches_to_english(client_as):
    client = client_as("agent1")
    assert "客户" in client.get(reverse("customers:list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("customers:list")).content.decode()
    assert "Customers" in page and "客户编号" not in page
