"""Writes of accounts: org units, users, parameters, API keys, the login log.

Every function is one business action: keyword-only arguments, one transaction, an audit row.
"""

import hashlib
import secrets

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kefu.accounts.models import ApiKey, LoginEvent, OrgUnit, Parameter, User
from kefu.accounts.parameters import CACHE_PREFIX, coerce
from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record

API_KEY_PREFIX = "kefu_"


@transaction.atomic
def org_unit_create(
    *,
    name: str,
    code: str,
    kind: str,
    parent: OrgUnit | None = None,
    region_code: str = "",
    by=None,
) -> OrgUnit:
    if OrgUnit.objects.filter(code=code).exists():
        raise ApplicationError(
            "orgunit.duplicate_code",
            _("An org unit with this code exists."),
            fields={"code": _("This code is already used.")},
        )
    unit = OrgUnit.objects.create(
        name=name, code=code, kind=kind, parent=parent, region_code=region_code
    )
    org_unit_place(unit=unit)
    audit_record(
        actor=by,
        action="orgunit.create",
        obj=unit,
        changes={"name": name, "code": code, "kind": kind},
    )
    return unit


@transaction.atomic
def org_unit_place(*, unit: OrgUnit) -> OrgUnit:
    """Set a unit's path from its parent, and move its whole subtree with it in one UPDATE.

    Called after a unit is created or given another parent (the admin site saves through it).
    """
    parent = unit.parent
    if parent is not None and unit.pk is not None and f"/{unit.pk}/" in parent.path:
        raise ApplicationError(
            "orgunit.cycle",
            _("A unit cannot be placed under itself or one of its own units."),
            fields={"parent": _("Choose a unit outside this unit's subtree.")},
        )
    old, new = unit.path, f"{parent.path if parent else '/'}{unit.pk}/"
    if old == new:
        return unit
    if old:
        OrgUnit.objects.filter(path__startswith=old).update(
            path=Concat(Value(new), Substr("path", len(old) + 1))
        )
    else:
        OrgUnit.objects.filter(pk=unit.pk).update(path=new)
    unit.path = new
    return unit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    name: str = "",
    org_unit: OrgUnit | None = None,
    roles: tuple[str, ...] = (),
    employee_no: str = "",
    email: str = "",
    by=None,
) -> User:
    if User.objects.filter(username=username).exists():
        raise ApplicationError(
            "user.duplicate",
            _("This username is taken."),
            fields={"username": _("This username is taken.")},
        )
    user = User(
        username=username,
        name=name,
        org_unit=org_unit,
        employee_no=employee_no,
        email=email,
        is_staff="admin" in roles,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    groups = Group.objects.filter(role__code__in=roles)
    user.groups.set(groups)
    audit_record(
        actor=by,
        action="user.create",
        obj=user,
        changes={"username": username, "roles": sorted(roles)},
    )
    return user


@transaction.atomic
def parameter_set(*, key: str, raw_value, by) -> Parameter:
    parameter = Parameter.objects.select_for_update().filter(key=key).first()
    if parameter is None:
        raise ApplicationError(
            "parameter.unknown",
            _("Unknown parameter."),
            fields={"key": _("No parameter has this key.")},
            status=404,
        )
    before = parameter.value
    parameter.value = coerce(parameter.kind, raw_value)
    parameter.save(update_fields=["value", "updated_at"])
    audit_record(
        actor=by,
        action="parameter.change",
        obj=parameter,
        changes={"value": [before, parameter.value]},
    )
    cache.delete(CACHE_PREFIX + key)  # now, and again once committed (a reader may re-cache)
    transaction.on_commit(lambda: cache.delete(CACHE_PREFIX + key))
    return parameter


def _hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_key_create(*, user: User, name: str, by=None) -> tuple[ApiKey, str]:
    """Create a key; the raw key is returned once and never stored."""
    if not name.strip():
        raise ApplicationError(
            "apikey.name_required",
            _("Give the key a name."),
            fields={"name": _("This field is required.")},
        )
    raw = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        user=user, name=name.strip()[:100], prefix=raw[:12], key_hash=_hash_key(raw)
    )
    audit_record(
        actor=by or user,
        action="apikey.create",
        obj=key,
        changes={"user": user.username, "name": key.name},
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=by, action="apikey.revoke", obj=key, changes={"user": key.user_id})
    return key


def api_key_authenticate(raw: str) -> User | None:
    """The active user owning an unrevoked key, or None; marks the key used (once a minute)."""
    if not raw or not raw.startswith(API_KEY_PREFIX):
        return None
    key = (
        ApiKey.objects.select_related("user", "user__org_unit")
        .filter(key_hash=_hash_key(raw), revoked_at__isnull=True)
        .first()
    )
    if key is None or not key.user.is_active:
        return None
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key.user


def login_event_record(*, kind: str, username: str, user=None, request=None) -> LoginEvent:
    meta = getattr(request, "META", {}) if request is not None else {}
    return LoginEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user=user,
        ip_address=meta.get("REMOTE_ADDR") or None,
        user_agent=(meta.get("HTTP_USER_AGENT") or "")[:255],
    )


def totp_enrolment_device(*, user: User):
    """The user's unconfirmed TOTP device, created once so the QR code stays the same on reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device, by: User):
    """The first valid code proves the app holds the secret: the device counts from now on."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=by, action="user.two_factor_enrol", obj=device.user)
    return device


@transaction.atomic
def two_factor_reset(*, user: User, by: User) -> int:
    """Forget a user's authenticator (a lost phone): their next login enrols a new one."""
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit_record(actor=by, action="user.two_factor_reset", obj=user, changes={"devices": removed})
    return removed
