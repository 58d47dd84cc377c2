"""Schemathesis over the whole OpenAPI schema of /api/v1/, in process through the WSGI app.

Every operation of `kefu.api.api` gets generated requests, valid (positive) and invalid (negative),
sent with a key of a user who holds every role the API needs, sometimes with a key of a user who
holds almost none (403), and sometimes with no key or a junk one (401). Each answer must:

- never be a server error (5xx);
- have a status code the operation declares, the declared content type and a body that matches
  the declared schema (errors included: `{"code", "message", "fields"}`).

Path ids are sometimes the ids of a real customer and a real ticket, so the operations get past
the 404 and into their business rules. Bounded for CI: a fixed seed (derandomize) and at most
MAX_EXAMPLES requests per operation and mode; the whole module runs in well under a minute on
SQLite. The data of one operation is created once per test, in its transaction, and rolled back.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kefu.api import api

# Requests per operation and mode; raise it for a longer hunt: KEFU_FUZZ_EXAMPLES=500 pytest ...
MAX_EXAMPLES = int(os.environ.get("KEFU_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Roles that together reach every endpoint (delete needs manager or admin, assignment a lead).
ALL_ROLES = ("admin", "manager", "supervisor", "agent", "dispatcher")

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
APP = get_wsgi_application()
OPERATIONS = [
    pytest.param(result.ok(), id=result.ok().label) for result in SCHEMA.get_all_operations()
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Users, keys, one customer and one ticket: created once for the module, in a transaction
    that is rolled back at its end (each test runs in a savepoint inside it)."""
    # As Django's test client does: a request must not close the connection that holds the
    # test's transaction (on PostgreSQL it would, the transaction being "obsolete" to it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield _world()
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _world() -> dict:
    from kefu.accounts.services import api_key_create, org_unit_create, user_create
    from kefu.customers.tests.factories import make_customer
    from kefu.service.tests.factories import make_ticket

    hq = org_unit_create(name="总部", code="FUZZ-HQ", kind="hq")
    fuzzer = user_create(username="fuzzer", password=None, org_unit=hq, roles=ALL_ROLES)
    finance = user_create(username="fuzz-finance", password=None, org_unit=hq, roles=("finance",))
    customer = make_customer(by=fuzzer, name="张三", mobile="13800138000", address="北京市")
    ticket = make_ticket(by=fuzzer, customer=customer)
    keys = {
        "all roles": api_key_create(user=fuzzer, name="fuzz")[1],
        "finance only": api_key_create(user=finance, name="fuzz")[1],
        "no key": None,
        "junk key": "kefu_not-a-real-key",
    }
    return {"keys": keys, "known": {"customer_id": customer.pk, "ticket_id": ticket.pk}}


def _requests(operation, mode: GenerationMode, known: dict):
    """Generated cases, half of them aimed at the real customer and ticket when the path has ids."""
    generated = operation.as_strategy(generation_mode=mode)
    names = {p.name for p in operation.path_parameters}
    real = {name: value for name, value in known.items() if name in names}
    if not real:
        return generated
    return st.one_of(generated, operation.as_strategy(generation_mode=mode, path_parameters=real))


def _headers(raw_key: str | None) -> dict:
    return {"Authorization": f"Bearer {raw_key}"} if raw_key else {}


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_answers_within_its_schema_and_never_with_a_server_error(
    operation, mode, world, settings
):
    # given
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # the WSGI client's host
    who = st.sampled_from(["all roles"] * 6 + ["finance only", "no key", "junk key"])

    @examples(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_requests(operation, mode, world["known"]), user=who)
    def answers_within_schema(case, user):
        # when
        response = case.call(app=APP, headers=_headers(world["keys"][user]))
        # then
        case.validate_response(response, checks=CHECKS)

    answers_within_schema()
