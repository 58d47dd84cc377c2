from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "kefu.catalog"
    label = "catalog"
    verbose_name = _("Base data")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from kefu.catalog.models import Region
        from kefu.catalog.selectors import regions_forget
        from kefu.catalog.views_dictionary import navigation_entries
        from kefu.catalog.views_taxonomy import navigation_entries as taxonomy_entries
        from kefu.core import navigation as nav

        for signal in (post_save, post_delete):
            signal.connect(
                lambda **kwargs: regions_forget(),
                sender=Region,
                weak=False,
                dispatch_uid=f"kefu_regions_{signal is post_save}",
            )

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
        nav.register(*navigation_entries())
        nav.register(*taxonomy_entries())
