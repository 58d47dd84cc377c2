"""A repair booking goes through the whole default workflow in a real browser, role by role."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OPENED = re.compile(r"\bcollapse\b.*\bshow\b")  # Bootstrap's class once a collapse has opened
WAIT = 15_000  # ms: the machine may be busy; each step is a full page load
TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}  # the UI is Chinese first


@pytest.fixture
def zhang(users):
    from kefu.customers.tests.factories import make_customer

    return make_customer(
        by=users["agent1"], name="张三", mobile="13800138000", address="北京市海淀区中关村大街1号"
    )


def _log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    expect(page).not_to_have_url(
        re.compile("/login/"), timeout=WAIT
    )  # the previous user's page had an h1 too


def _shot(page, name):
    """KEFU_SCREENSHOTS=<folder> keeps a picture of the pages for a look by eye."""
    folder = os.environ.get("KEFU_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _step(page, code, name, choose=None, **fields):
    """Open the step's form by its button, fill its fields, pick its options (`choose`: select
    name → option label, in order), confirm, and wait for the result."""
    page.locator("#ticket-steps").get_by_role("button", name=name, exact=True).click()
    form = page.locator(f"#step-{code}")
    # opened, not still sliding open: a click on a moving form can be lost
    expect(form).to_have_class(OPENED, timeout=WAIT)
    for field, value in fields.items():
        form.locator(f"[name='t-{code}-{field}']").fill(value)
    for field, label in (choose or {}).items():
        select = form.locator(f"[name='t-{code}-{field}']")
        if select.get_attribute("hx-get"):  # it reloads the next select: wait for the new options
            with page.expect_response(lambda response: "fault-options" in response.url):
                select.select_option(label=label)
            page.wait_for_timeout(100)  # htmx swaps the options in after the response
        else:
            select.select_option(label=label)
        expect(select.locator("option:checked")).to_have_text(label)
    # wait for the post and its redirect: a click during the form's opening animation can be lost
    with page.expect_navigation(timeout=WAIT):
        form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible(timeout=WAIT)


def _book_repair(page, live_server, customer, model) -> str:
    page.goto(f"{live_server.url}/service/tickets/new/?customer={customer.pk}")
    complaint = page.locator("fieldset[data-section=complaint]")
    field = page.locator("fieldset[data-section=field]")
    expect(field).to_be_visible()
    expect(complaint).to_be_hidden()
    _shot(page, "new")  # Alpine shows each type's own fields only
    page.locator("select[name=ticket_type]").select_option("complaint")
    expect(complaint).to_be_visible()
    expect(field).to_be_hidden()
    page.locator("select[name=ticket_type]").select_option("installation")
    expect(field).to_be_visible()
    expect(page.locator("select[name=fault_phenomenon]")).to_be_hidden()  # repairs only
    page.locator("select[name=ticket_type]").select_option("repair")
    expect(page.locator("select[name=fault_phenomenon]")).to_be_visible()
    page.locator("[name=subject]").fill("冰箱不制冷")
    page.locator("[name=fault_description]").fill("冷藏室不制冷，压缩机不启动")
    # the product chosen, its type's phenomena are loaded (grouped by fault type)
    phenomena = page.locator("select[name=fault_phenomenon] option")
    expect(phenomena).to_have_count(1)  # "choose the product first"
    page.locator("select[name=product_model]").select_option(str(model.pk), force=True)
    expect(phenomena).to_have_count(4, timeout=WAIT)  # —, 不制冷, 冷藏室结冰, 压缩机噪音大
    page.locator("select[name=fault_phenomenon]").select_option(label="不制冷")
    page.locator("form.kefu-ticket-form button[type=submit]").click()
    expect(page.locator("#ticket-state")).to_have_text("待处理", timeout=WAIT)
    return page.locator("#ticket-number").inner_text()


@pytest.fixture
def fridge_faults(users):
    """A fridge model and its type's fault taxonomy (catalog/tests/factories.py)."""
    from kefu.catalog.models import ProductModel, ProductType
    from kefu.catalog.tests.factories import make_fault_tree

    kind = ProductType.objects.create(code="FRIDGE", name="冰箱")
    model = ProductModel.objects.create(product_type=kind, code="BCD-520", name="对开门冰箱")
    return model, make_fault_tree(product_type=kind, by=users["admin"])


def _record_visit(page):
    """Every evaluation item scored 5, satisfied: the order moves on to 已回访."""
    page.locator("#ticket-visits").get_by_role("link", name="记录回访").click()
    form = page.locator("#visit-record")
    expect(form).to_be_visible(timeout=WAIT)
    items = form.locator(".kefu-visit-item")
    expect(items.first).to_be_visible()
    for index in range(items.count()):
        items.nth(index).locator("label.btn").nth(4).click()
    form.get_by_label("满意", exact=True).check()
    with page.expect_navigation(timeout=WAIT):
        form.locator("button[type=submit]").click()
    expect(page.locator("#visit-outcome")).to_have_text("满意", timeout=WAIT)


@pytest.fixture
def panels():
    from kefu.service.panels import register_panels

    register_panels()  # done at start-up by the service registry; idempotent


def test_a_repair_booking_goes_through_the_whole_default_workflow(
    page, live_server, users, zhang, panels, fridge_faults
):
    # given: agent1 books the repair of a fridge for the customer, with its fault phenomenon
    model, _faults = fridge_faults
    _log_in(page, live_server, "agent1")
    number = _book_repair(page, live_server, zhang, model)
    ticket_url = page.url
    # when: the dispatcher gives it to the outlet and dispatches it
    _log_in(page, live_server, "dispatcher1")
    page.goto(ticket_url)
    _shot(page, "dispatcher")
    assign = page.locator("#ticket-assign")
    assign.locator("select[name=assignee]").select_option(str(users["outlet1"].pk))
    assign.get_by_role("button", name=re.compile("^(Assign|分派|指派|分配)$")).click()
    expect(page.locator("#ticket-assignee")).to_have_text("outlet1", timeout=WAIT)
    _step(page, "dispatch", "派工")
    # the outlet accepts with an appointment, starts and completes the work
    _log_in(page, live_server, "outlet1")
    page.goto(ticket_url)
    visit = timezone.localtime() + timedelta(days=1)
    _step(page, "accept", "接单", appointment_start=visit.strftime("%Y-%m-%dT10:00"))
    _step(page, "start", "开始处理")
    # the cause and measure of the phenomenon: the measures follow the cause chosen
    fault = {"fault_cause": "温控器损坏", "fault_measure": "更换温控器"}
    _step(page, "complete", "完工", choose=fault, resolution="更换温控器，试机正常")
    # the agent follows up: the visit is recorded with its scores, not by a bare step
    _log_in(page, live_server, "agent1")
    page.goto(ticket_url)
    expect(page.locator("#ticket-steps").get_by_role("button", name="回访")).to_have_count(0)
    _record_visit(page)
    # and the supervisor audits
    _log_in(page, live_server, "supervisor1")
    page.goto(ticket_url)
    _step(page, "audit", "审核")
    # then
    expect(page.locator("#ticket-number")).to_have_text(number)
    expect(page.locator("#ticket-state")).to_have_text("已审核")
    for shown in ("不制冷", "温控器损坏", "更换温控器"):  # the fault, from intake to completion
        expect(page.get_by_text(shown, exact=True).first).to_be_visible()
    expect(page.locator("#ticket-steps")).to_have_count(0)  # nothing left to do
    steps = page.locator("#timeline li[data-kind=transition]")
    expect(steps).to_have_count(6)
    expected = [
        ("dispatcher1", "待处理 → 已派工"),
        ("outlet1", "已派工 → 已接单"),
        ("outlet1", "已接单 → 处理中"),
        ("outlet1", "处理中 → 已完成"),
        ("agent1", "已完成 → 已回访"),
        ("supervisor1", "已回访 → 已审核"),
    ]
    for index, (actor, states) in enumerate(expected):
        step = steps.nth(index)
        expect(step.locator(".kefu-event-actor")).to_have_text(actor)
        expect(step.locator(".kefu-event-time")).to_have_text(TIME)
        expect(step.locator(".kefu-event-states")).to_have_text(states)
    expect(steps.nth(1)).to_contain_text("10:00")  # the appointment, in local time
    expect(steps.nth(3)).to_contain_text("更换温控器")
    _shot(page, "ticket")
    page.goto(f"{live_server.url}/service/tickets/?status=all")
    expect(page.locator("#list-table")).to_contain_text(number)
    _shot(page, "list")
    page.goto(f"{live_server.url}/customers/{zhang.pk}/")
    expect(page.locator("#customer-tickets")).to_contain_text(number)
    _shot(page, "customer")


@pytest.fixture
def fridge(zhang, users):
    from kefu.catalog.models import ProductModel, ProductType
    from kefu.customers.services import asset_register

    kind = ProductType.objects.create(code="FRIDGE", name="冰箱")
    model = ProductModel.objects.create(product_type=kind, code="BCD-520", name="对开门冰箱")
    return asset_register(customer=zhang, product_model=model, serial_number="SN520", by=None)


def test_an_agent_picks_the_customer_by_phone_and_the_product_follows(
    page, live_server, zhang, fridge
):
    # given
    _log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/service/tickets/new/")
    # when: the last digits of the phone are typed into the customer picker
    page.locator("#id_customer-ts-control").fill("8000")
    page.locator(".ts-dropdown .option", has_text="张三").click()
    # then: the customer's installed products are offered
    assets = page.locator("select[name=asset] option")
    expect(assets).to_have_count(2)
    page.locator("select[name=asset]").select_option(str(fridge.pk))
    page.locator("[name=fault_description]").fill("不制冷")
    page.locator("form.kefu-ticket-form button[type=submit]").click()
    expect(page.locator("#ticket-state")).to_have_text("待处理", timeout=WAIT)
    expect(page.locator("main")).to_contain_text("SN520")
