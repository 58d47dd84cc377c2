"""Customer care in a real browser: an agent checks every due maintenance reminder, makes the
care tickets in one go, and sees the month's care on the calendar. No Content-Security-Policy
violation on the way."""

import os
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import log_in, watch_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = os.environ.get("KEFU_SHOTS", "")


@pytest.fixture
def due(users):
    from kefu.strategies.services_care import care_reminders_generate
    from kefu.strategies.tests.care_helpers import installed, person

    today = timezone.localdate()
    for days in (80, 83):
        installed(by=users["agent1"], purchased=today - timedelta(days=days))
    person(by=users["agent1"], name="寿星张", born=date(1980, today.month, min(today.day, 28)))
    care_reminders_generate(lookahead=14)


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_an_agent_turns_every_due_reminder_into_care_tickets(page, live_server, due):
    found = watch_errors(page)
    # given the agent on the reminders page
    log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/strategies/care/")
    expect(page.locator("#care-items tbody tr")).to_have_count(3)
    _shot(page, "reminders")
    # when they check all and create the care tickets
    page.locator("[data-care-check-all]").check()
    page.get_by_role("button", name=re.compile("生成关怀服务单|Create care tickets")).click()
    # then each due item has its ticket and none is left to check
    expect(page.locator(".alert-success")).to_contain_text(re.compile("3"))
    expect(page.locator("[data-care-check]")).to_have_count(0)
    page.goto(f"{live_server.url}/strategies/care/?status=generated")
    expect(page.locator("#care-items tbody tr")).to_have_count(3)
    # and the birthday list and the calendar show the month's care
    page.goto(f"{live_server.url}/strategies/care/birthdays/?period=month")
    expect(page.locator("#birthdays")).to_contain_text("寿星张")
    _shot(page, "birthdays")
    page.goto(f"{live_server.url}/strategies/care/calendar/")
    expect(page.locator("#care-calendar [data-kind=birthdays]")).to_have_count(1)
    _shot(page, "calendar")
    assert not [t for t in found if "CSP" in t or t.startswith("page error")], found
