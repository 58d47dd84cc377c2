import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import PASSWORD
from kefu.accounts.models import ApiKey, LoginEvent
from kefu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_logins_logouts_and_failures_are_logged(client, users):
    # when
    client.post(reverse("login"), {"username": "agent1", "password": "wrong"})
    client.post(reverse("login"), {"username": "agent1", "password": PASSWORD})
    client.post(reverse("logout"))
    # then
    kinds = list(
        LoginEvent.objects.filter(username="agent1").order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["failed", "login", "logout"]


def test_repeated_failed_logins_lock_the_account(client, users, settings):
    # given
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        client.post(reverse("login"), {"username": "agent1", "password": "wrong"})
    # when
    response = client.post(reverse("login"), {"username": "agent1", "password": PASSWORD})
    # then
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_api_key_authenticates_until_revoked(client_as, api_as, users):
    # given
    api = api_as("agent1")
    # when
    ok = api.get("/api/v1/accounts/me")
    ApiKey.objects.filter(user=users["agent1"]).update(revoked_at="2026-01-01T00:00:00Z")
    refused = api.get("/api/v1/accounts/me")
    # then
    assert ok.status_code == 200 and ok.json()["username"] == "agent1"
    assert refused.status_code == 401
    assert set(refused.json()) == {"code", "message", "fields"}


def test_keys_are_stored_hashed_and_shown_once_on_the_profile(client_as, users):
    # given
    client = client_as("agent1")
    # when
    page = client.post(reverse("accounts:profile"), {"name": "ERP"})
    # then
    key = ApiKey.objects.get(user=users["agent1"])
    raw = page.context["new_key"]
    assert raw.startswith("kefu_") and key.key_hash != raw and raw not in key.key_hash
    assert raw not in client.get(reverse("accounts:profile")).content.decode()
    assert AuditEvent.objects.filter(action="apikey.create").count() == 1


def test_a_user_cannot_revoke_another_users_key(client_as, api_as, users):
    api_as("agent_b")
    key = ApiKey.objects.get(user=users["agent_b"])
    response = client_as("agent1").post(reverse("accounts:apikey_revoke", args=[key.pk]))
    assert response.status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_createapikey_prints_a_working_key(users, capsys, client):
    call_command("createapikey", "manager1")
    raw = capsys.readouterr().out.strip()
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["roles"] == ["manager"]
