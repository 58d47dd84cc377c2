"""Properties of the customer import over generated sheets (hypothesis).

Rows mix valid customers, junk phones, empty cells, long strings, Chinese text, duplicate codes
and phones (within the file and against an existing customer), as CSV or .xlsx, checked at once
or by the check job. Whatever the rows:

- every non-blank row is kept, and ends valid or rejected (after the preview), then imported or
  rejected (after the run), a rejected row always with its reason;
- the batch's counts add up to its rows, and match the rows' statuses;
- exactly the imported rows became customers (nothing half-written for a rejected row: no
  customer, phone or address from it);
- the run is idempotent, as the importer promises: running the batch again, or applying it
  again, changes nothing.

Bounded: derandomized, 50 examples of up to 8 rows; each example rolled back at its end.
"""

import contextlib
from unittest import mock

from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kefu.core.choices import ImportRowStatus, ImportStatus
from kefu.core.errors import ApplicationError
from kefu.core.models import ImportBatch
from kefu.customers import importing
from kefu.customers.importing import batches
from kefu.customers.importing.reading import cell_text
from kefu.customers.models import Address, Customer, Phone
from kefu.customers.tests.factories import make_customer
from kefu.customers.tests.import_files import csv_bytes, xlsx

HEADER = [
    "客户类型",
    "客户名称",
    "客户编号",
    "手机",
    "固定电话",
    "地区编码",
    "出生日期",
    "地址",
    "备注",
]

# Text of every script an office sheet holds, without what no file can carry (NUL, controls,
# lone surrogates): the importer must cope with the rest.
TEXT = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\x00"), max_size=30
)
CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6)
LONG = st.integers(101, 300).map(lambda n: "客" * n)
# Per column: values a correct sheet holds; the pools are small, so codes and phones repeat.
VALID = {
    "kind": st.sampled_from(["个人", "公司", "person"]),
    "name": CHINESE,
    "code": st.sampled_from(["", "C001", "C002", "c001 "]),
    "mobile": st.sampled_from(["", "13800138000", "13900139000", "+86 139-0013-9000"]),
    "phone": st.sampled_from(["", "010-62345678"]),
    "region_code": st.sampled_from(["", "110108", "110108000000"]),
    "birth_date": st.sampled_from(["", "1987-01-09", "1987年1月9日", "87.1.9"]),
    "address": st.sampled_from(["", "北京市海淀区中关村大街1号", "学院路5号"]),
    "notes": st.one_of(TEXT, CHINESE),
}
# ... and what else turns up in one: junk, empty cells, long text, an existing customer's data.
JUNK = {
    "kind": st.sampled_from(["", "外星人", "企业"]),
    "name": st.one_of(TEXT, LONG, st.just("")),
    "code": st.one_of(st.just("OLD1"), LONG, TEXT),
    "mobile": st.sampled_from(["", "13200132000", "12345", "电话", "0"]),
    "phone": st.sampled_from(["", "62345678", "0", "abc"]),
    "region_code": st.sampled_from(["", "999999", "abc"]),
    "birth_date": st.sampled_from(["", "2999-01-01", "昨天", "1899-12-31", "2026-02-30"]),
    "address": st.one_of(LONG, TEXT),
    "notes": st.one_of(TEXT, LONG),
}
VALID_ROW = st.tuples(*VALID.values()).map(list)
ANY_ROW = st.tuples(*(st.one_of(VALID[c], JUNK[c]) for c in VALID)).map(list)
ROWS = st.lists(st.one_of(VALID_ROW, ANY_ROW), max_size=8)
# A file whose first row is valid: its batch always has something to import.
IMPORTABLE = st.tuples(VALID_ROW, st.lists(st.one_of(VALID_ROW, ANY_ROW), max_size=5)).map(
    lambda rows: [rows[0], *rows[1]]
)
BOUNDED = settings(
    max_examples=50,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextlib.contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _upload(rows, *, as_xlsx: bool, by_job: bool, user):
    content = xlsx([HEADER, *rows]) if as_xlsx else csv_bytes([HEADER, *rows])
    name = "customers.xlsx" if as_xlsx else "customers.csv"
    # by_job: the path of a large file, whose rows are checked by a job after the upload
    with mock.patch.object(batches, "INLINE_CHECK_ROWS", -1 if by_job else importing.MAX_ROWS):
        batch = importing.import_batch_create(filename=name, content=content, by=user)
    if by_job:
        importing.import_batch_check(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def _run(batch, user):
    importing.import_batch_apply(batch=batch, by=user)
    importing.import_batch_run(batch_id=batch.pk)  # the job's body; the test runs it itself
    batch.refresh_from_db()
    return batch


def _statuses(batch) -> dict[str, int]:
    rows = list(batch.rows.all())
    assert all(r.status != ImportRowStatus.REJECTED or importing.import_row_reason(r) for r in rows)
    return {s: sum(1 for r in rows if r.status == s) for s in ImportRowStatus.values}


def _world() -> tuple:
    return (
        set(Customer.objects.values_list("pk", flat=True)),
        Phone.objects.count(),
        Address.objects.count(),
    )


def _assert_one_customer_per_phone():
    shared = Phone.objects.values("number").annotate(n=Count("customer", distinct=True))
    assert not shared.filter(n__gt=1).exists()


def _assert_previewed(batch, rows, before):
    kept = [r for r in rows if any(cell_text(c) for c in r)]
    counts = _statuses(batch)
    assert batch.status == ImportStatus.PREVIEW
    assert batch.total_rows == len(kept) == batch.rows.count()
    assert counts["valid"] + counts["rejected"] == len(kept)
    assert (batch.valid_rows, batch.rejected_rows) == (counts["valid"], counts["rejected"])
    assert _world() == before  # a preview creates no customer


def _assert_imported(batch, before):
    counts = _statuses(batch)
    assert batch.status == ImportStatus.DONE
    assert counts["imported"] + counts["rejected"] == batch.total_rows
    assert (batch.imported_rows, batch.rejected_rows) == (counts["imported"], counts["rejected"])
    assert counts["valid"] == counts["pending"] == 0
    assert batch.valid_rows == batch.imported_rows  # the valid rows that stayed valid
    customers, _phones, _addresses = _world()
    imported = {
        int(pk)
        for pk in batch.rows.filter(status=ImportRowStatus.IMPORTED).values_list(
            "object_id", flat=True
        )
    }
    assert customers - before[0] == imported  # the imported rows' customers, and no other
    assert not batch.rows.filter(status=ImportRowStatus.REJECTED).exclude(object_id="").exists()
    new = Customer.objects.filter(pk__in=imported)
    assert Phone.objects.count() - before[1] == Phone.objects.filter(customer__in=new).count()
    assert Address.objects.count() - before[2] == Address.objects.filter(customer__in=new).count()


def _upload_or_refuse(rows, before, **upload) -> ImportBatch | None:
    """The batch; None when the file is refused as a whole (no customer row in it), in which
    case nothing is written."""
    try:
        return _upload(rows, **upload)
    except ApplicationError as refused:
        assert refused.code == "import.no_rows" and refused.fields["file"]
        assert not any(cell_text(c) for r in rows for c in r)
        assert not ImportBatch.objects.exists() and _world() == before
        return None


# Entered by someone else between the preview and the run: the rows repeating it are refused then.
INTRUDERS = {
    "none": None,
    "phone": {"name": "插队客户", "mobile": "13900139000"},
    "code": {"name": "插队客户", "code": "C002"},
}


@BOUNDED
@given(
    rows=ROWS,
    as_xlsx=st.booleans(),
    by_job=st.booleans(),
    intruder=st.sampled_from(sorted(INTRUDERS)),
)
def test_every_generated_row_ends_imported_or_rejected_with_its_reason(
    users, rows, as_xlsx, by_job, intruder
):
    user = users["supervisor1"]
    upload = {"as_xlsx": as_xlsx, "by_job": by_job, "user": user}
    with _rolled_back():
        # given: a customer whose code and phone some rows repeat
        make_customer(by=user, name="老客户", code="OLD1", mobile="13200132000")
        before = _world()
        # when
        batch = _upload_or_refuse(rows, before, **upload)
        # then
        if batch is None:
            return
        _assert_previewed(batch, rows, before)
        if not batch.valid_rows:
            return
        if INTRUDERS[intruder]:
            make_customer(by=users["agent1"], **INTRUDERS[intruder])
        before = _world()
        batch = _run(batch, user)
        _assert_imported(batch, before)
        _assert_one_customer_per_phone()


@BOUNDED
@given(rows=IMPORTABLE)
def test_running_or_applying_an_imported_batch_again_changes_nothing(users, rows):
    user = users["supervisor1"]
    with _rolled_back():
        # given
        batch = _upload(rows, as_xlsx=False, by_job=False, user=user)
        batch = _run(batch, user)
        done = (_statuses(batch), _world(), batch.imported_rows, batch.rejected_rows)
        # when
        importing.import_batch_run(batch_id=batch.pk)
        try:
            importing.import_batch_apply(batch=batch, by=user)
        except ApplicationError as refused:
            applied_again = refused.code
        # then
        batch.refresh_from_db()
        assert applied_again == "import.applied"
        assert (_statuses(batch), _world(), batch.imported_rows, batch.rejected_rows) == done
