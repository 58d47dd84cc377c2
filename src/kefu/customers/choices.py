from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    COMPANY = "company", _("company")
    PERSON = "person", _("individual")


class PhoneKind(models.TextChoices):
    MOBILE = "mobile", _("mobile")
    FIXED = "fixed", _("fixed line")


class Gender(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class GradeChangeSource(models.TextChoices):
    """Why a customer's grade changed."""

    RUN = "run", _("grading run")
    MANUAL = "manual", _("manual override")
    EXPIRY = "expiry", _("override expired")
    IMPORT = "import", _("import")


class BadgeColor(models.TextChoices):
    """The colour of a grade's badge."""

    PRIMARY = "primary", _("blue")
    WARNING = "warning", _("gold")
    SECONDARY = "secondary", _("grey")
    INFO = "info", _("cyan")
    SUCCESS = "success", _("green")
    DANGER = "danger", _("red")
    DARK = "dark", _("black")


class TransactionKind(models.TextChoices):
    SALE = "sale", _("sale")
    REFUND = "refund", _("refund")
    SERVICE = "service", _("paid service")
