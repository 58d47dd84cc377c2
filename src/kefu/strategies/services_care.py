"""Customer care writes: generating the care items that fall due (maintenance reminders and
birthdays), turning an item into a care ticket, dismissing one.

Generation is idempotent: each item's `key` is unique ("maintenance:<asset>:<due date>",
"birthday:<customer>:<date>"), rows are inserted with `ignore_conflicts`, so running the job
twice, or two jobs at once, never makes a second reminder for one due date. When maintenance is
due is the rule written out in `care_dates`.

An item becomes at most one ticket: the claim is one conditional UPDATE (status due → ticket
created) taken before the ticket is opened, in the same transaction; a second caller, even at the
same moment, finds nothing to claim and is refused.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.customers.choices import CustomerKind
from kefu.customers.models import Asset, Customer
from kefu.customers.selectors import customer_visible_to
from kefu.service.choices import Channel, StateCategory, TicketType
from kefu.service.models import Ticket
from kefu.service.services import ticket_create
from kefu.service.validation import TicketData
from kefu.strategies.care_dates import birthday_in, maintenance_due_dates, next_birthday
from kefu.strategies.choices import CareKind, CareStatus
from kefu.strategies.models import CareItem
from kefu.strategies.selectors_care import birthdays_within

CHUNK = 1000
BATCH_LIMIT = 500
MAX_LOOKAHEAD = 366
COMPLETED = (StateCategory.RESOLVED, StateCategory.CLOSED)
CHANNELS = {"email": Channel.EMAIL, "letter": Channel.LETTER}


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _insert_new(items: list[CareItem]) -> int:
    """Insert the items whose key is new; a key another run inserted meanwhile is skipped by
    the database (the unique key), never doubled. Returns how many looked new."""
    keys = [item.key for item in items]
    known = set(CareItem.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [item for item in items if item.key not in known]
    CareItem.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


def _in_chunks(items) -> int:
    made, chunk = 0, []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            made += _insert_new(chunk)
            chunk = []
    return made + (_insert_new(chunk) if chunk else 0)


def maintenance_items_due(*, today: date, lookahead: int):
    """The maintenance reminders due now or within `lookahead` days, unsaved (see care_dates)."""
    last_done = (
        Ticket.objects.filter(
            asset=OuterRef("pk"), ticket_type=TicketType.CARE, state_category__in=COMPLETED
        )
        .annotate(done=Coalesce("closed_at", "resolved_at", "updated_at"))
        .order_by("-done")
        .values("done")[:1]
    )
    assets = (
        Asset.objects.filter(
            product_model__maintenance_interval_days__gt=0, customer__deleted_at__isnull=True
        )
        .annotate(last_done=Subquery(last_done))
        .values_list(
            "pk",
            "customer_id",
            "purchase_date",
            "created_at",
            "product_model__maintenance_interval_days",
            "last_done",
        )
        .order_by("pk")
    )
    for pk, customer_id, purchased, created, interval, done in assets.iterator(chunk_size=CHUNK):
        if done is not None:
            start = timezone.localdate(done)
        else:
            start = purchased or timezone.localdate(created)
        for due in maintenance_due_dates(
            start=start, interval=interval, today=today, lookahead=lookahead
        ):
            yield CareItem(
                kind=CareKind.MAINTENANCE,
                key=f"maintenance:{pk}:{due.isoformat()}",
                customer_id=customer_id,
                asset_id=pk,
                due_on=due,
            )


def birthday_items_due(*, today: date, lookahead: int):
    """Birthday items of every individual whose birthday falls within the look-ahead."""
    everyone = Customer.objects.filter(deleted_at__isnull=True)
    people = birthdays_within(everyone, start=today, end=today + timedelta(days=lookahead))
    for pk, birth in people.values_list("pk", "birth_date").iterator(chunk_size=CHUNK):
        day = next_birthday(birth, today)
        key = f"birthday:{pk}:{day.isoformat()}"
        yield CareItem(kind=CareKind.BIRTHDAY, key=key, customer_id=pk, due_on=day)


def care_reminders_generate(
    *, today: date | None = None, lookahead: int = 14, birthday_lookahead: int = 7, by=None
) -> dict:
    """Create the care items due now or within the look-ahead (maintenance and birthdays), and
    mark done the items whose care ticket was completed. Safe to run any number of times."""
    for name, value in (("lookahead", lookahead), ("birthday_lookahead", birthday_lookahead)):
        if not 0 <= value <= MAX_LOOKAHEAD:
            raise ApplicationError(
                "care.invalid",
                _("The look-ahead must be between 0 and {days} days.").format(days=MAX_LOOKAHEAD),
                fields={name: _("Between 0 and {days}.").format(days=MAX_LOOKAHEAD)},
            )
    today = today or timezone.localdate()
    counts = {
        "maintenance": _in_chunks(maintenance_items_due(today=today, lookahead=lookahead)),
        "birthday": _in_chunks(birthday_items_due(today=today, lookahead=birthday_lookahead)),
        "done": care_items_complete(),
    }
    if _user(by) is not None:
        audit_record(
            actor=by,
            action="care.generate",
            object_type="strategies.careitem",
            changes=counts | {"lookahead": lookahead},
        )
    return counts


def care_items_complete() -> int:
    """Items whose care ticket was resolved or closed are done (one UPDATE)."""
    finished = Ticket.objects.filter(state_category__in=COMPLETED).values("pk")
    return CareItem.objects.filter(status=CareStatus.GENERATED, ticket__in=finished).update(
        status=CareStatus.DONE, updated_at=timezone.now()
    )


# birthdays picked on the birthday list


@transaction.atomic
def care_birthday_items(*, picks: list[str], by) -> list[CareItem]:
    """The birthday items of the picked "customer:YYYY-MM-DD" pairs (created if new). Every
    pick must be a visible individual whose birthday is that day; otherwise nothing is saved."""
    if not picks:
        raise ApplicationError(
            "care.invalid",
            _("Choose at least one customer."),
            fields={"picks": _("Choose at least one customer.")},
        )
    if len(picks) > BATCH_LIMIT:
        raise ApplicationError(
            "care.invalid",
            _("At most {count} at a time.").format(count=BATCH_LIMIT),
            fields={"picks": _("At most {count} at a time.").format(count=BATCH_LIMIT)},
        )
    wanted = [_parse_pick(pick) for pick in picks]
    people = {
        c.pk: c
        for c in customer_visible_to(by).filter(
            pk__in=[pk for pk, _day in wanted], kind=CustomerKind.PERSON, birth_date__isnull=False
        )
    }
    items = []
    for pk, day in wanted:
        person = people.get(pk)
        if person is None or birthday_in(person.birth_date, day.year) != day:
            raise ApplicationError(
                "care.invalid",
                _("A chosen customer has no birthday on that day."),
                fields={"picks": _("A chosen customer has no birthday on that day.")},
            )
        item, _created = CareItem.objects.get_or_create(
            key=f"birthday:{pk}:{day.isoformat()}",
            defaults={"kind": CareKind.BIRTHDAY, "customer": person, "due_on": day},
        )
        items.append(item)
    return items


def _parse_pick(pick: str) -> tuple[int, date]:
    try:
        pk, day = str(pick).split(":", 1)
        return int(pk), date.fromisoformat(day)
    except ValueError:
        raise ApplicationError(
            "care.invalid",
            _("A chosen customer has no birthday on that day."),
            fields={"picks": _("A chosen customer has no birthday on that day.")},
        ) from None


# tickets and dismissals


def _ticket_data(item: CareItem) -> TicketData:
    customer = item.customer
    if item.kind == CareKind.MAINTENANCE:
        subject = _("Periodic maintenance due {date}: {product}").format(
            date=item.due_on.isoformat(), product=item.asset.product_model if item.asset else ""
        )
        description = _(
            "Remind the customer of the periodic maintenance of {product} (serial {serial}) "
            "due on {date}, and book a visit if they wish."
        ).format(
            product=item.asset.product_model if item.asset else "",
            serial=(item.asset.serial_number if item.asset else "") or "—",
            date=item.due_on.isoformat(),
        )
    elif item.kind == CareKind.BIRTHDAY:
        subject = _("Birthday care: {name} ({date})").format(
            name=customer.name, date=date_format(item.due_on, "MONTH_DAY_FORMAT")
        )
        description = _("Wish the customer a happy birthday.")
    else:
        from kefu.strategies.services_care_campaigns import campaign_message

        campaign = item.campaign
        subject = _("Holiday greeting: {name}").format(name=campaign.name if campaign else "")
        description = campaign_message(campaign, customer) if campaign else ""
    channel = CHANNELS.get(item.campaign.channel, Channel.PHONE_OUT) if item.campaign else None
    return TicketData(
        ticket_type=TicketType.CARE,
        subject=subject[:200],
        description=description,
        channel=channel or Channel.PHONE_OUT,
        customer_id=item.customer_id,
        asset_id=item.asset_id,
    )


def _not_due() -> ApplicationError:
    return ApplicationError(
        "care.not_due",
        _("This care item is no longer due: its ticket was already created or it was dismissed."),
        status=409,
    )


@transaction.atomic
def care_item_ticket(*, item: CareItem, by) -> Ticket:
    """Open the care ticket of one due item (linked to its customer and product)."""
    claimed = CareItem.objects.filter(
        pk=item.pk, status=CareStatus.DUE, ticket__isnull=True
    ).update(status=CareStatus.GENERATED, handled_by=_user(by), updated_at=timezone.now())
    if not claimed:
        raise _not_due()
    ticket = ticket_create(data=_ticket_data(item), by=by)
    CareItem.objects.filter(pk=item.pk).update(ticket=ticket)
    item.refresh_from_db()
    audit_record(actor=by, action="care.ticket", obj=item, changes={"ticket": ticket.number})
    return ticket


def care_items_ticket(*, items, by) -> tuple[list[Ticket], dict[int, str]]:
    """A care ticket for each item, each in its own transaction: the items refused (no longer
    due, or the ticket refused) are returned with the reason, the others go through."""
    items = list(items)
    if not items:
        raise ApplicationError(
            "care.invalid",
            _("Choose at least one care item."),
            fields={"items": _("Choose at least one care item.")},
        )
    if len(items) > BATCH_LIMIT:
        raise ApplicationError(
            "care.invalid",
            _("At most {count} at a time.").format(count=BATCH_LIMIT),
            fields={"items": _("At most {count} at a time.").format(count=BATCH_LIMIT)},
        )
    tickets, refused = [], {}
    for item in items:
        try:
            tickets.append(care_item_ticket(item=item, by=by))
        except ApplicationError as error:
            refused[item.pk] = error.message
    return tickets, refused


@transaction.atomic
def care_item_dismiss(*, item: CareItem, by, note: str) -> CareItem:
    """Set a due item aside, saying why."""
    note = (note or "").strip()
    if not note or len(note) > 200:
        message = _("Say why (at most 200 characters).")
        raise ApplicationError("care.invalid", message, fields={"note": message})
    dismissed = CareItem.objects.filter(pk=item.pk, status=CareStatus.DUE).update(
        status=CareStatus.DISMISSED, note=note, handled_by=_user(by), updated_at=timezone.now()
    )
    if not dismissed:
        raise _not_due()
    item.refresh_from_db()
    audit_record(actor=by, action="care.dismiss", obj=item, changes={"note": note})
    return item
