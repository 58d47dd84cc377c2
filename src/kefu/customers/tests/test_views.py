import pytest
from django.urls import reverse

from kefu.core.models import AuditEvent
from kefu.customers.models import Customer
from kefu.customers.tests.factories import make_customer

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "person",
    "name": "赵六",
    "mobile": "13700137000",
    "address": "浙江省杭州市西湖区文三路90号",
}


@pytest.fixture
def zhang(users):
    return make_customer(by=users["agent1"], name="张三", mobile="13800138000")


def _pages(customer):
    pk = customer.pk
    return [
        reverse("customers:detail", args=[pk]),
        reverse("customers:edit", args=[pk]),
        reverse("customers:phone_add", args=[pk]),
        reverse("customers:address_add", args=[pk]),
        reverse("customers:asset_add", args=[pk]),
        reverse("customers:contact_add", args=[pk]),
    ]


def test_a_user_without_a_role_is_refused_every_customer_page(client_as, zhang):
    client = client_as("nobody")
    for url in [reverse("customers:list"), reverse("customers:create"), *_pages(zhang)]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("customers:delete", args=[zhang.pk])).status_code == 403


def test_a_branch_b_agent_gets_404_on_every_page_of_a_branch_a_customer(client_as, zhang):
    client = client_as("agent_b")
    for url in _pages(zhang):
        assert client.get(url).status_code == 404, url


def test_a_branch_b_agent_sees_no_branch_a_customer_in_list_search_or_export(client_as, zhang):
    client = client_as("agent_b")
    listing = client.get(reverse("customers:list"), {"q": "张三"})
    export = client.get(reverse("customers:list"), {"export": "csv"})
    assert zhang.code not in listing.content.decode()
    assert listing.context["page"].paginator.count == 0
    assert "张三" not in b"".join(export.streaming_content).decode("utf-8-sig")


def test_an_agent_finds_a_customer_by_mobile_last_digits_and_initials(client_as, zhang):
    client = client_as("agent1")
    for query in ["13800138000", "8000", "zs", "张三"]:
        assert "张三" in client.get(reverse("customers:list"), {"q": query}).content.decode(), query


def test_the_excel_export_holds_the_filtered_rows(client_as, zhang, users):
    # given
    from io import BytesIO

    from openpyxl import load_workbook

    make_customer(by=users["agent1"], name="李四", mobile="13912345678")
    # when
    response = client_as("agent1").get(reverse("customers:list"), {"q": "zs", "export": "xlsx"})
    # then
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert len(rows) == 2 and rows[1][1] == "张三"
    assert AuditEvent.objects.filter(action="customer.export").exists()


def test_finance_cannot_export_and_sees_masked_phones(client_as, users, zhang):
    client = client_as("finance1")
    assert client.get(reverse("customers:list"), {"export": "csv"}).status_code == 403
    page = client.get(reverse("customers:list")).content.decode()
    assert "138****8000" in page and "13800138000" not in page


def test_creating_a_customer_parses_the_address_and_audits(client_as):
    response = client_as("agent1").post(reverse("customers:create"), FORM)
    customer = Customer.objects.get(name="赵六")
    assert response.status_code == 302
    assert customer.region_id == "330106"
    assert customer.addresses.get().detail == "文三路90号"
    assert AuditEvent.objects.filter(action="customer.create", object_id=str(customer.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mobile", "12345"),
        ("region_code", "999999"),
        ("birth_date", "2999-01-01"),
        ("name", ""),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(client_as, field, value):
    response = client_as("agent1").post(reverse("customers:create"), {**FORM, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Customer.objects.exists()


def test_a_duplicate_code_is_refused(client_as, zhang):
    response = client_as("agent1").post(
        reverse("customers:create"), {**FORM, "code": zhang.code, "mobile": ""}
    )
    assert "code" in response.context["form"].errors
    assert Customer.objects.count() == 1


def test_a_possible_duplicate_is_warned_and_saved_only_when_confirmed(client_as, zhang):
    client = client_as("agent1")
    warned = client.post(reverse("customers:create"), {**FORM, "mobile": "13800138000"})
    assert warned.status_code == 200 and warned.context["duplicates"][0][0] == zhang
    saved = client.post(
        reverse("customers:create"), {**FORM, "mobile": "13800138000", "confirm_duplicate": "on"}
    )
    assert saved.status_code == 302 and Customer.objects.count() == 2


def test_editing_records_before_and_after_and_refuses_a_stale_version(client_as, zhang):
    client = client_as("agent1")
    data = {"kind": "person", "name": "张三丰", "mobile": "13800138000", "version": zhang.version}
    assert client.post(reverse("customers:edit", args=[zhang.pk]), data).status_code == 302
    event = AuditEvent.objects.get(action="customer.update")
    assert event.changes["name"] == ["张三", "张三丰"]
    stale = client.post(reverse("customers:edit", args=[zhang.pk]), {**data, "name": "张三"})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    zhang.refresh_from_db()
    assert zhang.name == "张三丰"


def test_deleting_hides_the_customer_and_audits(client_as, zhang):
    assert client_as("agent1").post(reverse("customers:delete", args=[zhang.pk])).status_code == 403
    client = client_as("manager1")
    assert client.post(reverse("customers:delete", args=[zhang.pk])).status_code == 302
    assert client.get(reverse("customers:detail", args=[zhang.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="customer.delete").exists()


def test_the_360_page_shows_details_and_logs_the_view(client_as, zhang):
    page = client_as("agent1").get(reverse("customers:detail", args=[zhang.pk]))
    assert "13800138000" in page.content.decode()
    assert AuditEvent.objects.filter(action="customer.view").count() == 1


def test_a_company_gets_a_person_as_contact(client_as, users):
    company = make_customer(by=users["agent1"], name="苏宁电器", kind="company")
    person = make_customer(by=users["agent1"], name="刘雁峰")
    response = client_as("agent1").post(
        reverse("customers:contact_add", args=[company.pk]),
        {"person_code": person.code, "title": "经理"},
    )
    assert response.status_code == 302
    assert company.contacts.get().person == person


def test_the_filter_bar_keeps_the_chosen_province_and_type(client_as):
    page = client_as("agent1").get(
        reverse("customers:list"), {"region": "110000", "kind": "company"}
    )
    html = page.content.decode()
    assert '<option value="110000" selected>北京市</option>' in html
    assert '<option value="company" selected>' in html


def test_the_list_page_queries_do_not_grow_with_the_rows(
    client_as, users, django_assert_max_num_queries
):
    # given: a full page of customers with phones and regions
    for n in range(30):
        make_customer(
            by=users["agent1"], name=f"客户{n}", mobile=f"1380000{n:04d}", region_code="110108"
        )
    client = client_as("agent1")
    client.get(reverse("customers:list"))  # warm the per-process caches
    # when / then: session, user, scope's unit ids, count, page, phones, tags, notifications
    with django_assert_max_num_queries(9):
        assert client.get(reverse("customers:list")).status_code == 200


def test_the_caller_id_lookup_stays_within_its_queries(
    api_as, users, django_assert_max_num_queries
):
    make_customer(by=users["agent1"], name="张三", mobile="13800138000", region_code="110108")
    api = api_as("agent1")
    api.get("/api/v1/customers/lookup", {"phone": "13800138000"})
    with django_assert_max_num_queries(6):
        assert len(api.get("/api/v1/customers/lookup", {"phone": "13800138000"}).json()) == 1
