"""API of articles: /api/v1/knowledge/articles — search and list, read, create, update, archive.

DELETE archives the article (status `archived`): its versions, votes and the tickets that used it
keep pointing at it; editors still find it, readers and the help centre no longer do. Only
holders of `knowledge.publish_article` may archive (and publish, with `status` on update).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from kefu.catalog.choices import FaultLevel
from kefu.catalog.models import FaultNode, ProductModel, ProductType
from kefu.core.api_errors import errors
from kefu.core.api_types import Id, InputSchema
from kefu.core.errors import ApplicationError
from kefu.knowledge import selectors, services
from kefu.knowledge.choices import ArticleKind, ArticleStatus, Visibility
from kefu.knowledge.models import ArticleCategory
from kefu.knowledge.paging import RankedLimitOffsetPagination

router = Router(tags=["knowledge"])


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class ArticleOut(Schema):
    id: int
    title: str
    kind: str
    category_id: int | None
    category: str
    summary: str
    body: str
    visibility: str
    status: str
    product_type_ids: list[int]
    product_model_ids: list[int]
    phenomenon_ids: list[int]
    version: int
    helped_count: int
    view_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.name if obj.category_id else ""

    @staticmethod
    def resolve_product_type_ids(obj) -> list[int]:
        return [p.pk for p in obj.product_types.all()]

    @staticmethod
    def resolve_product_model_ids(obj) -> list[int]:
        return [p.pk for p in obj.product_models.all()]

    @staticmethod
    def resolve_phenomenon_ids(obj) -> list[int]:
        return [p.pk for p in obj.phenomena.all()]


class ArticleIn(InputSchema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=200)
    body: str
    kind: ArticleKind = ArticleKind.PROBLEM
    category_id: Id | None = None
    summary: str = Field("", max_length=300)
    visibility: Visibility = Visibility.INTERNAL
    product_type_ids: list[Id] = []
    product_model_ids: list[Id] = []
    phenomenon_ids: list[Id] = []


class ArticleCreateIn(ArticleIn):
    status: ArticleStatus = ArticleStatus.DRAFT


class ArticleUpdateIn(ArticleIn):
    reason: str = Field(max_length=200, description="why it changes: kept with the version")


def _one_of(choices) -> str:
    return "^(" + "|".join(choices.values) + ")?$"


class ArticleFilters(InputSchema):
    q: str = Field("", max_length=100, description="words to find (Chinese is segmented)")
    category: Id | None = None
    kind: str = Field("", pattern=_one_of(ArticleKind), description="empty: every kind")
    visibility: str = Field("", pattern=_one_of(Visibility), description="empty: both")
    status: str = Field("", pattern=_one_of(ArticleStatus), description="empty: every status")
    product_type: Id | None = None
    product_model: Id | None = None


def _rows(model, ids: list[int], field: str, **extra) -> list:
    found = list(model.objects.filter(pk__in=ids, **extra))
    if len(found) != len(set(ids)):
        raise ApplicationError(
            "article.invalid",
            _("Please correct the fields listed."),
            fields={field: _("Some of these do not exist.")},
        )
    return found


def _data(payload: ArticleIn) -> services.ArticleData:
    category = None
    if payload.category_id is not None:
        category = ArticleCategory.objects.filter(pk=payload.category_id).first()
        if category is None:
            raise ApplicationError(
                "article.invalid",
                _("Please correct the fields listed."),
                fields={"category_id": _("No such category.")},
            )
    return services.ArticleData(
        title=payload.title,
        body=payload.body,
        kind=str(payload.kind.value),
        category=category,
        summary=payload.summary,
        visibility=str(payload.visibility.value),
        product_types=_rows(ProductType, payload.product_type_ids, "product_type_ids"),
        product_models=_rows(ProductModel, payload.product_model_ids, "product_model_ids"),
        phenomena=_rows(
            FaultNode, payload.phenomenon_ids, "phenomenon_ids", level=FaultLevel.PHENOMENON
        ),
    )


def _read(request, pk: int):
    articles = selectors.article_visible_to(request.user).prefetch_related(
        "product_types", "product_models", "phenomena"
    )
    return get_object_or_404(articles.select_related("category"), pk=pk)


@router.get("", response={200: list[ArticleOut], **errors(403, 422)})
@paginate(RankedLimitOffsetPagination)
def list_articles(request, filters: Query[ArticleFilters]):
    """Articles the caller may read; `q` searches title, text, products and fault phenomena.
    Ordered by "this helped" votes, then by the latest change; a search's `count` stops at
    501 ("more than 500")."""
    _require(request, "knowledge.view_article")
    params = {k: v for k, v in filters.model_dump().items() if v not in (None, "")}
    return selectors.article_list(user=request.user, **params).prefetch_related(
        "product_types", "product_models", "phenomena"
    )


@router.post("", response={201: ArticleOut, **errors(400, 403, 422)})
def create_article(request, payload: ArticleCreateIn):
    """A new article; `status` other than `draft` needs `knowledge.publish_article`."""
    _require(request, "knowledge.add_article")
    if payload.status != ArticleStatus.DRAFT:
        _require(request, "knowledge.publish_article")
    article = services.article_create(
        data=_data(payload), by=request.user, status=str(payload.status.value)
    )
    return Status(201, _read(request, article.pk))


@router.get("/{article_id}", response={200: ArticleOut, **errors(403, 404, 422)})
def read_article(request, article_id: Id):
    _require(request, "knowledge.view_article")
    return _read(request, article_id)


@router.put("/{article_id}", response={200: ArticleOut, **errors(400, 403, 404, 422)})
def update_article(request, article_id: Id, payload: ArticleUpdateIn):
    """Change an article: the new text is kept as its next version with `reason`."""
    _require(request, "knowledge.change_article")
    article = selectors.article_get(user=request.user, pk=article_id)
    services.article_update(
        article=article, data=_data(payload), by=request.user, reason=payload.reason
    )
    return _read(request, article_id)


@router.post("/{article_id}/publish", response={200: ArticleOut, **errors(403, 404, 422)})
def publish_article(request, article_id: Id):
    _require(request, "knowledge.publish_article")
    article = selectors.article_get(user=request.user, pk=article_id)
    services.article_publish(article=article, by=request.user)
    return _read(request, article_id)


@router.delete("/{article_id}", response={204: None, **errors(403, 404, 422)})
def archive_article(request, article_id: Id):
    """Archive the article (see the module docstring): it is kept, no longer shown to readers."""
    _require(request, "knowledge.publish_article")
    article = selectors.article_get(user=request.user, pk=article_id)
    services.article_archive(article=article, by=request.user)
    return Status(204, None)


@router.post("/{article_id}/helped", response={200: ArticleOut, **errors(403, 404, 422)})
def article_helped(request, article_id: Id):
    """Count the caller's "this helped" (once per user; a second call changes nothing)."""
    _require(request, "knowledge.view_article")
    article = selectors.article_get(user=request.user, pk=article_id)
    services.article_helped(article=article, user=request.user)
    return _read(request, article_id)
