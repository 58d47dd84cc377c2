"""Implementation plans (实施方案): a combination of strategies for one customer or a segment over
a period, with an owner and a budget; the tasks generated from its action strategies; and the
plan's versions (制定、完善、查看、变更)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.strategies.choices import PlanStatus, TaskStatus

_USER = settings.AUTH_USER_MODEL


class Plan(TimeStampedModel):
    """An implementation plan. Targets one customer (`customer`) or a segment (`segment`).

    `org_unit` is the unit whose people see it (the customer's, or the owner's for a segment);
    `baseline` holds the target's metrics when the plan started and `evaluation` what changed by
    its end (satisfaction, value, complaints). `version` guards edits and counts versions.
    """

    code = models.CharField(_("plan number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=120)
    goal = models.TextField(_("goal"), blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    segment = models.ForeignKey(
        "strategies.Segment",
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    strategies = models.ManyToManyField(
        "strategies.Strategy", verbose_name=_("strategies"), related_name="plans"
    )
    needs = models.ManyToManyField(
        "strategies.Need", verbose_name=_("customer needs"), blank=True, related_name="plans"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    owner = models.ForeignKey(
        _USER, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("org unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    baseline = models.JSONField(_("baseline"), default=dict, blank=True)
    evaluation = models.JSONField(_("evaluation"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org_unit", "status"])]
        permissions = [("view_all_plans", _("Can see the plans of every org unit"))]

    def __str__(self):
        return f"{self.code} {self.title}"


class PlanVersion(models.Model):
    """A saved version of a plan: its content (`data`), why it changed, by whom."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
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
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_number")
        ]

    def __str__(self):
        return f"{self.plan_id} v{self.number}"


class PlanTask(TimeStampedModel):
    """One thing to do for one customer, generated from a plan's action strategy: due on a date,
    assigned to an agent, done with a recorded result (or skipped with a reason)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    strategy = models.ForeignKey(
        "strategies.Strategy",
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="plan_tasks",
    )
    title = models.CharField(_("title"), max_length=150)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        _USER,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_tasks",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    result = models.TextField(_("result"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        _USER,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"]),
            models.Index(fields=["plan", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "strategy", "customer", "due_on"], name="plantask_once_per_due"
            )
        ]

    def __str__(self):
        return self.title
