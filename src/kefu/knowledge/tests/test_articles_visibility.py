"""Who sees which article: drafts only to editors, internal never in the public help centre."""

from kefu.knowledge.choices import ArticleStatus
from kefu.knowledge.selectors import article_visible_to, public_articles
from kefu.knowledge.tests.articles_factories import make_article, make_public


def test_drafts_are_hidden_from_agents_and_outlets_but_shown_to_editors(users):
    # given
    draft = make_article(users["expert1"], "草稿：新机型安装", status=ArticleStatus.DRAFT)
    published = make_article(users["expert1"], "已发布：安装规范")
    # when / then
    assert set(article_visible_to(users["agent1"])) == {published}
    assert set(article_visible_to(users["outlet1"])) == {published}
    assert set(article_visible_to(users["expert1"])) == {draft, published}


def test_users_without_the_permission_see_only_public_articles(users):
    # given
    make_article(users["expert1"], "内部：结算规则")
    public = make_public(users["expert1"], "如何预约上门安装")
    # when / then
    assert list(article_visible_to(users["finance1"])) == [public]
    assert list(article_visible_to(users["nobody"])) == [public]


def test_the_public_set_never_holds_internal_or_unpublished_articles(users):
    # given
    make_article(users["expert1"], "内部：网点考核办法")
    make_public(users["expert1"], "公开草稿", status=ArticleStatus.DRAFT)
    shown = make_public(users["expert1"], "空调遥控器使用说明")
    # when / then
    assert list(public_articles()) == [shown]
