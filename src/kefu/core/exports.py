"""Excel and CSV export of any list: streamed, so a large export never sits in memory."""

import csv
from collections.abc import Iterable
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value):
        return value


def _csv_stream(headers: list[str], rows: Iterable[list]):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so that Excel opens UTF-8 Chinese text correctly
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow(["" if v is None else v for v in row])


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def csv_response(*, filename: str, headers: list[str], rows: Iterable[list]):
    response = StreamingHttpResponse(_csv_stream(headers, rows), content_type="text/csv")
    response["Content-Disposition"] = _disposition(f"{filename}.csv")
    return response


def xlsx_bytes(*, headers: list[str], rows: Iterable[list], title: str = "Sheet1") -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append(["" if v is None else _cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, list | tuple | set):
        return "，".join(str(v) for v in value)
    return value


def xlsx_response(*, filename: str, headers: list[str], rows: Iterable[list]):
    from django.http import HttpResponse

    response = HttpResponse(
        xlsx_bytes(headers=headers, rows=rows, title=filename), content_type=XLSX
    )
    response["Content-Disposition"] = _disposition(f"{filename}.xlsx")
    return response


def export_response(*, fmt: str, filename: str, headers: list[str], rows: Iterable[list]):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        return xlsx_response(filename=f"{filename}-{stamp}", headers=headers, rows=rows)
    return csv_response(filename=f"{filename}-{stamp}", headers=headers, rows=rows)
