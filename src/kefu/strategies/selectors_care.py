"""Reads of customer care: care items (visible when their customer is), birthdays of the visible
individuals and company contacts, and the company-wide greeting campaigns with their recipients.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth
from django.http import Http404

from kefu.accounts.scoping import scoped
from kefu.customers.choices import CustomerKind
from kefu.customers.grades import grades_by_code
from kefu.customers.models import Contact, Customer, Phone
from kefu.customers.selectors import customer_visible_to, phone_display
from kefu.strategies.care_dates import age_on, birthday_pairs, next_birthday
from kefu.strategies.models import CareCampaign, CareItem
from kefu.strategies.segments import segment_filter

VIEW_CAMPAIGN = "strategies.view_carecampaign"


def careitem_visible_to(user) -> QuerySet[CareItem]:
    """Care items whose customer the user may see (the rule of `customer_visible_to`)."""
    return scoped(
        CareItem.objects.filter(customer__deleted_at__isnull=True),
        user,
        view_all_perm="customers.view_all_customers",
        org_field="customer__org_unit",
        owner_field="customer__owner",
    )


def _region_range(code: str) -> dict:
    """A province (xx0000) or city (xxxx00) covers the districts whose codes start like it."""
    if not re.fullmatch(r"[0-9]{6}", code or ""):
        return {"customer__region": code}
    digits = 2 if code.endswith("0000") else 4 if code.endswith("00") else 6
    low = code[:digits]
    high = str(int(low) + 1).zfill(digits)
    return {"customer__region__gte": low.ljust(6, "0"), "customer__region__lt": high.ljust(6, "0")}


def care_item_list(
    *,
    user,
    kind: str = "",
    status: str = "",
    due_from: date | None = None,
    due_to: date | None = None,
    product_type: int | None = None,
    product_model: int | None = None,
    region: str = "",
    campaign: int | None = None,
    customer: int | None = None,
) -> QuerySet[CareItem]:
    """The care items the user may see, narrowed by the reminders page's filters."""
    items = careitem_visible_to(user)
    exact = {
        "kind": kind,
        "status": status,
        "due_on__gte": due_from,
        "due_on__lte": due_to,
        "asset__product_model__product_type_id": product_type,
        "asset__product_model_id": product_model,
        "campaign_id": campaign,
        "customer_id": customer,
    }
    items = items.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    if region:
        items = items.filter(**_region_range(region))
    return items.select_related(
        "customer", "asset__product_model", "campaign", "ticket", "handled_by"
    ).order_by("due_on", "id")


def care_item_get(*, user, pk: int) -> CareItem:
    item = care_item_list(user=user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


# birthdays


@dataclass
class BirthdayRow:
    customer: Customer
    birthday: date
    age: int
    phone: str
    grade: str
    companies: list

    @property
    def pick(self) -> str:
        return f"{self.customer.pk}:{self.birthday.isoformat()}"


def birthdays_within(customers: QuerySet[Customer], *, start: date, end: date):
    """The individuals among `customers` whose birthday falls within [start, end], in the order
    of the days (across a new year too)."""
    pairs = birthday_pairs(start, end)
    people = customers.filter(kind=CustomerKind.PERSON, birth_date__isnull=False)
    if not pairs:
        return people.none()
    people = people.annotate(b_month=ExtractMonth("birth_date"), b_day=ExtractDay("birth_date"))
    match = Q()
    for month, day in pairs:
        match |= Q(b_month=month, b_day=day)
    position = Case(
        *[When(b_month=m, b_day=d, then=Value(i)) for i, (m, d) in enumerate(pairs)],
        output_field=IntegerField(),
    )
    return people.filter(match).annotate(b_position=position).order_by("b_position", "name", "pk")


def birthday_customers(*, user, start: date, end: date, who: str = "") -> QuerySet[Customer]:
    """Visible individuals whose birthday falls within [start, end]. `who`: "person" = not a
    company contact, "contact" = a company's contact, "" = both."""
    people = birthdays_within(customer_visible_to(user), start=start, end=end)
    if who == "person":
        people = people.exclude(contact_of__isnull=False)
    elif who == "contact":
        people = people.filter(pk__in=Contact.objects.values("person_id"))
    return people


def birthday_rows(*, user, customers, start: date) -> list[BirthdayRow]:
    """One page of `birthday_customers` with what the list shows: the day, the age turned, the
    phone as this user may see it, the grade's name and the visible companies."""
    companies = Prefetch(
        "contact_of",
        queryset=Contact.objects.filter(company__in=customer_visible_to(user).values("pk"))
        .select_related("company")
        .order_by("company__name"),
        to_attr="visible_companies",
    )
    phones = Prefetch("phones", queryset=Phone.objects.order_by("-is_primary", "id"))
    grades = grades_by_code()
    ids = [c.pk for c in customers]
    loaded = {
        c.pk: c for c in Customer.objects.filter(pk__in=ids).prefetch_related(companies, phones)
    }
    rows = []
    for customer in customers:
        full = loaded[customer.pk]
        day = next_birthday(customer.birth_date, start)
        phone = next(iter(full.phones.all()), None)
        grade = grades.get(customer.grade)
        rows.append(
            BirthdayRow(
                customer=customer,
                birthday=day,
                age=age_on(customer.birth_date, day),
                phone=phone_display(user, phone.number) if phone else "",
                grade=grade.name if grade else customer.grade,
                companies=[link.company for link in full.visible_companies],
            )
        )
    return rows


# campaigns


def campaign_visible_to(user) -> QuerySet[CareCampaign]:
    """Campaigns are company-wide: every holder of the view permission sees all of them."""
    if not (user.is_authenticated and user.is_active and user.has_perm(VIEW_CAMPAIGN)):
        return CareCampaign.objects.none()
    return CareCampaign.objects.select_related("segment", "created_by")


def campaign_get(*, user, pk: int) -> CareCampaign:
    campaign = campaign_visible_to(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def campaign_recipients(
    *, grades, segment, channel: str = "", within: QuerySet[Customer] | None = None
) -> QuerySet[Customer]:
    """The customers a campaign greets: of any of `grades`, and in `segment` when one is named
    (both: both must hold). Company-wide unless `within` narrows it. An e-mail campaign reaches
    only customers with an e-mail address; a text message only those with a mobile phone."""
    customers = within if within is not None else Customer.objects.filter(deleted_at__isnull=True)
    if not grades and segment is None:
        return customers.none()
    if grades:
        customers = customers.filter(grade__in=list(grades))
    if segment is not None:
        customers = segment_filter(customers, grades=segment.grades, conditions=segment.conditions)
    if channel == "email":
        customers = customers.exclude(email="")
    elif channel == "sms":
        customers = customers.filter(phones__kind="mobile").distinct()
    return customers


def campaign_recipient_count(campaign: CareCampaign) -> int:
    return campaign_recipients(
        grades=campaign.grades, segment=campaign.segment, channel=campaign.channel
    ).count()


def campaign_item_counts(*, user, campaign: CareCampaign) -> dict:
    """{status: count} of the campaign's items the user may see."""
    rows = (
        careitem_visible_to(user)
        .filter(campaign=campaign)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}
