"""Customer care in a real browser: an agent checks every due maintenance reminder, makes the
care tickets in one go, and sees the month's care on the calendar. No Content-Security-Policy
violation on the way."""

import os
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = os.environ.get("KEFU_SHOTS", "")
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def due(users):
    from kefu.strategies.services_care import care_reminders_generate
    from kefu.strategies.tests.care_helpers import installed, person

    today = timezone.localdate()
    for days in (80, 83):
        installed(by=users["agent1"], purchased=today - timedelta(days=days))
    person(by=users["agent1"], name="寿星张", born=date(1980, today.month, min(today.day, 28)))
    care_reminders_generate(lookahead=14)


def _log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    expect(page).not_to_have_url(re.compile("/login/"))


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_an_agent_turns_every_due_reminder_into_care_tickets(page, live_server, due):
    found = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda m: m.type == "error" and found.append(m.text))
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    # given the agent on the reminders page
    _log_in(page, live_server, "agent1")
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
