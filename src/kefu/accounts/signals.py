"""Receivers that keep the login log: logins, logouts and failed logins."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from kefu.accounts.choices import LoginEventKind
from kefu.accounts.services import login_event_record


@receiver(user_logged_in, dispatch_uid="kefu_login")
def _logged_in(sender, request, user, **kwargs):
    login_event_record(
        kind=LoginEventKind.LOGIN, username=user.username, user=user, request=request
    )


@receiver(user_logged_out, dispatch_uid="kefu_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        login_event_record(
            kind=LoginEventKind.LOGOUT, username=user.username, user=user, request=request
        )


@receiver(user_login_failed, dispatch_uid="kefu_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    login_event_record(
        kind=LoginEventKind.FAILED, username=credentials.get("username", ""), request=request
    )
