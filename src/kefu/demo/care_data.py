"""The demo's customer care (客户关怀): maintenance intervals on the product models that need
care, installed products whose maintenance falls due this week, birthdays this week (of
individuals, some of them company contacts), the reminders the care job generates from them,
and two holiday greeting campaigns for the next holiday: a mass text message still a draft, and
calls to the top grades already launched.

Dates are relative to the day the demo is built, so the reminders page always has items.
Reminders and campaigns go through the care services; older reminders are marked handled.
"""

import calendar
import datetime
import random

from django.utils import timezone

from kefu.accounts.models import User
from kefu.catalog.models import ProductModel
from kefu.customers.choices import CustomerKind
from kefu.customers.models import Contact, Customer
from kefu.customers.services import asset_register
from kefu.demo import generators as gen
from kefu.strategies.choices import CareKind, CareStatus
from kefu.strategies.models import CareCampaign, CareItem
from kefu.strategies.services_care import care_reminders_generate
from kefu.strategies.services_care_campaigns import CampaignData, campaign_create, campaign_launch

# product type (or model) code → days between two maintenance visits
INTERVALS = {"AC": 180, "WH": 365, "WP": 90, "CXW-260-E900": 365}
DUE_THIS_WEEK = 6  # installed products registered so that their maintenance falls this week
BIRTHDAYS = 5  # of individuals, 2 of them company contacts
LOOKAHEAD = 14
HANDLED_AFTER = 7  # reminders due longer ago than this were handled by now
HANDLED_NOTES = ("已电话提醒，客户自行预约保养", "客户表示近期已自行清洗", "已预约下周上门保养")
DISMISSED_NOTES = ("客户已将产品转卖", "客户明确表示不需要提醒")
# (occasion, month, day) of the fixed holidays, and the lunar ones by year
FIXED_HOLIDAYS = (("元旦", 1, 1), ("劳动节", 5, 1), ("国庆节", 10, 1))
LUNAR_HOLIDAYS = {
    "春节": ("2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13", "2030-02-03"),
    "端午节": ("2026-06-19", "2027-06-09", "2028-05-28", "2029-06-16", "2030-06-05"),
    "中秋节": ("2026-09-25", "2027-09-15", "2028-10-03", "2029-09-22", "2030-09-12"),
}
SMS = (
    "{客户称呼}您好！{occasion}将至，感谢您一直以来对我们的信任和支持，"
    "祝您和家人节日快乐、万事如意！"
)
CALL = (
    "{客户称呼}您好，我是您的专属客服。{occasion}将至，特地来电向您问候，"
    "并提醒您节日期间家电使用注意安全。如需上门保养，可随时与我们联系。"
)


def next_holiday(today: datetime.date) -> tuple[str, datetime.date]:
    """The first holiday at least a week away (there is time to prepare a campaign)."""
    start = today + datetime.timedelta(days=7)
    found = []
    for year in (start.year, start.year + 1):
        found += [(datetime.date(year, m, d), name) for name, m, d in FIXED_HOLIDAYS]
    for name, days in LUNAR_HOLIDAYS.items():
        found += [(datetime.date.fromisoformat(day), name) for day in days]
    day, name = min((d, n) for d, n in found if d >= start)
    return name, day


# ---- maintenance --------------------------------------------------------------------------------


def intervals_seed() -> list[ProductModel]:
    models = []
    for model in ProductModel.objects.select_related("product_type"):
        days = INTERVALS.get(model.code) or INTERVALS.get(model.product_type.code)
        if days and not model.maintenance_interval_days:
            model.maintenance_interval_days = days
            models.append(model)
    ProductModel.objects.bulk_update(models, ["maintenance_interval_days"])
    return [m for m in ProductModel.objects.filter(maintenance_interval_days__gt=0)]


def assets_due_seed(rng: random.Random, models: list[ProductModel], today) -> int:
    """Installed products bought k intervals before a day of the coming week."""
    people = list(Customer.objects.filter(deleted_at__isnull=True).order_by("pk"))
    for n in range(DUE_THIS_WEEK):
        model = models[n % len(models)]
        due = today + datetime.timedelta(days=n % 7)
        interval = model.maintenance_interval_days
        bought = due - datetime.timedelta(days=interval * rng.randint(1, max(1, 900 // interval)))
        asset_register(
            customer=rng.choice(people),
            product_model=model,
            purchase_date=bought,
            by=None,
            serial_number=gen.serial_number(rng, model.product_type.code, bought),
        )
    return DUE_THIS_WEEK


def reminders_handled(rng: random.Random, users: dict[str, User], today) -> None:
    """Reminders due more than a week ago: mostly done, some dismissed, a few still open."""
    agent = users["agent1"]
    old = today - datetime.timedelta(days=HANDLED_AFTER)
    items = list(
        CareItem.objects.filter(kind=CareKind.MAINTENANCE, status=CareStatus.DUE, due_on__lt=old)
    )
    for item in items:
        draw = rng.random()
        if draw < 0.7:
            item.status, item.note = CareStatus.DONE, rng.choice(HANDLED_NOTES)
        elif draw < 0.85:
            item.status, item.note = CareStatus.DISMISSED, rng.choice(DISMISSED_NOTES)
        else:
            continue
        item.handled_by = agent
        item.updated_at = timezone.make_aware(
            datetime.datetime.combine(item.due_on, datetime.time(rng.randint(9, 17)))
        )
    CareItem.objects.bulk_update(items, ["status", "note", "handled_by", "updated_at"])


# ---- birthdays ----------------------------------------------------------------------------------


def _birthday(born: datetime.date, month: int, day: int) -> datetime.date:
    if month == 2 and day == 29 and not calendar.isleap(born.year):
        return datetime.date(born.year, 2, 28)
    return born.replace(month=month, day=day)


def birthdays_seed(rng: random.Random, today) -> int:
    """Exactly BIRTHDAYS individuals have their birthday within the coming week: the ones the
    demo's random dates put there move a fortnight on, then some are put there on purpose."""
    window = [today + datetime.timedelta(days=n) for n in range(-1, 9)]
    pairs = {(d.month, d.day) for d in window}
    people = list(
        Customer.objects.filter(kind=CustomerKind.PERSON, birth_date__isnull=False).order_by("pk")
    )
    for person in people:
        if (person.birth_date.month, person.birth_date.day) in pairs:
            person.birth_date += datetime.timedelta(days=15)
    contacts = set(Contact.objects.values_list("person_id", flat=True))
    chosen = rng.sample([p for p in people if p.pk in contacts], 2)
    chosen += rng.sample([p for p in people if p.pk not in contacts], BIRTHDAYS - 2)
    for n, person in enumerate(chosen):
        day = today + datetime.timedelta(days=(n * 3) % 7)
        person.birth_date = _birthday(person.birth_date, day.month, day.day)
    Customer.objects.bulk_update(people, ["birth_date"], batch_size=500)
    return BIRTHDAYS


# ---- campaigns ----------------------------------------------------------------------------------


def campaigns_seed(users: dict[str, User], today) -> int:
    if CareCampaign.objects.exists():
        return 0
    occasion, day = next_holiday(today)
    manager = users["manager1"]
    calls = campaign_create(
        data=CampaignData(
            name=f"{occasion}贵宾问候电话",
            occasion=occasion,
            send_on=day - datetime.timedelta(days=3),
            channel="call",
            message=CALL.replace("{occasion}", occasion),
            grades=["diamond", "gold"],
        ),
        by=manager,
    )
    launched = campaign_launch(campaign=calls, by=manager)
    campaign_create(
        data=CampaignData(
            name=f"{occasion}短信祝福",
            occasion=occasion,
            send_on=day - datetime.timedelta(days=1),
            channel="sms",
            message=SMS.replace("{occasion}", occasion),
            grades=["silver", "regular"],
        ),
        by=manager,
    )
    return launched


def care_seed(rng: random.Random, users: dict[str, User]) -> dict[str, int]:
    today = timezone.localdate()
    models = intervals_seed()
    assets_due_seed(rng, models, today)
    birthdays_seed(rng, today)
    counts = care_reminders_generate(
        today=today, lookahead=LOOKAHEAD, birthday_lookahead=7, by=users["admin"]
    )
    reminders_handled(rng, users, today)
    greeted = campaigns_seed(users, today)
    return {"care reminders": counts["maintenance"] + counts["birthday"], "greetings": greeted}
