"""The knowledge base (知识库): articles in categories with their versions and "this helped"
votes; answer templates (应答模板, 标准用语) and the phrases agents must not use."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.knowledge.choices import ArticleKind, ArticleStatus, TemplateCategory, Visibility

_USER = settings.AUTH_USER_MODEL


class ArticleCategory(TimeStampedModel):
    """A folder of articles; may nest (空调 → 安装)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")
        ordering = ["sort", "code"]

    def __str__(self):
        return self.name


class Article(TimeStampedModel):
    """A knowledge article: a problem and its solution, product information, a business rule or
    help on the system. Public articles are shown to customers; every edit keeps a version.

    `helped_count` ranks search results and suggestions (changed in one UPDATE per vote).
    `search_text` is the segmented title, body and links, indexed by `core.search`.
    """

    title = models.CharField(_("title"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ArticleKind.choices, default=ArticleKind.PROBLEM
    )
    category = models.ForeignKey(
        ArticleCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("content"))
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.PUBLISHED
    )
    product_types = models.ManyToManyField(
        "catalog.ProductType", verbose_name=_("product types"), blank=True, related_name="+"
    )
    product_models = models.ManyToManyField(
        "catalog.ProductModel", verbose_name=_("product models"), blank=True, related_name="+"
    )
    phenomena = models.ManyToManyField(
        "catalog.FaultNode", verbose_name=_("fault phenomena"), blank=True, related_name="+"
    )
    author = models.ForeignKey(
        _USER,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    helped_count = models.PositiveIntegerField(_("helped"), default=0, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-helped_count", "-id"]
        permissions = [("publish_article", _("Publish and archive articles"))]
        indexes = [models.Index(fields=["status", "visibility"], name="article_status_vis")]

    def __str__(self):
        return self.title


class ArticleVersion(models.Model):
    """An article as it was after one edit: number, text, who and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("content"))
    author = models.ForeignKey(
        _USER,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason for the change"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="articleversion_number")
        ]

    def __str__(self):
        return f"{self.article_id} v{self.number}"


class ArticleVote(models.Model):
    """One "this helped" from one user (optionally on a ticket); counted once per user."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    ticket_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("article vote")
        verbose_name_plural = _("article votes")
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="articlevote_once")]

    def __str__(self):
        return f"{self.article_id} ← {self.user_id}"


class AnswerTemplate(TimeStampedModel):
    """A standard phrase or call-script line with variables such as {客户称呼} and {坐席工号};
    agents insert it into replies by its `key` (a short code typed on the desk)."""

    category = models.CharField(_("category"), max_length=12, choices=TemplateCategory.choices)
    key = models.CharField(_("key"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    sort = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["category", "sort", "key"]

    def __str__(self):
        return self.title


class ForbiddenPhrase(TimeStampedModel):
    """A phrase agents must not use (seed 004: 不可以说 "喂，说话呀！"), with what to say
    instead."""

    phrase = models.CharField(_("phrase"), max_length=100, unique=True)
    suggestion = models.CharField(_("say instead"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("forbidden phrase")
        verbose_name_plural = _("forbidden phrases")
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase
