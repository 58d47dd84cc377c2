"""The agent's first flow in a real browser: log in, find a customer three ways, open the 360."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def zhang(users):
    from kefu.customers.tests.factories import make_customer

    return make_customer(
        by=users["agent1"], name="张三", mobile="13800138000", address="北京市海淀区中关村大街1号"
    )


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()


def test_an_agent_logs_in_and_finds_a_customer(page, live_server, zhang):
    # given
    _log_in(page, live_server, "agent1")
    expect(page.locator("main h1")).to_be_visible()
    search = page.locator(".kefu-quick-search input")
    # when / then: by whole mobile, last four digits and pinyin initials
    for query in ["13800138000", "8000", "zs"]:
        search.fill(query)
        search.press("Enter")
        expect(page.locator("#list-table")).to_contain_text("张三")
        search = page.locator(".kefu-quick-search input")
    page.locator("#list-table a", has_text=zhang.code).click()
    expect(page.locator("main h1")).to_contain_text("张三")
    expect(page.locator(".kefu-phone").first).to_have_text("13800138000")
    expect(page.locator("main")).to_contain_text("中关村大街1号")


def test_a_branch_b_agent_does_not_find_it(page, live_server, zhang):
    _log_in(page, live_server, "agent_b")
    page.goto(f"{live_server.url}/customers/?q=13800138000")
    expect(page.locator("#list-table")).not_to_contain_text("张三")
