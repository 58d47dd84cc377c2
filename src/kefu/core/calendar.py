"""The Chinese working calendar: workdays, public holidays and make-up workdays (调休).

Kefu keeps its own holiday table (`core.Holiday`), seeded from chinese-calendar, which knows
2004–2026 only. For a year with no rows the calendar falls back to Mon–Fri and says so in
`warnings()`; it never raises, so an SLA computation never fails for lack of data.
"""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.choices import DayKind

log = logging.getLogger(__name__)
TOKEN_KEY = "core:calendar:token"
_memo: dict = {}
_warned_years: set[int] = set()


@dataclass
class WorkingCalendar:
    """Workdays and business hours. `days` maps a date to DayKind for exceptions only."""

    days: dict[date, str] = field(default_factory=dict)
    known_years: frozenset[int] = frozenset()
    opens: time = time(9, 0)
    closes: time = time(18, 0)

    def is_workday(self, day: date) -> bool:
        kind = self.days.get(day)
        if kind == DayKind.HOLIDAY:
            return False
        if kind == DayKind.WORKDAY:
            return True
        if day.year not in self.known_years and day.year not in _warned_years:
            _warned_years.add(day.year)  # once per process: SLA loops ask day by day
            log.warning("working calendar has no data for %s; using Mon-Fri", day.year)
        return day.weekday() < 5

    def next_workday(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of business time after `start` (aware, returned in local time)."""
        tz = timezone.get_current_timezone()
        current = timezone.localtime(start, tz)
        remaining = timedelta(hours=hours)
        while True:
            day = current.date()
            opens = timezone.make_aware(datetime.combine(day, self.opens), tz)
            closes = timezone.make_aware(datetime.combine(day, self.closes), tz)
            if not self.is_workday(day) or current >= closes:
                current = timezone.make_aware(
                    datetime.combine(self.next_workday(day), self.opens), tz
                )
                continue
            current = max(current, opens)
            available = closes - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = closes

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Business hours elapsed from `start` to `end` (0 when end is before start)."""
        tz = timezone.get_current_timezone()
        start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
        total = timedelta()
        day = start.date()
        while day <= end.date():
            if self.is_workday(day):
                opens = timezone.make_aware(datetime.combine(day, self.opens), tz)
                closes = timezone.make_aware(datetime.combine(day, self.closes), tz)
                lo, hi = max(opens, start), min(closes, end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total.total_seconds() / 3600

    def warnings(self, years: list[int] | None = None) -> list[str]:
        """Visible warnings for years the table has no data for (this year and the next)."""
        today = timezone.localdate()
        years = years or [today.year, today.year + 1]
        return [
            _(
                "The working calendar has no holiday data for {year}: Monday to Friday are taken "
                "as workdays. An administrator should add that year's holidays and make-up "
                "workdays."
            ).format(year=year)
            for year in years
            if year not in self.known_years
        ]


def working_calendar(*, opens: time = time(9, 0), closes: time = time(18, 0)) -> WorkingCalendar:
    """The calendar from the holiday table, cached until the table changes.

    Every SLA computation asks for it, so each process keeps the rows in memory under a token held
    in the shared cache; `invalidate_calendar` replaces the token and every process reloads.
    """
    token = cache.get(TOKEN_KEY)
    if token is None or _memo.get("token") != token:
        token = token or uuid.uuid4().hex
        cache.set(TOKEN_KEY, token, None)
        from kefu.core.models import Holiday

        rows = list(Holiday.objects.values_list("date", "kind"))
        _memo.clear()
        _memo.update(token=token, days=dict(rows), years=frozenset(d.year for d, _k in rows))
    return WorkingCalendar(
        days=_memo["days"], known_years=_memo["years"], opens=opens, closes=closes
    )


def invalidate_calendar() -> None:
    cache.set(TOKEN_KEY, uuid.uuid4().hex, None)
