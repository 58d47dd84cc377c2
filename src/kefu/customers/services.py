"""Writes of customers: create, update, delete, phones, addresses, contacts, assets.

Every entry point (pages, API, importer, demo) goes through these functions: one transaction per
action, validation with every field's error at once, an audit row with before/after.
"""

import datetime
import uuid

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.phones import Phone as ParsedPhone
from kefu.core.phones import digits, parse_phone
from kefu.core.services import audit_record, diff_fields
from kefu.core.text import pinyin_forms, search_terms
from kefu.customers.choices import GradeChangeSource
from kefu.customers.models import Address, Asset, Contact, Customer, GradeChange, Phone, Tag
from kefu.customers.validation import CleanCustomer, CustomerData, validate_customer_data

AUDITED_FIELDS = [
    "kind",
    "code",
    "name",
    "org_unit_id",
    "owner_id",
    "region_id",
    "grade",
    "email",
    "main_business",
    "contact_person",
    "gender",
    "birth_date",
    "occupation",
    "hobbies",
    "notes",
]
PLAIN_FIELDS = [
    "kind",
    "name",
    "email",
    "grade",
    "main_business",
    "contact_person",
    "gender",
    "birth_date",
    "occupation",
    "hobbies",
    "notes",
]


def customer_search_text(customer: Customer) -> str:
    return search_terms(
        customer.name,
        customer.code,
        customer.contact_person,
        customer.main_business,
        names=(customer.name, customer.contact_person),
    )


def phone_row(customer: Customer, phone: ParsedPhone, *, primary: bool = False) -> Phone:
    national = digits(phone.e164)
    if national.startswith("86"):
        national = national[2:]
    return Phone(
        customer=customer,
        number=phone.e164,
        kind=phone.kind,
        reversed_digits=national[::-1],
        is_primary=primary,
    )


def _apply(customer: Customer, clean: CleanCustomer) -> None:
    data = clean.data
    for name in PLAIN_FIELDS:
        setattr(customer, name, getattr(data, name) or ("" if name != "birth_date" else None))
    customer.region = clean.region
    if data.org_unit_id is not None:
        customer.org_unit_id = data.org_unit_id
    customer.name_initials = pinyin_forms(customer.name)[0][:30]


def code_for(pk: int) -> str:
    """The generated code of a customer entered without one: KH + the id, zero-padded."""
    return f"KH{pk:08d}"


def _set_tags(customer: Customer, names: list[str]) -> None:
    tags = [Tag.objects.get_or_create(name=n.strip()[:30])[0] for n in names if n.strip()]
    customer.tags.set(tags)


def _grade_history(customer: Customer, *, before: str, source: str, reason: str, by) -> None:
    """A grade typed on the form, the API or an import row is part of the grade history."""
    if customer.grade == before:
        return
    GradeChange.objects.create(
        customer=customer,
        from_grade=before,
        to_grade=customer.grade,
        source=source,
        reason=reason,
        changed_by=by if getattr(by, "is_authenticated", False) else None,
    )


@transaction.atomic
def customer_create(
    *, data: CustomerData, by, owner=None, grade_source: str = GradeChangeSource.MANUAL
) -> Customer:
    clean = validate_customer_data(data)
    if data.code and Customer.objects.filter(code=data.code).exists():
        raise ApplicationError(
            "customer.duplicate_code",
            _("This customer code is already used."),
            fields={"code": _("This customer code is already used.")},
        )
    customer = Customer(
        owner=owner or (by if getattr(by, "is_authenticated", False) else None),
        org_unit=getattr(by, "org_unit", None),
    )
    _apply(customer, clean)
    customer.code = data.code or f"TMP-{uuid.uuid4().hex[:24]}"
    customer.search_text = customer_search_text(customer)
    customer.save()
    if not data.code:
        customer.code = code_for(customer.pk)
        customer.search_text = customer_search_text(customer)
        customer.save(update_fields=["code", "search_text"])
    Phone.objects.bulk_create(
        [phone_row(customer, p, primary=i == 0) for i, p in enumerate(clean.phones)]
    )
    if clean.address_detail or clean.region:
        Address.objects.create(
            customer=customer, region=clean.region, detail=clean.address_detail, is_default=True
        )
    _set_tags(customer, data.tags)
    _grade_history(
        customer,
        before="",
        source=grade_source,
        reason=_("Grade given when the customer was registered."),
        by=by,
    )
    audit_record(
        actor=by,
        action="customer.create",
        obj=customer,
        changes={
            "code": customer.code,
            "name": customer.name,
            "kind": customer.kind,
            "phones": [p.e164 for p in clean.phones],
        },
    )
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, data: CustomerData, version: int, by) -> Customer:
    """Update the record and its primary phones/address; refuse a stale edit."""
    clean = validate_customer_data(data)
    before = {name: getattr(customer, name) for name in AUDITED_FIELDS}
    if data.grade != customer.grade and not (by and by.has_perm("customers.override_grade")):
        message = _(
            "Grading runs set the grade; only users who may set grades by hand can change it."
        )
        raise ApplicationError("customer.grade", message, fields={"grade": message}, status=403)
    if data.code and data.code != customer.code:
        if Customer.objects.filter(code=data.code).exclude(pk=customer.pk).exists():
            raise ApplicationError(
                "customer.duplicate_code",
                _("This customer code is already used."),
                fields={"code": _("This customer code is already used.")},
            )
        customer.code = data.code
    _apply(customer, clean)
    customer.search_text = customer_search_text(customer)
    updated = Customer.objects.filter(
        pk=customer.pk, version=version, deleted_at__isnull=True
    ).update(
        version=F("version") + 1,
        **{
            name: getattr(customer, name)
            for name in AUDITED_FIELDS + ["name_initials", "search_text"]
        },
        updated_at=timezone.now(),
    )
    if not updated:
        raise ApplicationError(
            "customer.stale",
            _(
                "Someone else changed this customer after you opened it. "
                "Reload the page and make your change again."
            ),
            status=409,
        )
    customer.version = version + 1
    phones_before = sorted(customer.phones.values_list("number", flat=True))
    _replace_primary_phones(customer, clean.phones)
    _replace_default_address(customer, clean)
    _set_tags(customer, data.tags)
    _grade_history(
        customer,
        before=before["grade"],
        source=GradeChangeSource.MANUAL,
        reason=_("Changed on the customer record."),
        by=by,
    )
    changes = diff_fields(customer, before, AUDITED_FIELDS)
    phones_after = sorted(customer.phones.values_list("number", flat=True))
    if phones_after != phones_before:
        changes["phones"] = [phones_before, phones_after]
    audit_record(actor=by, action="customer.update", obj=customer, changes=changes)
    return customer


def _replace_primary_phones(customer: Customer, phones: list[ParsedPhone]) -> None:
    """The form edits the first mobile and the first fixed line; extra phones stay as they are."""
    wanted = {p.e164 for p in phones}
    slots = {}
    for phone in customer.phones.all():
        slots.setdefault(phone.kind, phone)
    stale = [p.pk for p in slots.values() if p.number not in wanted]
    customer.phones.filter(pk__in=stale).delete()
    existing = set(customer.phones.values_list("number", flat=True))
    Phone.objects.bulk_create([phone_row(customer, p) for p in phones if p.e164 not in existing])
    customer.phones.update(is_primary=False)
    if phones:
        customer.phones.filter(number=phones[0].e164).update(is_primary=True)


def _replace_default_address(customer: Customer, clean: CleanCustomer) -> None:
    if not (clean.address_detail or clean.region):
        return
    default = customer.addresses.filter(is_default=True).first()
    if default is None:
        Address.objects.create(
            customer=customer, region=clean.region, detail=clean.address_detail, is_default=True
        )
    elif (default.region_id, default.detail) != (
        getattr(clean.region, "pk", None),
        clean.address_detail,
    ):
        default.region, default.detail = clean.region, clean.address_detail
        default.save(update_fields=["region", "detail"])


@transaction.atomic
def customer_delete(*, customer: Customer, by) -> Customer:
    """Soft delete: the row stays for history and audit; every selector hides it."""
    updated = Customer.objects.filter(pk=customer.pk, deleted_at__isnull=True).update(
        deleted_at=timezone.now(), version=F("version") + 1
    )
    if updated:
        audit_record(
            actor=by,
            action="customer.delete",
            obj=customer,
            changes={"code": customer.code, "name": customer.name},
        )
    return customer


@transaction.atomic
def customer_phone_add(*, customer: Customer, raw: str, label: str = "", by) -> Phone:
    parsed = parse_phone(raw, field="number")
    if customer.phones.filter(number=parsed.e164).exists():
        raise ApplicationError(
            "phone.duplicate",
            _("This customer already has this phone."),
            fields={"number": _("This customer already has this phone.")},
        )
    phone = phone_row(customer, parsed, primary=not customer.phones.exists())
    phone.label = label[:20]
    phone.save()
    audit_record(
        actor=by, action="customer.phone_add", obj=customer, changes={"phone": parsed.e164}
    )
    return phone


@transaction.atomic
def customer_phone_remove(*, phone: Phone, by) -> None:
    customer = phone.customer
    phone.delete()
    audit_record(
        actor=by, action="customer.phone_remove", obj=customer, changes={"phone": phone.number}
    )


@transaction.atomic
def customer_address_add(
    *, customer: Customer, region_code: str, detail: str, label: str = "", by
) -> Address:
    data = CustomerData(
        kind=customer.kind, name=customer.name, region_code=region_code, address=detail
    )
    clean = validate_customer_data(data)
    address = Address.objects.create(
        customer=customer,
        region=clean.region,
        detail=clean.address_detail,
        label=label[:20],
        is_default=not customer.addresses.exists(),
    )
    audit_record(
        actor=by, action="customer.address_add", obj=customer, changes={"address": str(address)}
    )
    return address


@transaction.atomic
def contact_link(
    *, company: Customer, person: Customer, title: str = "", is_primary: bool = False, by
) -> Contact:
    if not company.is_company or person.is_company:
        raise ApplicationError(
            "contact.kinds",
            _("A contact links a person to a company."),
            fields={"person": _("Choose an individual customer.")},
        )
    contact, created = Contact.objects.get_or_create(
        company=company, person=person, defaults={"title": title[:50], "is_primary": is_primary}
    )
    if not created:
        raise ApplicationError(
            "contact.duplicate",
            _("This person is already a contact."),
            fields={"person": _("This person is already a contact.")},
        )
    audit_record(
        actor=by,
        action="customer.contact_link",
        obj=company,
        changes={"person": person.code, "title": title},
    )
    return contact


@transaction.atomic
def asset_register(
    *,
    customer: Customer,
    product_model,
    serial_number: str = "",
    purchase_date: datetime.date | None = None,
    by,
) -> Asset:
    if purchase_date and purchase_date > timezone.localdate():
        raise ApplicationError(
            "asset.future_purchase",
            _("The purchase date is in the future."),
            fields={"purchase_date": _("The purchase date is in the future.")},
        )
    warranty_end = (
        purchase_date + relativedelta(months=product_model.warranty_months)
        if purchase_date
        else None
    )
    asset = Asset.objects.create(
        customer=customer,
        product_model=product_model,
        serial_number=serial_number.strip()[:60],
        purchase_date=purchase_date,
        warranty_end=warranty_end,
        address=customer.addresses.filter(is_default=True).first(),
    )
    audit_record(
        actor=by,
        action="customer.asset_register",
        obj=customer,
        changes={"product_model": product_model.code, "serial": serial_number},
    )
    return asset
