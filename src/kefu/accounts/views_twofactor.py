"""The second step of an administrator's login: enrol an authenticator app, then give its code.

A wrong code counts as a failed login: django-axes locks the account out after the usual number
of failures (and the session is ended), and django-otp makes each further try wait twice as long.
"""

import django_otp
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from kefu.accounts.services import totp_device_confirm, totp_enrolment_device
from kefu.accounts.twofactor import (
    totp_confirmed_device,
    totp_qr_svg,
    totp_secret_text,
    two_factor_pending,
    two_factor_required,
)


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("6-digit code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Enter the 6 digits your app shows."))
        return code


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return "/"


def _check_code(request, form, device: TOTPDevice) -> bool:
    """Verify the code against the device, locked so two tries cannot race past the throttle."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, detail = device.verify_is_allowed()
        if not allowed:
            wait = (detail or {}).get("locked_until")
            seconds = max(int((wait - timezone.now()).total_seconds()), 1) if wait else 1
            form.add_error(
                "code",
                _("Too many wrong codes. Wait %(seconds)s seconds and try again.")
                % {"seconds": seconds},
            )
            return False
        if device.verify_token(form.cleaned_data["code"]):
            return True
    form.add_error(
        "code", _("This code is wrong or has expired. Enter the code your app shows now.")
    )
    # Counted like a wrong password: the login log records it and axes locks out after the limit.
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )
    return False


def _held(request) -> bool:
    """True when there is nothing to do here (already verified); 404 for non-administrators."""
    if not two_factor_required(request.user):
        raise Http404  # only administrators have a second step
    return not two_factor_pending(request.user)


def _with_next(name: str, request) -> str:
    query = urlencode({"next": _next_url(request)})
    return f"{reverse(f'accounts:two_factor_{name}')}?{query}"


def _code_page(request, device, template: str, context: dict, confirm: bool = False):
    """Show the page; on a right code mark the session verified and go on to `next`."""
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _check_code(request, form, device):
            if confirm:
                totp_device_confirm(device=device, by=request.user)
            django_otp.login(request, device)
            return redirect(_next_url(request))
        if getattr(request, "axes_locked_out", False):
            logout(request)  # axes' middleware shows the lock-out page; guessing ends here
    context |= {"form": form, "next": _next_url(request), "bare_page": True}
    return render(request, template, context)


@login_required
def two_factor_setup(request):
    if _held(request):
        return redirect(_next_url(request))
    if totp_confirmed_device(request.user):
        return redirect(_with_next("verify", request))
    device = totp_enrolment_device(user=request.user)
    context = {
        "title": _("Set up two-factor login"),
        "qr_svg": totp_qr_svg(device),
        "secret": totp_secret_text(device),
    }
    return _code_page(request, device, "accounts/two_factor_setup.html", context, confirm=True)


@login_required
def two_factor_verify(request):
    if _held(request):
        return redirect(_next_url(request))
    device = totp_confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("setup", request))
    context = {"title": _("Two-factor login")}
    return _code_page(request, device, "accounts/two_factor_verify.html", context)
