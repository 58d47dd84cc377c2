from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnitKind(models.TextChoices):
    HEADQUARTERS = "hq", _("headquarters")
    BRANCH = "branch", _("branch centre")
    OUTLET = "outlet", _("service outlet")
    DEPARTMENT = "department", _("department")


class LoginEventKind(models.TextChoices):
    LOGIN = "login", _("login")
    LOGOUT = "logout", _("logout")
    FAILED = "failed", _("failed login")


class ParameterKind(models.TextChoices):
    TEXT = "text", _("text")
    INTEGER = "integer", _("integer")
    DECIMAL = "decimal", _("decimal")
    BOOLEAN = "boolean", _("yes/no")
    TIME = "time", _("time of day")
    JSON = "json", _("JSON")
