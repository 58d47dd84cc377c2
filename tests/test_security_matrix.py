"""The security matrix of the pages: every Kefu page × every user × objects of foreign scopes.

Pages are walked from the URL configuration (tests/security_routes.py); each `<kwarg>` is filled
from the registry (tests/security_params.py) with an object of each scope (tests/security_world.py)
and the user's view is checked against the visibility rule:

- an object the user may not see: GET and POST are refused (403/404), the object is unchanged and
  no page shows its markers;
- an object in scope: never "not found" (a positive control: a matrix where everything is 404
  would pass otherwise);
- a list, search or export page: 200 (or 403 without the permission), and no marker of a foreign
  object, whatever the search asks for.
"""

import pytest

from tests.security_checks import (
    IN_SCOPE,
    LISTED,
    REFUSED_OR_WRONG_METHOD,
    body_text,
    foreign_markers,
    leaked,
    list_queries,
    own_ticket_number,
    page_client,
)
from tests.security_params import Global, param_for, post_data
from tests.security_routes import kefu_pages
from tests.security_world import USERS, fingerprint, world_for_module

pytestmark = pytest.mark.django_db

PAGES = kefu_pages()
OBJECT_PAGES = [p for p in PAGES if p.kwargs]
LIST_PAGES = [p for p in PAGES if not p.kwargs]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_for_module(django_db_blocker)


def _entries(page):
    entries = {name: param_for(page.name, name) for name in page.kwargs}
    globals_ = [e.reason for e in entries.values() if isinstance(e, Global)]
    if globals_:
        pytest.skip(f"{page.name}: {globals_[0]}")
    return entries


def _kinds(entries) -> set[str]:
    return {e.kind for e in entries.values() if e.kind is not None}


def _refused_for(page, entries, scope, user, world, client) -> list[str]:
    """Problems when `user` opens and posts to `page` with the objects of a foreign `scope`."""
    url = page.path({name: e.value(scope) for name, e in entries.items()})
    markers = foreign_markers(world, user, page.name)
    problems = []
    response = client.get(url)
    if response.status_code not in REFUSED_OR_WRONG_METHOD:
        problems.append(f"GET {url} (scope {scope.key}) → {response.status_code}")
    problems += [f"GET {url} shows {m}" for m in leaked(response, markers)]
    before = fingerprint(scope)
    data = post_data(scope, own_number=own_ticket_number(world, user))
    response = client.post(url, data)
    if response.status_code not in REFUSED_OR_WRONG_METHOD:
        problems.append(f"POST {url} (scope {scope.key}) → {response.status_code}")
    problems += [f"POST {url} shows {m}" for m in leaked(response, markers)]
    if fingerprint(scope) != before:
        problems.append(f"POST {url} changed the objects of scope {scope.key}")
    return problems


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("route", OBJECT_PAGES, ids=lambda p: p.name)
def test_a_page_refuses_the_objects_of_a_foreign_scope(world, route, username):
    # given the page's parameters filled with the objects of the nearest foreign scope
    entries = _entries(route)
    kinds = _kinds(entries)
    user, client = world.users[username], page_client(world, username)
    problems = []
    mine = world.nearest(user, kinds, foreign=False)
    if mine is not None:
        # (positive control: an object in scope is known to the page, never "not found")
        url = route.path({name: e.value(mine) for name, e in entries.items()})
        status = client.get(url).status_code
        if status not in IN_SCOPE:
            problems.append(f"GET {url} (in scope {mine.key}) → {status}")
    foreign = world.nearest(user, kinds)
    if foreign is not None:
        # when the user opens it and posts to it, then it is refused, unchanged and unseen
        problems += _refused_for(route, entries, foreign, user, world, client)
    assert not problems, "\n".join(problems)
    if foreign is None:
        pytest.skip(f"{username} sees every {'/'.join(sorted(kinds))}: none is foreign")


SEARCHED = {"ticket", "customer"}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("route", LIST_PAGES, ids=lambda p: p.name)
def test_a_list_search_or_export_shows_no_foreign_object(world, route, username):
    # given a user and the markers of every object outside their scope
    user, client = world.users[username], page_client(world, username)
    markers = foreign_markers(world, user, route.name)
    if not markers:
        pytest.skip(f"{username} sees every object of the matrix")
    foreign = world.nearest(user, SEARCHED)  # None for users who see all tickets and customers
    url = route.path({})
    problems = []
    for query in [{}, *(list_queries(foreign) if foreign else [])]:
        # when they open the page, search it for the nearest foreign rows and export it
        response = client.get(url, query)
        # then it answers without an error and shows none of those markers
        if response.status_code not in LISTED:
            problems.append(f"GET {url} {query} → {response.status_code}")
        problems += [f"GET {url} {query} shows {m}" for m in leaked(response, markers)]
    assert not problems, "\n".join(problems)


POSITIVE = [
    # (user, page, scope, kind whose markers it must show): proof the matrix can see a leak
    ("agent1", "service:ticket_detail", "a", "ticket"),
    ("outlet1", "service:ticket_detail", "o", "ticket"),
    ("agent1", "customers:detail", "a", "customer"),
    ("agent_b", "service:desk_customer", "b", "customer"),
    ("manager1", "customers:import_detail", "b", "batch"),
    ("agent1", "service:attachment", "a", None),
]


@pytest.mark.parametrize(("username", "name", "key", "kind"), POSITIVE)
def test_a_page_shows_an_object_in_scope(world, username, name, key, kind):
    # given an object the user may see
    page = next(p for p in PAGES if p.name == name)
    scope = world.scopes[key]
    url = page.path({n: e.value(scope) for n, e in _entries(page).items()})
    # when they open its page
    response = page_client(world, username).get(url, follow=True)
    # then it is shown, with its marker
    assert response.status_code == 200, url
    assert kind is None or scope.markers[kind][0] in body_text(response)


LIST_POSITIVE = [
    # (user, list page, scope, kind, query): the searches of the matrix do find rows in scope
    ("agent1", "customers:list", "a", "customer", 0),
    ("agent1", "customers:list", "a", "customer", 1),
    ("agent1", "service:ticket_list", "a", "ticket", 0),
    ("supervisor1", "service:ticket_list", "a", "ticket", 2),
    ("outlet1", "service:ticket_list", "o", "ticket", 0),
    ("agent1", "service:interaction_list", "a", "interaction", None),
    ("agent1", "service:desk_lookup", "a", "customer", 1),
    ("agent1", "service:ticket_customer_search", "a", "customer", 0),
    ("agent1", "service:notifications", "a", "notification", None),
    ("agent1", "accounts:profile", "a", "apikey", None),
    ("manager1", "customers:import", "b", "batch", None),
    ("supervisor1", "accounts:audit", "a", "ticket", None),
]


@pytest.mark.parametrize(("username", "name", "key", "kind", "query"), LIST_POSITIVE)
def test_a_list_shows_the_objects_in_scope(world, username, name, key, kind, query):
    # given rows the user may see, and one of the matrix's queries for them
    scope = world.scopes[key]
    params = {} if query is None else list_queries(scope)[query]
    url = next(p for p in PAGES if p.name == name).path({})
    # when they open, search or export the list
    response = page_client(world, username).get(url, params)
    # then the rows are there
    assert response.status_code == 200, url
    text = body_text(response)
    assert scope.markers[kind][0] in text, (url, params)


def test_outlet_staff_never_see_their_branchs_other_tickets(world):
    # given a branch A ticket not given to outlet A, and one of the outlet's own
    branch, own = world.scopes["a"], world.scopes["o"]
    client = page_client(world, "outlet1")
    seen = []
    for page in LIST_PAGES:
        for query in [{}, *list_queries(branch)]:
            # when outlet staff open any list, search or export
            text = body_text(client.get(page.path({}), query))
            seen += [f"{page.name} {query}" for m in branch.markers["ticket"] if m in text]
    # then the branch's ticket is never there, nor its page
    assert not seen, seen
    ticket_page = next(p for p in PAGES if p.name == "service:ticket_detail")
    assert client.get(ticket_page.path({"pk": branch.ticket.pk})).status_code == 404
    assert client.get(ticket_page.path({"pk": own.ticket.pk})).status_code == 200
