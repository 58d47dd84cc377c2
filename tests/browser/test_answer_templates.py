"""Answer templates in a real browser: "/key" + Tab and a click insert the filled-in text at the
cursor; a forbidden phrase typed in the reply is warned about with what to say instead."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def repair(users):
    from kefu.customers.tests.factories import make_customer
    from kefu.knowledge.tests.templates_factories import make_phrase, make_template
    from kefu.service.tests.factories import make_ticket

    lead = users["supervisor1"]
    make_template(lead, key="js3", body="{客户称呼}，您的服务单号是{服务单号}。")
    make_template(
        lead, key="js2", category="closing", title="致谢道别", body="感谢您的来电，再见！"
    )
    make_phrase(users["admin"], phrase="喂，说话呀！", suggestion="您好！请问有什么可以帮助您？")
    zhang = make_customer(by=users["agent1"], name="张三", gender="m", mobile="13800138000")
    return make_ticket(by=users["agent1"], customer=zhang)


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()


def test_an_agent_inserts_templates_and_is_warned_of_a_forbidden_phrase(page, live_server, repair):
    # given
    _log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/service/tickets/{repair.pk}/")
    box = page.locator("#ticket-reply textarea[name=body]")
    expect(page.locator("[data-template-key=js3]")).to_have_count(1)
    # when: the key is typed and Tab pressed
    box.click()
    page.keyboard.type("/js3")
    page.keyboard.press("Tab")
    # then: the template is there, filled in for the customer and the ticket
    expect(box).to_have_value(f"张先生，您的服务单号是{repair.number}。")
    expect(box).to_be_focused()
    # when: a template is clicked in the picker
    page.locator("[data-template-key=js2]").click()
    # then: it is inserted at the cursor
    expect(box).to_have_value(f"张先生，您的服务单号是{repair.number}。感谢您的来电，再见！")
    # when: a forbidden phrase is typed
    page.keyboard.type("喂,说话呀")
    # then: a warning names it and what to say instead
    warning = page.locator("[data-forbidden-warning]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("喂，说话呀！")
    expect(warning).to_contain_text("您好！请问有什么可以帮助您？")


@pytest.fixture
def caller(users):
    from kefu.customers.tests.factories import make_customer
    from kefu.knowledge.tests.articles_factories import make_article
    from kefu.knowledge.tests.templates_factories import make_template

    make_template(users["supervisor1"], key="wh1", body="{客户称呼}，您好，请问有什么可以帮您？")
    make_article(users["expert1"], "空调不制冷的排查步骤", "检查滤网与室外机。")
    return make_customer(by=users["agent1"], name="李四", gender="f", mobile="13900139000")


def test_on_the_desk_a_template_greets_the_caller_and_articles_follow_the_summary(
    page, live_server, caller
):
    # given: the caller's 360 popped up by the phone number
    _log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/service/desk/?phone=13900139000")
    expect(page.locator("#desk-360 .desk-customer-name")).to_have_text("李四")
    summary = page.locator("#id_summary")
    # when: the greeting's key is typed into the summary and Tab pressed
    summary.click()
    page.keyboard.type("/wh1")
    page.keyboard.press("Tab")
    # then: it is filled in for this caller
    expect(summary).to_have_value("李女士，您好，请问有什么可以帮您？")
    # when: the agent writes down what the caller says
    summary.fill("空调不制冷")
    # then: the knowledge panel suggests the matching article
    expect(page.get_by_text("空调不制冷的排查步骤")).to_be_visible(timeout=15_000)
