"""/api/v1/answer-templates and /api/v1/forbidden-phrases: reads for the desk roles, writes for
leads and admins, clear refusals."""

import json

import pytest

from kefu.knowledge.models import AnswerTemplate, ForbiddenPhrase
from kefu.knowledge.tests.templates_factories import make_phrase, make_template

pytestmark = pytest.mark.django_db

TEMPLATES = "/api/v1/answer-templates"
PHRASES = "/api/v1/forbidden-phrases"


def _send(client, method, url, body):
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def _body(**fields):
    return {
        "category": "greeting",
        "key": "wh1",
        "title": "问候",
        "body": "{客户称呼}，您好",
    } | fields


@pytest.fixture
def greeting(users):
    return make_template(users["supervisor1"], key="wh1", body="您好，坐席{坐席工号}为您服务")


def test_an_agent_lists_by_category_and_search(api_as, users, greeting):
    # given
    make_template(users["supervisor1"], key="js1", category="closing", body="再见")
    client = api_as("agent1")
    # when
    closing = client.get(TEMPLATES, {"category": "closing"}).json()
    searched = client.get(TEMPLATES, {"q": "坐席"}).json()
    # then
    assert [row["key"] for row in closing["items"]] == ["js1"]
    assert [row["key"] for row in searched["items"]] == ["wh1"]


def test_an_agent_may_not_create_change_or_delete(api_as, greeting):
    # given
    client = api_as("agent1")
    url = f"{TEMPLATES}/{greeting.pk}"
    # when
    answers = [
        _send(client, "POST", TEMPLATES, _body(key="wh2")),
        _send(client, "PUT", url, _body(title="改")),
        client.delete(url),
        _send(client, "POST", PHRASES, {"phrase": "喂"}),
    ]
    # then
    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    greeting.refresh_from_db()
    assert greeting.is_active and greeting.title == "模板 wh1"


def test_outlet_staff_may_not_read_templates(api_as, greeting):
    client = api_as("outlet1")
    assert client.get(TEMPLATES).status_code == 403
    assert client.get(f"{TEMPLATES}/{greeting.pk}/render").status_code == 403
    assert client.get(PHRASES).status_code == 403


def test_an_admin_creates_updates_and_deactivates(api_as):
    # given
    client = api_as("admin")
    # when
    created = _send(client, "POST", TEMPLATES, _body())
    url = f"{TEMPLATES}/{created.json()['id']}"
    updated = _send(client, "PUT", url, _body(title="标准问候", sort=5))
    deleted = client.delete(url)
    # then
    assert created.status_code == 201
    assert updated.json()["title"] == "标准问候"
    assert deleted.status_code == 204
    assert not AnswerTemplate.objects.get().is_active
    assert client.get(url).json()["is_active"] is False


def test_an_unknown_variable_or_a_duplicate_key_is_a_400_naming_the_field(api_as, greeting):
    # given
    client = api_as("admin")
    # when
    unknown = _send(client, "POST", TEMPLATES, _body(key="wh2", body="{客户生日}快乐"))
    duplicate = _send(client, "POST", TEMPLATES, _body(key="WH1"))
    # then
    assert unknown.status_code == duplicate.status_code == 400
    assert "{客户生日}" in unknown.json()["fields"]["body"]
    assert "wh1" in duplicate.json()["fields"]["key"]
    assert AnswerTemplate.objects.count() == 1


def test_render_fills_the_template_for_the_caller(api_as, users, greeting):
    # when
    answer = api_as("agent1").get(f"{TEMPLATES}/{greeting.pk}/render")
    # then
    assert answer.status_code == 200
    assert answer.json()["text"] == "您好，坐席agent1为您服务"


def test_a_missing_template_is_404(api_as):
    assert api_as("agent1").get(f"{TEMPLATES}/999999").status_code == 404
    assert api_as("agent1").get(f"{TEMPLATES}/{2**70}").status_code in (404, 422)


def test_forbidden_phrases_are_listed_and_checked_against_a_text(api_as, users):
    # given
    make_phrase(users["admin"], phrase="喂，说话呀！")
    make_phrase(users["admin"], phrase="我不知道")
    client = api_as("agent1")
    # when
    everything = client.get(PHRASES).json()
    matched = client.get(PHRASES, {"text": "喂 说话呀"}).json()
    # then
    assert everything["count"] == 2
    assert [row["phrase"] for row in matched["items"]] == ["喂，说话呀！"]


def test_an_admin_keeps_forbidden_phrases_and_duplicates_are_refused(api_as):
    # given
    client = api_as("admin")
    # when
    created = _send(client, "POST", PHRASES, {"phrase": "喂，说吧！", "suggestion": "您好"})
    duplicate = _send(client, "POST", PHRASES, {"phrase": "喂 说吧"})
    url = f"{PHRASES}/{created.json()['id']}"
    updated = _send(
        client, "PUT", url, {"phrase": "喂，说吧！", "suggestion": "请问有什么可以帮您？"}
    )
    deleted = client.delete(url)
    # then
    assert created.status_code == 201
    assert duplicate.status_code == 400 and "phrase" in duplicate.json()["fields"]
    assert updated.json()["suggestion"] == "请问有什么可以帮您？"
    assert deleted.status_code == 204
    assert not ForbiddenPhrase.objects.get().is_active
