from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "kefu.catalog"
    label = "catalog"
    verbose_name = _("Base data")

    def ready(self):
        from kefu.core import navigation as nav

        base = _("Base data")
        nav.register(
            nav.NavEntry(
                base, _("Regions"), "catalog:regions", ("catalog.view_region",), "geo-alt", 800
            ),
            nav.NavEntry(
                base,
                _("Products"),
                "catalog:products",
                ("catalog.view_productmodel",),
                "box-seam",
                810,
            ),
        )
