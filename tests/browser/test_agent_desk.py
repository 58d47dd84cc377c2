"""The agent desk in a real browser: phone look-up → 360 → a repair ticket by keyboard."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def zhang(users):
    from kefu.catalog.models import ProductModel, ProductType
    from kefu.customers.services import asset_register
    from kefu.customers.tests.factories import make_customer

    customer = make_customer(
        by=users["agent1"], name="张三", mobile="13800138000", address="北京市海淀区中关村大街1号"
    )
    kind = ProductType.objects.create(code="AC", name="空调")
    model = ProductModel.objects.create(
        product_type=kind, code="KFR-35GW", name="壁挂式空调", warranty_months=36
    )
    asset_register(
        customer=customer,
        product_model=model,
        serial_number="AC35000123",
        purchase_date=timezone.localdate() - datetime.timedelta(days=100),
        by=users["agent1"],
    )
    return customer


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()


def test_an_agent_finds_the_caller_and_registers_a_repair_by_keyboard(page, live_server, zhang):
    # given
    _log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/service/desk/")
    # when: the phone is typed into the look-up and the match picked with Enter
    page.keyboard.press("F2")
    page.keyboard.type("13800138000")
    expect(page.locator("#desk-results .desk-result")).to_have_count(1)
    expect(page.locator("#desk-results")).to_contain_text("张三")
    page.keyboard.press("Enter")
    # then: the 360 shows the customer with the product in warranty
    panel = page.locator("#desk-360")
    expect(panel.locator(".desk-customer-name")).to_have_text("张三")
    expect(panel).to_contain_text("AC35000123")
    expect(panel.locator("[data-warranty=in]")).to_have_count(1)
    expect(page.locator("#id_summary")).to_be_focused()
    # when: a repair is registered with its fault phenomenon
    page.keyboard.type("空调不制冷，约上门检修")
    page.keyboard.press("Alt+6")
    expect(page.locator("#id_fault_description")).to_be_focused()
    page.keyboard.type("开机十分钟后出风不凉")
    expect(page.locator("#id_asset_id")).to_have_value(str(zhang.assets.get().pk))
    page.keyboard.press("Control+Enter")
    # then: the confirmation names the new ticket and the 360 lists it as open
    done = page.locator(".desk-done")
    expect(done).to_contain_text(re.compile(r"\d{12}"))
    number = done.locator("a").inner_text()
    expect(page.locator("#desk-open-tickets")).to_contain_text(number)
    expect(page.locator("#id_summary")).to_have_value("")
    expect(page.locator("#desk-lookup")).to_be_focused()


def test_a_screen_pop_opens_the_callers_360(page, live_server, zhang):
    # given
    _log_in(page, live_server, "agent1")
    # when
    page.goto(f"{live_server.url}/service/desk/?phone=13800138000")
    # then
    expect(page.locator("#desk-360 .desk-customer-name")).to_have_text("张三")
    expect(page.locator("#desk-form-customer")).to_contain_text(zhang.code)


def test_escape_in_the_look_up_clears_it(page, live_server, zhang):
    # given
    _log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/service/desk/")
    page.keyboard.type("zs")
    expect(page.locator("#desk-results .desk-result")).to_have_count(1)
    # when
    page.keyboard.press("Escape")
    # then
    expect(page.locator("#desk-lookup")).to_have_value("")
    expect(page.locator("#desk-results .desk-result")).to_have_count(0)
