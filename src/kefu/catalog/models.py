"""Base data: products, regions of China, departments, service types, the code dictionary and the
fault taxonomy."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.catalog.choices import DictKind, FaultLevel, RegionLevel
from kefu.core.models import TimeStampedModel


class ProductType(TimeStampedModel):
    """A product line (空调, 洗衣机 ...); may nest (家电 → 空调)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product type")
        verbose_name_plural = _("product types")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ProductModel(TimeStampedModel):
    """A sellable model of a product type, with its standard warranty."""

    product_type = models.ForeignKey(
        ProductType, verbose_name=_("product type"), on_delete=models.PROTECT, related_name="models"
    )
    code = models.CharField(_("model code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), default=12)
    maintenance_interval_days = models.PositiveSmallIntegerField(
        _("maintenance interval (days)"),
        null=True,
        blank=True,
        help_text=_("Installed products of this model are due for maintenance this often."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product model")
        verbose_name_plural = _("product models")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} {self.code}"


class Region(models.Model):
    """A province, city or district, keyed by its GB/T 2260 code, with a centre point."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.full_name or self.name

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


class Department(TimeStampedModel):
    """A department of the company (客服部, 技术部 ...) that tickets can be referred to."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ServiceType(TimeStampedModel):
    """A kind of field service (安装, 维修, 送货, 保养 ...) outlets offer and orders need."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["code"]

    def __str__(self):
        return self.name


class DictItem(TimeStampedModel):
    """One entry of an admin-editable code list (feedback categories, evaluation items ...)."""

    kind = models.CharField(_("list"), max_length=40, choices=DictKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("dictionary entry")
        verbose_name_plural = _("dictionary")
        ordering = ["kind", "sort", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="dictitem_kind_code")]

    def __str__(self):
        return self.name


class FaultNode(TimeStampedModel):
    """One entry of the fault taxonomy: product type → fault type → phenomenon → cause → measure.

    A fault type hangs under a product type (no parent); every lower level under an entry of the
    level above. `product_type` is copied down the tree so a repair form can list the phenomena of
    its product in one query. Repair tickets pick a phenomenon at intake and a cause and measure at
    completion; fault statistics count them.
    """

    level = models.PositiveSmallIntegerField(_("level"), choices=FaultLevel.choices)
    product_type = models.ForeignKey(
        ProductType,
        verbose_name=_("product type"),
        on_delete=models.PROTECT,
        related_name="fault_nodes",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    sort = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("fault taxonomy entry")
        verbose_name_plural = _("fault taxonomy")
        ordering = ["product_type", "level", "sort", "code"]
        indexes = [models.Index(fields=["product_type", "level"], name="faultnode_type_level")]
        constraints = [
            models.UniqueConstraint(
                fields=["product_type", "level", "code"], name="faultnode_type_level_code"
            ),
            models.CheckConstraint(
                condition=models.Q(level=FaultLevel.FAULT_TYPE, parent__isnull=True)
                | models.Q(level__gt=FaultLevel.FAULT_TYPE, parent__isnull=False),
                name="faultnode_parent_by_level",
            ),
        ]

    def __str__(self):
        return self.name
