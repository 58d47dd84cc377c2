"""Follow-up visits (回访): the rule per ticket type, each visit with its scores and outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.service.choices import (
    TicketType,
    VisitAssign,
    VisitChannel,
    VisitOutcome,
    VisitStatus,
)

_USER = settings.AUTH_USER_MODEL


class VisitRule(TimeStampedModel):
    """When a ticket of `ticket_type` enters `trigger_state` (completed, answered ...), a visit is
    due within `due_hours` working hours, for the rule's queue or the ticket's creator, scored on
    `items` (evaluation items, 服务考评项目); `survey_days` > 0 also sends the customer a link."""

    ticket_type = models.CharField(
        _("ticket type"), max_length=20, choices=TicketType.choices, unique=True
    )
    trigger_state = models.CharField(_("when the ticket enters"), max_length=40)
    assign = models.CharField(
        _("who visits"), max_length=10, choices=VisitAssign.choices, default=VisitAssign.QUEUE
    )
    queue = models.ForeignKey(
        "service.Queue",
        verbose_name=_("queue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_hours = models.PositiveIntegerField(_("within (working hours)"), default=48)
    survey_days = models.PositiveIntegerField(_("survey link valid for (days)"), default=7)
    items = models.ManyToManyField(
        "catalog.DictItem",
        verbose_name=_("evaluation items"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "evaluation_item"},
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        ordering = ["ticket_type"]

    def __str__(self):
        return self.get_ticket_type_display()


class Visit(TimeStampedModel):
    """One follow-up of one ticket: carried by a follow-up ticket (`task`) in an agent's queue,
    answerable by the customer through a signed single-use link. `agent`, `outlet` and
    `product_model` are copied from the ticket when the visit is created, so satisfaction per
    agent, outlet and product is one indexed aggregate."""

    ticket = models.ForeignKey(
        "service.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="visits"
    )
    task = models.OneToOneField(
        "service.Ticket",
        verbose_name=_("follow-up ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_task",
    )
    rule = models.ForeignKey(
        VisitRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PENDING
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=VisitOutcome.choices, blank=True
    )
    channel = models.CharField(
        _("answered by"), max_length=10, choices=VisitChannel.choices, blank=True
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    agent = models.ForeignKey(
        _USER,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outlet = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("service outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    product_model = models.ForeignKey(
        "catalog.ProductModel",
        verbose_name=_("product model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    visited_by = models.ForeignKey(
        _USER,
        verbose_name=_("visited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    follow_up = models.ForeignKey(
        "service.Ticket",
        verbose_name=_("complaint raised"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    survey_nonce = models.CharField(max_length=32, blank=True, editable=False)
    survey_expires_at = models.DateTimeField(_("survey link expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="visit_status_due"),
            models.Index(fields=["outlet", "visited_at"], name="visit_outlet"),
            models.Index(fields=["agent", "visited_at"], name="visit_agent"),
            models.Index(fields=["product_model", "visited_at"], name="visit_product"),
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.get_status_display()}"


class VisitScore(models.Model):
    """One evaluation item's score (1–5) with an optional comment."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(
        "catalog.DictItem",
        verbose_name=_("evaluation item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("visit score")
        verbose_name_plural = _("visit scores")
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="visitscore_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="visitscore_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.item_id}={self.score}"
