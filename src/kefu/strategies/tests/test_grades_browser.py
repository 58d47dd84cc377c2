"""Grades in a real browser: a manager reads the grades, is refused an overlapping band, sets a
customer's grade by hand on the 360 page and sees it in the history; no CSP violation."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from kefu.customers.tests.factories import make_customer
from kefu.strategies.tests.grades_fixtures import in_days

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


def test_a_manager_keeps_grades_and_sets_a_customer_to_gold_by_hand(page, live_server, users):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    zhang = make_customer(by=users["agent1"], name="张三", grade="silver")
    _log_in(page, live_server, "manager1")
    # the grades, and an overlapping band refused on the form
    page.goto(f"{live_server.url}/strategies/grades/")
    expect(page.get_by_text("金卡").first).to_be_visible(timeout=WAIT)
    page.screenshot(path="/tmp/grades_list.png", full_page=True)
    page.goto(f"{live_server.url}/strategies/grades/new/")
    page.locator("#id_code").fill("platinum")
    page.locator("#id_name").fill("白金")
    page.locator("#id_rank").fill("50")
    page.locator("#id_min_score").fill("80")
    page.locator("#id_max_score").fill("100")
    page.locator("form button[type=submit]").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("钻石", timeout=WAIT)
    # the rules page explains the score
    page.goto(f"{live_server.url}/strategies/grades/rules/")
    expect(page.locator("table").first).to_be_visible(timeout=WAIT)
    page.screenshot(path="/tmp/grades_rules.png", full_page=True)
    # the 360: set the grade by hand
    page.goto(f"{live_server.url}/customers/{zhang.pk}/")
    panel = page.locator("#customer-grade")
    panel.locator("summary").click()
    panel.locator("#id_override-grade").select_option("gold")
    panel.locator("#id_override-reason").fill("战略合作客户")
    panel.locator("#id_override-expires_on").fill(in_days(30).isoformat())
    panel.locator("form button[type=submit]").last.click()
    expect(page.locator("#customer-grade")).to_contain_text("战略合作客户", timeout=WAIT)
    expect(page.locator("#customer-grade table").first).to_contain_text("金卡")
    page.screenshot(path="/tmp/grades_360.png", full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
