"""Reading import files: formats, encodings, limits, the ways people write dates."""

import datetime

import pytest

from kefu.core.errors import ApplicationError
from kefu.core.models import ImportBatch, ImportRow
from kefu.customers import importing
from kefu.customers.importing.checking import parse_date
from kefu.customers.models import Customer
from kefu.customers.tests.import_files import apply, csv_bytes, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("filename", "content", "code", "named"),
    [
        ("empty.csv", b"", "import.empty", ""),
        ("blank.xlsx", None, "import.empty", ""),
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "import.not_spreadsheet",
            "photo.png",
        ),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "import.xls", "old.xls"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "import.unreadable", "broken.xlsx"),
        ("latin.csv", b"\x80\x80\x80abc", "import.encoding", "latin.csv"),
        (
            "unknown.csv",
            "客户类型,客户名称,手机号码X\n个人,张三,1\n".encode(),
            "import.unknown_column",
            "手机号码X",
        ),
        ("noname.csv", "客户类型,手机\n个人,13800138000\n".encode(), "import.missing_column", ""),
        ("twice.csv", "类型,名称,手机,移动电话\n".encode(), "import.duplicate_column", "移动电话"),
        ("header.csv", "客户类型,客户名称\n,\n".encode(), "import.no_rows", ""),
    ],
)
def test_a_malformed_file_writes_nothing_and_says_why(users, filename, content, code, named):
    # given
    content = xlsx([]) if content is None else content
    # when
    with pytest.raises(ApplicationError) as refused:
        importing.import_batch_create(filename=filename, content=content, by=users["supervisor1"])
    # then
    assert refused.value.code == code
    assert named in refused.value.message and refused.value.fields["file"]
    assert not ImportBatch.objects.exists() and not ImportRow.objects.exists()
    assert not Customer.objects.exists()


def test_the_upload_page_shows_why_a_file_was_refused(users, client_as):
    # given
    client = client_as("supervisor1")
    # when
    response = upload(client, "客户类型,客户名称,手机号码X\n个人,张三,1\n".encode(), "c.csv")
    # then
    assert response.status_code == 200
    assert "手机号码X" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_a_file_of_more_than_the_row_limit_is_refused(users, monkeypatch):
    # given
    monkeypatch.setattr(importing.reading, "MAX_ROWS", 2)
    content = csv_bytes([["类型", "名称"], *[["个人", f"客户{i}"] for i in range(3)]])
    # when / then
    with pytest.raises(ApplicationError, match="too_many_rows"):
        importing.import_batch_create(filename="c.csv", content=content, by=users["admin"])
    assert not ImportBatch.objects.exists()


def test_a_file_larger_than_the_size_limit_is_refused_on_upload(users, client_as, monkeypatch):
    # given
    monkeypatch.setattr(importing.reading, "MAX_BYTES", 10)
    client = client_as("supervisor1")
    # when
    response = upload(client, csv_bytes([["类型", "名称"], ["个人", "张三"]]), "big.csv")
    # then
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_a_csv_in_gb18030_reads(users):
    # given
    content = csv_bytes(
        [
            ["客户类型", "客户名称", "手机", "性别", "出生日期", "标签"],
            ["个人", "张三", "13800138000", "男", "87.01.09", "VIP、老客户"],
        ],
        encoding="gb18030",
    )
    # when
    batch = importing.import_batch_create(
        filename="c.csv", content=content, by=users["supervisor1"]
    )
    # then
    row = batch.rows.get()
    assert (batch.valid_rows, row.errors) == (1, {})
    assert row.data["customer"]["name"] == "张三"
    assert row.data["customer"]["gender"] == "m"
    assert row.data["customer"]["birth_date"] == "1987-01-09"
    assert row.data["customer"]["tags"] == ["VIP", "老客户"]


def test_an_xlsx_with_english_titles_numbers_and_excel_dates_imports(
    users, django_capture_on_commit_callbacks
):
    # given
    user = users["supervisor1"]
    content = xlsx(
        [
            ["kind", "name", "mobile", "birth date", "region_code", "Tags"],
            ["person", "Li Lei", 13800138000, datetime.datetime(1987, 1, 9), 110108, "a, b"],
        ]
    )
    batch = importing.import_batch_create(filename="c.xlsx", content=content, by=user)
    # when
    batch = apply(batch, user, django_capture_on_commit_callbacks)
    # then
    customer = Customer.objects.get()
    assert (customer.birth_date, customer.region_id) == (datetime.date(1987, 1, 9), "110108")
    assert customer.phones.get().number == "+8613800138000"
    assert sorted(t.name for t in customer.tags.all()) == ["a", "b"]


@pytest.mark.parametrize(
    "text",
    [
        "1987-01-09",
        "1987.01.09",
        "87.01.09",
        "1987/1/9",
        "1987年1月9日",
        "19870109",
        "1987-01-09 00:00:00",
        "31786",
    ],
)
def test_it_reads_the_ways_people_write_a_date(text):
    assert parse_date(text) == datetime.date(1987, 1, 9)
