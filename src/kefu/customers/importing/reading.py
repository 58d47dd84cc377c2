"""Reading an import file: .xlsx or CSV (UTF-8 with or without BOM, GB18030) → titled rows.

The header row's titles, Chinese or English, name the CustomerData field of each column. A file
that is not a spreadsheet, is empty, has an unknown, repeated or missing required column, or too
many rows is refused as a whole with an ApplicationError naming the problem.
"""

import codecs
import csv
import dataclasses
import datetime
import io
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kefu.core.errors import ApplicationError

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97–2003 .xls (or any Office 97 file)


@dataclasses.dataclass(frozen=True)
class Column:
    field: str
    label: object  # a lazy English msgid; its translations are accepted as titles too
    aliases: tuple[str, ...]
    required: bool = False


COLUMNS = [
    Column(
        "kind",
        gettext_lazy("Customer type"),
        ("客户类型", "类型", "客户类别", "kind", "type"),
        True,
    ),
    Column(
        "name",
        gettext_lazy("Customer name"),
        ("客户名称", "名称", "姓名", "客户姓名", "单位名称", "name"),
        True,
    ),
    Column("code", gettext_lazy("Customer code"), ("客户编号", "编号", "客户编码", "code")),
    Column(
        "mobile", gettext_lazy("Mobile phone"), ("手机", "手机号", "手机号码", "移动电话", "mobile")
    ),
    Column("phone", gettext_lazy("Fixed phone"), ("电话", "固定电话", "座机", "联系电话", "phone")),
    Column("address", gettext_lazy("Address"), ("地址", "详细地址", "联系地址")),
    Column("region_code", gettext_lazy("Region code"), ("地区编码", "行政区划代码", "区域编码")),
    Column("email", gettext_lazy("E-mail"), ("邮箱", "电子邮箱", "电子邮件", "email")),
    Column("main_business", gettext_lazy("Main business"), ("主营业务",)),
    Column("contact_person", gettext_lazy("Contact person"), ("联系人",)),
    Column("gender", gettext_lazy("Gender"), ("性别", "sex")),
    Column("birth_date", gettext_lazy("Birth date"), ("出生日期", "生日", "birthday")),
    Column("occupation", gettext_lazy("Occupation"), ("职业",)),
    Column("hobbies", gettext_lazy("Hobbies"), ("爱好", "兴趣爱好")),
    Column("notes", gettext_lazy("Notes"), ("备注", "remarks")),
    Column("tags", gettext_lazy("Tags"), ("标签",)),
    Column("grade", gettext_lazy("Grade"), ("等级", "客户等级")),
]
REASON = gettext_lazy("Reason")
_REASON_ALIASES = ("原因", "错误原因", "拒绝原因")


def refuse(code: str, message: str) -> ApplicationError:
    return ApplicationError(f"import.{code}", message, fields={"file": message})


def norm(title: str) -> str:
    """The comparable form of a title or value: no spaces, marks or notes in brackets; lower."""
    title = re.sub(r"[(（][^)）]*[)）]", "", title)
    return re.sub(r"[\s_\-*＊:：]", "", title).lower()


def accepted_names(label, aliases) -> set[str]:
    """A choice's or a column's accepted names: aliases, and its label in every UI language."""
    names = {norm(a) for a in aliases}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(norm(str(label)))
    return names


def lookup(pairs) -> dict[str, str]:
    """{accepted name: value} from (value, label, aliases) triples."""
    return {
        name: value for value, label, aliases in pairs for name in accepted_names(label, aliases)
    }


def cell_text(value) -> str:
    """A cell as text: 13800138000.0 → "13800138000", an Excel date → "1987-01-09"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def _decode(content: bytes, filename: str) -> str:
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16")  # Excel's "Unicode text"
    if b"\x00" in content:
        raise refuse(
            "not_spreadsheet",
            _("“{name}” is not an Excel (.xlsx) or CSV file.").format(name=filename),
        )
    for encoding in ("utf-8", "gb18030"):  # Chinese Excel saves CSV in GB18030 (GBK)
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise refuse(
        "encoding",
        _(
            "“{name}” is neither UTF-8 nor GB18030 (GBK) text; save it again as CSV or .xlsx."
        ).format(name=filename),
    )


def _csv_rows(content: bytes, filename: str):
    text = _decode(content, filename)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        yield from enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
        )
    except csv.Error as exc:
        raise refuse(
            "unreadable",
            _("“{name}” could not be read as CSV: {error}").format(name=filename, error=exc),
        ) from exc


def _xlsx_rows(content: bytes, filename: str):
    from openpyxl import load_workbook

    unreadable = _(
        "“{name}” could not be read as an Excel file; it may be damaged. Open it in "
        "Excel and save it again as .xlsx."
    ).format(name=filename)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions; read what is there
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise refuse("unreadable", unreadable) from exc
    try:
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except (ValueError, KeyError, OSError) as exc:
        raise refuse("unreadable", unreadable) from exc
    finally:
        book.close()


def read_rows(*, filename: str, content: bytes):
    """(line number, cells) of every row of the first sheet or of the CSV; blank rows skipped."""
    if len(content) > MAX_BYTES:
        raise refuse(
            "too_large",
            _("The file is larger than {size} MB; split it into smaller files.").format(
                size=MAX_BYTES // 2**20
            ),
        )
    if not content.strip():
        raise refuse("empty", _("The file is empty."))
    if content.startswith(_OLE):
        raise refuse(
            "xls",
            _(
                "“{name}” is an old Excel 97–2003 file (.xls); save it as .xlsx "
                "or CSV and upload it again."
            ).format(name=filename),
        )
    reader = _xlsx_rows if content.startswith(b"PK\x03\x04") else _csv_rows
    for line, cells in reader(content, filename):
        if any(cell_text(c) for c in cells):
            yield line, list(cells)


def map_header(header: list, columns: list[Column] = COLUMNS) -> list[str | None]:
    """The field of each column (None: ignored); refuses unknown or missing ones."""
    from openpyxl.utils import get_column_letter

    index = lookup((c.field, c.label, c.aliases) for c in columns)
    ignored = accepted_names(REASON, _REASON_ALIASES)  # a rejected-rows download, fixed, comes back
    fields: list[str | None] = []
    for position, cell in enumerate(header, start=1):
        title, key = cell_text(cell), norm(cell_text(cell))
        if not key or key in ignored:
            fields.append(None)
            continue
        field = index.get(key)
        if field is None:
            raise refuse(
                "unknown_column",
                _("Unknown column “{title}” (column {letter}). The columns are: {known}.").format(
                    title=title,
                    letter=get_column_letter(position),
                    known="、".join(str(c.label) for c in columns),
                ),
            )
        if field in fields:
            raise refuse(
                "duplicate_column", _("The column “{title}” appears twice.").format(title=title)
            )
        fields.append(field)
    for column in columns:
        if column.required and column.field not in fields:
            raise refuse(
                "missing_column",
                _("The required column “{title}” is missing.").format(title=column.label),
            )
    return fields


def read_table(
    *, filename: str, content: bytes, columns: list[Column] = COLUMNS, no_rows=None
) -> tuple[list[str], list[str | None], list]:
    """(titles, field of each column, [(line, cells)]) of a file; refuses a malformed one."""
    rows = read_rows(filename=filename, content=content)
    first = next(rows, None)
    if first is None:
        raise refuse("empty", _("The file is empty."))
    fields = map_header(first[1], columns)
    body = []
    for line, cells in rows:
        if len(body) >= MAX_ROWS:
            raise refuse(
                "too_many_rows",
                _(
                    "The file has more than {limit} rows; split it into "
                    "files of at most {limit} rows."
                ).format(limit=f"{MAX_ROWS:,}"),
            )
        body.append((line, cells))
    if not body:
        raise refuse(
            "no_rows", str(no_rows or _("The file has a header row but no customer rows."))
        )
    return [cell_text(c) for c in first[1]], fields, body
