"""Shared kernel models: the timestamped base, the append-only audit log, the holiday table,
import batches and the job ledger."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.choices import DayKind, ImportRowStatus, ImportStatus, JobState


class TimeStampedModel(models.Model):
    """Every business row knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("the audit log is append-only")

    def delete(self):
        raise PermissionError("the audit log is append-only")


class AuditEvent(models.Model):
    """One business action: who did what to which object, with the changed fields before/after.

    Append-only: rows are never updated or deleted through the ORM, and database triggers refuse
    UPDATE and DELETE (migration 0005). A deleted user's rows keep the actor's id and name: the
    column has no constraint, and nothing is set to NULL (that would be an UPDATE).
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit log is append-only")


class Holiday(models.Model):
    """A day that departs from the Mon–Fri week: a public holiday, or a make-up workday (调休).

    Seeded from chinese-calendar (which knows 2004–2026); admins add later years as the State
    Council publishes them.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("holiday or make-up workday")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class ImportBatch(TimeStampedModel):
    """One uploaded file of an import (customers now; ETL sources later), with its totals."""

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    filename = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(max_length=64, blank=True)
    columns = models.JSONField(_("columns"), default=list, blank=True)  # [[title, field], ...]
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rejected rows"), default=0)
    imported_rows = models.PositiveIntegerField(_("imported rows"), default=0)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.kind} {self.filename}"


class ImportRow(models.Model):
    """One row of an imported file, kept whatever happened to it, with its reasons."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    line_no = models.PositiveIntegerField(_("line"))
    data = models.JSONField(_("data"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=ImportRowStatus.choices)
    errors = models.JSONField(_("errors"), default=dict, blank=True)
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch", "line_no"]
        indexes = [models.Index(fields=["batch", "status", "line_no"])]

    def __str__(self):
        return f"{self.batch_id}:{self.line_no}"


class JobRun(models.Model):
    """One run of a background job, kept in the database so that it is never lost or run twice.

    A consumer claims the row (queued, or running with an expired lease) with one conditional
    UPDATE; only the claim's `token` may finish it. See `core.job_runner` and ADR 0004.
    """

    id = models.CharField(primary_key=True, max_length=160)
    task = models.CharField(_("task"), max_length=120, db_index=True)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveIntegerField(_("maximum attempts"), default=1)
    available_at = models.DateTimeField(_("not before"))
    sent_at = models.DateTimeField(_("sent to the queue at"), null=True, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    token = models.CharField(max_length=32, blank=True)
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "lease_until"], name="core_jobrun_lease"),
            models.Index(fields=["state", "available_at"], name="core_jobrun_due"),
        ]

    def __str__(self):
        return f"{self.task} {self.id} {self.state}"
