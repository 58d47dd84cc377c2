"""System parameters of grading runs, registered from `StrategiesConfig.ready()`."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from kefu.accounts import parameters
    from kefu.accounts.choices import ParameterKind

    parameters.register(
        "strategies.grading_auto_apply",
        ParameterKind.BOOLEAN,
        False,
        _("Apply the nightly grading run without a person checking its preview"),
    )
    parameters.register(
        "strategies.service_order_cost",
        ParameterKind.DECIMAL,
        "50",
        _("Cost to serve one service order (CNY), counted in a customer's cost and profitability"),
    )
