from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`kefu demo`: seeds an empty database. Top of the dependency chain: may import every app."""

    name = "kefu.demo"
    label = "demo"
    verbose_name = _("Demo data")
