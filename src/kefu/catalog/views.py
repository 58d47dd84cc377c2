"""Base-data pages: regions and product models (editing is in the admin site)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kefu.catalog.choices import RegionLevel
from kefu.catalog.models import ProductType
from kefu.catalog.selectors import product_model_list, region_list
from kefu.core.listing import Column, ListPageView


class RegionFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False)
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All"))] + RegionLevel.choices,
    )


class RegionListView(ListPageView):
    title = _("Regions")
    view_perm = "catalog.view_region"
    filter_form_class = RegionFilterForm
    default_sort = "code"
    export_name = "regions"
    columns = [
        Column("code", _("Code"), sort="code"),
        Column("name", _("Name"), sort="name"),
        Column("full_name", _("Full name")),
        Column("level", _("Level")),
        Column("longitude", _("Longitude")),
        Column("latitude", _("Latitude")),
    ]

    def get_queryset(self, filters):
        return region_list(user=self.request.user, **filters)


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or model code"), required=False)
    product_type = forms.ModelChoiceField(
        label=_("Product type"), required=False, queryset=ProductType.objects.filter(is_active=True)
    )

    def clean_product_type(self):
        value = self.cleaned_data.get("product_type")
        return value.pk if value else None


class ProductModelListView(ListPageView):
    title = _("Product models")
    view_perm = "catalog.view_productmodel"
    filter_form_class = ProductFilterForm
    default_sort = "code"
    export_name = "product-models"
    columns = [
        Column("code", _("Model code"), sort="code"),
        Column("name", _("Name"), sort="name"),
        Column("product_type__name", _("Product type")),
        Column("warranty_months", _("Warranty (months)"), sort="warranty_months"),
        Column(
            "maintenance_interval_days",
            _("Maintenance interval (days)"),
            sort="maintenance_interval_days",
        ),
    ]

    def get_queryset(self, filters):
        return product_model_list(user=self.request.user, **filters)
