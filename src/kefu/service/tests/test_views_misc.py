import pytest
from django.urls import reverse

from kefu.customers.tests.factories import make_customer
from kefu.service.models import Notification
from kefu.service.panels import register_panels
from kefu.service.services import interaction_log, notify
from kefu.service.tests.factories import make_ticket

pytestmark = pytest.mark.django_db

CONTACTS = reverse("service:interaction_list")
NOTIFICATIONS = reverse("service:notifications")


@pytest.fixture
def zhang(users):
    return make_customer(by=users["agent1"], name="张三", mobile="13800138000")


@pytest.fixture
def call(users, zhang):
    ticket = make_ticket(by=users["agent1"], customer=zhang, subject="冰箱不制冷")
    interaction = interaction_log(
        by=users["agent1"],
        channel="phone_in",
        summary="客户来电报修冰箱",
        customer=zhang,
        duration_seconds=125,
        tickets=[ticket],
    )
    return interaction, ticket


@pytest.fixture
def panels():
    register_panels()


# --- the contact log -----------------------------------------------------------------------


def test_the_contact_log_lists_date_channel_agent_content_and_tickets(client_as, call):
    _interaction, ticket = call
    response = client_as("agent1").get(CONTACTS)
    page = response.content.decode()
    assert "客户来电报修冰箱" in page and "2:05" in page and ticket.number in page
    assert reverse("service:ticket_detail", args=[ticket.pk]) in page


def test_the_contact_log_filters_by_channel_and_text(client_as, call):
    client = client_as("agent1")
    assert client.get(CONTACTS, {"channel": "email"}).context["rows"] == []
    assert len(client.get(CONTACTS, {"q": "冰箱"}).context["rows"]) == 1
    assert client.get(CONTACTS, {"q": "洗衣机"}).context["rows"] == []


def test_the_contact_log_of_branch_a_is_hidden_from_branch_b(client_as, call):
    assert client_as("agent_b").get(CONTACTS).context["rows"] == []


def test_a_user_without_a_role_may_not_read_the_contact_log(client_as, call):
    assert client_as("nobody").get(CONTACTS).status_code == 403


# --- notifications -------------------------------------------------------------------------


@pytest.fixture
def notes(users):
    ticket = make_ticket(by=users["agent1"], ticket_type="guidance", subject="滤网清洗")
    old = notify(user=users["agent1"], kind="assigned", ticket=ticket, message="旧的通知")
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    new = notify(user=users["agent1"], kind="mention", ticket=ticket, message="新的提及")
    notify(user=users["agent_b"], kind="mention", message="别人的通知")
    return old, new, ticket


def test_the_bell_shows_the_unread_count_and_the_page_lists_unread_first(client_as, notes):
    client = client_as("agent1")
    page = client.get(NOTIFICATIONS)
    text = page.content.decode()
    assert 'id="notification-count">1<' in text
    assert [n.message for n in page.context["page"]] == ["新的提及", "旧的通知"]
    assert "别人的通知" not in text


def test_opening_a_notification_marks_it_read_and_goes_to_the_ticket(client_as, notes):
    _old, new, ticket = notes
    response = client_as("agent1").post(reverse("service:notification_open", args=[new.pk]))
    assert response["Location"] == reverse("service:ticket_detail", args=[ticket.pk])
    new.refresh_from_db()
    assert new.read_at is not None


def test_someone_elses_notification_cannot_be_opened(client_as, notes):
    _old, new, _ticket = notes
    response = client_as("agent_b").post(reverse("service:notification_open", args=[new.pk]))
    assert response.status_code == 404
    new.refresh_from_db()
    assert new.read_at is None


def test_mark_all_read_clears_only_the_users_own(client_as, users, notes):
    client_as("agent1").post(reverse("service:notifications_read_all"))
    assert not Notification.objects.filter(user=users["agent1"], read_at__isnull=True).exists()
    assert Notification.objects.filter(user=users["agent_b"], read_at__isnull=True).exists()


def test_marking_read_needs_a_post(client_as, notes):
    assert client_as("agent1").get(reverse("service:notifications_read_all")).status_code == 405


# --- the customer 360 page -----------------------------------------------------------------


def test_the_customer_page_shows_history_open_tickets_and_a_new_ticket_button(
    client_as, panels, zhang, call
):
    # given
    _interaction, ticket = call
    # when
    response = client_as("agent1").get(reverse("customers:detail", args=[zhang.pk]))
    page = response.content.decode()
    # then
    assert 'id="customer-history"' in page and "客户来电报修冰箱" in page
    assert 'id="customer-tickets"' in page and ticket.number in page and "data-sla=" in page
    assert f"{reverse('service:ticket_create')}?customer={zhang.pk}" in page


def test_a_user_without_service_rights_sees_no_service_panel(client_as, users, panels, zhang):
    # given: a role that may read customers but not tickets
    from kefu.customers.panels import customer_panels

    class Request:
        user = users["parts1"]

    # then
    assert customer_panels(Request(), zhang) == []


def test_registering_the_panels_twice_shows_each_once(client_as, panels, zhang, call):
    register_panels()
    page = client_as("agent1").get(reverse("customers:detail", args=[zhang.pk])).content.decode()
    assert page.count('id="customer-history"') == 1
