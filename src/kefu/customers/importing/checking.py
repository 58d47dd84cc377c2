"""Checking import rows: cells → CustomerData, every field's error, duplicate phones and codes.

Each row goes through `validate_customer_data`, like the form and the API; the importer adds what a
file brings of its own: text dates, Excel numbers, choice names in Chinese or English, and rows
repeating a phone or code of an earlier row or of a customer.
"""

import dataclasses
import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.phones import try_parse_phone
from kefu.customers.addresses import parse_addresses
from kefu.customers.choices import CustomerKind, Gender
from kefu.customers.importing.reading import cell_text, lookup, norm
from kefu.customers.models import Customer, Phone
from kefu.customers.selectors import customer_visible_to
from kefu.customers.validation import CustomerData, validate_customer_data

_KINDS = {CustomerKind.COMPANY: ("公司", "企业", "单位"), CustomerKind.PERSON: ("个人", "person")}
_GENDERS = {Gender.MALE: ("男", "m"), Gender.FEMALE: ("女", "f")}
_DATE = re.compile(r"^(\d{4}|\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")


@dataclasses.dataclass
class CheckedRow:
    line: int
    cells: list[list[str]]  # [title, field, text] of each column kept
    data: CustomerData
    errors: dict[str, str]
    phones: dict[str, str] = dataclasses.field(default_factory=dict)  # field → E.164


def parse_date(text: str) -> datetime.date:
    """1987-01-09, 1987.01.09, 87.01.09, 1987/1/9, 1987年1月9日, 19870109 or an Excel serial."""
    text = text.strip().split(" ")[0].split("T")[0]
    match = _DATE.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if match is None and text.isdigit() and len(text) <= 5:
        from openpyxl.utils.datetime import from_excel

        return from_excel(int(text)).date()
    if match is None:
        raise ValueError(text)
    year = int(match[1])
    if len(match[1]) == 2:  # 87 → 1987, 05 → 2005
        year += 2000 if year <= timezone.localdate().year % 100 else 1900
    return datetime.date(year, int(match[2]), int(match[3]))


def _customer_data(values: dict[str, str], lookups: dict) -> tuple[CustomerData, dict]:
    errors: dict[str, str] = {}
    get = values.get
    birth = None
    if get("birth_date"):
        try:
            birth = parse_date(get("birth_date"))
        except ValueError:
            errors["birth_date"] = _("“{value}” is not a date; write it as 1987-01-09.").format(
                value=get("birth_date")
            )
    region_code = get("region_code", "")
    if len(region_code) == 12 and region_code.endswith("000000"):
        region_code = region_code[:6]  # the 12-digit statistical code of the same region
    data = CustomerData(
        kind=lookups["kind"].get(norm(get("kind", "")), get("kind", "")),
        name=get("name", ""),
        code=get("code", ""),
        mobile=get("mobile", ""),
        phone=get("phone", ""),
        region_code=region_code,
        address=get("address", ""),
        email=get("email", ""),
        grade=get("grade", ""),
        main_business=get("main_business", ""),
        contact_person=get("contact_person", ""),
        birth_date=birth,
        gender=lookups["gender"].get(norm(get("gender", "")), get("gender", "")),
        occupation=get("occupation", ""),
        hobbies=get("hobbies", ""),
        notes=get("notes", ""),
        tags=[t.strip() for t in re.split(r"[,，、;；]", get("tags", "")) if t.strip()],
    )
    return data, errors


def check_rows(*, titles: list[str], fields: list[str | None], body: list) -> list[CheckedRow]:
    """Every row's CustomerData and errors; addresses parsed all at once (cpca is vectorised)."""
    lookups = {
        "kind": lookup((v.value, v.label, a) for v, a in _KINDS.items()),
        "gender": lookup((v.value, v.label, a) for v, a in _GENDERS.items()),
    }
    rows = []
    for line, cells in body:
        kept = [
            [titles[i], field, cell_text(cells[i]) if i < len(cells) else ""]
            for i, field in enumerate(fields)
            if field
        ]
        data, errors = _customer_data({f: t for _t, f, t in kept}, lookups)
        rows.append(CheckedRow(line=line, cells=kept, data=data, errors=errors))
    pending = [r for r in rows if r.data.address.strip() and not r.data.region_code.strip()]
    parsed = parse_addresses([r.data.address.strip() for r in pending])
    for row, (region, detail) in zip(pending, parsed, strict=True):
        if region is not None:
            row.data.region_code, row.data.address = region.code, detail
    for row in rows:
        try:
            validate_customer_data(row.data)
        except ApplicationError as exc:
            row.errors = {**exc.fields, **row.errors}
        row.phones = _phones(row.data)
    return rows


def _phones(data: CustomerData) -> dict[str, str]:
    found = {name: try_parse_phone(getattr(data, name)) for name in ("mobile", "phone")}
    return {name: phone.e164 for name, phone in found.items() if phone is not None}


def phone_owners(*, user, numbers: set[str]) -> dict[str, str]:
    """{E.164: customer code} of the phones already on a customer the user can see."""
    owners: dict[str, str] = {}
    ordered = sorted(numbers)
    for start in range(0, len(ordered), 500):
        # two indexed look-ups: a join on the scoped customers makes SQLite scan
        pairs = list(
            Phone.objects.filter(number__in=ordered[start : start + 500]).values_list(
                "number", "customer_id"
            )
        )
        codes = dict(
            customer_visible_to(user)
            .filter(pk__in={c for _n, c in pairs})
            .values_list("pk", "code")
        )
        owners.update({number: codes[c] for number, c in pairs if c in codes})
    return owners


def flag_duplicates(rows: list[CheckedRow], *, user) -> None:
    """Later rows repeating a phone or code of an earlier row; codes and phones already used."""
    first_phone: dict[str, int] = {}
    first_code: dict[str, int] = {}
    for row in rows:
        for name, number in row.phones.items():
            line = first_phone.setdefault(number, row.line)
            if line != row.line:
                row.errors.setdefault(name, _("Same phone as line {line}.").format(line=line))
        if row.data.code:
            line = first_code.setdefault(row.data.code, row.line)
            if line != row.line:
                row.errors.setdefault(
                    "code", _("Same customer code as line {line}.").format(line=line)
                )
    codes = sorted(first_code)
    used = {
        c
        for start in range(0, len(codes), 500)
        for c in Customer.objects.filter(code__in=codes[start : start + 500]).values_list(
            "code", flat=True
        )
    }
    owners = phone_owners(user=user, numbers=set(first_phone))
    for row in rows:
        if row.data.code in used:
            row.errors.setdefault("code", _("This customer code is already used."))
        for name, number in row.phones.items():
            if number in owners:
                row.errors.setdefault(
                    name,
                    _("This phone already belongs to customer {code}.").format(code=owners[number]),
                )
