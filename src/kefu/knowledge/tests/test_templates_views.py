"""The answer-template and forbidden-phrase pages, the picker, the render and phrase endpoints,
and who is refused."""

import pytest
from django.urls import reverse

from kefu.knowledge.models import AnswerTemplate, ForbiddenPhrase
from kefu.knowledge.tests.templates_factories import make_phrase, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def greeting(users):
    return make_template(users["supervisor1"], key="wh1", body="{客户称呼}，坐席{坐席工号}为您服务")


def _form(**fields):
    return (
        {"category": "greeting", "key": "wh9", "title": "问候", "body": "您好", "sort": "0"}
        | {"is_active": "on"}
        | fields
    )


def test_an_agent_sees_the_templates_by_category_and_search(client_as, users, greeting):
    # given
    make_template(users["supervisor1"], key="js1", category="closing", body="再见")
    # when
    page = client_as("agent1").get(reverse("knowledge:answer_templates"), {"q": "再见"})
    # then
    assert page.status_code == 200
    html = page.content.decode()
    assert "js1" in html and "wh1" not in html


@pytest.mark.parametrize("username", ["outlet1", "finance1", "nobody"])
def test_users_without_the_view_permission_are_refused_the_pages(client_as, username, greeting):
    client = client_as(username)
    assert client.get(reverse("knowledge:answer_templates")).status_code == 403
    assert client.get(reverse("knowledge:forbidden_phrases")).status_code == 403
    assert client.get(reverse("knowledge:answer_template_picker")).status_code == 403
    render_url = reverse("knowledge:answer_template_render", args=[greeting.pk])
    assert client.get(render_url).status_code == 403
    assert client.get(reverse("knowledge:forbidden_phrases_json")).status_code == 403


def test_an_agent_may_not_create_edit_or_deactivate(client_as, greeting):
    # given
    client = client_as("agent1")
    # when
    answers = [
        client.post(reverse("knowledge:answer_template_create"), _form()),
        client.post(reverse("knowledge:answer_template_edit", args=[greeting.pk]), _form()),
        client.post(
            reverse("knowledge:answer_template_active", args=[greeting.pk]), {"active": "0"}
        ),
        client.post(reverse("knowledge:forbidden_phrase_create"), {"phrase": "喂"}),
    ]
    # then
    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    greeting.refresh_from_db()
    assert greeting.is_active and greeting.key == "wh1"
    assert AnswerTemplate.objects.count() == 1 and not ForbiddenPhrase.objects.exists()


def test_a_supervisor_creates_a_template(client_as):
    # when
    answer = client_as("supervisor1").post(reverse("knowledge:answer_template_create"), _form())
    # then
    assert answer.status_code == 302
    assert AnswerTemplate.objects.get().key == "wh9"


def test_the_form_refuses_an_unknown_variable_and_a_duplicate_key(client_as, greeting):
    # given
    client = client_as("supervisor1")
    # when
    unknown = client.post(reverse("knowledge:answer_template_create"), _form(body="{客户生日}快乐"))
    duplicate = client.post(reverse("knowledge:answer_template_create"), _form(key="wh1"))
    # then
    assert unknown.status_code == duplicate.status_code == 200
    assert "{客户生日}" in unknown.context["form"].errors["body"][0]
    assert "wh1" in duplicate.context["form"].errors["key"][0]
    assert AnswerTemplate.objects.count() == 1


def test_a_supervisor_edits_and_deactivates_a_template(client_as, greeting):
    # given
    client = client_as("supervisor1")
    # when
    client.post(
        reverse("knowledge:answer_template_edit", args=[greeting.pk]),
        _form(key="wh1", title="标准问候"),
    )
    client.post(reverse("knowledge:answer_template_active", args=[greeting.pk]), {"active": "0"})
    # then
    greeting.refresh_from_db()
    assert (greeting.title, greeting.is_active) == ("标准问候", False)


def test_an_admin_keeps_forbidden_phrases(client_as):
    # given
    client = client_as("admin")
    # when
    client.post(
        reverse("knowledge:forbidden_phrase_create"),
        {"phrase": "喂，说吧！", "suggestion": "您好，请问有什么可以帮助您？", "is_active": "on"},
    )
    phrase = ForbiddenPhrase.objects.get()
    client.post(reverse("knowledge:forbidden_phrase_active", args=[phrase.pk]), {"active": "0"})
    page = client.get(reverse("knowledge:forbidden_phrases"))
    # then
    phrase.refresh_from_db()
    assert not phrase.is_active
    assert "喂，说吧！" in page.content.decode()


def test_the_picker_lists_the_active_templates_with_their_keys(client_as, users, greeting):
    # given
    old = make_template(users["supervisor1"], key="old1", body="旧的")
    old.is_active = False
    old.save(update_fields=["is_active"])
    # when
    html = client_as("agent1").get(reverse("knowledge:answer_template_picker")).content.decode()
    # then
    assert 'data-template-key="wh1"' in html
    assert "old1" not in html


def test_the_render_endpoint_fills_the_agent_and_keeps_what_it_cannot_know(client_as, users):
    # given
    template = make_template(users["supervisor1"], key="js3", body="坐席{坐席工号}，单号{服务单号}")
    # when
    answer = client_as("agent1").get(
        reverse("knowledge:answer_template_render", args=[template.pk])
    )
    # then
    assert answer.json() == {
        "id": template.pk,
        "key": "js3",
        "text": "坐席agent1，单号{服务单号}",
        "missing": ["服务单号"],
    }


@pytest.mark.parametrize("query", [{"customer": "abc"}, {"ticket": "1x"}, {"customer": "999999"}])
def test_the_render_endpoint_refuses_a_subject_it_cannot_find(client_as, greeting, query):
    url = reverse("knowledge:answer_template_render", args=[greeting.pk])
    assert client_as("agent1").get(url, query).status_code == 404


def test_the_phrase_list_gives_match_keys_and_filters_by_text(client_as, users):
    # given
    make_phrase(users["admin"], phrase="喂，说话呀！")
    make_phrase(users["admin"], phrase="我不知道", suggestion="请您稍等，我帮您查询一下。")
    url = reverse("knowledge:forbidden_phrases_json")
    client = client_as("agent1")
    # when
    everything = client.get(url).json()["phrases"]
    matched = client.get(url, {"text": "这个我不知道。"}).json()["phrases"]
    # then
    assert {p["key"] for p in everything} == {"喂说话呀", "我不知道"}
    assert [p["phrase"] for p in matched] == ["我不知道"]
    assert matched[0]["suggestion"] == "请您稍等，我帮您查询一下。"
