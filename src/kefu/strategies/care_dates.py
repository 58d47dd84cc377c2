"""The dates of customer care: when a birthday falls, and when an installed product is due for
periodic maintenance. Pure functions over dates, so that the rules are tested on their own.

Birthdays: a birthday is kept on its month and day each year; someone born on 29 February has
it on 28 February in a year without that day (the usual practice in China).

Maintenance (the rule the reminders job applies, `maintenance_due_dates`):
1. The schedule starts at the asset's last completed maintenance: the day its latest care
   ticket for that asset was resolved or closed. Without one it starts at the purchase date, and
   without a purchase date at the day the asset was registered.
2. The due dates are start + k × interval (k = 1, 2, …), the interval being the product model's
   `maintenance_interval_days`.
3. The job creates a reminder for each due date d with today − interval < d ≤ today + look-ahead:
   the current period's date (even if a little overdue) and the ones coming within the
   look-ahead. Periods older than one interval are missed, not reminded: the current one
   replaces them, so a product registered years ago gets one reminder, not a backlog.
4. Each reminder's key is "maintenance:<asset>:<due date>" and keys are unique: a due date is
   reminded once, never twice, whatever runs the job, how often, or at the same time.
"""

import calendar
from datetime import date, timedelta

FEB = 2


def birthday_in(birth: date, year: int) -> date:
    """The day `birth`'s birthday is kept in `year` (29 Feb → 28 Feb outside leap years)."""
    if birth.month == FEB and birth.day == 29 and not calendar.isleap(year):
        return date(year, FEB, 28)
    return date(year, birth.month, birth.day)


def next_birthday(birth: date, on_or_after: date) -> date:
    """The first day on or after `on_or_after` that is `birth`'s birthday."""
    day = birthday_in(birth, on_or_after.year)
    return day if day >= on_or_after else birthday_in(birth, on_or_after.year + 1)


def birthday_pairs(start: date, end: date) -> list[tuple[int, int]]:
    """The (month, day) of the birth dates whose birthday falls within [start, end], in the
    order the days come; (2, 29) rides along with 28 February of a year without it."""
    pairs: list[tuple[int, int]] = []
    day = start
    while day <= end and len(pairs) < 367:
        pairs.append((day.month, day.day))
        if day.month == FEB and day.day == 28 and not calendar.isleap(day.year):
            pairs.append((FEB, 29))
        day += timedelta(days=1)
    return pairs


def age_on(birth: date, day: date) -> int:
    """Completed years on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def maintenance_due_dates(*, start: date, interval: int, today: date, lookahead: int) -> list[date]:
    """The due dates to remind for a schedule starting at `start` (rules 2 and 3 above)."""
    if interval <= 0:
        return []
    earliest = today - timedelta(days=interval - 1)
    horizon = today + timedelta(days=lookahead)
    # the first k with start + k·interval ≥ earliest (and k ≥ 1)
    k = max(1, -(-(earliest - start).days // interval))
    dates = []
    due = start + timedelta(days=k * interval)
    while due <= horizon:
        dates.append(due)
        due += timedelta(days=interval)
    return dates
