"""Reads of customers. Every read starts from `customer_visible_to(user)`."""

import re

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from rapidfuzz import fuzz

from kefu.accounts.parameters import parameter_value
from kefu.accounts.scoping import scoped
from kefu.core.phones import digits, mask, try_parse_phone
from kefu.core.search import search_filter
from kefu.core.text import pinyin_forms
from kefu.customers.models import Address, Customer, Phone

MIN_TAIL_DIGITS = 3
MIN_FULL_DIGITS = 7


def customer_visible_to(user) -> QuerySet[Customer]:
    """Customers of the user's org unit and subtree, plus those they own; all with the perm."""
    return scoped(
        # search_text is for the index only: never read back, often the widest column
        Customer.objects.filter(deleted_at__isnull=True).defer("search_text"),
        user,
        view_all_perm="customers.view_all_customers",
        org_field="org_unit",
        owner_field="owner",
    )


def _phone_match(query: str) -> QuerySet[Phone] | None:
    """Phones matching a typed number: exact E.164 for a whole number, else the last digits."""
    only = digits(query)
    if not only or only != query.replace(" ", "").replace("-", "").lstrip("+"):
        return None
    if len(only) >= MIN_FULL_DIGITS:
        parsed = try_parse_phone(query)
        if parsed is not None:
            return Phone.objects.filter(number=parsed.e164)
    if len(only) >= MIN_TAIL_DIGITS:
        tail = only[::-1]
        upper = tail[:-1] + chr(ord(tail[-1]) + 1)
        return Phone.objects.filter(reversed_digits__gte=tail, reversed_digits__lt=upper)
    return None


def customer_search(queryset: QuerySet[Customer], query: str) -> QuerySet[Customer]:
    """Filter by one search box: code, any phone (whole or last digits), name, pinyin initials."""
    query = (query or "").strip()
    if not query:
        return queryset
    phones = _phone_match(query)
    if phones is not None:
        # one IN over a UNION of two index look-ups; an OR of them makes PostgreSQL scan
        codes = Customer.objects.filter(code=query.upper()).values("pk")
        return queryset.filter(pk__in=phones.order_by().values("customer_id").union(codes))
    exact = queryset.filter(code=query.upper())
    return exact if exact.exists() else search_filter(queryset, query)


def _region_range(code: str) -> dict:
    """A province (xx0000) or city (xxxx00) covers the districts whose codes start like it:
    a range on the foreign key, so the index on region_id serves it without a join."""
    if not re.fullmatch(r"[0-9]{6}", code):
        return {"region": code}  # not a region code: matches nothing, never a crash
    digits = 2 if code.endswith("0000") else 4 if code.endswith("00") else 6
    low = code[:digits]
    high = str(int(low) + 1).zfill(digits)
    return {"region__gte": low.ljust(6, "0"), "region__lt": high.ljust(6, "0")}


def customer_filter(
    *,
    user,
    q: str = "",
    kind: str = "",
    grade: str = "",
    region: str = "",
    tag: int | None = None,
    org_unit: int | None = None,
) -> QuerySet[Customer]:
    customers = customer_search(customer_visible_to(user), q)
    if kind:
        customers = customers.filter(kind=kind)
    if grade:
        customers = customers.filter(grade=grade)
    if region:
        customers = customers.filter(**_region_range(region))
    if tag:
        customers = customers.filter(tags__id=tag)
    if org_unit:
        customers = customers.filter(org_unit_id=org_unit)
    return customers


def customer_list(*, user, **filters) -> QuerySet[Customer]:
    """The rows of the customer list page (filters as in `customer_filter`)."""
    return (
        customer_filter(user=user, **filters)
        .select_related("org_unit")  # regions come from the region cache: no join to sort past
        .prefetch_related(Prefetch("phones", queryset=Phone.objects.order_by("-is_primary", "id")))
    )


def with_details(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """What a full customer record shows (the API's answer): phones, tags, addresses."""
    return customers.select_related("region").prefetch_related(
        Prefetch("phones", queryset=Phone.objects.order_by("-is_primary", "id")),
        "tags",
        Prefetch("addresses", queryset=Address.objects.select_related("region")),
    )


def customer_get(*, user, pk: int) -> Customer:
    """One visible customer with everything the 360 page shows, or 404."""
    customer = (
        customer_visible_to(user)
        .select_related("region", "org_unit", "owner")
        .prefetch_related(
            "tags",
            "phones",
            Prefetch("addresses", queryset=Address.objects.select_related("region")),
            "contacts__person",
            "contact_of__company",
            "assets__product_model__product_type",
        )
        .filter(pk=pk)
        .first()
    )
    if customer is None:
        raise Http404
    return customer


def customer_by_phone(*, user, phone: str) -> list[Customer]:
    """Caller-ID look-up: the visible customers having exactly this number."""
    parsed = try_parse_phone(phone)
    if parsed is None:
        return []
    matches = customer_visible_to(user).filter(phones__number=parsed.e164).distinct()
    return list(with_details(matches)[:20])


def customer_duplicates(
    *, user, name: str, phones: list[str], exclude_pk: int | None = None
) -> list[tuple[Customer, str]]:
    """Visible customers that may be the same: a shared phone, or a very similar name."""
    found: dict[int, tuple[Customer, str]] = {}
    visible = customer_visible_to(user)
    if exclude_pk:
        visible = visible.exclude(pk=exclude_pk)
    numbers = [p.e164 for p in (try_parse_phone(raw) for raw in phones) if p is not None]
    if numbers:
        for customer in visible.filter(phones__number__in=numbers).distinct()[:10]:
            found[customer.pk] = (customer, "phone")
    name = (name or "").strip()
    if name:
        threshold = parameter_value("customers.duplicate_name_score") or 90
        initials = pinyin_forms(name)[0]
        candidates = visible.filter(
            Q(name=name) | Q(name__startswith=name[:2], name_initials=initials)
            if initials
            else Q(name=name)
        )
        for customer in candidates[:200]:
            if customer.pk not in found and fuzz.ratio(customer.name, name) >= threshold:
                found[customer.pk] = (customer, "name")
    return list(found.values())[:10]


def phone_display(user, number: str) -> str:
    """A phone as this user may see it: whole, or masked (138****8000) without the permission."""
    if user.has_perm("customers.view_personal_data"):
        return number[3:] if number.startswith("+86") else number
    return mask(number)
