from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleKind(models.TextChoices):
    PROBLEM = "problem", _("problem and solution")
    PRODUCT = "product", _("product information")
    RULE = "rule", _("business rule")
    HELP = "help", _("help on using the system")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("internal")
    PUBLIC = "public", _("public")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class TemplateCategory(models.TextChoices):
    """Answer-template categories of seed 004's standard phrases (标准用语)."""

    GREETING = "greeting", _("greeting")
    IDENTITY = "identity", _("identity check")
    APOLOGY = "apology", _("apology")
    CLOSING = "closing", _("closing")
    SILENT = "silent", _("silent line")
    POOR_LINE = "poor_line", _("poor line")
    DIALECT = "dialect", _("dialect")
    SOOTHING = "soothing", _("complaint soothing")
    WAITING = "waiting", _("asking to wait")
    OTHER = "other", _("other")
