"""`kefu check --deploy` finds nothing to warn about in a production-like configuration."""

import os
import secrets
import subprocess
import sys

PRODUCTION = {
    "KEFU_SECRET_KEY": secrets.token_urlsafe(60),
    "KEFU_DEBUG": "off",
    "KEFU_ALLOWED_HOSTS": "kefu.example.com",
    "KEFU_CSRF_TRUSTED_ORIGINS": "https://kefu.example.com",
    "KEFU_SSL_REDIRECT": "on",
    "KEFU_BEHIND_PROXY": "on",
}


def _check(tmp_path, **overrides):
    # Only the machine's environment: not the test process's KEFU_* or DJANGO_ALLOW_ASYNC_UNSAFE.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "DJANGO_"))}
    env |= {"KEFU_HOME": str(tmp_path)} | PRODUCTION | overrides
    command = [sys.executable, "-m", "kefu.cli", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_the_deploy_check_is_clean_in_production(tmp_path):
    # when
    result = _check(tmp_path)
    # then
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_the_deploy_check_warns_about_insecure_cookies(tmp_path):
    # when: the demo's plain-http switch in production
    result = _check(tmp_path, KEFU_SECURE_COOKIES="off")
    # then
    assert result.returncode != 0
    assert "security.W012" in result.stderr and "security.W016" in result.stderr
