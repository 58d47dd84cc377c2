"""Grading rules (客户分级规则), grading runs with their previewed changes, each customer's
computed metrics and value scores (客户价值分析), and saved segments (客户细分)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.strategies.choices import Metric, RunStatus, RunTrigger

_USER = settings.AUTH_USER_MODEL


class GradingCriterion(TimeStampedModel):
    """One weighted term of the grading score: a metric over a window, scored 0 at `zero_at` and
    100 at `full_at`, linearly in between and clamped (zero_at > full_at when lower is better,
    e.g. complaints). The grading score is the weighted mean of the active criteria's points."""

    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    window_days = models.PositiveIntegerField(
        _("window (days)"), null=True, blank=True, help_text=_("For spend, orders and complaints.")
    )
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    zero_at = models.DecimalField(_("0 points at"), max_digits=14, decimal_places=2)
    full_at = models.DecimalField(_("100 points at"), max_digits=14, decimal_places=2)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grading criterion")
        verbose_name_plural = _("grading criteria")
        ordering = ["sort", "id"]
        permissions = [
            ("run_grading", _("Can preview grading runs")),
            ("apply_grading", _("Can apply grading runs")),
        ]

    def __str__(self):
        return self.get_metric_display()


class GradingRun(models.Model):
    """One grading run: every customer scored with the criteria and grade bands of that moment
    (kept in `criteria` and `grades`), the grade changes it would make stored as `GradingChange`
    rows (the preview), and, once applied, exactly those changes made."""

    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    trigger = models.CharField(
        _("trigger"), max_length=10, choices=RunTrigger.choices, default=RunTrigger.MANUAL
    )
    requested_by = models.ForeignKey(
        _USER,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        _USER,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    criteria = models.JSONField(_("criteria"), default=list)
    grades = models.JSONField(_("grade bands"), default=list)
    customers_scored = models.PositiveIntegerField(_("customers scored"), default=0)
    changes_count = models.PositiveIntegerField(_("changes"), default=0)
    applied_count = models.PositiveIntegerField(_("changes applied"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped (changed since)"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("grading run")
        verbose_name_plural = _("grading runs")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"#{self.pk}"


class GradingChange(models.Model):
    """A grade change a run proposes for one customer (from → to, with the score)."""

    # No database constraints on these two, nor on CustomerScore.customer: a run writes a row
    # per customer (a million on the first run), and PostgreSQL checks a deferred foreign key row
    # by row at COMMIT, locking each customer; the rows are made from the customer table in the
    # same transaction, and Django still cascades the deletes.
    run = models.ForeignKey(
        GradingRun,
        verbose_name=_("grading run"),
        on_delete=models.CASCADE,
        related_name="changes",
        db_constraint=False,
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    from_grade = models.CharField(_("from grade"), max_length=20, blank=True)
    to_grade = models.CharField(_("to grade"), max_length=20, blank=True)
    score = models.DecimalField(_("grading score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("proposed grade change")
        verbose_name_plural = _("proposed grade changes")
        ordering = ["id"]
        indexes = [models.Index(fields=["run", "to_grade"])]

    def __str__(self):
        return f"{self.customer_id}: {self.from_grade or '-'} → {self.to_grade or '-'}"


class CustomerScore(models.Model):
    """A customer's metrics and scores (0–100) as the last grading run computed them. The 360
    page explains each score from these inputs; segments filter on the scores."""

    customer = models.OneToOneField(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="score",
        db_constraint=False,
    )
    run = models.ForeignKey(
        GradingRun,
        verbose_name=_("grading run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,  # every run rewrites every row: unindexed, the update stays HOT
    )
    computed_at = models.DateTimeField(_("computed at"))
    # inputs
    spend = models.DecimalField(_("spend"), max_digits=14, decimal_places=2, default=0)
    prev_spend = models.DecimalField(
        _("spend in the window before"), max_digits=14, decimal_places=2, default=0
    )
    cost = models.DecimalField(_("cost to serve"), max_digits=14, decimal_places=2, default=0)
    orders = models.PositiveIntegerField(_("orders"), default=0)
    recency_days = models.PositiveIntegerField(_("days since the last order"), null=True)
    tenure_days = models.PositiveIntegerField(_("days as a customer"), default=0)
    complaints = models.PositiveIntegerField(_("complaints"), default=0)
    satisfaction_avg = models.DecimalField(
        _("average satisfaction"), max_digits=3, decimal_places=2, null=True
    )
    on_time_rate = models.DecimalField(
        _("payments on time (%)"), max_digits=5, decimal_places=2, null=True
    )
    overdue_amount = models.DecimalField(
        _("overdue amount"), max_digits=14, decimal_places=2, default=0
    )
    # scores
    grading_score = models.DecimalField(_("grading score"), max_digits=5, decimal_places=2)
    value = models.PositiveSmallIntegerField(_("value"), default=0)
    loyalty = models.PositiveSmallIntegerField(_("loyalty"), default=0)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), default=0)
    profitability = models.PositiveSmallIntegerField(_("profitability"), default=0)
    potential = models.PositiveSmallIntegerField(_("potential"), default=0)
    credit = models.PositiveSmallIntegerField(_("credit"), default=0)
    risk = models.PositiveSmallIntegerField(_("risk"), default=0)

    class Meta:
        verbose_name = _("customer score")
        verbose_name_plural = _("customer scores")

    def __str__(self):
        return f"{self.customer_id}: {self.grading_score}"


class Segment(TimeStampedModel):
    """A saved filter over grades and scores (客户细分), e.g. 金卡 with risk ≥ 60.

    `conditions` is a list of {"score": "<CustomerScore field>", "op": ">=" | "<=", "value": n}.
    """

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    grades = models.JSONField(_("grades"), default=list, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    created_by = models.ForeignKey(
        _USER,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")
        ordering = ["name"]

    def __str__(self):
        return self.name
