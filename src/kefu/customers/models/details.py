"""What hangs off a customer: phones, addresses, company contacts, installed products."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kefu.core.models import TimeStampedModel
from kefu.customers.choices import PhoneKind
from kefu.customers.models.customer import Customer


class Phone(models.Model):
    """A phone in E.164, indexed for caller-ID look-up (exact) and last-digits search.

    `reversed_digits` is the national number backwards: "last four digits" becomes a prefix
    range on an ordinary index, on every database.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone"), max_length=20, db_index=True)
    reversed_digits = models.CharField(max_length=20, db_index=True, editable=False)
    kind = models.CharField(_("type"), max_length=10, choices=PhoneKind.choices)
    label = models.CharField(_("label"), max_length=20, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "number"], name="phone_customer_number")
        ]

    def __str__(self):
        return self.number


class Address(models.Model):
    """An address: a region down to the district, and the street detail."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    region = models.ForeignKey(
        "catalog.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    detail = models.CharField(_("street address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    label = models.CharField(_("label"), max_length=20, blank=True)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "id"]

    def __str__(self):
        prefix = self.region.full_name if self.region_id else ""
        return f"{prefix}{self.detail}"


class Contact(TimeStampedModel):
    """A person acting as a contact of a company; one person may serve several companies."""

    company = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        Customer, verbose_name=_("person"), on_delete=models.CASCADE, related_name="contact_of"
    )
    title = models.CharField(_("position"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("company contact")
        verbose_name_plural = _("company contacts")
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "person"], name="contact_company_person")
        ]

    def __str__(self):
        return f"{self.person} @ {self.company}"


class Asset(TimeStampedModel):
    """An installed product (装机档案): model, serial number, purchase date, warranty end."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="assets")
    product_model = models.ForeignKey(
        "catalog.ProductModel",
        verbose_name=_("product model"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True, db_index=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    warranty_end = models.DateField(_("warranty end"), null=True, blank=True)
    address = models.ForeignKey(
        Address,
        verbose_name=_("install address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("installed product")
        verbose_name_plural = _("installed products")
        ordering = ["-purchase_date", "-id"]

    def __str__(self):
        return f"{self.product_model} {self.serial_number}".strip()
