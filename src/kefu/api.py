"""The REST API under /api/v1/: one NinjaAPI, one error shape, one pagination style.

Authentication: the session (with CSRF) or `Authorization: Bearer <key>`.
Errors: always `{"code", "message", "fields"}`.
Lists: `?limit=&offset=` → `{"items": [...], "count": N}`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
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
    "missing": N_("This field is required."),
    "extra_forbidden": N_("Unknown field."),
    "string_too_long": N_("Too long."),
    "string_too_short": N_("Too short."),
    "int_parsing": N_("Enter a whole number."),
    "date_from_datetime_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_parsing": N_("Enter a date as YYYY-MM-DD."),
    "bool_parsing": N_("Enter true or false."),
    "literal_error": N_("Not one of the allowed values."),
    "enum": N_("Not one of the allowed values."),
    "string_type": N_("Enter text."),
}


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    fields = {}
    for error in exc.errors:
        location = [str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query")]
        name = ".".join(location) or "__all__"
        template = _PYDANTIC_MESSAGES.get(error.get("type"))
        fields[name] = _(template) if template else error.get("msg", "")
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
api.add_router("/accounts", "kefu.accounts.api.router")
api.add_router("/tickets", "kefu.service.api.router")
api.add_router("/interactions", "kefu.service.api.interactions_router")
