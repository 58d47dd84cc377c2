"""What admins configure: workflow versions, SLA levels and targets, queues."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.service.choices import AssignStrategy, Priority, QueueKind, TicketType


class WorkflowVersion(models.Model):
    """One immutable version of a ticket type's workflow; editing saves a new version.

    `definition` holds the states (code, name, name_en, category, arrival) and the transitions
    (code, name, name_en, from, to, roles, fields, note_required, audit); `workflows.py` checks it.
    Each ticket keeps the version it started with.
    """

    ticket_type = models.CharField(_("ticket type"), max_length=20, choices=TicketType.choices)
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    reason = models.CharField(_("reason for the change"), max_length=200, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("workflow version")
        verbose_name_plural = _("workflow versions")
        ordering = ["ticket_type", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["ticket_type", "number"], name="workflow_type_number"),
            models.UniqueConstraint(
                fields=["ticket_type"],
                condition=models.Q(is_current=True),
                name="workflow_one_current",
            ),
        ]

    def __str__(self):
        return f"{self.get_ticket_type_display()} v{self.number}"

    def state(self, code: str) -> dict | None:
        return next((s for s in self.definition["states"] if s["code"] == code), None)

    def state_name(self, code: str) -> str:
        state = self.state(code)
        return label_of(state) if state else code


def label_of(item: dict) -> str:
    """A state's or transition's name in the active language (Chinese unless English is set)."""
    if (get_language() or "").startswith("en") and item.get("name_en"):
        return item["name_en"]
    return item.get("name") or item.get("code", "")


class SlaLevel(models.Model):
    """A response-time level (服务响应时间等级); entitlements may pick a tighter one."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher ranks are tighter levels.")
    )
    is_default = models.BooleanField(_("default level"), default=False)

    class Meta:
        verbose_name = _("response-time level")
        verbose_name_plural = _("response-time levels")
        ordering = ["rank", "code"]

    def __str__(self):
        return self.name


class SlaTarget(models.Model):
    """Targets in working minutes for one level × ticket type × priority."""

    level = models.ForeignKey(SlaLevel, on_delete=models.CASCADE, related_name="targets")
    ticket_type = models.CharField(_("ticket type"), max_length=20, choices=TicketType.choices)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField(_("first response (working minutes)"))
    arrival_minutes = models.PositiveIntegerField(
        _("arrival on site (working minutes)"), null=True, blank=True
    )
    resolution_minutes = models.PositiveIntegerField(_("resolution (working minutes)"))

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["level", "ticket_type", "-priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "ticket_type", "priority"], name="slatarget_level_type_priority"
            )
        ]

    def __str__(self):
        return f"{self.level} · {self.get_ticket_type_display()} · {self.get_priority_display()}"


class Queue(TimeStampedModel):
    """A work queue (普通坐席, 专家席, 投诉组 ...) with its members and assignment strategy."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=QueueKind.choices)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="kefu_queues"
    )
    strategy = models.CharField(
        _("auto-assignment"),
        max_length=20,
        choices=AssignStrategy.choices,
        default=AssignStrategy.MANUAL,
    )
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    breach_queue = models.ForeignKey(
        "self",
        verbose_name=_("on SLA breach, move to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ticket_types = models.JSONField(_("default for ticket types"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["code"]

    def __str__(self):
        return self.name
