"""Articles: versions with author and reason, bad titles refused, one vote per user, search."""

import pytest

from kefu.core.errors import ApplicationError
from kefu.knowledge.choices import ArticleStatus
from kefu.knowledge.models import Article, ArticleVersion
from kefu.knowledge.selectors import article_list
from kefu.knowledge.services import (
    ArticleData,
    article_archive,
    article_create,
    article_helped,
    article_update,
)
from kefu.knowledge.tests.articles_factories import make_article


def _data(article, **changes) -> ArticleData:
    fields = {"title": article.title, "body": article.body, "kind": article.kind}
    return ArticleData(**(fields | changes))


def test_every_edit_keeps_a_version_with_its_author_and_reason(users):
    # given
    article = make_article(users["expert1"], "空调不制冷怎么办", "检查遥控器模式。")
    # when
    article_update(
        article=article,
        data=_data(article, body="检查遥控器模式，再清洗滤网。"),
        by=users["supervisor1"],
        reason="补充了清洗滤网",
    )
    # then
    article.refresh_from_db()
    assert article.version == 2
    versions = list(article.versions.order_by("number"))
    assert [(v.number, v.author, v.reason) for v in versions] == [
        (1, users["expert1"], versions[0].reason),
        (2, users["supervisor1"], "补充了清洗滤网"),
    ]
    assert versions[0].body == "检查遥控器模式。"
    assert versions[1].body == "检查遥控器模式，再清洗滤网。"


def test_an_edit_without_a_reason_is_refused_and_changes_nothing(users):
    # given
    article = make_article(users["expert1"], "洗衣机不脱水", "检查排水管。")
    # when
    with pytest.raises(ApplicationError) as refused:
        article_update(
            article=article, data=_data(article, body="新内容"), by=users["expert1"], reason=" "
        )
    # then
    assert "reason" in refused.value.fields
    article.refresh_from_db()
    assert (article.body, article.version) == ("检查排水管。", 1)
    assert ArticleVersion.objects.filter(article=article).count() == 1


@pytest.mark.parametrize("title", ["", "   ", "冰箱结霜", "冰箱结霜 "])
def test_an_empty_or_duplicate_title_is_refused_naming_the_field(users, title):
    # given
    make_article(users["expert1"], "冰箱结霜")
    # when
    with pytest.raises(ApplicationError) as refused:
        article_create(data=ArticleData(title=title, body="内容"), by=users["expert1"])
    # then
    assert "title" in refused.value.fields
    assert Article.objects.count() == 1


def test_renaming_onto_another_articles_title_is_refused(users):
    # given
    make_article(users["expert1"], "热水器不点火")
    other = make_article(users["expert1"], "热水器漏水")
    # when
    with pytest.raises(ApplicationError) as refused:
        article_update(
            article=other,
            data=_data(other, title="热水器不点火"),
            by=users["expert1"],
            reason="改名",
        )
    # then
    assert "title" in refused.value.fields
    other.refresh_from_db()
    assert (other.title, other.version) == ("热水器漏水", 1)


def test_helped_counts_once_per_user(users):
    # given
    article = make_article(users["expert1"], "电视无信号")
    # when
    first = article_helped(article=article, user=users["agent1"])
    second = article_helped(article=article, user=users["agent1"])
    article_helped(article=article, user=users["agent_b"])
    # then
    article.refresh_from_db()
    assert (first, second, article.helped_count) == (True, False, 2)


def test_search_finds_chinese_words_and_ranks_by_helped_votes(users):
    # given
    rarely = make_article(users["expert1"], "空调制冷效果差", "室外机散热不良时制冷效果差。")
    often = make_article(users["expert1"], "空调不制冷的排查", "先看是否缺氟，再看压缩机。")
    make_article(users["expert1"], "洗衣机噪音大", "检查地脚是否放平。")
    article_helped(article=often, user=users["agent1"])
    # when
    found = list(article_list(user=users["agent1"], q="制冷"))
    # then
    assert found == [often, rarely]


def test_search_matches_every_word_of_the_query(users):
    # given
    fridge = make_article(users["expert1"], "冰箱压缩机不启动", "检查温控器和启动器。")
    make_article(users["expert1"], "空调压缩机异响", "检查压缩机脚垫。")
    # when
    found = list(article_list(user=users["agent1"], q="冰箱 压缩机"))
    # then
    assert found == [fridge]


def test_archived_articles_are_hidden_from_readers_but_kept_for_editors(users):
    # given
    article = make_article(users["expert1"], "旧型号说明")
    # when
    article_archive(article=article, by=users["supervisor1"])
    # then
    assert list(article_list(user=users["agent1"])) == []
    assert list(article_list(user=users["expert1"], status=ArticleStatus.ARCHIVED)) == [article]


def test_an_expert_may_not_archive(users):
    # given
    article = make_article(users["expert1"], "说明书下载")
    # when
    with pytest.raises(ApplicationError) as refused:
        article_archive(article=article, by=users["expert1"])
    # then
    assert refused.value.status == 403
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED


@pytest.mark.parametrize("limit", [2, 10])
def test_a_search_pages_in_rank_order_with_many_or_few_matches(users, monkeypatch, limit):
    # given more matches than the limit (walked in rank order), or fewer (ranked by key)
    from kefu.knowledge import paging

    monkeypatch.setattr(paging, "SEARCH_LIMIT", limit)
    made = [make_article(users["expert1"], f"热水器漏水案例{n}") for n in range(4)]
    article_helped(article=made[2], user=users["agent1"])
    # when
    pages = paging.RankedPaginator(article_list(user=users["agent1"], q="漏水"), 1)
    found = [pages.page(n).object_list[0] for n in pages.page_range]
    # then: the count stops beyond the limit, and only that many are paged
    assert found == [made[2], made[3], made[1], made[0]][: min(limit + 1, 4)]
    assert pages.capped == (limit == 2)
