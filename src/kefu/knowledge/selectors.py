"""Reads of the knowledge base's articles, always starting from who may see what.

- Editors (`knowledge.change_article`) see every article, drafts and archived ones included.
- Readers (`knowledge.view_article`) see published articles, internal and public.
- Anyone else (the public help centre) sees published public articles only.

Search results and suggestions rank by "this helped" votes, then recency.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kefu.core.search import search_filter
from kefu.core.text import query_terms
from kefu.knowledge.choices import ArticleStatus, Visibility
from kefu.knowledge.models import Article, ArticleCategory, ArticleVersion

RANKING = ("-helped_count", "-updated_at", "-id")
# words that say nothing about a fault: not worth a search of their own in a suggestion
STOP_WORDS = frozenset(
    "一个 一下 一直 不能 不会 不是 以后 以前 但是 可以 客户 已经 我们 所以 时候 没有 "
    "现在 然后 用户 的话 自己 这个 那个 这样 还是 问题 需要 麻烦 报修 故障 机器 东西 "
    "怎么 什么 为什么 出现 发现".split()
)
SUGGESTION_WORDS = 8  # the most a suggestion searches for, one word at a time
SUGGESTION_CANDIDATES = 30  # matches read per word
# A link to the ticket's phenomenon outranks everything; a link to its product model counts like
# a word and a half of the text, so an article saying what the ticket says (a complaint about an
# agent's manner, say) is not pushed down by every article about the product.
PHENOMENON_LINK, PRODUCT_LINK = 200, 1.5


def is_editor(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("knowledge.change_article"))


def public_articles() -> QuerySet[Article]:
    """What the help centre shows to anyone: published public articles."""
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, visibility=Visibility.PUBLIC)


def article_visible_to(user) -> QuerySet[Article]:
    if is_editor(user):
        return Article.objects.all()
    if user is not None and user.is_authenticated and user.has_perm("knowledge.view_article"):
        return Article.objects.filter(status=ArticleStatus.PUBLISHED)
    return public_articles()


def article_get(*, user, pk: int) -> Article:
    return get_object_or_404(article_visible_to(user).select_related("category", "author"), pk=pk)


def public_article_get(*, pk: int) -> Article:
    return get_object_or_404(public_articles().select_related("category"), pk=pk)


def category_subtree_ids(category_id: int) -> list[int]:
    """The category and every category under it (categories are few: read all once)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in ArticleCategory.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [category_id]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


def article_filter(
    articles: QuerySet[Article],
    *,
    q: str = "",
    category: int | None = None,
    kind: str = "",
    visibility: str = "",
    status: str = "",
    product_type: int | None = None,
    product_model: int | None = None,
) -> QuerySet[Article]:
    """`articles` narrowed by the list's filters and the search words, best ranked first."""
    if category:
        articles = articles.filter(category_id__in=category_subtree_ids(category))
    if kind:
        articles = articles.filter(kind=kind)
    if visibility:
        articles = articles.filter(visibility=visibility)
    if status:
        articles = articles.filter(status=status)
    if product_type:
        articles = articles.filter(product_types=product_type)
    if product_model:
        articles = articles.filter(product_models=product_model)
    if q:
        articles = search_filter(articles, q)
    return articles.order_by(*RANKING)


def article_list(*, user, **filters) -> QuerySet[Article]:
    """Matches with their category; the segmented search text (as long as the article) is not
    read: no list shows it."""
    rows = article_filter(article_visible_to(user), **filters)
    return rows.select_related("category").defer("search_text")


def public_article_list(*, q: str = "", category: int | None = None) -> QuerySet[Article]:
    rows = article_filter(public_articles(), q=q, category=category)
    return rows.select_related("category").defer("search_text")


def article_versions(article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("author").order_by("-number")


def article_version_get(article: Article, number: int) -> ArticleVersion:
    return get_object_or_404(article.versions.select_related("author"), number=number)


def user_voted_ids(user, article_ids) -> set[int]:
    if not user.is_authenticated:
        return set()
    from kefu.knowledge.models import ArticleVote

    return set(
        ArticleVote.objects.filter(user=user, article_id__in=list(article_ids)).values_list(
            "article_id", flat=True
        )
    )


def category_list(*, active_only: bool = False) -> list[ArticleCategory]:
    """Every category, parents before their children, with `depth` set for indenting."""
    rows = ArticleCategory.objects.all()
    if active_only:
        rows = rows.filter(is_active=True)
    by_parent: dict[int | None, list[ArticleCategory]] = {}
    rows = list(rows)
    known = {row.pk for row in rows}
    for row in rows:
        parent = row.parent_id if row.parent_id in known else None
        by_parent.setdefault(parent, []).append(row)
    ordered: list[ArticleCategory] = []

    def walk(parent, depth):
        for row in by_parent.get(parent, []):
            row.depth = depth
            ordered.append(row)
            walk(row.pk, depth + 1)

    walk(None, 0)
    return ordered


# ---- suggestions on a ticket -----------------------------------------------------------------


def suggestion_words(text: str) -> list[str]:
    """The words of a ticket's text worth searching for: two characters or more, no filler."""
    words = [w for w in query_terms(text) if len(w) >= 2 and w not in STOP_WORDS]
    return words[:SUGGESTION_WORDS]


def _linked_scores(articles, product_model, phenomenon) -> dict[int, float]:
    links = Q()
    if phenomenon is not None:
        links |= Q(phenomena=phenomenon)
    if product_model is not None:
        links |= Q(product_models=product_model)
    if not links:
        return {}
    scores: dict[int, float] = {}
    rows = articles.filter(links).order_by(*RANKING).distinct()[:SUGGESTION_CANDIDATES]
    for article in rows.prefetch_related("phenomena", "product_models"):
        score = 0.0
        if phenomenon is not None and phenomenon in article.phenomena.all():
            score += PHENOMENON_LINK
        if product_model is not None and product_model in article.product_models.all():
            score += PRODUCT_LINK
        scores[article.pk] = score
    return scores


def _text_scores(articles, words: list[str], product_type_id) -> dict[int, float]:
    scores: dict[int, float] = {}
    for word in words:
        ids = search_filter(articles, word).order_by(*RANKING).values_list("pk", flat=True)
        for pk in ids[:SUGGESTION_CANDIDATES]:
            scores[pk] = scores.get(pk, 0.0) + 1
    if product_type_id and scores:
        same_type = articles.filter(pk__in=list(scores), product_types=product_type_id)
        for pk in same_type.values_list("pk", flat=True):
            scores[pk] += 0.5
    return scores


def article_suggestions(
    *, user, text: str, product_model=None, phenomenon=None, limit: int = 5
) -> list[Article]:
    """Published articles for a ticket: those linked to its fault phenomenon first, then by the
    words of its text they match and a link to its product model; ties broken by "this helped"."""
    articles = article_visible_to(user).filter(status=ArticleStatus.PUBLISHED)
    scores = _linked_scores(articles, product_model, phenomenon)
    product_type_id = product_model.product_type_id if product_model is not None else None
    for pk, score in _text_scores(articles, suggestion_words(text), product_type_id).items():
        scores[pk] = scores.get(pk, 0.0) + score
    if not scores:
        return []
    found = {a.pk: a for a in articles.filter(pk__in=list(scores)).select_related("category")}
    ranked = sorted(
        found.values(),
        key=lambda a: (-scores[a.pk], -a.helped_count, -a.updated_at.timestamp(), -a.pk),
    )
    return ranked[:limit]
