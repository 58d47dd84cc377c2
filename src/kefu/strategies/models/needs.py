"""Customer needs (客户需求): registered from a call, a ticket, a follow-up visit or the portal,
refined and changed with a full history (登记、完善、变更), linked to strategies and plans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.strategies.choices import NeedChangeKind, NeedSource, NeedStatus

_USER = settings.AUTH_USER_MODEL


class Need(TimeStampedModel):
    """A need a customer expressed. `category` is a feedback-category code of the dictionary;
    `grade` is the customer's grade when registered (for the overview by grade)."""

    code = models.CharField(_("need number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=30, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=NeedSource.choices)
    source_ticket = models.ForeignKey(
        "service.Ticket",
        verbose_name=_("from ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_interaction = models.ForeignKey(
        "service.Interaction",
        verbose_name=_("from contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_visit = models.ForeignKey(
        "service.Visit",
        verbose_name=_("from follow-up visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.REGISTERED
    )
    priority = models.PositiveSmallIntegerField(_("importance"), default=2)
    grade = models.CharField(_("grade when registered"), max_length=20, blank=True)
    strategies = models.ManyToManyField(
        "strategies.Strategy", verbose_name=_("strategies"), blank=True, related_name="needs"
    )
    registered_by = models.ForeignKey(
        _USER,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("customer need")
        verbose_name_plural = _("customer needs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "-created_at"])]
        permissions = [("view_all_needs", _("Can see the needs of every org unit"))]

    def __str__(self):
        return f"{self.code} {self.title}"


class NeedChange(models.Model):
    """One step of a need's history: registered, refined or changed, with the changed fields
    (`changes` = {field: [before, after]}), the reason, who and when."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NeedChangeKind.choices)
    changes = models.JSONField(_("changes"), default=dict)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        _USER,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("need change")
        verbose_name_plural = _("need history")
        ordering = ["need", "at", "id"]

    def __str__(self):
        return f"{self.need_id} {self.kind}"
