"""Issue 6's "Done when", in a real browser.

A manager re-bands the grades (an overlapping band is refused, nothing changed) and re-weights a
grading rule; previews a grading run (a job), reads its from → to counts and proposed changes,
applies it: the customer is 金卡 on the 360 page, with the history entry naming the run. The
manager then builds a plan for that customer from the strategies suggested for the new grade and
starts it; the agent executes a task from 我的任务 and the plan's progress moves. A need is
registered from the 360 page's 客户需求 panel, refined, changed with a reason, and its history
shows the three steps with before → after. No CSP violation, page error or server error.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.pages import REPORT_VIOLATIONS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT = 15_000  # ms: the machine may be busy; each step is a full page load
NAME = "王金华"  # the customer who moves to gold
OTHER = "李平"  # a customer the run leaves alone
SPEND_DAYS_AGO = 30


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}  # the UI is Chinese first


def _bad_response(response) -> str:
    """A server error, or a missing page or file (the browser's own favicon request aside)."""
    if response.status >= 500 or (response.status == 404 and "favicon" not in response.url):
        return f"{response.status} {response.request.method} {response.url}"
    return ""


@pytest.fixture
def problems(page):
    """CSP violations and other console errors, page errors and bad responses seen on the way;
    every confirm() dialog (data-confirm buttons) is accepted."""
    found = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")  # seen as a response, with its URL
            and found.append(m.text)
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    page.on("response", lambda r: _bad_response(r) and found.append(_bad_response(r)))
    page.on("dialog", lambda dialog: dialog.accept())
    return found


@pytest.fixture
def world(users):
    """王金华 (silver, agent1's customer) bought 6 times 4,000 = 24,000 thirty days ago; 李平
    (regular) never bought. Two gold action strategies and one silver one are in the library.

    With the default rules and spend re-weighted 35 → 40 (step 1), 王金华 scores
    (40·100 spend + 20·100 orders + 15·(335/365) recency + 10·(30 days of 5 years) tenure
    + 10·100 no complaint) / 95 = 88.35 (satisfaction: no visit, left out): diamond under the
    installed bands (85–100), gold once gold is 70–90. 李平 scores 10·100 / 95 = 10.53: regular.
    """
    from kefu.customers.models import Transaction
    from kefu.customers.tests.factories import make_customer
    from kefu.strategies.tests.plans_factories import make_strategy

    agent = users["agent1"]
    wang = make_customer(by=agent, name=NAME, grade="silver", mobile="13900139000")
    make_customer(by=agent, name=OTHER, grade="regular")
    day = timezone.localdate() - datetime.timedelta(days=SPEND_DAYS_AGO)
    for n in range(6):
        Transaction.objects.create(
            customer=wang, reference=f"SO-{n}", occurred_on=day, amount=4000, description="空调"
        )
    make_strategy(recurrence="once", name="金卡专属关怀电话", action_type="care_call")
    make_strategy(recurrence="once", name="金卡免费上门保养", action_type="maintenance")
    make_strategy(recurrence="once", name="银卡节日短信", grades=("silver",))
    return {"wang": wang}


@pytest.fixture
def gold(users):
    """王金华 already gold (the first test takes him there through the pages)."""
    from kefu.customers.tests.factories import make_customer

    return make_customer(by=users["agent1"], name=NAME, grade="gold")


def _log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    expect(page).not_to_have_url(re.compile("/login/"), timeout=WAIT)


def _submit(page, button):
    with page.expect_navigation(timeout=WAIT):
        button.click()


def _edit_grade(page, live_server, name, **fields):
    page.goto(f"{live_server.url}/strategies/grades/")
    row = page.locator("tbody tr", has=page.locator(".badge", has_text=re.compile(f"^{name}$")))
    row.get_by_role("link", name=re.compile("编辑|Edit")).click()
    expect(page.locator("#id_code")).to_be_visible(timeout=WAIT)
    for field, value in fields.items():
        page.locator(f"#id_{field}").fill(value)
    _submit(page, page.locator("main form button[type=submit]"))


def _bands():
    from kefu.customers.models import Grade

    return {g.code: (int(g.min_score), int(g.max_score)) for g in Grade.objects.all()}


def _define_grades_and_rules(page, live_server):
    # when gold is widened to 70–90 while diamond still starts at 85
    before = _bands()
    _edit_grade(page, live_server, "金卡", max_score="90")
    # then it is refused, naming the band it overlaps, and nothing changed
    expect(page.locator("main .invalid-feedback").first).to_contain_text("钻石")
    expect(page.locator("main .invalid-feedback").first).to_contain_text("85")
    assert _bands() == before
    # when diamond moves up to 90 first, then gold to 70–90
    _edit_grade(page, live_server, "钻石", min_score="90")
    expect(page.locator(".alert-success")).to_be_visible()
    _edit_grade(page, live_server, "金卡", max_score="90")
    expect(page.locator(".alert-success")).to_be_visible()
    # then the grade list shows the new bands, with no gap
    body = page.locator("main table tbody")
    expect(body.locator("tr", has_text="金卡")).to_contain_text("70.00 – < 90.00")
    expect(body.locator("tr", has_text="钻石")).to_contain_text("90.00 – 100")
    expect(page.locator("main .alert-warning")).to_have_count(0)
    assert _bands() == before | {"gold": (70, 90), "diamond": (90, 100)}
    # when the spend rule (the first row) is re-weighted 35 → 40 and saved
    from kefu.strategies.models import GradingCriterion

    rules = list(GradingCriterion.objects.order_by("sort").values_list("metric", "weight"))
    page.goto(f"{live_server.url}/strategies/grades/rules/")
    expect(page.locator("#id_form-0-metric")).to_have_value("spend", timeout=WAIT)
    page.locator("#id_form-0-weight").fill("40")
    _submit(page, page.locator("main form button[type=submit]"))
    # then it is saved, the other rules kept as they were
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#id_form-0-weight")).to_have_value(re.compile(r"^40(\.0+)?$"))
    after = list(GradingCriterion.objects.order_by("sort").values_list("metric", "weight"))
    assert after == [("spend", 40), *rules[1:]]


def _preview_and_apply(page, live_server):
    # when a new preview is started from the grading runs page
    page.goto(f"{live_server.url}/strategies/grading/")
    _submit(page, page.locator("#grading-new-preview"))
    # then the run page shows it ready (the job ran; the page refreshes itself until then)
    status = page.locator("#grading-run-status")
    ready = re.compile("预览就绪|preview ready")
    expect(status.locator(".badge")).to_have_text(ready, timeout=WAIT)
    run_url = page.url
    run_id = int(re.search(r"/grading/(\d+)/", run_url).group(1))
    # with the from → to counts: one silver customer to gold, nothing else
    matrix = page.locator("#grading-matrix")
    silver = matrix.locator("tbody tr", has=page.locator("th", has_text="银卡"))
    expect(silver.locator("td a")).to_have_count(2)  # the gold cell and the row's total
    expect(silver.locator("td a").first).to_have_text("1")
    expect(matrix.locator("tfoot")).to_contain_text("1")
    # and the proposed change: 王金华 from silver to gold, with the score
    changes = page.locator("#grading-changes tbody tr")
    expect(changes).to_have_count(1)
    expect(changes.first).to_contain_text(NAME)
    expect(changes.first.locator("td").nth(2)).to_contain_text("银卡")
    expect(changes.first.locator("td").nth(3)).to_contain_text("金卡")
    expect(changes.first.locator("td").nth(4)).to_have_text("88.35")
    expect(page.locator("#grading-criteria")).to_contain_text("40")
    # when it is applied
    _submit(page, page.locator("#grading-apply"))
    # then the run is applied: one change applied, none skipped
    expect(page.locator(".alert-success")).to_be_visible()
    expect(status.locator(".badge")).to_have_text(re.compile("已应用|applied"))
    expect(page.locator("#grading-apply")).to_have_count(0)
    return run_id


def _gold_on_the_360(page, live_server, customer, run_id):
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    panel = page.locator("#customer-grade")
    expect(panel.locator(".card-header .badge").first).to_have_text("金卡", timeout=WAIT)
    history = panel.locator("table").first.locator("tbody tr")
    # newest first: the run's change, then the grade given when the customer was registered
    expect(history).to_have_count(2)
    expect(history.first.locator("td").nth(1)).to_have_text(re.compile(r"银卡\s*→\s*金卡"))
    expect(history.first).to_contain_text(f"#{run_id}")  # the reason names the run
    expect(history.first).to_contain_text("88.35")


def _build_and_start_a_plan(page, live_server):
    page.goto(f"{live_server.url}/strategies/plans/new/")
    page.locator("#id_customer-ts-control").press_sequentially(NAME)
    with page.expect_response(lambda r: "/plans/new/suggestions/" in r.url, timeout=WAIT):
        page.locator(".ts-dropdown .option", has_text=NAME).click()
    # then the strategies of his new grade are suggested, ticked, with the grade as the reason;
    # the silver one is only offered among the others, not ticked
    choices = page.locator("#plan-strategies")
    checked = choices.locator(".form-check", has=page.locator("input:checked"))
    expect(checked).to_have_count(2)
    expect(checked.filter(has_text="金卡专属关怀电话").locator(".plan-reason")).to_contain_text(
        "金卡"
    )
    expect(checked.filter(has_text="金卡免费上门保养").locator(".plan-reason")).to_contain_text(
        "金卡"
    )
    expect(choices.locator("details .form-check", has_text="银卡节日短信")).to_have_count(1)
    expect(page.locator("#plan-estimate")).to_have_text("200.00")
    # when the rest is filled in, saved and started
    today = timezone.localdate()
    page.locator("#id_title").fill("王金华金卡年度服务方案")
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_ends_on").fill((today + datetime.timedelta(days=90)).isoformat())
    page.locator("#id_budget").fill("1000")
    _submit(page, page.locator("#plan-save"))
    expect(page.locator("#plan-status")).to_be_visible()
    plan_url = page.url
    _submit(page, page.locator("#plan-activate"))
    # then it runs, with one task per strategy, none done
    expect(page.locator("#plan-activate")).to_have_count(0)
    expect(page.locator("#progress-total")).to_have_text("2")
    expect(page.locator("#progress-percent")).to_have_text("0%")
    return plan_url


def _agent_executes_a_task(page, live_server):
    page.goto(f"{live_server.url}/strategies/plans/tasks/")
    expect(page.locator("#my-open-count")).to_have_text("2")
    tasks = page.locator(".plan-tasks a", has_text=NAME)
    expect(tasks.first).to_be_visible()
    tasks.first.click()
    form = page.locator("#task-done")
    expect(form).to_be_visible(timeout=WAIT)
    form.locator("textarea").first.fill("已与王先生沟通，客户很满意")
    _submit(page, form.locator("button[type=submit]"))
    expect(page.locator("#task-done")).to_have_count(0)
    page.goto(f"{live_server.url}/strategies/plans/tasks/")
    expect(page.locator("#my-open-count")).to_have_text("1")


def test_a_manager_grades_a_customer_gold_and_plans_his_service_and_the_agent_executes_it(
    page, live_server, world, problems
):
    wang = world["wang"]
    # given the manager (step 1: grades and rules)
    _log_in(page, live_server, "manager1")
    _define_grades_and_rules(page, live_server)
    # step 2: a grading run, previewed then applied; 王金华 is gold on his 360 page
    run_id = _preview_and_apply(page, live_server)
    _gold_on_the_360(page, live_server, wang, run_id)
    wang.refresh_from_db()
    assert wang.grade == "gold"
    # step 3: a plan from the suggested strategies, started; the agent executes a task
    plan_url = _build_and_start_a_plan(page, live_server)
    _log_in(page, live_server, "agent1")
    _agent_executes_a_task(page, live_server)
    # then the plan's progress shows one of two tasks done
    _log_in(page, live_server, "manager1")
    page.goto(plan_url)
    expect(page.locator("#progress-done")).to_have_text("1", timeout=WAIT)
    expect(page.locator("#progress-percent")).to_have_text("50%")
    expect(page.locator("#progress-open")).to_have_text("1")
    assert not problems, problems


def test_a_need_is_registered_from_the_360_refined_and_changed_with_its_history(
    page, live_server, gold, problems
):
    # given agent1 on the gold customer's 360 page
    _log_in(page, live_server, "agent1")
    page.goto(f"{live_server.url}/customers/{gold.pk}/")
    panel = page.locator("#customer-needs")
    expect(panel).to_contain_text(re.compile("尚未登记|No need"), timeout=WAIT)
    # when a need is registered from its 客户需求 panel
    panel.get_by_role("link", name=re.compile("登记|Register")).click()
    form = page.locator("#need-form")
    expect(form.locator("#id_customer")).to_have_value(str(gold.pk), timeout=WAIT)
    form.locator("#id_title").fill("希望每年上门清洗空调")
    form.locator("#id_description").fill("客户来电提出")
    _submit(page, form.locator("button[type=submit]"))
    # then it is registered, with the customer's grade
    expect(page.locator("#need-status")).to_have_text(re.compile("已登记|registered"))
    expect(page.locator("main")).to_contain_text("金卡")
    # when it is refined: more detail, no reason needed
    page.get_by_role("link", name=re.compile("完善|Refine")).click()
    edit = page.locator("#need-edit-form")
    edit.locator("#id_description").fill("客户来电提出：希望每年夏季前上门清洗两台空调")
    _submit(page, edit.locator("button[type=submit]"))
    expect(page.locator("#need-description")).to_contain_text("两台空调")
    expect(page.locator("#need-status")).to_have_text(re.compile("已完善|refined"))
    # and changed: the importance, with a reason
    page.get_by_role("link", name=re.compile("完善|Refine")).click()
    edit = page.locator("#need-edit-form")
    edit.locator("#id_priority").select_option("4")
    edit.locator("#id_reason").fill("金卡客户，夏季前必须完成")
    _submit(page, edit.locator("button[type=submit]"))
    # then the history shows the three steps, each with before → after
    steps = page.locator("#need-history > ul > li")
    expect(steps).to_have_count(3)
    register, refine, change = (
        steps.filter(has=page.locator("span.fw-semibold", has_text=re.compile(f"^({kind})$")))
        for kind in ("已登记|registered", "已完善|refined", "已变更|changed")
    )
    expect(register).to_have_count(1)
    expect(refine).to_have_count(1)
    expect(change).to_have_count(1)
    expect(register).to_contain_text("希望每年上门清洗空调")
    description = refine.locator("tr").filter(has_text=re.compile("说明|描述|Description"))
    expect(description.locator("td").first).to_have_text("客户来电提出")
    expect(description.locator("td").last).to_contain_text("两台空调")
    expect(change).to_contain_text("金卡客户，夏季前必须完成")  # the reason
    importance = change.locator("tr").filter(has_text=re.compile("重要程度|Importance"))
    expect(importance.locator("td").first).to_have_text(re.compile("^(一般|普通|normal)$"))
    expect(importance.locator("td").last).to_have_text(re.compile("(非常重要|very important)$"))
    # and the 360 panel lists the need
    page.goto(f"{live_server.url}/customers/{gold.pk}/")
    expect(page.locator("#customer-needs")).to_contain_text("希望每年上门清洗空调")
    assert not problems, problems
