"""The REST API under /api/v1/: one NinjaAPI, one error shape, one pagination style.

Authentication: the session (with CSRF) or `Authorization: Bearer <key>`.
Errors: always `{"code", "message", "fields"}`.
Lists: `?limit=&offset=` → `{"items": [...], "count": N}`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from kefu.accounts.services import api_key_authenticate
from kefu.core.errors import ApplicationError


class BearerKey(HttpBearer):
    def authenticate(self, request, token):
        user = api_key_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Kefu API",
    version="1",
    urls_namespace="api",
    auth=[BearerKey(), django_auth],
    docs_url="/docs",
)


def _error(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


_PYDANTIC_MESSAGES = {
    "missing": gettext_noop("This field is required."),
    "extra_forbidden": gettext_noop("Unknown field."),
    "string_too_long": gettext_noop("Too long."),
    "string_too_short": gettext_noop("Too short."),
    "int_parsing": gettext_noop("Enter a whole number."),
    "date_from_datetime_parsing": gettext_noop("Enter a date as YYYY-MM-DD."),
    "date_parsing": gettext_noop("Enter a date as YYYY-MM-DD."),
    "bool_parsing": gettext_noop("Enter true or false."),
    "literal_error": gettext_noop("Not one of the allowed values."),
    "enum": gettext_noop("Not one of the allowed values."),
    "string_type": gettext_noop("Enter text."),
    "string_pattern_mismatch": gettext_noop("Not in the expected format."),
    "greater_than_equal": gettext_noop("Enter a number of at least {ge}."),
    "less_than_equal": gettext_noop("Enter a number of at most {le}."),
    "int_from_float": gettext_noop("Enter a whole number."),
    "int_type": gettext_noop("Enter a whole number."),
    "bool_type": gettext_noop("Enter true or false."),
    "list_type": gettext_noop("Enter a list."),
    "dict_type": gettext_noop("Enter an object."),
    "datetime_parsing": gettext_noop("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_from_date_parsing": gettext_noop("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_type": gettext_noop("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "date_type": gettext_noop("Enter a date as YYYY-MM-DD."),
    "null_character": gettext_noop("Null characters are not allowed."),
}


def _field_message(error: dict) -> str:
    """The user's-language message for one pydantic error, its limits ({ge}, {le}) filled in."""
    template = _PYDANTIC_MESSAGES.get(error.get("type"))
    if template is None:
        return error.get("msg", "")
    try:
        return _(template).format(**error.get("ctx", {}))
    except (KeyError, IndexError, ValueError):
        return _(template)


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    fields = {}
    for error in exc.errors:
        location = [
            str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")
        ]
        fields[".".join(location) or "__all__"] = _field_message(error)
    return _error(request, 422, "validation", _("Please correct the fields listed."), fields)


@api.exception_handler(ApplicationError)
def _application(request, exc: ApplicationError):
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", _("Log in or send a valid API key."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden", _("You do not have permission for this."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", _("Not found, or outside your scope."))


@api.exception_handler(HttpError)
def _http(request, exc: HttpError):
    return _error(request, exc.status_code, "http_error", str(exc))


api.add_router("/customers", "kefu.customers.api.router")
api.add_router("/customers", "kefu.customers.api_transactions.router")
api.add_router("/accounts", "kefu.accounts.api.router")
api.add_router("/tickets", "kefu.service.api.router")
api.add_router("/interactions", "kefu.service.api.interactions_router")
api.add_router("/visits", "kefu.service.api_visits.router")
api.add_router("/complaints", "kefu.service.api_complaints.router")
api.add_router("/dictionary", "kefu.catalog.api_dictionary.router")
api.add_router("/fault-taxonomy", "kefu.catalog.api_taxonomy.router")
api.add_router("/knowledge/articles", "kefu.knowledge.api_articles.router")
api.add_router("/answer-templates", "kefu.knowledge.api_templates.templates_router")
api.add_router("/forbidden-phrases", "kefu.knowledge.api_templates.phrases_router")
api.add_router("/grades", "kefu.strategies.api_grades.router")
api.add_router("/segments", "kefu.strategies.api_segments.router")
api.add_router("/grading/runs", "kefu.strategies.api_grading.router")
api.add_router("/strategies", "kefu.strategies.api_library.router")
api.add_router("/plans", "kefu.strategies.api_plans.router")
api.add_router("/needs", "kefu.strategies.api_needs.router")
api.add_router("/care", "kefu.strategies.api_care.router")
