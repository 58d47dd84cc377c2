"""Files and helpers the import tests share."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kefu.customers import importing

HEADER = ["客户类型", "客户名称", "客户编号", "手机", "地区编码", "出生日期", "地址"]
GOOD = [
    ["个人", "张三", "C001", "13800138000", "", "1987-01-09", "北京市海淀区中关村大街1号"],
    ["公司", "华北机电有限公司", "C002", "13900139000", "110108", "", "学院路5号"],
]
BAD = [
    ["个人", "李四", "C003", "12345", "", "", ""],  # line 4: invalid phone
    ["个人", "王五", "C004", "13700137000", "", "2999-01-01", ""],  # 5: future birth date
    ["个人", "赵六", "C005", "13600136000", "999999", "", ""],  # 6: unknown region code
    ["个人", "", "C006", "13500135000", "", "", ""],  # 7: no name
    ["个人", "钱七", "C001", "13400134000", "", "", ""],  # 8: same code as line 2
    ["个人", "孙八", "OLD1", "13300133000", "", "", ""],  # 9: code already used
    ["个人", "周九", "", "13200132000", "", "", ""],  # 10: phone already a customer's
]


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, content: bytes, filename: str = "customers.xlsx"):
    return client.post(reverse("customers:import"), {"file": SimpleUploadedFile(filename, content)})


def apply(batch, by, capture):
    with capture(execute=True):
        importing.import_batch_apply(batch=batch, by=by)
    batch.refresh_from_db()
    return batch
