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

    HUEY.immediate = True
    cache.clear()
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
        client.force_login(users[username])
        return client

    return login


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
