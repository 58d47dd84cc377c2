"""Two-factor login for administrators: who must use it, and what a half-logged-in admin may open.

Users with the admin role and superusers confirm every login with a TOTP code (django-otp) unless
`KEFU_ADMIN_2FA=off`. Until they do, `AdminTwoFactorMiddleware` sends them to the enrolment page
(no device yet) or the verify page; API keys never pass through here.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from kefu.accounts.backends import TTL, permissions_version
from kefu.accounts.roles import ADMIN


def two_factor_required(user) -> bool:
    """Whether this user must confirm logins with a code (cached like the permissions)."""
    if not settings.ADMIN_TWO_FACTOR or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Any change of group membership bumps the version, so a new admin is asked at once.
    key = f"accounts:2fa:{permissions_version()}:{user.pk}"
    required = cache.get(key)
    if required is None:
        required = user.has_role(ADMIN)
        cache.set(key, required, TTL)
    return required


def two_factor_verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)  # installed by django-otp's middleware
    return bool(is_verified and is_verified())


def two_factor_pending(user) -> bool:
    """Logged in with the password, but the code is still missing."""
    return two_factor_required(user) and not two_factor_verified(user)


def totp_confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps where it is typed in by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG markup (no image library, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, light="#fff")
