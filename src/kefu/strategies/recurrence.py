"""Due dates of an action strategy's recurrence across a plan's period.

Steps are counted from the period's first day (not from the previous due date), so a monthly
action starting on 31 January falls on 28/29 February, 31 March, 30 April…: the day of month is
clamped to the month's end and never drifts.
"""

import calendar
from datetime import date, timedelta

from kefu.strategies.choices import Recurrence

MONTHS = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.HALF_YEARLY: 6,
    Recurrence.YEARLY: 12,
}
# a safety cap: a weekly action over a century is a typing mistake, not a plan
MAX_DUE_DATES = 1000


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def due_dates(recurrence: str, starts_on: date, ends_on: date) -> list[date]:
    """Every due date of `recurrence` from `starts_on` while it is on or before `ends_on`.

    "once" (or no recurrence) is due on the first day of the period."""
    if ends_on < starts_on:
        return []
    if recurrence == Recurrence.WEEKLY:
        step = lambda n: starts_on + timedelta(weeks=n)  # noqa: E731
    elif recurrence in MONTHS:
        months = MONTHS[Recurrence(recurrence)]
        step = lambda n: add_months(starts_on, n * months)  # noqa: E731
    else:
        return [starts_on]
    dates = []
    for n in range(MAX_DUE_DATES):
        day = step(n)
        if day > ends_on:
            break
        dates.append(day)
    return dates
