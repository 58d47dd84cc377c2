"""Suggested knowledge articles on the ticket page and on the agent desk."""

from django.urls import reverse

from kefu.knowledge.choices import ArticleStatus
from kefu.knowledge.tests.articles_factories import make_article


def test_the_ticket_page_suggests_articles_matching_its_fault(client_as, users, repair):
    # given a repair "海淀冰箱不制冷" and an article on it
    make_article(users["expert1"], "冰箱不制冷的常见原因", "检查温控和门封。")
    make_article(users["expert1"], "草稿：冰箱不制冷", status=ArticleStatus.DRAFT)
    # when
    page = client_as("agent1").get(reverse("service:ticket_detail", args=[repair.pk]))
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="ticket-knowledge"' in html
    assert "冰箱不制冷的常见原因" in html
    assert "草稿：冰箱不制冷" not in html


def test_the_desk_shows_the_suggestions_panel_that_follows_the_typing(client_as):
    # when
    page = client_as("agent1").get(reverse("service:desk"))
    # then
    html = page.content.decode()
    assert 'id="desk-knowledge"' in html
    assert reverse("knowledge:suggestions") in html
