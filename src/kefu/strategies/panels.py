"""Panels this app adds to the customer 360 page and the agent desk (see customers.panels and
service.hooks), registered from `StrategiesConfig.ready()`."""

from kefu.customers.panels import register_customer_panel  # noqa: F401


def register() -> None:
    pass
