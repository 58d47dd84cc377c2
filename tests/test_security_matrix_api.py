"""The security matrix of the API: every operation of /api/v1/ × every user's API key × objects
of foreign scopes (see test_security_matrix.py for the pages and tests/security_params.py for the
registry of parameters and bodies).
"""

import json

import pytest

from tests.security_checks import (
    REFUSED,
    api_client,
    body_text,
    foreign_markers,
    leaked,
)
from tests.security_params import API_BODY_KINDS, Global, api_body, param_for
from tests.security_routes import api_operations
from tests.security_world import USERS, fingerprint, world_for_module

pytestmark = pytest.mark.django_db

OPERATIONS = api_operations()
OBJECT_OPS = [o for o in OPERATIONS if o.path_params]
LIST_OPS = [o for o in OPERATIONS if not o.path_params and o.method == "GET"]
CREATE_OPS = [o for o in OPERATIONS if not o.path_params and o.method != "GET"]
# the list filters the matrix fills with the foreign scope's values, when an operation has them
FILTERS = {
    "q": lambda scope: scope.queries[0],
    "customer": lambda scope: scope.customer.pk,
    "assignee": lambda scope: scope.owner.pk,
    "agent": lambda scope: scope.owner.pk,
    "status": lambda scope: "",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_for_module(django_db_blocker)


def _entries(operation, names):
    entries = {name: param_for(operation.name, name, what="API parameter") for name in names}
    reasons = [e.reason for e in entries.values() if isinstance(e, Global)]
    if reasons:
        pytest.skip(f"{operation.name}: {reasons[0]}")
    return entries


def _send(client, operation, scope, entries, body=None):
    values = {name: e.value(scope) for name, e in entries.items()}
    url = operation.url(values)
    query = {name: values[name] for name in operation.required_query}
    if operation.method == "GET":
        return url, client.get(url, query)
    data = json.dumps(body) if body is not None else ""
    return url, client.generic(operation.method, url, data, content_type="application/json")


def test_the_schema_lists_the_operations():
    assert len(OBJECT_OPS) >= 5 and LIST_OPS and CREATE_OPS


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("operation", OBJECT_OPS, ids=lambda o: o.name)
def test_an_api_operation_refuses_the_objects_of_a_foreign_scope(world, operation, username):
    # given the operation's parameters filled with the objects of the nearest foreign scope
    entries = _entries(operation, operation.path_params + operation.required_query)
    kinds = {e.kind for e in entries.values() if e.kind is not None}
    user, client = world.users[username], api_client(world, username)
    problems = []
    mine = world.nearest(user, kinds, foreign=False)
    if mine is not None and operation.method == "GET":
        # (positive control: an object in scope is found, or refused for want of a permission)
        url, response = _send(client, operation, mine, entries)
        if response.status_code not in (200, 403):
            problems.append(f"GET {url} (in scope {mine.key}) → {response.status_code}")
    foreign = world.nearest(user, kinds)
    if foreign is None:
        assert not problems, "\n".join(problems)
        pytest.skip(f"{username} sees every {'/'.join(sorted(kinds))}: none is foreign")
    # when the user reads or writes it
    before = fingerprint(foreign)
    url, response = _send(client, operation, foreign, entries, api_body(operation, foreign))
    # then it is refused, unchanged and unseen
    if response.status_code not in REFUSED:
        problems.append(f"{operation.method} {url} → {response.status_code} {body_text(response)}")
    problems += [f"{url} shows {m}" for m in leaked(response, foreign_markers(world, user, ""))]
    if fingerprint(foreign) != before:
        problems.append(f"{operation.method} {url} changed the objects of scope {foreign.key}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("operation", LIST_OPS, ids=lambda o: o.name)
def test_an_api_list_shows_no_foreign_object(world, operation, username):
    # given a user, the markers of every object outside their scope and the nearest such scope
    entries = _entries(operation, operation.required_query)
    user, client = world.users[username], api_client(world, username)
    markers = foreign_markers(world, user, "")
    foreign = world.nearest(user, {"ticket", "customer"}) or world.scopes["a"]
    required = {name: e.value(foreign) for name, e in entries.items()}
    filters = {n: f(foreign) for n, f in FILTERS.items() if n in operation.query}
    problems = []
    for query in (required, required | filters, required | {"q": foreign.queries[1]}):
        # when they list, filter or search for the foreign rows
        response = client.get(operation.path, query)
        # then the answer holds none of them
        if response.status_code not in (200, 403):
            problems.append(f"GET {operation.path} {query} → {response.status_code}")
        problems += [f"GET {operation.path} {query} shows {m}" for m in leaked(response, markers)]
    assert not problems, "\n".join(problems)


def _counts() -> tuple:
    from kefu.customers.models import Customer
    from kefu.service.models import Interaction, Ticket

    return Customer.objects.count(), Ticket.objects.count(), Interaction.objects.count()


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("operation", CREATE_OPS, ids=lambda o: o.name)
def test_an_api_create_naming_a_foreign_object_is_refused(world, operation, username):
    # given a body naming the objects of the nearest foreign scope (its unit, customer, ticket)
    user, client = world.users[username], api_client(world, username)
    kind = API_BODY_KINDS.get(operation.name)
    assert kind, f"{operation.name}: add the kind its body names to API_BODY_KINDS"
    if isinstance(kind, Global):
        pytest.skip(f"{operation.name}: {kind.reason}")
    foreign = world.nearest(user, {kind})
    if foreign is None:
        pytest.skip(f"{username} sees every {kind}: none is foreign")
    before = _counts()
    # when they create with it
    body = json.dumps(api_body(operation, foreign))
    response = client.post(operation.path, body, content_type="application/json")
    # then it is refused and nothing is written
    assert response.status_code in (400, *REFUSED), body_text(response)
    assert _counts() == before


@pytest.mark.parametrize(
    ("username", "path", "key", "kind"),
    [
        ("agent1", "/api/v1/tickets/{ticket}", "a", "ticket"),
        ("outlet1", "/api/v1/tickets/{ticket}", "o", "ticket"),
        ("agent1", "/api/v1/customers/{customer}", "a", "customer"),
        ("agent1", "/api/v1/tickets?q={query}", "a", "ticket"),
        ("outlet1", "/api/v1/tickets", "o", "ticket"),
        ("agent1", "/api/v1/customers?q={query}", "a", "customer"),
        ("agent1", "/api/v1/interactions", "a", "interaction"),
    ],
)
def test_the_api_shows_the_objects_in_scope(world, username, path, key, kind):
    # given objects the caller may see
    scope = world.scopes[key]
    url = path.format(ticket=scope.ticket.pk, customer=scope.customer.pk, query=scope.queries[0])
    # when they read them
    response = api_client(world, username).get(url)
    # then they are there (the matrix would see a leak)
    assert response.status_code == 200, url
    assert scope.markers[kind][0] in body_text(response), url


def test_outlet_staff_never_get_their_branchs_other_tickets_from_the_api(world):
    # given a branch A ticket not given to outlet A
    branch = world.scopes["a"]
    client = api_client(world, "outlet1")
    # when outlet staff list, search or read tickets and the contact log
    answers = [
        client.get("/api/v1/tickets", {"status": "", "q": query}) for query in ("", *branch.queries)
    ]
    answers.append(client.get("/api/v1/interactions", {"customer": branch.customer.pk}))
    # then the ticket is in none of them, and reading it is "not found"
    assert not [r for r in answers if branch.ticket.number in body_text(r)]
    assert client.get(f"/api/v1/tickets/{branch.ticket.pk}").status_code == 404
