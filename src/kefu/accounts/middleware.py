"""Keeps an administrator who has not yet given their TOTP code away from every page but a few.

Runs after django-otp's OTPMiddleware, which tells whether the session was verified. Requests
authenticated with an API key carry no session, so they are never held here.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kefu.accounts.twofactor import totp_confirmed_device, two_factor_pending

# What a half-logged-in admin may still reach: leave, the two-factor pages, assets, probes.
OPEN_PREFIXES = ("/accounts/2fa/", "/i18n/", "/jsi18n/", "/healthz", "/readyz")


def _is_open(path: str) -> bool:
    return (
        path.startswith(OPEN_PREFIXES)
        or path.startswith(settings.STATIC_URL)
        or path == reverse("logout")
    )


class AdminTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_open(request.path) and two_factor_pending(request.user):
            return self._hold(request)
        return self.get_response(request)

    @staticmethod
    def _hold(request):
        if request.path.startswith("/api/"):
            message = _("Confirm your login with a two-factor code first.")
            body = {"code": "auth.two_factor_required", "message": message, "fields": {}}
            return JsonResponse(body, status=403)
        name = "verify" if totp_confirmed_device(request.user) else "setup"
        query = urlencode({"next": request.get_full_path()})
        target = f"{reverse(f'accounts:two_factor_{name}')}?{query}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
