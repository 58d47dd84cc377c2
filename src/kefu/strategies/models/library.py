"""The strategy library (服务策略库): entitlements a grade or plan grants, and actions a plan
carries out; every change keeps a version with its reason (制定、完善、查看、变更)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.strategies.choices import ActionType, Recurrence, StrategyKind, StrategyStatus

_USER = settings.AUTH_USER_MODEL


class Strategy(TimeStampedModel):
    """A service strategy for the grades it names.

    Entitlements (kind "entitlement") change how the system serves the customer: a tighter
    response-time level, a higher queue priority, a dedicated agent or the expert seat, free
    labour or a share of parts, preference for top-rated outlets. Actions (kind "action") are
    things done for the customer (care call, visit, gift, maintenance, training) with a
    recurrence; a plan turns them into tasks. `version` counts the saved versions.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=StrategyKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=StrategyStatus.choices, default=StrategyStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    grades = models.ManyToManyField(
        "customers.Grade", verbose_name=_("grades"), blank=True, related_name="strategies"
    )
    estimated_cost = models.DecimalField(
        _("estimated cost per customer"), max_digits=12, decimal_places=2, default=0
    )
    # entitlements
    sla_level = models.ForeignKey(
        "service.SlaLevel",
        verbose_name=_("response-time level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    priority = models.PositiveSmallIntegerField(_("queue priority"), null=True, blank=True)
    dedicated_agent = models.ForeignKey(
        _USER,
        verbose_name=_("dedicated agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expert_seat = models.BooleanField(_("expert seat"), default=False)
    free_labour = models.BooleanField(_("free labour"), default=False)
    parts_share = models.PositiveSmallIntegerField(
        _("parts covered (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    prefer_top_outlets = models.BooleanField(_("prefer top-rated outlets"), default=False)
    # actions
    action_type = models.CharField(
        _("action"), max_length=12, choices=ActionType.choices, blank=True
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=12, choices=Recurrence.choices, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("service strategy")
        verbose_name_plural = _("service strategies")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("strategies:library_detail", args=[self.pk])


class StrategyVersion(models.Model):
    """A saved version of a strategy: every field as it was (`data`), why it changed, by whom."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(
        _USER,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")
        ordering = ["strategy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="strategyversion_number")
        ]

    def __str__(self):
        return f"{self.strategy_id} v{self.number}"
