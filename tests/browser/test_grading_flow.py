"""Grading in a real browser: a manager previews a grading run, reads the from → to matrix,
applies it; the customer is gold with its history, and the 360 page explains the value scores.
No Content-Security-Policy violation on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in, watch_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def buyer(users):
    from kefu.customers.tests.factories import make_customer
    from kefu.strategies.models import GradingCriterion
    from kefu.strategies.tests.grading_fixtures import spend

    GradingCriterion.objects.all().delete()
    GradingCriterion.objects.create(
        metric="spend", window_days=365, weight=1, zero_at=0, full_at=10000
    )
    customer = make_customer(by=users["agent1"], name="金卡候选李先生")
    spend(customer, 7500)
    return customer


def test_a_manager_previews_and_applies_a_grading_run(page, live_server, buyer):
    found = watch_errors(page)
    page.on("dialog", lambda dialog: dialog.accept())
    # given a manager on the grading runs page
    log_in(page, live_server, "manager1")
    page.goto(f"{live_server.url}/strategies/grading/")
    # when they start a new preview
    page.locator("#grading-new-preview").click()
    # then the run's page shows the preview: one change from not graded to gold
    expect(page.locator("#grading-matrix")).to_be_visible()
    expect(page.locator("#grading-changes")).to_contain_text("金卡候选李先生")
    # when they apply it
    page.locator("#grading-apply").click()
    expect(page.locator("#grading-run-status")).to_contain_text(re.compile("已应用|applied"))
    # then the customer is gold, with its history and the value analysis on the 360 page
    page.locator("#grading-changes a", has_text="金卡候选李先生").click()
    expect(page.locator("#customer-grade")).to_contain_text("金卡")
    expect(page.locator("#customer-value")).to_contain_text("75.00")
    assert not [t for t in found if "CSP" in t or t.startswith("page error")], found
