import datetime as dt

import pytest
from django.utils import timezone

from kefu.core.calendar import WorkingCalendar, working_calendar

pytestmark = pytest.mark.django_db
SH = timezone.get_fixed_timezone(8 * 60)


def test_national_day_is_a_holiday_and_its_make_up_saturday_a_workday():
    calendar = working_calendar()
    assert not calendar.is_workday(dt.date(2026, 10, 1))
    assert calendar.is_workday(dt.date(2026, 10, 10))  # Saturday, 调休 make-up day
    assert calendar.is_workday(dt.date(2026, 9, 30))


def test_working_hours_skip_nights_weekends_and_holidays():
    calendar = working_calendar()
    start = dt.datetime(2026, 9, 30, 17, 0, tzinfo=SH)  # Wed 17:00, then the 1–7 Oct holiday
    due = calendar.add_working_hours(start, 2)
    assert timezone.localtime(due).replace(tzinfo=None) == dt.datetime(2026, 10, 8, 10, 0)


def test_working_hours_between_counts_only_business_time():
    calendar = working_calendar()
    start = dt.datetime(2026, 11, 20, 17, 0, tzinfo=SH)  # Friday
    end = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SH)  # Monday
    assert calendar.working_hours_between(start, end) == 2


def test_a_year_without_data_falls_back_to_weekdays_with_a_warning():
    calendar = working_calendar()
    assert calendar.is_workday(dt.date(2031, 3, 3))  # a Monday
    assert not calendar.is_workday(dt.date(2031, 3, 1))  # a Saturday
    warnings = calendar.warnings([2031])
    assert len(warnings) == 1 and "2031" in warnings[0]
    assert calendar.warnings([2025]) == []


def test_an_empty_calendar_never_raises():
    calendar = WorkingCalendar()
    due = calendar.add_working_hours(dt.datetime(2027, 1, 1, 12, tzinfo=SH), 10)
    assert due > dt.datetime(2027, 1, 1, 12, tzinfo=SH)
