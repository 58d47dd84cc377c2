"""Transactions (spend): imported from Excel/CSV through the customer import machinery, with
rejected rows kept; a re-import updates; the customer's transactions API and 360 section."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kefu.core.choices import ImportRowStatus, ImportStatus
from kefu.core.errors import ApplicationError
from kefu.customers import importing
from kefu.customers.models import Transaction
from kefu.customers.tests.factories import make_customer
from kefu.customers.tests.import_files import apply, csv_bytes, xlsx
from kefu.customers.transactions import TransactionData, transaction_record
from kefu.strategies.tests.grades_fixtures import grant

pytestmark = pytest.mark.django_db

HEADER = ["客户编号", "单号", "日期", "金额", "成本", "类型", "付款日期", "摘要", "来源"]


@pytest.fixture
def zhang(users):
    return make_customer(by=users["agent1"], name="张三", code="C100")


@pytest.fixture
def foreign(users):
    return make_customer(by=users["agent_b"], name="乙域", code="B100")


def _rows():
    return [
        HEADER,
        ["C100", "SO-1", "2025-03-01", "12,800.00", "9100", "销售", "2025-03-20", "空调", "erp"],
        ["C100", "SO-2", "2025/3/5", "300", "", "退货", "", "退货", "erp"],
        ["C999", "SO-3", "2025-03-06", "50", "", "", "", "", "erp"],  # unknown customer
        ["C100", "SO-4", "昨天", "50", "", "", "", "", "erp"],  # not a date
        ["C100", "SO-1", "2025-03-07", "10", "", "", "", "", "erp"],  # same reference as line 2
    ]


def test_an_import_records_the_good_rows_and_keeps_each_rejected_row_with_its_reason(
    users, zhang, django_capture_on_commit_callbacks
):
    # given
    admin = users["admin"]
    batch = importing.import_batch_create(
        kind=importing.TRANSACTIONS, filename="spend.xlsx", content=xlsx(_rows()), by=admin
    )
    # when
    batch = apply(batch, admin, django_capture_on_commit_callbacks)
    # then
    assert (batch.status, batch.imported_rows, batch.rejected_rows) == (ImportStatus.DONE, 2, 3)
    rejected = {
        r.line_no: set(r.errors) for r in batch.rows.filter(status=ImportRowStatus.REJECTED)
    }
    assert rejected == {4: {"customer_code"}, 5: {"occurred_on"}, 6: {"reference"}}
    sale = Transaction.objects.get(reference="SO-1")
    assert (sale.customer, sale.amount, sale.cost, sale.source) == (
        zhang,
        Decimal("12800.00"),
        Decimal("9100.00"),
        "erp",
    )
    assert Transaction.objects.get(reference="SO-2").amount == Decimal("-300.00")
    reason = importing.import_row_reason(batch.rows.get(line_no=4))
    assert "C999" in reason


def test_importing_the_same_source_and_reference_again_updates_instead_of_duplicating(
    users, zhang, django_capture_on_commit_callbacks
):
    # given
    admin = users["admin"]
    first = [HEADER[:4], ["C100", "SO-9", "2025-03-01", "100"]]
    again = [HEADER[:4], ["C100", "SO-9", "2025-03-01", "150"]]
    for rows in (first, again):
        batch = importing.import_batch_create(
            kind=importing.TRANSACTIONS, filename="t.csv", content=csv_bytes(rows), by=admin
        )
        apply(batch, admin, django_capture_on_commit_callbacks)
    # then
    assert list(Transaction.objects.values_list("reference", "amount")) == [
        ("SO-9", Decimal("150.00"))
    ]


def test_a_customer_outside_the_uploaders_scope_is_rejected(users, zhang, foreign):
    rows = [HEADER[:4], ["B100", "X-1", "2025-03-01", "100"], ["C100", "X-2", "2025-03-01", "1"]]
    batch = importing.import_batch_create(
        kind=importing.TRANSACTIONS,
        filename="t.csv",
        content=csv_bytes(rows),
        by=users["supervisor1"],
    )
    assert (batch.valid_rows, batch.rejected_rows) == (1, 1)


def test_an_admin_uploads_transactions_and_sees_the_preview(client_as, zhang):
    # given
    client = client_as("admin")
    upload = SimpleUploadedFile("spend.xlsx", xlsx(_rows()))
    # when
    response = client.post(reverse("customers:transaction_import"), {"file": upload})
    # then
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "SO-1" in html and "C999" in html


def test_the_transaction_template_holds_the_transaction_columns(client_as):
    response = client_as("admin").get(reverse("customers:transaction_import_template"))
    assert response.status_code == 200


def test_a_user_without_the_transaction_permission_cannot_import_transactions(
    users, client_as, zhang
):
    # given a customer import manager, who may not record spend
    client = client_as("manager1")
    admin_batch = importing.import_batch_create(
        kind=importing.TRANSACTIONS,
        filename="t.csv",
        content=csv_bytes([HEADER[:4], ["C100", "Z-1", "2025-03-01", "1"]]),
        by=users["admin"],
    )
    # when
    upload = client.get(reverse("customers:transaction_import"))
    template = client.get(reverse("customers:transaction_import_template"))
    detail = client.get(reverse("customers:import_detail", args=[admin_batch.pk]))
    # then
    assert (upload.status_code, template.status_code, detail.status_code) == (403, 403, 404)


def test_a_file_without_a_required_transaction_column_is_refused_whole(users):
    with pytest.raises(ApplicationError) as refused:
        importing.import_batch_create(
            kind=importing.TRANSACTIONS,
            filename="t.csv",
            content=csv_bytes([["客户编号", "单号"], ["C100", "1"]]),
            by=users["admin"],
        )
    assert refused.value.code == "import.missing_column"


# ---- the API and the 360 ----------------------------------------------------------------------


def _url(customer) -> str:
    return f"/api/v1/customers/{customer.pk}/transactions"


def _post(client, customer, body):
    return client.post(_url(customer), data=json.dumps(body), content_type="application/json")


def test_transactions_are_recorded_updated_and_listed_through_the_api(api_as, zhang):
    # given
    client = api_as("admin")
    body = {"reference": "API-1", "occurred_on": "2025-04-01", "amount": "99.50"}
    # when
    created = _post(client, zhang, body)
    updated = _post(client, zhang, body | {"amount": "120"})
    listed = api_as("manager1").get(_url(zhang))
    # then
    assert (created.status_code, updated.status_code) == (201, 200)
    assert listed.json()["count"] == 1
    assert listed.json()["items"][0]["amount"] in ("120.00", 120.0, "120")


def test_a_negative_sale_is_refused_naming_the_amount(api_as, zhang):
    response = _post(
        api_as("admin"), zhang, {"reference": "N-1", "occurred_on": "2025-04-01", "amount": "-5"}
    )
    assert response.status_code == 400
    assert "amount" in response.json()["fields"]
    assert not Transaction.objects.exists()


def test_the_transactions_api_refuses_without_permission_and_hides_other_units(
    users, api_as, zhang, foreign
):
    # given
    grant(users["supervisor1"], "customers.add_transaction")
    body = {"reference": "F-1", "occurred_on": "2025-04-01", "amount": "1"}
    # when
    agent_read = api_as("agent1").get(_url(zhang))
    manager_write = _post(api_as("manager1"), zhang, body)
    foreign_read = api_as("supervisor1").get(_url(foreign))
    foreign_write = _post(api_as("supervisor1"), foreign, body)
    # then
    assert (agent_read.status_code, manager_write.status_code) == (403, 403)
    assert (foreign_read.status_code, foreign_write.status_code) == (404, 404)
    assert not Transaction.objects.exists()


def test_the_360_lists_the_recent_transactions(users, client_as, zhang):
    transaction_record(
        customer=zhang,
        data=TransactionData(
            reference="R-77", occurred_on=datetime.date(2025, 1, 2), amount=Decimal(88)
        ),
        by=users["admin"],
    )
    html = client_as("manager1").get(zhang.get_absolute_url()).content.decode()
    assert "R-77" in html
