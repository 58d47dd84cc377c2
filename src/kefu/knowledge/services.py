"""Writes of the knowledge base's articles: create, edit (each edit keeps a version with its
author and reason), publish, archive, "this helped" votes, and the categories.

Pages, the API and the demo all go through these functions: one transaction per action, a clear
error naming the field (nothing changed), one audit row.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError
from kefu.core.services import audit_record
from kefu.core.text import search_terms
from kefu.knowledge.choices import ArticleKind, ArticleStatus, Visibility
from kefu.knowledge.models import Article, ArticleCategory, ArticleVersion, ArticleVote

TEXT_FIELDS = ("title", "kind", "category_id", "summary", "body", "visibility")


@dataclass
class ArticleData:
    """What a person (or the API) gives for an article; links as lists of model rows."""

    title: str
    body: str
    kind: str = ArticleKind.PROBLEM
    category: ArticleCategory | None = None
    summary: str = ""
    visibility: str = Visibility.INTERNAL
    product_types: list = field(default_factory=list)
    product_models: list = field(default_factory=list)
    phenomena: list = field(default_factory=list)


def article_search_text(article: Article) -> str:
    """The segmented words of the article and of the names it links to."""
    names = [p.name for p in article.product_types.all()]
    for model in article.product_models.all():
        names += [model.name, model.code]
    names += [p.name for p in article.phenomena.all()]
    return search_terms(article.title, article.summary, article.body, " ".join(names))


def _validate(data: ArticleData, *, article: Article | None = None) -> ArticleData:
    data.title = (data.title or "").strip()
    data.body = (data.body or "").strip()
    data.summary = (data.summary or "").strip()
    errors = {}
    if not data.title:
        errors["title"] = _("Enter a title.")
    elif len(data.title) > 200:
        errors["title"] = _("At most 200 characters.")
    else:
        others = Article.objects.filter(title__iexact=data.title)
        if article is not None:
            others = others.exclude(pk=article.pk)
        if others.exists():
            errors["title"] = _("An article with this title exists already.")
    if not data.body:
        errors["body"] = _("Enter the content.")
    if len(data.summary) > 300:
        errors["summary"] = _("At most 300 characters.")
    if data.kind not in ArticleKind.values:
        errors["kind"] = _("Not one of the allowed values.")
    if data.visibility not in Visibility.values:
        errors["visibility"] = _("Not one of the allowed values.")
    if errors:
        raise ApplicationError(
            "article.invalid", _("Please correct the fields listed."), fields=errors
        )
    return data


def _apply(article: Article, data: ArticleData) -> None:
    article.title = data.title
    article.kind = data.kind
    article.category = data.category
    article.summary = data.summary
    article.body = data.body
    article.visibility = data.visibility


def _link_and_index(article: Article, data: ArticleData) -> None:
    article.product_types.set(data.product_types)
    article.product_models.set(data.product_models)
    article.phenomena.set(data.phenomena)
    article.search_text = article_search_text(article)
    article.save(update_fields=["search_text"])


def _version(article: Article, *, by, reason: str) -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        summary=article.summary,
        body=article.body,
        author=by,
        reason=reason[:200],
    )


@transaction.atomic
def article_create(*, data: ArticleData, by, status: str = ArticleStatus.DRAFT) -> Article:
    """A new article (a draft unless `status` says otherwise) and its version 1."""
    data = _validate(data)
    if status not in ArticleStatus.values:
        raise ApplicationError(
            "article.invalid",
            _("Please correct the fields listed."),
            fields={"status": _("Not one of the allowed values.")},
        )
    article = Article(author=by, status=status)
    _apply(article, data)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as error:  # a parallel create of the same title
        raise _duplicate() from error
    _link_and_index(article, data)
    _version(article, by=by, reason=_("First version"))
    audit_record(actor=by, action="article.create", obj=article, changes={"status": status})
    return article


def _duplicate() -> ApplicationError:
    return ApplicationError(
        "article.invalid",
        _("Please correct the fields listed."),
        fields={"title": _("An article with this title exists already.")},
    )


@transaction.atomic
def article_update(*, article: Article, data: ArticleData, by, reason: str) -> Article:
    """Change an article; the new text becomes the next version, with `by` and `reason`."""
    reason = (reason or "").strip()
    article = Article.objects.select_for_update().get(pk=article.pk)
    try:
        data = _validate(data, article=article)
    except ApplicationError as error:
        if not reason:
            error.fields["reason"] = _("Say why you change the article.")
        raise
    if not reason:
        raise ApplicationError(
            "article.invalid",
            _("Please correct the fields listed."),
            fields={"reason": _("Say why you change the article.")},
        )
    before = {name: getattr(article, name) for name in TEXT_FIELDS}
    _apply(article, data)
    article.version += 1
    try:
        with transaction.atomic():
            article.save(update_fields=[*TEXT_FIELDS, "version", "updated_at"])
    except IntegrityError as error:
        raise _duplicate() from error
    _link_and_index(article, data)
    _version(article, by=by, reason=reason)
    changes = {
        name: [value, getattr(article, name)]
        for name, value in before.items()
        if value != getattr(article, name)
    }
    audit_record(
        actor=by, action="article.update", obj=article, changes=changes | {"reason": reason}
    )
    return article


def _set_status(*, article: Article, status: str, by, action: str) -> Article:
    if not by.has_perm("knowledge.publish_article"):
        raise ApplicationError(
            "article.forbidden", _("You may not publish or archive articles."), status=403
        )
    before = article.status
    article.status = status
    article.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action=action, obj=article, changes={"status": [before, status]})
    return article


@transaction.atomic
def article_publish(*, article: Article, by) -> Article:
    return _set_status(
        article=article, status=ArticleStatus.PUBLISHED, by=by, action="article.publish"
    )


@transaction.atomic
def article_archive(*, article: Article, by) -> Article:
    return _set_status(
        article=article, status=ArticleStatus.ARCHIVED, by=by, action="article.archive"
    )


def article_helped(*, article: Article, user, ticket_id: int | None = None) -> bool:
    """Count `user`'s "this helped" once; True when this vote was new."""
    try:
        with transaction.atomic():
            ArticleVote.objects.create(article=article, user=user, ticket_id=ticket_id)
            Article.objects.filter(pk=article.pk).update(helped_count=F("helped_count") + 1)
    except IntegrityError:
        return False
    return True


def article_viewed(*, article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


# ---- categories ------------------------------------------------------------------------------


def _validate_category(*, category: ArticleCategory, code: str, name: str, parent) -> None:
    errors = {}
    if not code:
        errors["code"] = _("Enter a code.")
    elif ArticleCategory.objects.filter(code=code).exclude(pk=category.pk).exists():
        errors["code"] = _("A category with this code exists already.")
    if not name:
        errors["name"] = _("Enter a name.")
    node = parent
    while node is not None and category.pk is not None:
        if node.pk == category.pk:
            errors["parent"] = _("A category cannot sit under itself.")
            break
        node = node.parent
    if errors:
        raise ApplicationError(
            "category.invalid", _("Please correct the fields listed."), fields=errors
        )


@transaction.atomic
def category_save(
    *,
    category: ArticleCategory | None = None,
    code: str,
    name: str,
    parent: ArticleCategory | None = None,
    sort: int = 0,
    is_active: bool = True,
    by,
) -> ArticleCategory:
    """Create a category, or change `category`."""
    category = category or ArticleCategory()
    code, name = (code or "").strip(), (name or "").strip()
    _validate_category(category=category, code=code, name=name, parent=parent)
    created = category.pk is None
    category.code, category.name, category.parent = code, name, parent
    category.sort, category.is_active = sort, is_active
    category.save()
    audit_record(
        actor=by,
        action="article_category.create" if created else "article_category.update",
        obj=category,
        changes={"code": code, "name": name, "parent": parent.code if parent else None},
    )
    return category
