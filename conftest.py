"""Shared test fixtures: the org tree, one named user per role, API clients, the browser.

Users: agent1 (branch A), agent_b (branch B), expert1, supervisor1 (branch A), manager1 (HQ),
dispatcher1, outlet1 (an outlet under branch A), parts1, finance1, admin (HQ, superuser-free
admin role), nobody (no role). Password for all: "pw-kefu-test".
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "pw-kefu-test"


@pytest.fixture(autouse=True)
def _isolated(settings):
    from django.core.cache import cache
    from huey.contrib.djhuey import HUEY

    from kefu.catalog.selectors import regions_forget
    from kefu.service import configuration

    HUEY.immediate = True
    cache.clear()
    configuration.forget_local()  # its token was in the cache just cleared
    regions_forget()  # a transactional test flushes the regions the process may hold
    settings.AXES_ENABLED = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    cache.clear()


@pytest.fixture
def org(db):
    from kefu.accounts.services import org_unit_create

    hq = org_unit_create(name="总部", code="HQ", kind="hq")
    branch_a = org_unit_create(name="华北分中心", code="BR-A", kind="branch", parent=hq)
    branch_b = org_unit_create(name="华南分中心", code="BR-B", kind="branch", parent=hq)
    outlet_a = org_unit_create(name="海淀特约维修部", code="OUT-A", kind="outlet", parent=branch_a)
    return {"hq": hq, "a": branch_a, "b": branch_b, "outlet_a": outlet_a}


@pytest.fixture
def users(org):
    from kefu.accounts.services import user_create

    def make(username, unit, *roles):
        return user_create(
            username=username, password=PASSWORD, name=username, org_unit=org[unit], roles=roles
        )

    return {
        "agent1": make("agent1", "a", "agent"),
        "agent_b": make("agent_b", "b", "agent"),
        "expert1": make("expert1", "hq", "expert"),
        "supervisor1": make("supervisor1", "a", "supervisor"),
        "manager1": make("manager1", "hq", "manager"),
        "dispatcher1": make("dispatcher1", "a", "dispatcher"),
        "outlet1": make("outlet1", "outlet_a", "outlet"),
        "parts1": make("parts1", "hq", "parts"),
        "finance1": make("finance1", "hq", "finance"),
        "admin": make("admin", "hq", "admin"),
        "nobody": make("nobody", "a"),
    }


@pytest.fixture
def client_as(client, users):
    """client_as("agent1") → the test client logged in as that user."""

    def login(username):
        user = users[username]
        client.force_login(user)
        if user.is_superuser or user.has_role("admin"):
            two_factor_pass(client, user)  # admins confirm logins with a code (KEFU_ADMIN_2FA)
        return client

    return login


def two_factor_device(user):
    """The user's confirmed TOTP device, created on first use."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def two_factor_pass(client, user):
    """Mark the test client's session verified, as django_otp.login does after a right code."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = two_factor_device(user).persistent_id
    session.save()


def two_factor_code(user, device=None) -> str:
    """A code the device accepts now and has not accepted before (each is used once)."""
    import time

    from django_otp.oath import TOTP

    device = device or two_factor_device(user)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while device.last_t + 1 > totp.t() + device.tolerance:  # this window's codes are spent
        time.sleep(1)
    totp.time = max(time.time(), device.t0 + (device.last_t + 1 - device.drift) * device.step)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def api_as(users):
    """api_as("agent1") → a client that sends that user's API key as a Bearer token."""
    from django.test import Client

    from kefu.accounts.services import api_key_create

    def make(username):
        _key, raw = api_key_create(user=users[username], name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _playwright_before_the_database(request):
    """Start Playwright before the test database when browser tests are collected.

    Once Playwright runs, an event loop counts as running in the main thread and Django hands out
    another connection object; `serialized_rollback` would then find no saved migration data
    (workflows, SLA levels, regions) on it. Starting Playwright first keeps one connection.
    """
    if any("/browser/" in item.nodeid for item in request.session.items):
        request.getfixturevalue("playwright")
    yield


def pytest_collection_modifyitems(items):
    """A transactional test must restore the migrated data it flushes.

    Without `serialized_rollback=True` its flush re-creates the role groups under new ids, and
    the next test that does restore the migrated data fails on their names (UNIQUE): an order-
    dependent failure far from its cause. Refuse such a test at collection instead.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )
