"""What the browser tests share: logging in through the form, and collecting the errors a page
reports (console errors, uncaught exceptions, Content-Security-Policy violations)."""

import re

from playwright.sync_api import expect

from conftest import PASSWORD

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI);
});
"""


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(username)
    page.get_by_label(re.compile("密码|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录|Log in")).click()
    expect(page).not_to_have_url(re.compile("/login/"))


def watch_errors(page) -> list[str]:
    """The list every console error, page error and CSP violation of `page` is appended to."""
    found: list[str] = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda m: m.type == "error" and found.append(m.text))
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found
