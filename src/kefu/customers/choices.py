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
