"""API of customers: /api/v1/customers — list/search, caller-ID look-up, CRUD."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from kefu.accounts.scoping import org_units_visible_to
from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.core.errors import ApplicationError
from kefu.customers import services
from kefu.customers.choices import CustomerKind
from kefu.customers.selectors import (
    customer_by_phone,
    customer_duplicates,
    customer_filter,
    customer_get,
    customer_visible_to,
    phone_display,
    with_details,
)
from kefu.customers.validation import CustomerData

router = Router(tags=["customers"])


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class PhoneOut(Schema):
    number: str
    kind: str
    is_primary: bool

    @staticmethod
    def resolve_number(obj, context) -> str:
        return phone_display(context["request"].user, obj.number)


class AddressOut(Schema):
    region_code: str | None = Field(None, alias="region_id")
    region: str
    detail: str
    is_default: bool

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.full_name if obj.region_id else ""


class CustomerOut(Schema):
    id: int
    code: str
    kind: CustomerKind
    name: str
    grade: str
    email: str
    region_code: str | None = Field(None, alias="region_id")
    region: str
    org_unit_id: int | None
    main_business: str
    contact_person: str
    gender: str
    birth_date: datetime.date | None
    occupation: str
    hobbies: str
    notes: str
    tags: list[str]
    phones: list[PhoneOut]
    addresses: list[AddressOut]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.full_name if obj.region_id else ""

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [t.name for t in obj.tags.all()]

    @staticmethod
    def resolve_phones(obj) -> list:
        return list(obj.phones.all())

    @staticmethod
    def resolve_addresses(obj) -> list:
        return list(obj.addresses.all())


class CustomerIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    kind: CustomerKind
    name: str = Field(min_length=1, max_length=100)
    code: str = Field("", max_length=30)
    mobile: str = ""
    phone: str = ""
    other_phones: list[str] = []
    region_code: str = ""
    address: str = Field("", max_length=400)
    email: str = ""
    grade: str = Field("", max_length=20)
    main_business: str = Field("", max_length=200)
    contact_person: str = Field("", max_length=50)
    gender: str = ""
    birth_date: datetime.date | None = None
    occupation: str = Field("", max_length=50)
    hobbies: str = Field("", max_length=200)
    notes: str = ""
    tags: list[str] = []
    org_unit_id: Id | None = None
    allow_duplicate: bool = False


class CustomerUpdateIn(CustomerIn):
    version: int


class CustomerFilters(InputSchema):
    q: str = ""
    kind: str = ""
    grade: str = ""
    region: str = Field("", pattern=r"^([0-9]{6})?$", description="a 6-digit region code")


def _data(request, payload: CustomerIn) -> CustomerData:
    unit = payload.org_unit_id
    if unit is not None and not org_units_visible_to(request.user).filter(pk=unit).exists():
        raise ApplicationError(
            "customer.invalid",
            _("Please correct the fields listed."),
            fields={"org_unit_id": _("Choose an active org unit within your scope.")},
        )
    fields = payload.model_dump(exclude={"allow_duplicate", "version"})
    fields["kind"] = str(payload.kind.value)
    return CustomerData(**fields)


def _check_duplicates(request, payload: CustomerIn, exclude_pk=None) -> None:
    if payload.allow_duplicate:
        return
    found = customer_duplicates(
        user=request.user,
        name=payload.name,
        phones=[payload.mobile, payload.phone, *payload.other_phones],
        exclude_pk=exclude_pk,
    )
    if found:
        raise ApplicationError(
            "customer.possible_duplicate",
            _("Possible duplicate customers: {codes}. Send allow_duplicate=true to save anyway."),
            fields={
                "name" if reason == "name" else "mobile": f"{c.code} {c.name}"
                for c, reason in found
            },
            status=409,
            codes="、".join(c.code for c, _reason in found),
        )


@router.get("", response={200: list[CustomerOut], **errors(403, 422)})
@paginate
def list_customers(request, filters: Query[CustomerFilters]):
    """Customers visible to the caller; `q` finds by name, code, phone, last digits, pinyin."""
    _require(request, "customers.view_customer")
    return with_details(customer_filter(user=request.user, **filters.model_dump())).order_by("-id")


@router.get("/lookup", response={200: list[CustomerOut], **errors(403, 422)})
def lookup_by_phone(request, phone: str):
    """Caller-ID look-up: customers with exactly this number (any format, E.164 or national)."""
    _require(request, "customers.view_customer")
    return customer_by_phone(user=request.user, phone=phone)


@router.post("", response={201: CustomerOut, **errors(400, 403, 409, 422)})
def create_customer(request, payload: CustomerIn):
    _require(request, "customers.add_customer")
    _check_duplicates(request, payload)
    customer = services.customer_create(data=_data(request, payload), by=request.user)
    return Status(201, customer_get(user=request.user, pk=customer.pk))


@router.get("/{customer_id}", response={200: CustomerOut, **errors(403, 404, 422)})
def read_customer(request, customer_id: int):
    _require(request, "customers.view_customer")
    return customer_get(user=request.user, pk=customer_id)


@router.put("/{customer_id}", response={200: CustomerOut, **errors(400, 403, 404, 409, 422)})
def update_customer(request, customer_id: int, payload: CustomerUpdateIn):
    """Replace the record's fields; `version` must be the one read (a stale one gets 409)."""
    _require(request, "customers.change_customer")
    customer = customer_get(user=request.user, pk=customer_id)
    _check_duplicates(request, payload, exclude_pk=customer.pk)
    services.customer_update(
        customer=customer, data=_data(request, payload), version=payload.version, by=request.user
    )
    return customer_get(user=request.user, pk=customer_id)


@router.delete("/{customer_id}", response={204: None, **errors(400, 403, 404, 422)})
def delete_customer(request, customer_id: int):
    _require(request, "customers.delete_customer")
    customer = get_object_or_404(customer_visible_to(request.user), pk=customer_id)
    services.customer_delete(customer=customer, by=request.user)
    return Status(204, None)
