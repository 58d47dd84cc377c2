"""Every page of every app, walked from the URL configuration: nothing leaks to the wrong user.

New views are covered without new tests: anonymous visitors are sent to the login page, and a
logged-in user with no role gets 403 or 404 everywhere but the pages every user has.
"""

import re

import pytest

from tests.security_routes import kefu_namespaces, kefu_pages

pytestmark = pytest.mark.django_db

# every logged-in user has these, each scoped to their own data (own keys; public base data)
OPEN_TO_EVERY_USER = {"accounts:profile", "customers:regions", "service:notifications"}


def _url(route: str) -> str:
    path = re.sub(r"<int:[^>]+>", "1", route)
    path = re.sub(r"<str:fmt>", "csv", path)
    return "/" + re.sub(r"<(str:)?[^>]+>", "x", path)


PAGES = [(page.name, page.route) for page in kefu_pages()]


def test_the_walk_finds_the_pages():
    assert len(PAGES) >= 20


def test_the_walk_covers_every_kefu_app_with_pages():
    # given the apps of INSTALLED_APPS, not a list kept by hand
    walked = {name.split(":")[0] for name, _route in PAGES}
    # then every app known to have pages is walked
    assert {"accounts", "catalog", "customers", "service"} <= walked <= kefu_namespaces()


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


def test_the_security_matrix_plays_every_user_of_conftest(users):
    # given the users the matrix builds for itself (tests/security_world.py)
    from tests.security_world import UNITS, USERS

    codes = {key: code for key, (_name, code, _kind, _parent) in UNITS.items()}
    expected = {name: (codes[unit], sorted(roles)) for name, (unit, roles) in USERS.items()}
    # then they are conftest's users, in the same units with the same roles
    assert {n: (u.org_unit.code, sorted(u.role_codes())) for n, u in users.items()} == expected
