from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("holiday")
    WORKDAY = "workday", _("make-up workday")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("checking")
    PREVIEW = "preview", _("preview")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportRowStatus(models.TextChoices):
    PENDING = "pending", _("not yet checked")
    VALID = "valid", _("valid")
    REJECTED = "rejected", _("rejected")
    IMPORTED = "imported", _("imported")


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
