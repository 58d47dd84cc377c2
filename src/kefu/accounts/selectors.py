"""Reads of accounts: the audit log, the login log, parameters, API keys — each scoped."""

from django.db.models import Q, QuerySet

from kefu.accounts.models import ApiKey, LoginEvent, Parameter
from kefu.accounts.parameters import parameter_value
from kefu.core.calendar import WorkingCalendar, working_calendar
from kefu.core.models import AuditEvent


def business_calendar() -> WorkingCalendar:
    """The working calendar with the business hours admins set as parameters."""
    return working_calendar(
        opens=parameter_value("calendar.opens"), closes=parameter_value("calendar.closes")
    )


def audit_event_list(
    *,
    user,
    q: str = "",
    action: str = "",
    object_type: str = "",
    actor: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[AuditEvent]:
    """The audit log for users with `core.view_auditevent`; supervisors see their subtree's."""
    if not user.is_authenticated or not user.has_perm("core.view_auditevent"):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.all()
    if not (user.is_superuser or user.has_perm("accounts.view_all_orgunits")):
        unit = user.org_unit
        if unit is None:
            return events.none()
        events = events.filter(actor__org_unit__path__startswith=unit.path)
    if q:
        events = events.filter(Q(object_repr__icontains=q) | Q(object_id=q) | Q(action=q))
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if actor:
        events = events.filter(actor_name=actor)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events


def login_event_list(*, user, username: str = "", kind: str = "") -> QuerySet[LoginEvent]:
    if not user.is_authenticated or not user.has_perm("accounts.view_loginevent"):
        return LoginEvent.objects.none()
    events = LoginEvent.objects.all()
    if username:
        events = events.filter(username=username)
    if kind:
        events = events.filter(kind=kind)
    return events


def parameter_list(*, user) -> QuerySet[Parameter]:
    if not user.is_authenticated or not user.has_perm("accounts.view_parameter"):
        return Parameter.objects.none()
    return Parameter.objects.all()


def parameter_get(*, user, key: str) -> Parameter | None:
    return parameter_list(user=user).filter(key=key).first()


def api_key_list(*, user) -> QuerySet[ApiKey]:
    """A user's own keys (admins manage others' in the admin site)."""
    if not user.is_authenticated:
        return ApiKey.objects.none()
    return ApiKey.objects.filter(user=user)
