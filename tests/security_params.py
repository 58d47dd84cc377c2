"""The registry of the security matrix: what each URL kwarg and API parameter names.

Every `<kwarg>` of a Kefu page and every `{param}` (and required query parameter) of an API
operation must have an entry in `PARAMS`, so that the matrix can fill it with an object of a
scope foreign to the user under test. An unregistered name fails the matrix with a message
saying what to add: that is how a new app gets covered (see CONTRIBUTING.md, "Security matrix").

An entry is either
  - `Param(kind, value)`: `value(scope)` gives the URL value for the scope's object; `kind` is
    the object kind (see `security_world.sees`) deciding whether the user may see it, or None
    for a plain value such as an export format;
  - `Global(reason)`: the parameter names data shared by the whole install (base data,
    configuration): no foreign scope can exist, the combination is skipped with the reason;
  - a dict {route name: entry} when the same name means different objects on different routes
    (`pk`).
Write operations also need a body the API accepts (`API_BODIES`), so that the scope check runs
rather than the body's validation.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Param:
    kind: str | None
    value: Callable


@dataclass(frozen=True)
class Global:
    reason: str


def _pk(kind: str) -> Param:
    return Param(kind, lambda scope: scope.objects[kind].pk)


def transition_code(scope) -> str:
    """A workflow step possible from the scope's ticket's current state."""
    ticket = scope.ticket
    steps = ticket.workflow.definition["transitions"]
    return next(t["code"] for t in steps if ticket.state in t["from"])


_CUSTOMER_PAGES = ("detail", "edit", "delete", "phone_add", "phone_remove")
_CUSTOMER_PAGES += ("address_add", "asset_add", "contact_add")
_TICKET_PAGES = ("detail", "edit", "transition", "reply", "assign", "escalate", "send_back")
_TICKET_PAGES += ("link", "merge")
_CONFIGURATION = (
    "service configuration (workflows, SLA levels, queues) is one set for the whole install, "
    "edited only by holders of service.manage_workflows"
)

_TEMPLATES = (
    "answer templates and forbidden phrases are one set for the whole install (应答模板), "
    "read by the desk roles and kept by leads and admins"
)
_TEMPLATE_PAGES = ("answer_template_edit", "answer_template_active", "answer_template_render")
_TEMPLATE_PAGES += ("forbidden_phrase_edit", "forbidden_phrase_active")
_ARTICLES = (
    "knowledge articles are shared by the whole install, not scoped by org unit; who sees which "
    "(drafts only to editors, internal never public) is a rule of roles, tested in "
    "knowledge/tests/test_articles_visibility.py and test_help_centre.py"
)
_ARTICLE_PAGES = ("detail", "edit", "versions", "version", "publish", "archive", "helped")

_FAULTS = (
    "the fault taxonomy is base data of the whole install (故障分类), read by every role and "
    "kept by admins"
)

_CODE_LISTS = (
    "the code lists (complaint categories and root causes, feedback categories, evaluation "
    "items) are base data of the whole install, read by every role and kept by admins"
)

_PLAN_PAGES = ("detail", "edit", "activate", "complete", "cancel", "versions")
_PLAN_TASK_PAGES = ("task", "task_done", "task_skip")

_GRADING_RUNS = (
    "a grading run grades every customer of the install by the same rules (one run for all); "
    "its proposed changes are listed only for the customers the user sees "
    "(strategies/tests/test_grading_views.py and test_grading_api.py test it)"
)
_GRADING_PAGES = ("detail", "apply", "discard")

_LIBRARY = (
    "the strategy library (服务策略库) is one set for the whole install, read by the desk "
    "roles and kept by managers and admins; the plans shown on a strategy are scoped "
    "(strategies/tests/test_library_views.py and test_library_api.py test it)"
)
_LIBRARY_PAGES = ("detail", "edit", "retire", "activate")

_CAMPAIGNS = (
    "holiday greeting campaigns (节日问候) are company-wide: managers and admins keep them, the "
    "desk views them; their care items are scoped by customer "
    "(strategies/tests/test_care_campaigns.py and test_care_api.py test it)"
)
_CAMPAIGN_PAGES = ("", "_edit", "_launch", "_export")

_GRADES = (
    "customer grades and grading rules (客户等级、分级规则) are one set for the whole install, "
    "read by the desk roles and kept by managers and admins; customer counts are scoped "
    "(strategies/tests/test_grades_views.py and test_grades_api.py test it)"
)
_SEGMENTS = (
    "a segment (客户细分) is a saved filter shared by the install; its customers are always read "
    "through the user's visible customers (strategies/tests/test_grades_segments.py tests it)"
)

PARAMS = {
    "item_id": Global(_CODE_LISTS),
    "kind": Global(_CODE_LISTS),  # GET /api/v1/dictionary?kind=
    "pk": {
        **{f"catalog:fault_{name}": Global(_FAULTS) for name in ("edit", "deactivate", "activate")},
        **{f"knowledge:{name}": Global(_TEMPLATES) for name in _TEMPLATE_PAGES},
        **{f"knowledge:article_{name}": Global(_ARTICLES) for name in _ARTICLE_PAGES},
        "knowledge:category_edit": Global("article categories are base data of the whole install"),
        "help:article": Global(_ARTICLES),
        "accounts:apikey_revoke": _pk("apikey"),
        "customers:import_detail": _pk("batch"),
        "customers:import_apply": _pk("batch"),
        "customers:import_rejected": _pk("batch"),
        **{f"customers:{name}": _pk("customer") for name in _CUSTOMER_PAGES},
        "service:desk_customer": _pk("customer"),
        **{f"service:ticket_{name}": _pk("ticket") for name in _TICKET_PAGES},
        "service:attachment": _pk("attachment"),
        "service:notification_open": _pk("notification"),
        "service:sla_edit": Global(_CONFIGURATION),
        "service:queue_edit": Global(_CONFIGURATION),
        "service:visit_detail": _pk("visit"),
        "service:visit_decide": _pk("visit"),
        # an outlet's visits: the page of any org unit the user may see, 404 beyond
        "service:satisfaction_outlet": Param("visit", lambda scope: scope.unit.pk),
        **{f"strategies:grade_{name}": Global(_GRADES) for name in ("edit", "active", "delete")},
        **{f"strategies:segment_{n}": Global(_SEGMENTS) for n in ("detail", "edit", "active")},
        **{f"strategies:plan_{name}": _pk("plan") for name in _PLAN_PAGES},
        **{f"strategies:plan_{name}": _pk("plantask") for name in _PLAN_TASK_PAGES},
        "strategies:need_detail": _pk("need"),
        "strategies:need_edit": _pk("need"),
        **{f"strategies:grading_run_{name}": Global(_GRADING_RUNS) for name in _GRADING_PAGES},
        **{f"strategies:library_{name}": Global(_LIBRARY) for name in _LIBRARY_PAGES},
        "strategies:care_item_ticket": _pk("careitem"),
        "strategies:care_item_dismiss": _pk("careitem"),
        **{f"strategies:care_campaign{name}": Global(_CAMPAIGNS) for name in _CAMPAIGN_PAGES},
    },
    "phone_pk": _pk("phone"),
    "fmt": Param(None, lambda scope: "csv"),
    "code": Param(None, transition_code),
    "key": Global("system parameters are one table for the whole install, edited by admins"),
    "ticket_type": Global(_CONFIGURATION),
    # the API
    "ticket_id": _pk("ticket"),
    "node_id": Global(_FAULTS),
    "product_type": Global("product types are base data of the whole install"),
    "visit_id": _pk("visit"),
    "token": Global(
        "the survey link is public by design: its signed single-use token is the credential "
        "(service/tests/test_visits_survey.py tests it)"
    ),
    "template_id": Global(_TEMPLATES),
    "article_id": Global(_ARTICLES),
    "number": Global(_ARTICLES),  # an article's version number
    "phrase_id": Global(_TEMPLATES),
    "customer_id": _pk("customer"),
    "customer_pk": _pk("customer"),  # the grade override forms of the 360 page
    "grade_id": Global(_GRADES),
    "segment_id": Global(_SEGMENTS),
    "plan_id": _pk("plan"),
    "task_id": _pk("plantask"),
    "need_id": _pk("need"),
    "phone": Param("customer", lambda scope: scope.customer.phones.first().number),
    "run_id": Global(_GRADING_RUNS),
    "strategy_id": Global(_LIBRARY),
    "reminder_id": _pk("careitem"),
    "campaign_id": Global(_CAMPAIGNS),
}

HOW_TO_REGISTER = (
    "The {what} `{name}` of {route} has no entry in tests/security_params.py PARAMS, so the "
    "security matrix cannot test it with an object of a foreign scope. Add one, e.g. "
    '`"{name}": {{"{route}": _pk("ticket")}}` (an object kind built in tests/security_world.py; '
    'add the kind there if it is new), or `Global("why no foreign scope can exist")` for shared '
    "base data. See CONTRIBUTING.md, “Security matrix”."
)


def param_for(route: str, name: str, *, what: str = "URL parameter"):
    """The registry entry for parameter `name` of `route`; fails the test if there is none."""
    entry = PARAMS.get(name)
    if isinstance(entry, dict):
        entry = entry.get(route)
    if entry is None:
        pytest.fail(HOW_TO_REGISTER.format(what=what, name=name, route=route), pytrace=False)
    return entry


def post_data(scope, *, own_number: str) -> dict:
    """A form post that would change the object if the view forgot the scope: enough fields for
    every action form (reply, take, assign, link/merge with a ticket the user sees, …)."""
    return {
        "version": scope.ticket.version,
        "note": "MXPOSTED",
        "body": "MXPOSTED",
        "public": "1",
        "take": "1",
        "number": own_number,
        "value": "1",
        "name": "MXPOSTED",
        "kind": "person",
        "mobile": "13911119999",
        "confirm_duplicate": "on",
    }


def _customer_body(scope) -> dict:
    return {"kind": "person", "name": "MXPOSTED", "allow_duplicate": True}


API_BODIES = {
    "PUT /api/v1/customers/{customer_id}": lambda scope: (
        _customer_body(scope) | {"version": scope.customer.version}
    ),
    "PUT /api/v1/tickets/{ticket_id}": lambda scope: {
        "subject": "MXPOSTED",
        "customer_id": scope.customer.pk,
        "fault_description": "MXPOSTED",
        "version": scope.ticket.version,
    },
    "POST /api/v1/tickets/{ticket_id}/transitions": lambda scope: {
        "code": transition_code(scope),
        "note": "MXPOSTED",
        "version": scope.ticket.version,
    },
    "POST /api/v1/tickets/{ticket_id}/replies": lambda scope: {"body": "MXPOSTED"},
    "POST /api/v1/visits/{visit_id}/record": lambda scope: {
        "outcome": "unreachable",
        "comment": "MXPOSTED",
    },
    "PUT /api/v1/knowledge/articles/{article_id}": lambda scope: {
        "title": "MXPOSTED",
        "body": "MXPOSTED",
        "reason": "MXPOSTED",
    },
    "POST /api/v1/knowledge/articles": lambda scope: {"title": "MXPOSTED", "body": "MXPOSTED"},
    "PATCH /api/v1/plans/{plan_id}": lambda scope: {
        "reason": "MXPOSTED",
        "version": scope.objects["plan"].version,
        "title": "MXPOSTED",
    },
    "POST /api/v1/plans/{plan_id}/cancel": lambda scope: {"reason": "MXPOSTED"},
    "POST /api/v1/plans/tasks/{task_id}/done": lambda scope: {"result": "MXPOSTED"},
    "POST /api/v1/plans/tasks/{task_id}/skip": lambda scope: {"reason": "MXPOSTED"},
    "POST /api/v1/plans": lambda scope: {
        "title": "MXPOSTED",
        "customer_id": scope.customer.pk,
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "strategy_ids": [scope.objects["plan"].strategies.get().pk],
    },
    "PATCH /api/v1/needs/{need_id}": lambda scope: {
        "version": scope.objects["need"].version,
        "title": "MXPOSTED",
        "reason": "MXPOSTED",
    },
    "POST /api/v1/needs": lambda scope: {"customer": scope.customer.pk, "title": "MXPOSTED"},
    "POST /api/v1/care/reminders/{reminder_id}/dismiss": lambda scope: {"note": "MXPOSTED"},
    "POST /api/v1/care/reminders/generate": lambda scope: {"lookahead": 0},
    "POST /api/v1/care/campaigns": lambda scope: {
        "name": "MXPOSTED",
        "occasion": "春节",
        "send_on": "2099-01-01",
        "channel": "call",
        "message": "MXPOSTED",
        "grades": ["gold"],
    },
    "POST /api/v1/customers/{customer_id}/transactions": lambda scope: {
        "reference": "MXPOSTED",
        "occurred_on": "2025-01-01",
        "amount": "1",
    },
    # creates: a body naming the foreign scope's objects (its unit, customer, ticket)
    "POST /api/v1/customers": lambda scope: _customer_body(scope) | {"org_unit_id": scope.unit.pk},
    "POST /api/v1/tickets": lambda scope: {
        "ticket_type": "repair",
        "subject": "MXPOSTED",
        "customer_id": scope.customer.pk,
        "fault_description": "MXPOSTED",
    },
    "POST /api/v1/interactions": lambda scope: {
        "channel": "phone_in",
        "summary": "MXPOSTED",
        "customer": scope.customer.pk,
        "tickets": [scope.ticket.pk],
    },
}
# what a create body names from the foreign scope (its kind decides whether it is foreign)
API_BODY_KINDS = {
    "POST /api/v1/customers": "customer",
    "POST /api/v1/tickets": "customer",
    "POST /api/v1/interactions": "ticket",
    "POST /api/v1/plans": "customer",
    "POST /api/v1/needs": "customer",
    # shared configuration: the body names no object of any scope
    "POST /api/v1/answer-templates": Global(_TEMPLATES),
    "POST /api/v1/forbidden-phrases": Global(_TEMPLATES),
    "POST /api/v1/knowledge/articles": Global(_ARTICLES),
    "POST /api/v1/fault-taxonomy": Global(_FAULTS),
    "POST /api/v1/grades": Global(_GRADES),
    "PUT /api/v1/grades/criteria": Global(_GRADES),
    "POST /api/v1/segments": Global(_SEGMENTS),
    "POST /api/v1/grading/runs": Global(_GRADING_RUNS),  # no body: it grades every customer
    "POST /api/v1/strategies": Global(_LIBRARY),
    "POST /api/v1/care/campaigns": Global(_CAMPAIGNS),
    # runs the daily job now: it covers every customer by design, and names none
    "POST /api/v1/care/reminders/generate": Global("care reminders are generated for all"),
}


def api_body(operation, scope) -> dict | None:
    if operation.method in ("GET", "DELETE") or not operation.has_body:
        return None
    build = API_BODIES.get(operation.name)
    if build is None:
        pytest.fail(
            f"{operation.name} has no body in tests/security_params.py API_BODIES: add one the "
            "API accepts, naming the scope's objects, so the matrix tests its scope check.",
            pytrace=False,
        )
    return build(scope)
