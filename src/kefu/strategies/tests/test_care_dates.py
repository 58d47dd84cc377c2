"""The dates of care, on their own: birthdays (29 February, the new year) and the maintenance
due-date rule written in strategies.care_dates."""

from datetime import date

from kefu.strategies.care_dates import (
    age_on,
    birthday_in,
    birthday_pairs,
    maintenance_due_dates,
    next_birthday,
)


def test_a_leap_day_birthday_is_kept_on_28_february_in_other_years():
    # given
    born = date(2000, 2, 29)
    # when / then
    assert birthday_in(born, 2027) == date(2027, 2, 28)
    assert birthday_in(born, 2028) == date(2028, 2, 29)


def test_the_next_birthday_after_december_is_in_the_new_year():
    # given
    born = date(1980, 1, 3)
    # when
    day = next_birthday(born, date(2026, 12, 28))
    # then
    assert day == date(2027, 1, 3) and age_on(born, day) == 47


def test_the_days_of_a_period_across_the_new_year_come_in_order():
    # when
    pairs = birthday_pairs(date(2026, 12, 30), date(2027, 1, 2))
    # then
    assert pairs == [(12, 30), (12, 31), (1, 1), (1, 2)]


def test_28_february_of_a_common_year_brings_the_leap_day_along():
    # when
    pairs = birthday_pairs(date(2027, 2, 28), date(2027, 3, 1))
    # then
    assert pairs == [(2, 28), (2, 29), (3, 1)]


def test_maintenance_is_due_every_interval_after_the_start():
    # given: bought 1 Jan, every 90 days → 1 Apr, 30 Jun, 28 Sep ...
    start = date(2026, 1, 1)
    # when
    dates = maintenance_due_dates(start=start, interval=90, today=date(2026, 3, 25), lookahead=14)
    # then
    assert dates == [date(2026, 4, 1)]


def test_only_the_current_period_of_an_old_product_is_reminded_not_a_backlog():
    # given: bought years ago; due dates every 30 days since
    start = date(2020, 1, 1)
    # when
    dates = maintenance_due_dates(start=start, interval=30, today=date(2026, 11, 23), lookahead=0)
    # then: the one date within the last 30 days, nothing older
    assert len(dates) == 1
    assert date(2026, 10, 25) <= dates[0] <= date(2026, 11, 23)
    assert (dates[0] - start).days % 30 == 0


def test_nothing_is_due_before_the_first_interval_has_passed():
    # when
    dates = maintenance_due_dates(
        start=date(2026, 11, 1), interval=180, today=date(2026, 11, 23), lookahead=14
    )
    # then
    assert dates == []


def test_a_short_interval_reminds_each_date_within_the_look_ahead():
    # when
    dates = maintenance_due_dates(
        start=date(2026, 11, 1), interval=7, today=date(2026, 11, 23), lookahead=14
    )
    # then: 22 Nov (current period), 29 Nov and 6 Dec
    assert dates == [date(2026, 11, 22), date(2026, 11, 29), date(2026, 12, 6)]
