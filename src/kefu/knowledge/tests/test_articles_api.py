"""/api/v1/knowledge/articles: search, create, update with reason, archive, and refusals."""

import json

from kefu.knowledge.choices import ArticleStatus
from kefu.knowledge.models import Article
from kefu.knowledge.tests.articles_factories import make_article

URL = "/api/v1/knowledge/articles"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_the_list_searches_with_q(api_as, users):
    # given
    make_article(users["expert1"], "空调不制冷", "检查冷媒。")
    make_article(users["expert1"], "洗衣机漏水", "检查进水管。")
    # when
    answer = api_as("agent1").get(URL, {"q": "制冷"})
    # then
    body = answer.json()
    assert answer.status_code == 200
    assert [a["title"] for a in body["items"]] == ["空调不制冷"]
    assert body["count"] == 1


def test_an_expert_creates_and_updates_with_a_reason(api_as):
    # given
    client = api_as("expert1")
    # when
    created = _post(client, URL, {"title": "冰箱异味", "body": "清洗内胆。"})
    pk = created.json()["id"]
    updated = _put(
        client,
        f"{URL}/{pk}",
        {"title": "冰箱异味", "body": "清洗内胆，放除味剂。", "reason": "补充"},
    )
    # then
    assert created.status_code == 201
    assert created.json()["status"] == ArticleStatus.DRAFT
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    assert Article.objects.get(pk=pk).versions.get(number=2).reason == "补充"


def test_a_duplicate_or_empty_title_is_a_400_naming_the_title(api_as, users):
    # given
    make_article(users["expert1"], "电视黑屏")
    client = api_as("expert1")
    # when
    duplicate = _post(client, URL, {"title": "电视黑屏", "body": "内容"})
    empty = _post(client, URL, {"title": "  ", "body": "内容"})
    # then
    assert (duplicate.status_code, empty.status_code) == (400, 400)
    assert "title" in duplicate.json()["fields"] and "title" in empty.json()["fields"]
    assert Article.objects.count() == 1


def test_delete_archives_the_article(api_as, users):
    # given
    article = make_article(users["expert1"], "旧政策")
    # when
    answer = api_as("manager1").delete(f"{URL}/{article.pk}")
    # then
    article.refresh_from_db()
    assert answer.status_code == 204
    assert article.status == ArticleStatus.ARCHIVED


def test_an_agent_may_read_but_not_write(api_as, users):
    # given
    article = make_article(users["expert1"], "燃气灶打不着火")
    client = api_as("agent1")
    # when
    read = client.get(f"{URL}/{article.pk}")
    write = _put(client, f"{URL}/{article.pk}", {"title": "x", "body": "y", "reason": "z"})
    create = _post(client, URL, {"title": "新", "body": "内容"})
    archive = client.delete(f"{URL}/{article.pk}")
    # then
    assert read.status_code == 200
    assert (write.status_code, create.status_code, archive.status_code) == (403, 403, 403)


def test_a_user_without_the_permission_gets_403(api_as):
    # when
    answer = api_as("finance1").get(URL)
    # then
    assert answer.status_code == 403


def test_a_draft_is_not_found_by_an_outlet(api_as, users):
    # given
    draft = make_article(users["expert1"], "未发布说明", status=ArticleStatus.DRAFT)
    # when
    answer = api_as("outlet1").get(f"{URL}/{draft.pk}")
    # then
    assert answer.status_code == 404
