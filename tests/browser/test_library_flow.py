"""The strategy library in a real browser: a manager creates an entitlement for gold customers
(the form shows the entitlement fields once the kind is chosen), changes it with a reason, and
the version history shows the change. No Content-Security-Policy violation on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in, watch_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_creates_and_changes_an_entitlement(page, live_server, users):
    found = watch_errors(page)
    # given a manager on the new strategy form
    log_in(page, live_server, "manager1")
    page.goto(f"{live_server.url}/strategies/library/new/")
    entitlement = page.locator("[data-section=entitlement]")
    action = page.locator("[data-section=action]")
    expect(entitlement).to_be_hidden()
    # when they choose the kind, the entitlement fields show, the action fields do not
    page.locator("#id_kind").select_option("entitlement")
    expect(entitlement).to_be_visible()
    expect(action).to_be_hidden()
    page.locator("#id_name").fill("金卡快速响应")
    page.locator("input[name=grades][value=gold]").check()
    page.locator("#id_sla_level").select_option(label="贵宾")
    page.locator("#id_priority").select_option("3")
    page.locator("button[type=submit]").click()
    # then the strategy's page shows it, version 1
    expect(page.locator("#strategy-grades")).to_contain_text("金卡")
    expect(page.locator("#strategy-versions [data-version='1']")).to_be_visible()
    # when they change the priority with a reason
    page.get_by_role("link", name=re.compile("变更|Change")).click()
    page.locator("#id_priority").select_option("4")
    page.locator("#id_reason").fill("金卡投诉增多")
    page.locator("button[type=submit]").click()
    # then version 2 holds the reason and the field's change
    latest = page.locator("#strategy-versions [data-version='2']")
    expect(latest).to_contain_text("金卡投诉增多")
    expect(latest.locator(".version-diff")).to_contain_text(re.compile("紧急|urgent"))
    assert not [t for t in found if "CSP" in t or t.startswith("page error")], found
