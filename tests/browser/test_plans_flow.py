"""Implementation plans in a real browser: a manager builds a plan for a gold customer from the
suggested strategies, starts it; the agent executes the task and the plan's progress updates.
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
def gold(users):
    from kefu.strategies.tests.plans_factories import gold_customer, make_need, make_strategy

    customer = gold_customer(by=users["agent1"], name="金卡王先生")
    make_strategy(recurrence="once", name="金卡年度回访")
    visit = make_strategy(recurrence="once", name="上门保养", grades=(), action_type="visit")
    make_need(customer=customer, strategies=[visit])
    return customer


def test_a_plan_built_from_suggestions_is_executed_by_the_agent(page, live_server, gold):
    found = watch_errors(page)
    # given a manager on the new plan form who picks the customer
    log_in(page, live_server, "manager1")
    page.goto(f"{live_server.url}/strategies/plans/new/")
    page.locator("#id_customer-ts-control").press_sequentially("金卡王先生")
    page.locator(".ts-dropdown .option", has_text="金卡王先生").click()
    # then the grade and need strategies are suggested, ticked, with their reasons
    choices = page.locator("#plan-strategies")
    expect(choices).to_contain_text("金卡年度回访")
    expect(choices).to_contain_text("上门保养")
    expect(choices.locator("input:checked")).to_have_count(2)
    expect(page.locator("#plan-estimate")).to_have_text("200.00")
    # when the rest is filled in and saved, then started
    page.locator("#id_title").fill("王先生年度方案")
    page.locator("#id_starts_on").fill("2026-01-01")
    page.locator("#id_ends_on").fill("2026-12-31")
    page.locator("#id_budget").fill("150")
    expect(page.locator("#plan-estimate-box")).to_have_class(re.compile("text-danger"))
    page.locator("#plan-save").click()
    expect(page.locator("#plan-status")).to_be_visible()
    plan_url = page.url
    page.locator("#plan-activate").click()
    expect(page.locator("#progress-total")).to_have_text("2")
    # and the agent executes one task from my tasks
    log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/strategies/plans/tasks/")
    page.locator(".plan-tasks a", has_text="金卡王先生").first.click()
    page.locator("#task-done textarea").fill("已电话回访，客户满意")
    page.locator("#task-done button[type=submit]").click()
    # then the plan's progress shows half done
    page.goto(plan_url)
    expect(page.locator("#progress-percent")).to_have_text("50%")
    expect(page.locator("#progress-done")).to_have_text("1")
    assert not [t for t in found if "CSP" in t or t.startswith("page error")], found
