"""Customer grades (客户等级), each customer's grade history, manual overrides, and the
transactions (spend) grading reads.

`Customer.grade` holds the code of the customer's current `Grade` ("" = not graded yet). The
grading rules and runs that set it live in the strategies app; this app keeps what a grade is
and what happened to a customer's grade.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.customers.choices import BadgeColor, GradeChangeSource, TransactionKind
from kefu.customers.models.customer import Customer

_SCORE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Grade(TimeStampedModel):
    """A customer grade (钻石 / 金 / 银 / 普通): higher `rank` is better. A grading run gives a
    customer the grade whose score band [min_score, max_score) holds their grading score (the top
    band includes 100); bands of active grades never overlap."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=30, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("Higher is better.")
    )
    min_score = models.DecimalField(
        _("lowest score"), max_digits=5, decimal_places=2, validators=_SCORE
    )
    max_score = models.DecimalField(
        _("score below"), max_digits=5, decimal_places=2, validators=_SCORE
    )
    color = models.CharField(
        _("badge colour"), max_length=10, choices=BadgeColor.choices, default=BadgeColor.SECONDARY
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("customer grade")
        verbose_name_plural = _("customer grades")
        ordering = ["-rank"]
        permissions = [("override_grade", _("Can set a customer's grade by hand"))]

    def __str__(self):
        return self.name


class GradeChange(models.Model):
    """One change of a customer's grade: when, from → to, why (the grade history)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="grade_changes"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    from_grade = models.CharField(_("from grade"), max_length=20, blank=True)
    to_grade = models.CharField(_("to grade"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=GradeChangeSource.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    score = models.DecimalField(
        _("grading score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # the strategies app's GradingRun id (no foreign key: that app is above this one)
    run_id = models.PositiveIntegerField(_("grading run"), null=True, blank=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("grade change")
        verbose_name_plural = _("grade history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["customer", "-at"])]

    def __str__(self):
        return f"{self.customer_id}: {self.from_grade or '-'} → {self.to_grade or '-'}"


class GradeOverride(TimeStampedModel):
    """A grade set by hand, with its reason, until it expires: grading runs leave the customer
    alone while it is in force. Ended early by a person or by expiry (`ended_at`)."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="grade_overrides",
    )
    grade = models.CharField(_("grade"), max_length=20)
    reason = models.CharField(_("reason"), max_length=300)
    expires_on = models.DateField(_("expires on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("grade override")
        verbose_name_plural = _("grade overrides")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(ended_at__isnull=True),
                name="gradeoverride_one_in_force",
            )
        ]

    def __str__(self):
        return f"{self.customer_id}: {self.grade} → {self.expires_on}"


class Transaction(TimeStampedModel):
    """A sale, refund or paid service of a customer (spend for grading and value analysis),
    imported from the sales system or entered through the API. `reference` is unique per source,
    so a re-import never counts a transaction twice."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="transactions"
    )
    source = models.CharField(_("source system"), max_length=30, default="import")
    reference = models.CharField(_("reference"), max_length=60)
    kind = models.CharField(
        _("type"), max_length=10, choices=TransactionKind.choices, default=TransactionKind.SALE
    )
    occurred_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, help_text=_("Negative for a refund.")
    )
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(_("payment due"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["customer", "occurred_on"])]
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="transaction_unique_ref")
        ]

    def __str__(self):
        return f"{self.reference} {self.amount}"
