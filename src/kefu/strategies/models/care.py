"""Customer care (客户关怀): birthdays, periodic maintenance reminders from installed products and
holiday greeting campaigns. Each thing due is one `CareItem` whose `key` is unique, so a reminder
is generated once per due date, never twice; it becomes a care ticket one by one or in batch."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.strategies.choices import CampaignStatus, CareChannel, CareKind, CareStatus

_USER = settings.AUTH_USER_MODEL


class CareCampaign(TimeStampedModel):
    """A holiday greeting campaign (春节、中秋 ...): a message for the customers of some grades or a
    segment, sent on a day through a channel."""

    name = models.CharField(_("name"), max_length=80)
    occasion = models.CharField(_("occasion"), max_length=40)
    send_on = models.DateField(_("send on"))
    channel = models.CharField(_("channel"), max_length=10, choices=CareChannel.choices)
    message = models.TextField(_("message"))
    grades = models.JSONField(_("grades"), default=list, blank=True)
    segment = models.ForeignKey(
        "strategies.Segment",
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        _USER,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("care campaign")
        verbose_name_plural = _("care campaigns")
        ordering = ["-send_on", "-id"]

    def __str__(self):
        return self.name


class CareItem(TimeStampedModel):
    """One care occasion for one customer on one date: a birthday, a maintenance due for an
    installed product, or a campaign greeting. `key` ("maintenance:<asset>:<date>",
    "birthday:<customer>:<date>", "campaign:<id>:<customer>") is unique."""

    kind = models.CharField(_("kind"), max_length=12, choices=CareKind.choices)
    key = models.CharField(_("key"), max_length=80, unique=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="care_items",
    )
    asset = models.ForeignKey(
        "customers.Asset",
        verbose_name=_("installed product"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="care_items",
    )
    campaign = models.ForeignKey(
        CareCampaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CareStatus.choices, default=CareStatus.DUE
    )
    ticket = models.ForeignKey(
        "service.Ticket",
        verbose_name=_("care ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    handled_by = models.ForeignKey(
        _USER,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("care item")
        verbose_name_plural = _("care items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["kind", "status", "due_on"])]

    def __str__(self):
        return self.key
