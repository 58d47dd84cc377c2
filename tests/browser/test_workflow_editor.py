"""The admin changes the complaint workflow in a real browser: a new state, a new transition."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, two_factor_code
from kefu.service.models import WorkflowVersion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def complaint_v1(users):
    """Version 1 of the complaint workflow, whatever an earlier transactional test flushed."""
    from kefu.service.services import workflow_current

    return workflow_current("complaint")


def _log_in(page, live_server, user):
    code = two_factor_code(user)  # an admin: the second step asks for the authenticator's code
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(user.username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    expect(page).to_have_url(re.compile("/accounts/2fa/verify/"))
    page.get_by_label(re.compile("6 位|6-digit")).fill(code)
    page.get_by_role("button", name=re.compile("验证|Verify")).click()
    expect(page.locator("main h1")).to_be_visible()


def test_the_admin_adds_a_state_and_a_transition_and_saves_version_2(page, live_server, users):
    # given
    _log_in(page, live_server, users["admin"])
    page.goto(f"{live_server.url}/service/setup/workflows/complaint/edit/")
    editor = page.locator("#workflow-editor")
    # when: a state "复核中" at the end
    editor.locator("[data-add=states]").click()
    state = editor.locator("[data-formset=states] > tr[data-row]").last
    state.locator("input[name$='-code']").fill("reviewing")
    state.locator("input[name$='-name']").fill("复核中")
    state.locator("input[name$='-name_en']").fill("Reviewing")
    state.locator("select[name$='-category']").select_option("open")
    # and a transition 处理中 → 复核中 for supervisors
    editor.locator("[data-add=transitions]").click()
    transition = editor.locator("[data-formset=transitions] > div[data-row]").last
    transition.locator("input[name$='-code']").fill("review")
    transition.locator("input[name$='-name']").fill("提交复核")
    sources = transition.locator("[name$='-sources'] + .ts-wrapper")
    sources.locator(".ts-control").click()
    sources.locator(".ts-dropdown .option", has_text="handling").click()
    page.keyboard.press("Escape")
    transition.locator("select[name$='-target']").select_option("reviewing")
    roles = transition.locator("[name$='-roles'] + .ts-wrapper")
    roles.locator(".ts-control").click()
    roles.locator(".ts-dropdown .option").first.click()
    page.keyboard.press("Escape")
    editor.locator("input[name=reason]").fill("投诉需主管复核")
    editor.locator("button[type=submit]").click()
    # then
    expect(page).to_have_url(re.compile(r"/service/setup/workflows/complaint/$"))
    expect(page.locator("#workflow-version")).to_contain_text("2")
    expect(page.locator("#workflow-states")).to_contain_text("复核中")
    expect(page.locator("#workflow-transitions")).to_contain_text("提交复核")
    expect(page.locator("#workflow-history")).to_contain_text("投诉需主管复核")
    expect(page.locator("svg .wf-node[data-state=reviewing]")).to_have_count(1)


def test_a_state_moved_up_keeps_its_new_place(page, live_server, users, complaint_v1):
    # given
    _log_in(page, live_server, users["admin"])
    page.goto(f"{live_server.url}/service/setup/workflows/complaint/edit/")
    editor = page.locator("#workflow-editor")
    rows = editor.locator("[data-formset=states] > tr[data-row]")
    # when: 已撤销 (the last state) goes up one place
    rows.last.locator("[data-move='-1']").click()
    editor.locator("input[name=reason]").fill("调整顺序")
    editor.locator("button[type=submit]").click()
    # then
    expect(page.locator("#workflow-version")).to_contain_text("2")
    names = page.locator("#workflow-states tbody tr td:nth-child(3)").all_inner_texts()
    assert names[-2:] == ["cancelled", "closed"]
    saved = WorkflowVersion.objects.get(ticket_type="complaint", is_current=True).definition
    assert _shape(saved["transitions"]) == _shape(complaint_v1.definition["transitions"])


def _shape(transitions):
    return [(t["code"], t["from"], t["to"], set(t["roles"]), t["fields"]) for t in transitions]
