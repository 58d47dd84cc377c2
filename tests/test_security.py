"""Every page of every app, walked from the URL configuration: nothing leaks to the wrong user.

New views are covered without new tests: anonymous visitors are sent to the login page, and a
logged-in user with no role gets 403 or 404 everywhere but the pages every user has.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

APPS = ("accounts", "catalog", "customers", "service")
# every logged-in user has these, each scoped to their own data (own keys; public base data)
OPEN_TO_EVERY_USER = {"accounts:profile", "customers:regions", "service:notifications"}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(
                entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace
            )
        elif isinstance(entry, URLPattern) and namespace in APPS:
            yield f"{namespace}:{entry.name}", prefix + str(entry.pattern)


def _url(route: str) -> str:
    path = re.sub(r"<int:[^>]+>", "1", route)
    path = re.sub(r"<str:fmt>", "csv", path)
    return "/" + re.sub(r"<(str:)?[^>]+>", "x", path)


PAGES = sorted(set(_walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_pages():
    assert len(PAGES) >= 20


@pytest.mark.parametrize(("name", "route"), PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, name, route):
    response = client.get(_url(route))
    assert response.status_code == 302, name
    assert response["Location"].startswith("/login/"), name


@pytest.mark.parametrize(
    ("name", "route"), [(n, r) for n, r in PAGES if n not in OPEN_TO_EVERY_USER]
)
def test_a_user_without_a_role_is_refused(client_as, name, route):
    response = client_as("nobody").get(_url(route))
    assert response.status_code in (403, 404, 405), name
