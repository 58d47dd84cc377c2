from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "kefu.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from kefu.accounts import parameters
        from kefu.accounts.choices import ParameterKind
        from kefu.core import navigation as nav

        parameters.register(
            "customers.duplicate_name_score",
            ParameterKind.INTEGER,
            90,
            _("Similarity (0–100) from which two names count as duplicates"),
        )
        section = _("Customers")
        nav.register(
            nav.NavEntry(
                section,
                _("Customers"),
                "customers:list",
                ("customers.view_customer",),
                "people",
                10,
            ),
            nav.NavEntry(
                section,
                _("New customer"),
                "customers:create",
                ("customers.add_customer",),
                "person-plus",
                11,
            ),
            nav.NavEntry(
                section,
                _("Import customers"),
                "customers:import",
                ("customers.import_customers",),
                "upload",
                12,
            ),
        )
