"""The public help centre at /help/: no login, published public articles only."""

from django.urls import reverse

from kefu.knowledge.choices import ArticleStatus
from kefu.knowledge.tests.articles_factories import make_article, make_public


def test_anyone_finds_public_articles_with_the_words_marked(client, users):
    # given
    make_public(users["expert1"], "空调遥控器怎么设置制冷", "按模式键选择制冷。")
    # when
    page = client.get(reverse("help:list"), {"q": "制冷"})
    # then
    assert page.status_code == 200
    assert "<mark>制冷</mark>" in page.content.decode()


def test_an_internal_article_is_never_shown_in_the_help_centre(client, users):
    # given
    internal = make_article(users["expert1"], "内部：网点结算价格表", "结算价格内部资料。")
    draft = make_public(users["expert1"], "公开草稿", status=ArticleStatus.DRAFT)
    # when
    listed = client.get(reverse("help:list"))
    searched = client.get(reverse("help:list"), {"q": "结算"})
    opened = client.get(reverse("help:article", args=[internal.pk]))
    opened_draft = client.get(reverse("help:article", args=[draft.pk]))
    # then
    for page in (listed, searched):
        assert "网点结算价格表" not in page.content.decode()
        assert "公开草稿" not in page.content.decode()
    assert (opened.status_code, opened_draft.status_code) == (404, 404)


def test_a_public_article_opens_without_login(client, users):
    # given
    article = make_public(users["expert1"], "如何申请延保", "拨打热线申请延保。")
    # when
    page = client.get(reverse("help:article", args=[article.pk]))
    # then
    assert page.status_code == 200
    assert "拨打热线申请延保" in page.content.decode()
