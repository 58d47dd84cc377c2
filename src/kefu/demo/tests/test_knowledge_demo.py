"""The demo knowledge base: hundreds of Chinese articles linked to the demo products."""

from kefu.demo.fault_taxonomy import fault_taxonomy_seed
from kefu.demo.knowledge_data import compose_articles, knowledge_seed
from kefu.demo.seeding import products_seed
from kefu.knowledge.models import Article, ArticleVersion


def test_the_composed_articles_are_hundreds_with_unique_titles():
    # when
    drafts = compose_articles()
    # then
    assert len(drafts) >= 300
    assert len({d.title for d in drafts}) == len(drafts)
    assert any(d.public for d in drafts) and any(not d.public for d in drafts)


def test_the_seed_links_articles_to_products_and_phenomena_with_versions_and_votes(users):
    # given
    products_seed()
    fault_taxonomy_seed()
    # when
    counts = knowledge_seed(users)
    # then
    assert counts["articles"] >= 300
    assert Article.objects.filter(visibility="public", status="published").count() >= 30
    assert Article.objects.filter(product_models__isnull=False).distinct().count() >= 50
    assert Article.objects.filter(phenomena__isnull=False).distinct().count() >= 50
    assert ArticleVersion.objects.filter(number=2).count() >= 50
    assert Article.objects.filter(helped_count__gt=0).count() >= 50
    assert knowledge_seed(users) == counts  # a second run adds nothing
