"""Suggested articles for a ticket: linked to its phenomenon and product first, then its text."""

from django.urls import reverse

from kefu.knowledge.choices import ArticleStatus
from kefu.knowledge.selectors import article_suggestions
from kefu.knowledge.services import article_helped
from kefu.knowledge.tests.articles_factories import make_article, make_products


def test_articles_of_the_phenomenon_come_before_those_of_the_product_then_the_text(users):
    # given
    products = make_products()
    by = users["expert1"]
    by_text = make_article(by, "压缩机不启动的原因", "电压低时压缩机不启动。")
    by_model = make_article(by, "挂式空调保养", "定期清洗。", product_models=[products["model"]])
    by_phenomenon = make_article(
        by, "不制冷的排查步骤", "检查冷媒。", phenomena=[products["phenomenon"]]
    )
    article_helped(article=by_text, user=users["agent1"])  # votes do not beat the links
    # when
    found = article_suggestions(
        user=users["agent1"],
        text="客户说空调压缩机不启动",
        product_model=products["model"],
        phenomenon=products["phenomenon"],
    )
    # then
    assert found == [by_phenomenon, by_model, by_text]


def test_what_the_ticket_says_outranks_an_article_only_about_its_product(users):
    # given: a complaint about an agent's manner, on a ticket that names the product
    products = make_products()
    by = users["expert1"]
    about_product = make_article(
        by, "挂式空调保养", "定期清洗。", product_models=[products["model"]]
    )
    about_manner = make_article(by, "坐席服务态度投诉的处理", "先致歉，再核实录音，答复客户。")
    article_helped(article=about_product, user=users["agent1"])
    # when
    found = article_suggestions(
        user=users["agent1"], text="投诉坐席服务态度差", product_model=products["model"]
    )
    # then
    assert found[:2] == [about_manner, about_product]


def test_text_matches_rank_by_words_matched_then_helped_votes(users):
    # given
    by = users["expert1"]
    one_word = make_article(by, "洗衣机排水慢", "排水管弯折。")
    two_words = make_article(by, "洗衣机不脱水", "检查排水泵与脱水电机。")
    voted = make_article(by, "热水器排水阀", "排水阀更换。")
    article_helped(article=voted, user=users["agent1"])
    # when
    found = article_suggestions(user=users["agent1"], text="洗衣机不能脱水，排水也慢")
    # then
    assert found[0] == two_words
    assert set(found) >= {one_word, voted}


def test_drafts_are_never_suggested(users):
    # given
    make_article(users["expert1"], "冰箱结霜草稿", status=ArticleStatus.DRAFT)
    # when
    found = article_suggestions(user=users["expert1"], text="冰箱结霜")
    # then
    assert found == []


def test_the_suggestions_endpoint_answers_what_the_agent_typed(client_as, users):
    # given
    make_article(users["expert1"], "油烟机噪音大", "检查风轮。")
    # when
    page = client_as("agent1").get(
        reverse("knowledge:suggestions"), {"subject": "油烟机", "fault_description": "噪音很大"}
    )
    # then
    assert page.status_code == 200
    assert "油烟机噪音大" in page.content.decode()


def test_the_suggestions_endpoint_refuses_users_without_the_permission(client_as):
    # when
    page = client_as("finance1").get(reverse("knowledge:suggestions"), {"q": "油烟机"})
    # then
    assert page.status_code == 403
