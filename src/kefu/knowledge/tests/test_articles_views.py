"""The article pages: list with highlighted matches, form errors, versions, publishing, votes,
and who is refused."""

import pytest
from django.urls import reverse

from kefu.knowledge.choices import ArticleStatus
from kefu.knowledge.models import Article
from kefu.knowledge.selectors import article_list
from kefu.knowledge.tests.articles_factories import make_article, make_products


@pytest.fixture
def article(users):
    return make_article(users["expert1"], "空调不制冷的排查", "先检查是否缺氟，再检查压缩机。")


def test_the_list_marks_the_searched_words_in_title_and_snippet(client_as, article):
    # when
    page = client_as("agent1").get(reverse("knowledge:articles"), {"q": "制冷"})
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "空调不<mark>制冷</mark>的排查" in html


def test_highlighting_escapes_what_the_author_wrote(client_as, users):
    # given
    make_article(users["expert1"], "<b>制冷</b>说明", "<script>alert(1)</script>制冷")
    # when
    page = client_as("agent1").get(reverse("knowledge:articles"), {"q": "制冷"})
    # then
    html = page.content.decode()
    assert "&lt;b&gt;<mark>制冷</mark>&lt;/b&gt;说明" in html
    assert "<script>alert(1)" not in html


def test_an_expert_creates_a_draft_with_links(client_as, users):
    # given
    products = make_products()
    form = {
        "title": "挂机漏水",
        "kind": "problem",
        "visibility": "internal",
        "body": "检查排水管坡度。",
        "product_models": [products["model"].pk],
        "phenomena": [products["phenomenon"].pk],
    }
    # when
    answer = client_as("expert1").post(reverse("knowledge:article_create"), form)
    # then
    article = Article.objects.get(title="挂机漏水")
    assert answer.status_code == 302
    assert article.status == ArticleStatus.DRAFT
    assert list(article.phenomena.all()) == [products["phenomenon"]]
    found = article_list(user=users["expert1"], q="不制冷")  # the phenomenon's name is searched
    assert list(found) == [article]


@pytest.mark.parametrize("title", ["", "空调不制冷的排查"])
def test_the_form_shows_an_empty_or_duplicate_title_and_saves_nothing(client_as, article, title):
    # given
    form = {"title": title, "kind": "problem", "visibility": "internal", "body": "内容"}
    # when
    answer = client_as("expert1").post(reverse("knowledge:article_create"), form)
    # then
    assert answer.status_code == 400
    assert answer.context["form"].errors["title"]
    assert Article.objects.count() == 1


def test_an_edit_needs_a_reason_and_becomes_a_version(client_as, article):
    # given
    client = client_as("supervisor1")
    url = reverse("knowledge:article_edit", args=[article.pk])
    form = {"title": article.title, "kind": "problem", "visibility": "internal", "body": "新的步骤"}
    # when
    refused = client.post(url, form)
    saved = client.post(url, form | {"reason": "步骤更新"})
    # then
    assert refused.status_code == 400 and refused.context["form"].errors["reason"]
    assert saved.status_code == 302
    article.refresh_from_db()
    assert (article.version, article.body) == (2, "新的步骤")
    page = client.get(reverse("knowledge:article_version", args=[article.pk, 2]))
    assert page.status_code == 200
    assert "步骤更新" in page.content.decode()
    assert ("+", "新的步骤") in page.context["diff"]


def test_a_supervisor_publishes_a_draft(client_as, users):
    # given
    draft = make_article(users["expert1"], "新品介绍", status=ArticleStatus.DRAFT)
    # when
    client_as("supervisor1").post(reverse("knowledge:article_publish", args=[draft.pk]))
    # then
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED


def test_the_helped_button_counts_once(client_as, article):
    # given
    client = client_as("agent1")
    url = reverse("knowledge:article_helped", args=[article.pk])
    # when
    client.post(url, HTTP_HX_REQUEST="true")
    client.post(url, HTTP_HX_REQUEST="true")
    # then
    article.refresh_from_db()
    assert article.helped_count == 1


def test_an_agent_may_not_edit_or_publish(client_as, article):
    # given
    client = client_as("agent1")
    # when / then
    assert client.get(reverse("knowledge:article_edit", args=[article.pk])).status_code == 403
    assert client.get(reverse("knowledge:article_create")).status_code == 403
    assert client.post(reverse("knowledge:article_publish", args=[article.pk])).status_code == 403
    assert client.get(reverse("knowledge:categories")).status_code == 403


def test_an_outlet_does_not_find_a_draft(client_as, users):
    # given
    draft = make_article(users["expert1"], "内部草稿", status=ArticleStatus.DRAFT)
    # when
    page = client_as("outlet1").get(reverse("knowledge:article_detail", args=[draft.pk]))
    # then
    assert page.status_code == 404


def test_a_user_without_the_permission_is_refused(client_as, article):
    # when
    page = client_as("finance1").get(reverse("knowledge:articles"))
    # then
    assert page.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client, article):
    # when
    page = client.get(reverse("knowledge:article_detail", args=[article.pk]))
    # then
    assert page.status_code == 302
    assert reverse("login") in page["Location"]


def test_an_admin_adds_a_category_under_another(client_as):
    # given
    client = client_as("admin")
    client.post(reverse("knowledge:categories"), {"code": "AC", "name": "空调", "sort": 0})
    from kefu.knowledge.models import ArticleCategory

    parent = ArticleCategory.objects.get(code="AC")
    # when
    answer = client.post(
        reverse("knowledge:categories"),
        {"code": "AC-INST", "name": "安装", "parent": parent.pk, "sort": 1, "is_active": "on"},
    )
    # then
    assert answer.status_code == 302
    assert ArticleCategory.objects.get(code="AC-INST").parent == parent
    page = client.get(reverse("knowledge:categories"))
    assert [c.depth for c in page.context["categories"]] == [0, 1]
