"""Issue 6 in a real browser: an agent registers a need from a suggestion ticket, refines it,
changes it with a reason, and reads its history; the overview draws its chart."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from kefu.strategies.tests.needs_fixtures import *  # noqa: F403

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Chromium is not installed"),
]
WAIT = 15_000


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    expect(page).not_to_have_url(re.compile("/login/"), timeout=WAIT)


def test_an_agent_registers_refines_and_changes_a_need(page, live_server, suggestion, strategy):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _log_in(page, live_server, "agent1")
    # given the suggestion ticket: register it as a customer need
    page.goto(f"{live_server.url}/service/tickets/{suggestion.pk}/")
    page.locator("#ticket-needs a").first.click()
    expect(page.locator("#id_title")).to_have_value("说明书字太小", timeout=WAIT)
    page.locator("#need-form button[type=submit]").click()
    expect(page.locator("#need-status")).to_be_visible(timeout=WAIT)
    # refine: more detail, no reason
    page.get_by_role("link", name=re.compile("完善|Refine")).click()
    page.locator("#id_description").fill("希望说明书用大号字体，并附图示")
    page.locator("#need-edit-form button[type=submit]").click()
    expect(page.locator("#need-description")).to_contain_text("附图示", timeout=WAIT)
    # change: the importance, with a reason
    page.get_by_role("link", name=re.compile("完善|Refine")).click()
    page.locator("#id_priority").select_option("4")
    page.locator("#id_reason").fill("老年客户反映较多")
    page.locator("#need-edit-form button[type=submit]").click()
    history = page.locator("#need-history")
    expect(history).to_contain_text("老年客户反映较多", timeout=WAIT)
    expect(history.locator("li")).to_have_count(3)
    page.screenshot(path="/tmp/needs_detail.png", full_page=True)
    # the overview draws its chart
    page.goto(f"{live_server.url}/strategies/needs/overview/")
    expect(page.locator("[data-needs-chart] canvas")).to_have_count(1, timeout=WAIT)
    page.screenshot(path="/tmp/needs_overview.png", full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
