"""The customer record (客户信息): a company or an individual, owned by an org unit."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.customers.choices import CustomerKind, Gender


class Tag(models.Model):
    """A free label on customers (VIP, 经销商, 老客户 ...)."""

    name = models.CharField(_("name"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Customer(TimeStampedModel):
    """A company or an individual the company serves.

    `search_text` holds the segmented name, its pinyin forms and the code (see core.search);
    `version` guards against lost updates (optimistic locking); a deleted customer keeps its
    row (`deleted_at`) so that history stays whole.
    """

    kind = models.CharField(_("type"), max_length=10, choices=CustomerKind.choices)
    code = models.CharField(_("customer code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_initials = models.CharField(
        _("pinyin initials"), max_length=30, blank=True, db_index=True, editable=False
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "catalog.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.CharField(_("grade"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # companies
    main_business = models.CharField(_("main business"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    # individuals
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=50, blank=True)
    hobbies = models.CharField(_("hobbies"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="+")
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["org_unit", "-id"]), models.Index(fields=["name"])]
        permissions = [
            ("view_all_customers", _("Can see the customers of every org unit")),
            ("view_personal_data", _("Can see full phone numbers and addresses")),
            ("export_customers", _("Can export customer lists")),
            ("import_customers", _("Can import customers")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.pk])

    @property
    def is_company(self) -> bool:
        return self.kind == CustomerKind.COMPANY
