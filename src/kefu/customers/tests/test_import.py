import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kefu.core.choices import ImportRowStatus, ImportStatus
from kefu.core.models import AuditEvent, ImportBatch
from kefu.customers import importing
from kefu.customers.models import Customer
from kefu.customers.tests.factories import make_customer
from kefu.customers.tests.import_files import BAD, GOOD, HEADER, apply, csv_bytes, upload, xlsx

pytestmark = pytest.mark.django_db


def test_an_import_keeps_the_good_rows_and_reports_each_bad_row_with_its_reason(
    users, existing, django_capture_on_commit_callbacks
):
    # given
    user = users["supervisor1"]
    batch = importing.import_batch_create(
        filename="c.xlsx", content=xlsx([HEADER, *GOOD, *BAD]), by=user
    )
    # when
    batch = apply(batch, user, django_capture_on_commit_callbacks)
    # then
    assert (batch.status, batch.total_rows, batch.imported_rows, batch.rejected_rows) == (
        ImportStatus.DONE,
        9,
        2,
        7,
    )
    assert batch.finished_at is not None
    errors = {r.line_no: r.errors for r in batch.rows.filter(status=ImportRowStatus.REJECTED)}
    assert {line: set(e) for line, e in errors.items()} == {
        4: {"mobile"},
        5: {"birth_date"},
        6: {"region_code"},
        7: {"name"},
        8: {"code"},
        9: {"code"},
        10: {"mobile"},
    }
    assert "2" in errors[8]["code"] and "999999" in errors[6]["region_code"]
    zhang = Customer.objects.get(code="C001")
    assert (zhang.name, zhang.region_id, zhang.birth_date) == (
        "张三",
        "110108",
        datetime.date(1987, 1, 9),
    )
    assert zhang.addresses.get().detail == "中关村大街1号"
    assert list(zhang.phones.values_list("number", flat=True)) == ["+8613800138000"]
    assert Customer.objects.get(code="C002").kind == "company"
    assert Customer.objects.count() == 4


def test_the_rejected_rows_download_holds_exactly_the_bad_rows_with_their_reasons(
    users, existing, client_as
):
    # given
    client = client_as("supervisor1")
    upload(client, xlsx([HEADER, *GOOD, *BAD]))
    batch = ImportBatch.objects.get()
    # when
    as_xlsx = client.get(reverse("customers:import_rejected", args=[batch.pk, "xlsx"]))
    as_csv = client.get(reverse("customers:import_rejected", args=[batch.pk, "csv"]))
    # then
    sheet = list(load_workbook(io.BytesIO(as_xlsx.content)).active.values)
    lines = list(csv.reader(io.StringIO(b"".join(as_csv.streaming_content).decode("utf-8-sig"))))
    for header, *rows in (sheet, lines):
        assert list(header[:-1]) == HEADER and header[-1] in ("Reason", "原因")
        assert [[c or "" for c in r[:-1]] for r in rows] == BAD
        assert all(r[-1] for r in rows)
    assert sheet[1][-1].startswith("手机:")
    assert "出生日期:" in sheet[2][-1]


def test_a_fixed_rejected_rows_file_can_be_uploaded_again(users, client_as):
    # given
    client = client_as("supervisor1")
    upload(client, xlsx([HEADER, ["个人", "李四", "C003", "12345", "", "", ""]]))
    first = ImportBatch.objects.get()
    download = client.get(reverse("customers:import_rejected", args=[first.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(download.content)).active.values)
    rows[1] = [*rows[1][:3], "13800138000", *rows[1][4:]]
    # when
    upload(client, xlsx(rows), "fixed.xlsx")
    # then
    again = ImportBatch.objects.exclude(pk=first.pk).get()
    assert (again.valid_rows, again.rejected_rows) == (1, 0)


def test_an_agent_without_the_import_permission_gets_403_on_every_import_view(users, client_as):
    # given
    batch = importing.import_batch_create(
        filename="c.csv",
        content=csv_bytes([["类型", "名称"], ["个人", "张三"]]),
        by=users["supervisor1"],
    )
    client = client_as("agent1")
    # when
    responses = [
        client.get(reverse("customers:import")),
        upload(client, csv_bytes([["类型", "名称"], ["个人", "张三"]]), "c.csv"),
        client.get(reverse("customers:import_template")),
        client.get(reverse("customers:import_detail", args=[batch.pk])),
        client.post(reverse("customers:import_apply", args=[batch.pk])),
        client.get(reverse("customers:import_rejected", args=[batch.pk, "xlsx"])),
    ]
    # then
    assert [r.status_code for r in responses] == [403] * 6
    assert ImportBatch.objects.count() == 1


def test_a_user_cannot_see_or_apply_another_users_batch(users, client_as):
    # given
    theirs = importing.import_batch_create(
        filename="c.csv",
        content=csv_bytes([["类型", "名称"], ["个人", "张三"]]),
        by=users["manager1"],
    )
    client = client_as("supervisor1")
    # when
    responses = [
        client.get(reverse("customers:import_detail", args=[theirs.pk])),
        client.post(reverse("customers:import_apply", args=[theirs.pk])),
        client.get(reverse("customers:import_rejected", args=[theirs.pk, "csv"])),
    ]
    # then
    assert [r.status_code for r in responses] == [404] * 3
    assert list(importing.import_batch_visible_to(users["supervisor1"])) == []
    theirs.refresh_from_db()
    assert theirs.status == ImportStatus.PREVIEW


def test_a_manager_sees_a_supervisors_batch_but_cannot_apply_it(users, client_as):
    # given
    batch = importing.import_batch_create(
        filename="c.csv",
        content=csv_bytes([["类型", "名称"], ["个人", "张三"]]),
        by=users["supervisor1"],
    )
    client = client_as("manager1")
    # when
    seen = client.get(reverse("customers:import_detail", args=[batch.pk]))
    applied = client.post(reverse("customers:import_apply", args=[batch.pk]))
    # then
    assert (seen.status_code, applied.status_code) == (200, 403)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW and not Customer.objects.exists()


def test_applying_twice_is_refused(users, client_as, django_capture_on_commit_callbacks):
    # given
    client = client_as("supervisor1")
    upload(client, xlsx([HEADER, *GOOD]))
    batch = ImportBatch.objects.get()
    url = reverse("customers:import_apply", args=[batch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url)
    # then
    assert (first.status_code, second.status_code) == (302, 409)
    assert Customer.objects.count() == 2
    assert AuditEvent.objects.filter(action="customer.import_apply").count() == 1


def test_audit_rows_exist_for_the_created_customers(users, django_capture_on_commit_callbacks):
    # given
    user = users["supervisor1"]
    batch = importing.import_batch_create(filename="c.xlsx", content=xlsx([HEADER, *GOOD]), by=user)
    # when
    apply(batch, user, django_capture_on_commit_callbacks)
    # then
    created = {str(pk) for pk in Customer.objects.values_list("pk", flat=True)}
    audited = set(
        AuditEvent.objects.filter(action="customer.create", actor=user).values_list(
            "object_id", flat=True
        )
    )
    assert len(created) == 2 and audited == created
    assert set(batch.rows.values_list("object_id", flat=True)) == created
    assert AuditEvent.objects.filter(action="customer.import_done", object_id=str(batch.pk))


def test_a_row_refused_at_apply_becomes_rejected_and_the_others_still_import(
    users, django_capture_on_commit_callbacks
):
    # given
    user = users["supervisor1"]
    batch = importing.import_batch_create(filename="c.xlsx", content=xlsx([HEADER, *GOOD]), by=user)
    make_customer(by=user, name="抢先", code="C002")  # entered after the preview
    # when
    batch = apply(batch, user, django_capture_on_commit_callbacks)
    # then
    assert (batch.status, batch.imported_rows, batch.rejected_rows) == (ImportStatus.DONE, 1, 1)
    late = batch.rows.get(line_no=3)
    assert late.status == ImportRowStatus.REJECTED and "code" in late.errors
    assert importing.import_row_reason(late).startswith("客户编号:")


def test_a_crash_marks_the_batch_failed_with_the_error(
    users, monkeypatch, django_capture_on_commit_callbacks
):
    # given
    user = users["supervisor1"]
    batch = importing.import_batch_create(filename="c.xlsx", content=xlsx([HEADER, *GOOD]), by=user)

    def crash(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importing.batches, "customer_create", crash)
    # when
    batch = apply(batch, user, django_capture_on_commit_callbacks)
    # then
    assert batch.status == ImportStatus.FAILED and "disk on fire" in batch.error
    assert batch.finished_at is not None and not Customer.objects.exists()


def test_the_status_page_polls_while_the_import_runs_and_reloads_when_done(
    users, client_as, django_capture_on_commit_callbacks
):
    # given
    client = client_as("supervisor1")
    upload(client, xlsx([HEADER, *GOOD]))
    batch = ImportBatch.objects.get()
    url = reverse("customers:import_detail", args=[batch.pk])
    client.post(reverse("customers:import_apply", args=[batch.pk]))  # queued, task not run
    # when
    queued = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    importing.import_batch_run(batch_id=batch.pk)
    finished = client.get(url, headers={"HX-Request": "true"})
    # then
    assert 'hx-trigger="every 2s"' in queued.content.decode()
    assert 'hx-trigger="every 2s"' in fragment.content.decode()
    assert "<script" not in fragment.content.decode()
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in finished.content.decode()


def test_the_preview_highlights_each_bad_cell(users, existing, client_as):
    # given
    client = client_as("supervisor1")
    upload(client, xlsx([HEADER, *GOOD, *BAD]))
    batch = ImportBatch.objects.get()
    # when
    page = client.get(reverse("customers:import_detail", args=[batch.pk]))
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="table-danger"') == 7
    assert reverse("customers:import_apply", args=[batch.pk]) in html


def test_the_template_downloads_and_imports_as_it_is(users, client_as):
    # given
    client = client_as("supervisor1")
    template = client.get(reverse("customers:import_template"))
    # when
    upload(client, template.content, "template.xlsx")
    # then
    batch = ImportBatch.objects.get()
    assert (batch.valid_rows, batch.rejected_rows) == (1, 0), batch.rows.get().errors


def test_a_large_file_is_checked_by_a_job_and_then_previewed(
    users, existing, monkeypatch, django_capture_on_commit_callbacks
):
    # given: files over the inline limit go to the check job
    from kefu.customers.importing import batches

    monkeypatch.setattr(batches, "INLINE_CHECK_ROWS", 1)
    user = users["supervisor1"]
    content = xlsx([HEADER, *GOOD, *BAD])
    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = importing.import_batch_create(filename="big.xlsx", content=content, by=user)
    assert batch.status == ImportStatus.CHECKING
    assert set(batch.rows.values_list("status", flat=True)) == {ImportRowStatus.PENDING}
    for callback in queued:
        callback()
    # then
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW
    assert (batch.valid_rows, batch.rejected_rows) == (len(GOOD), len(BAD))
    assert not batch.rows.filter(status=ImportRowStatus.PENDING).exists()
