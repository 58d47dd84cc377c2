from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "kefu.strategies"
    label = "strategies"
    verbose_name = _("Strategies")

    def ready(self):
        from kefu.strategies import navigation, panels

        navigation.register()
        panels.register()
        from kefu.strategies import parameters_grading

        parameters_grading.register()
