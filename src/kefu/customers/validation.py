"""Validation of customer input shared by the form, the API and the importer.

`CustomerData` is what every entry point builds; `validate_customer_data` collects every field's
error at once (so that a user fixes a form, and an import row reports, all problems together) and
returns the cleaned values: parsed phones, the region, the parsed address.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.catalog.models import Region
from kefu.catalog.selectors import region_get
from kefu.core.errors import ApplicationError
from kefu.core.phones import Phone, parse_phone
from kefu.customers.addresses import parse_address
from kefu.customers.choices import CustomerKind, Gender
from kefu.customers.grades import grades_by_code
from kefu.customers.models import Customer

LENGTH_CHECKED = [
    "code",
    "email",
    "grade",
    "main_business",
    "contact_person",
    "occupation",
    "hobbies",
]


@dataclass
class CustomerData:
    kind: str
    name: str
    code: str = ""
    mobile: str = ""
    phone: str = ""  # fixed line
    other_phones: list[str] = field(default_factory=list)
    region_code: str = ""
    address: str = ""  # street detail, or a whole free-text address when region_code is empty
    email: str = ""
    grade: str = ""
    main_business: str = ""
    contact_person: str = ""
    gender: str = ""
    birth_date: datetime.date | None = None
    occupation: str = ""
    hobbies: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    org_unit_id: int | None = None


@dataclass
class CleanCustomer:
    data: CustomerData
    phones: list[Phone]
    region: Region | None
    address_detail: str


def grade_code(value: str) -> str | None:
    """The code of the grade named by its code or its name (金卡 or gold), or None."""
    value = value.strip()
    grades = grades_by_code()
    if value in grades:
        return value
    return next((g.code for g in grades.values() if value in (g.name, g.code.upper())), None)


def validate_customer_data(data: CustomerData) -> CleanCustomer:
    errors: dict[str, str] = {}
    data.name = (data.name or "").strip()
    data.code = (data.code or "").strip().upper()
    if data.kind not in CustomerKind.values:
        errors["kind"] = _("Choose company or individual.")
    if not data.name:
        errors["name"] = _("This field is required.")
    elif len(data.name) > 100:
        errors["name"] = _("At most 100 characters.")
    for name in LENGTH_CHECKED:
        limit = Customer._meta.get_field(name).max_length
        if len(getattr(data, name) or "") > limit:
            errors[name] = _("At most {count} characters.").format(count=limit)
    if data.email and "email" not in errors:
        try:
            validate_email(data.email)
        except ValidationError:
            errors["email"] = _("“{value}” is not a valid e-mail address.").format(value=data.email)
    if data.grade and "grade" not in errors:
        code = grade_code(data.grade)
        if code is None:
            names = "、".join(g.name for g in grades_by_code().values() if g.is_active)
            errors["grade"] = _("Unknown grade “{value}”; the grades are: {names}.").format(
                value=data.grade, names=names
            )
        else:
            data.grade = code
    if data.gender and data.gender not in Gender.values:
        errors["gender"] = _("Not one of the allowed values.")
    if data.birth_date and data.birth_date > timezone.localdate():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    if data.birth_date and data.birth_date < datetime.date(1900, 1, 1):
        errors["birth_date"] = _("The birth date is too far in the past.")
    phones: list[Phone] = []
    for name, raw in [("mobile", data.mobile), ("phone", data.phone)] + [
        ("other_phones", p) for p in data.other_phones
    ]:
        if not (raw or "").strip():
            continue
        try:
            parsed = parse_phone(raw, field=name)
        except ApplicationError as exc:
            errors[name] = _("“{value}” is not a valid phone number.").format(value=raw)
            del exc
            continue
        if parsed.e164 not in {p.e164 for p in phones}:
            phones.append(parsed)
    region, detail = None, (data.address or "").strip()
    if data.region_code:
        region = region_get(data.region_code.strip())
        if region is None:
            errors["region_code"] = _("Unknown region code “{code}”.").format(code=data.region_code)
    elif detail:
        region, detail = parse_address(detail)
    if len(detail) > 200:
        errors["address"] = _("At most 200 characters.")
    if errors:
        raise ApplicationError(
            "customer.invalid", _("Please correct the fields listed."), fields=errors
        )
    return CleanCustomer(data=data, phones=phones, region=region, address_detail=detail)
