"""Users, the org-unit tree, roles, system parameters, API keys and the login log."""

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.accounts.choices import LoginEventKind, OrgUnitKind, ParameterKind
from kefu.core.models import TimeStampedModel


class OrgUnit(TimeStampedModel):
    """A node of the organisation: headquarters → branch centre → outlet (or a department).

    `path` is the materialised path of ids ("/1/4/9/"), so a subtree is one indexed prefix query.
    """

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False, default="")
    region_code = models.CharField(_("region code"), max_length=12, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        permissions = [("view_all_orgunits", _("Can see the data of every org unit"))]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class User(AbstractUser):
    """A person who logs in. Belongs to one org unit; roles are groups."""

    name = models.CharField(_("full name"), max_length=50, blank=True)
    employee_no = models.CharField(_("employee no."), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username

    def role_codes(self) -> set[str]:
        if not hasattr(self, "_role_codes"):
            self._role_codes = set(
                Role.objects.filter(group__user=self).values_list("code", flat=True)
            )
        return self._role_codes

    def has_role(self, code: str) -> bool:
        return code in self.role_codes()


class Role(models.Model):
    """One of the roles of ARCHITECTURE.md, backed by an editable group of permissions.

    `applied_defaults` remembers which default permissions were given, so that a permission an
    admin removed stays removed and a permission a new release adds is given once.
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    group = models.OneToOneField(
        Group, verbose_name=_("permission group"), on_delete=models.CASCADE, related_name="role"
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    applied_defaults = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["id"]

    def __str__(self):
        return self.group.name


class Parameter(TimeStampedModel):
    """A typed system parameter, editable by admins, cached, audited."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=ParameterKind.choices)
    value = models.JSONField(_("value"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("system parameter")
        verbose_name_plural = _("system parameters")
        ordering = ["key"]

    def __str__(self):
        return self.key


class ApiKey(TimeStampedModel):
    """A user's key for `Authorization: Bearer <key>`. Only a SHA-256 hash is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class LoginEvent(models.Model):
    """A login, logout or failed login, with the address it came from."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=LoginEventKind.choices)
    username = models.CharField(_("username"), max_length=150, db_index=True)
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind}"
