"""A walk of the main pages in a real browser breaks no rule of the Content-Security-Policy.

The policy allows no inline script, no eval and no inline style. Chromium reports a violation as a
console error and as a `securitypolicyviolation` event; both are collected, with page errors (an
Alpine expression the CSP build cannot run throws one).
"""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, two_factor_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Added through the DevTools protocol, so the policy does not apply to it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile
    + ":" + e.lineNumber);
});
"""


@pytest.fixture
def problems(page):
    found = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda m: m.type in ("error", "warning") and found.append(m.text))
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


@pytest.fixture
def zhang(users):
    from kefu.customers.tests.factories import make_customer

    return make_customer(
        by=users["agent1"], name="张三", mobile="13800138000", address="北京市海淀区中关村大街1号"
    )


def _log_in(page, live_server, user, code=None):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(user.username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    if code:
        expect(page).to_have_url(re.compile("/accounts/2fa/verify/"))
        page.get_by_label(re.compile("6 位|6-digit")).fill(code)
        page.get_by_role("button", name=re.compile("验证|Verify")).click()
    expect(page).not_to_have_url(re.compile("/login/|/2fa/"))


def _visit(page, url, ready="body"):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    expect(page.locator(ready).first).to_be_visible()


def _violations(found):
    return [
        text
        for text in found
        if "Content Security Policy" in text or "CSP" in text or text.startswith("page error")
    ]


def test_the_agents_pages_run_without_a_policy_violation(page, live_server, users, zhang, problems):
    base = live_server.url
    # given
    _log_in(page, live_server, users["agent1"])
    # when: the desk with a look-up (htmx) and the 360
    _visit(page, f"{base}/service/desk/", "#desk-lookup")
    page.locator("#desk-lookup").fill("zs")
    expect(page.locator("#desk-results .desk-result")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator("#desk-360")).to_contain_text("张三")
    # and the ticket form (Alpine's CSP build shows the sections of the chosen type)
    _visit(page, f"{base}/service/tickets/new/?type=complaint", ".kefu-ticket-form")
    expect(page.locator("[data-section=complaint]")).to_be_visible()
    expect(page.locator("[data-section=field]")).to_be_hidden()
    # and the lists, a customer, the language switch (a data- attribute, not onchange)
    for path in ("/service/tickets/", "/customers/", f"/customers/{zhang.pk}/", "/"):
        _visit(page, base + path, "main")
    page.locator("select[name=language]").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # then
    assert _violations(problems) == []


def test_the_admins_pages_run_without_a_policy_violation(page, live_server, users, problems):
    base = live_server.url
    # given: the second step of the login runs under the policy too
    _log_in(page, live_server, users["admin"], code=two_factor_code(users["admin"]))
    # when: the workflow editor, the Django admin, the API docs
    _visit(page, f"{base}/service/setup/workflows/complaint/", "svg .wf-node")
    _visit(page, f"{base}/service/setup/workflows/complaint/edit/", "#workflow-editor")
    page.locator("#workflow-editor [data-add=states]").click()
    _visit(page, f"{base}/admin/", "#content")
    _visit(page, f"{base}/admin/accounts/user/{users['agent1'].pk}/change/", "#user_form")
    _visit(page, f"{base}/admin/accounts/user/", "#changelist")
    _visit(page, f"{base}/api/v1/docs", ".swagger-ui .info")
    # then
    assert _violations(problems) == []


def test_the_enrolment_page_runs_without_a_policy_violation(page, live_server, users, problems):
    # given: an admin with no authenticator yet
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill("admin")
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    # when
    expect(page).to_have_url(re.compile("/accounts/2fa/setup/"))
    # then: the QR code is inline SVG markup, which the policy allows
    expect(page.locator(".kefu-totp-qr svg")).to_be_visible()
    assert _violations(problems) == []
