"""The care calendar (关怀日历): a month as weeks (Monday first) and per day what care falls on it
for this user: birthdays of visible individuals, maintenance reminders of visible customers,
greeting campaigns sent that day, plan tasks due (visible through their plan or assignee), and the
public holiday's name from the working calendar's table."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from kefu.core.choices import DayKind
from kefu.core.models import Holiday
from kefu.strategies.care_dates import FEB
from kefu.strategies.choices import CareKind, CareStatus, TaskStatus
from kefu.strategies.selectors_care import (
    birthday_customers,
    campaign_visible_to,
    careitem_visible_to,
)
from kefu.strategies.selectors_plans import plantask_visible_to

TASKS_SHOWN = 3


@dataclass
class CareDay:
    day: date
    in_month: bool
    is_today: bool
    holiday: str = ""
    birthdays: int = 0
    maintenance: int = 0
    campaigns: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    task_count: int = 0

    @property
    def busy(self) -> bool:
        return bool(self.birthdays or self.maintenance or self.campaigns or self.task_count)


def month_weeks(year: int, month: int) -> list[list[date]]:
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def _birthdays(user, start: date, end: date) -> dict[tuple[int, int], int]:
    rows = (
        birthday_customers(user=user, start=start, end=end)
        .order_by()
        .values("b_month", "b_day")
        .annotate(n=Count("pk"))
    )
    return {(row["b_month"], row["b_day"]): row["n"] for row in rows}


def _birthdays_on(counts: dict, day: date) -> int:
    total = counts.get((day.month, day.day), 0)
    if day.month == FEB and day.day == 28 and not calendar.isleap(day.year):
        total += counts.get((FEB, 29), 0)
    return total


def care_month(*, user, year: int, month: int, today: date) -> list[list[CareDay]]:
    """The month's weeks of CareDay for `user` (a handful of grouped queries, not one a day)."""
    weeks = month_weeks(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    birthdays = _birthdays(user, start, end)
    due = (
        careitem_visible_to(user)
        .filter(kind=CareKind.MAINTENANCE, due_on__range=(start, end))
        .exclude(status=CareStatus.DISMISSED)
        .order_by()
        .values("due_on")
        .annotate(n=Count("pk"))
    )
    maintenance = {row["due_on"]: row["n"] for row in due}
    campaigns: dict[date, list] = {}
    for campaign in campaign_visible_to(user).filter(send_on__range=(start, end)):
        campaigns.setdefault(campaign.send_on, []).append(campaign)
    tasks: dict[date, list] = {}
    visible_tasks = (
        plantask_visible_to(user)
        .filter(due_on__range=(start, end))
        .exclude(status=TaskStatus.CANCELLED)
        .select_related("customer")
        .order_by("due_on", "pk")
    )
    for task in visible_tasks[:2000]:
        tasks.setdefault(task.due_on, []).append(task)
    holidays = dict(
        Holiday.objects.filter(date__range=(start, end), kind=DayKind.HOLIDAY).values_list(
            "date", "name"
        )
    )
    return [
        [
            CareDay(
                day=day,
                in_month=day.month == month,
                is_today=day == today,
                holiday=holidays.get(day, ""),
                birthdays=_birthdays_on(birthdays, day),
                maintenance=maintenance.get(day, 0),
                campaigns=campaigns.get(day, []),
                tasks=tasks.get(day, [])[:TASKS_SHOWN],
                task_count=len(tasks.get(day, [])),
            )
            for day in week
        ]
        for week in weeks
    ]
