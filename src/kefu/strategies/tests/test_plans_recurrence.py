from datetime import date

from kefu.strategies.recurrence import add_months, due_dates


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    # given the last day of January / when a month is added / then February's last day
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 8, 31), 1) == date(2026, 9, 30)


def test_add_months_crosses_the_year():
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_monthly_steps_from_the_start_and_do_not_drift_after_a_short_month():
    # given a period starting on 31 January
    dates = due_dates("monthly", date(2026, 1, 31), date(2026, 5, 31))
    # then each date is the 31st or the month's last day
    assert dates == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_weekly_quarterly_half_yearly_yearly_stay_within_the_period():
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert len(due_dates("weekly", start, end)) == 53
    assert due_dates("quarterly", start, end) == [
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
    ]
    assert due_dates("half_yearly", start, end) == [date(2026, 1, 1), date(2026, 7, 1)]
    assert due_dates("yearly", start, date(2028, 1, 1)) == [
        date(2026, 1, 1),
        date(2027, 1, 1),
        date(2028, 1, 1),
    ]


def test_once_is_due_on_the_first_day_and_an_empty_period_has_no_dates():
    assert due_dates("once", date(2026, 3, 5), date(2026, 3, 20)) == [date(2026, 3, 5)]
    assert due_dates("", date(2026, 3, 5), date(2026, 3, 5)) == [date(2026, 3, 5)]
    assert due_dates("monthly", date(2026, 3, 5), date(2026, 3, 1)) == []
