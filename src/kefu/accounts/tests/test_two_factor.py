"""Administrators confirm each login with a TOTP code; everyone else logs in with the password."""

import os
import subprocess
import sys

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, two_factor_code, two_factor_device
from kefu.accounts.models import LoginEvent
from kefu.accounts.services import user_create
from kefu.accounts.twofactor import totp_secret_text
from kefu.core.models import AuditEvent

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def _password_login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_an_admin_without_a_device_is_sent_to_enrolment(users):
    # given
    client = _password_login("admin")
    # when
    response = client.get(reverse("service:desk"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert "next=%2Fservice%2Fdesk%2F" in response["Location"]


def test_the_enrolment_page_shows_the_qr_code_and_the_secret(users):
    # given
    client = _password_login("admin")
    # when
    html = client.get(SETUP).content.decode()
    # then
    device = TOTPDevice.objects.get(user=users["admin"], confirmed=False)
    assert '<svg width="' in html
    assert device.config_url.startswith("otpauth://totp/Kefu")
    assert totp_secret_text(device) in html


def test_a_right_code_confirms_the_enrolment_and_lets_the_admin_in(users):
    # given
    client = _password_login("admin")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=users["admin"])
    # when
    code = two_factor_code(users["admin"], device)
    response = client.post(SETUP, {"code": code, "next": "/service/desk/"})
    # then
    assert response.status_code == 302 and response["Location"] == "/service/desk/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("service:desk")).status_code == 200
    assert AuditEvent.objects.filter(action="user.two_factor_enrol").count() == 1


def test_an_admin_with_a_device_is_asked_for_the_code(users):
    # given
    two_factor_device(users["admin"])
    client = _password_login("admin")
    # when
    response = client.get(reverse("home"))
    # then
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_a_password_alone_cannot_enrol_a_second_device(users):
    # given an admin with a device, and someone who knows only the password
    two_factor_device(users["admin"])
    client = _password_login("admin")
    # when they open the enrolment page and post a code of a device of their own
    response = client.get(SETUP)
    posted = client.post(SETUP, {"code": "123456"})
    # then they are sent to the code of the existing device, and no device was added
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert posted.status_code == 302 and posted["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=users["admin"]).count() == 1
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_code_is_refused_with_a_clear_error(users):
    # given
    two_factor_device(users["admin"])
    client = _password_login("admin")
    # when
    response = client.post(VERIFY, {"code": _wrong(two_factor_code(users["admin"]))})
    # then
    assert response.status_code == 200
    assert "验证码错误或已过期" in response.content.decode()  # in the user's language
    assert client.get(reverse("home")).status_code == 302
    assert LoginEvent.objects.filter(kind="failed", username="admin").count() == 1


def test_a_right_code_lets_the_admin_in(users):
    # given
    two_factor_device(users["admin"])
    client = _password_login("admin")
    # when
    response = client.post(VERIFY, {"code": two_factor_code(users["admin"]), "next": "/admin/"})
    # then
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_only_once(users):
    # given: the admin logged in with a code
    two_factor_device(users["admin"])
    code = two_factor_code(users["admin"])
    _password_login("admin").post(VERIFY, {"code": code})
    # when: someone replays it in another session
    client = _password_login("admin")
    client.post(VERIFY, {"code": code})
    # then
    assert client.get(reverse("home")).status_code == 302


def test_tries_right_after_a_wrong_code_must_wait(users):
    # given: one wrong code (django-otp then makes the next try wait a second, doubling each time)
    two_factor_device(users["admin"])
    client = _password_login("admin")
    client.post(VERIFY, {"code": _wrong(two_factor_code(users["admin"]))})
    # when: the right code at once
    response = client.post(VERIFY, {"code": two_factor_code(users["admin"])})
    # then
    assert "错误的验证码次数过多" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_repeated_wrong_codes_lock_the_account_out_and_end_the_session(users, settings):
    # given: no waiting between tries, so only axes' limit counts
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    two_factor_device(users["admin"])
    client = _password_login("admin")
    wrong = _wrong(two_factor_code(users["admin"]))
    # when
    responses = [client.post(VERIFY, {"code": wrong}) for _ in range(settings.AXES_FAILURE_LIMIT)]
    # then
    assert responses[-1].status_code == 429 or "locked" in responses[-1].content.decode()
    assert client.get(reverse("home"))["Location"].startswith("/login/")
    relogin = Client().post(reverse("login"), {"username": "admin", "password": PASSWORD})
    assert relogin.status_code != 302


def test_a_user_who_is_not_an_admin_is_never_asked(users):
    # given
    client = _password_login("agent1")
    # when / then
    assert client.get(reverse("service:desk")).status_code == 200
    assert client.get(SETUP).status_code == 404
    assert client.get(VERIFY).status_code == 404


def test_a_superuser_is_asked_too(users):
    # given
    users["nobody"].is_superuser = True
    users["nobody"].save(update_fields=["is_superuser"])
    client = _password_login("nobody")
    # when
    response = client.get("/admin/")
    # then
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_turned_off_no_admin_is_asked(users, settings):
    # given
    settings.ADMIN_TWO_FACTOR = False
    client = _password_login("admin")
    # when / then
    assert client.get(reverse("home")).status_code == 200
    assert client.get(VERIFY).status_code == 404


def test_kefu_admin_2fa_off_turns_the_setting_off():
    # given / when: the settings module read in a fresh process
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.ADMIN_TWO_FACTOR)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kefu.settings"}
    off = subprocess.run(
        [sys.executable, "-c", code], env={**env, "KEFU_ADMIN_2FA": "off"}, capture_output=True
    )
    default = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    # then
    assert off.stdout.decode().strip() == "False"
    assert default.stdout.decode().strip() == "True"


def test_an_unverified_admin_session_gets_a_json_error_from_the_api(users):
    # given
    client = _password_login("admin")
    # when
    response = client.get("/api/v1/me")
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "auth.two_factor_required"


def test_an_admin_api_key_needs_no_second_step(users, api_as):
    # given: an admin's key (API clients carry no session)
    api = api_as("admin")
    # when
    response = api.get("/api/v1/customers")
    # then
    assert response.status_code == 200


def test_htmx_requests_are_told_where_to_go(users):
    # given
    client = _password_login("admin")
    # when
    response = client.get(reverse("service:desk"), headers={"HX-Request": "true"})
    # then
    assert response.status_code == 204 and response["HX-Redirect"].startswith(SETUP)


def test_logout_and_the_language_switch_stay_open(users):
    # given
    client = _password_login("admin")
    # when
    switched = client.post(reverse("set_language"), {"language": "en", "next": SETUP})
    logged_out = client.post(reverse("logout"))
    # then
    assert switched.status_code == 302 and switched["Location"] == SETUP
    assert logged_out.status_code == 302 and logged_out["Location"] == reverse("login")


def test_an_admin_resets_another_admins_device_in_the_admin_site(users, client_as):
    # given: a second admin with a device
    other = user_create(username="admin2", password=PASSWORD, name="admin2", roles=("admin",))
    two_factor_device(other)
    client = client_as("admin")
    # when
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [other.pk]},
    )
    # then
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=other).exists()
    event = AuditEvent.objects.get(action="user.two_factor_reset")
    assert event.object_id == str(other.pk) and event.actor_name == "admin"
    assert _password_login("admin2").get("/")["Location"].startswith(SETUP)
