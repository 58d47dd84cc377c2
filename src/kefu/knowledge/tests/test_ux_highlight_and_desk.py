"""What a user sees: the words as typed marked whole, and the desk's suggestions from the call
summary and the chosen product."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kefu.customers.services import asset_register
from kefu.customers.tests.factories import make_customer
from kefu.knowledge.highlight import highlight
from kefu.knowledge.tests.articles_factories import make_article, make_products


def test_the_words_as_typed_are_marked_whole_and_a_lone_cut_character_is_not():
    # when
    marked = highlight("空调不制冷：滤网脏堵导致风量不足", "不制冷")
    # then
    assert marked == "空调<mark>不制冷</mark>：滤网脏堵导致风量不足"


def test_touching_matches_make_one_mark():
    # when
    marked = highlight("空调不制冷", "空调 不")
    # then
    assert marked == "<mark>空调不</mark>制冷"


def test_marking_still_escapes_what_the_author_wrote():
    # when
    marked = highlight("<b>不制冷</b>", "不制冷")
    # then
    assert marked == "&lt;b&gt;<mark>不制冷</mark>&lt;/b&gt;"


def _asset(by, model):
    customer = make_customer(by=by, name="张三", mobile="13800138000")
    return asset_register(
        customer=customer,
        product_model=model,
        serial_number="AC35000123",
        purchase_date=timezone.localdate() - datetime.timedelta(days=100),
        by=by,
    )


def test_the_desk_suggests_from_the_call_summary_and_the_chosen_product(client_as, users):
    # given
    products = make_products()
    by_text = make_article(users["expert1"], "油烟机噪音大", "检查风轮。")
    by_model = make_article(
        users["expert1"], "挂式空调保养", "定期清洗。", product_models=[products["model"]]
    )
    asset = _asset(users["agent1"], products["model"])
    # when
    page = client_as("agent1").get(
        reverse("knowledge:suggestions"), {"summary": "油烟机", "asset_id": asset.pk}
    )
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert by_text.title in html
    assert by_model.title in html


def test_a_product_of_a_customer_out_of_scope_suggests_nothing_by_product(client_as, users):
    # given
    products = make_products()
    by_model = make_article(
        users["expert1"], "挂式空调保养", "定期清洗。", product_models=[products["model"]]
    )
    asset = _asset(users["agent1"], products["model"])
    # when: an agent of another branch names that product
    page = client_as("agent_b").get(reverse("knowledge:suggestions"), {"asset_id": asset.pk})
    # then
    assert page.status_code == 200
    assert by_model.title not in page.content.decode()


def test_the_suggestions_are_refused_without_the_right_to_read_articles(client_as, users):
    # when
    page = client_as("nobody").get(reverse("knowledge:suggestions"), {"summary": "空调"})
    # then
    assert page.status_code == 403
