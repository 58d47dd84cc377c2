"""Panels this app adds to the customer 360 page and the agent desk (see customers.panels and
service.hooks), registered from `StrategiesConfig.ready()`."""

from kefu.customers.panels import register_customer_panel


def register() -> None:
    from kefu.strategies import entitlements, panels_grades, panels_library

    # grades: the 客户等级 panel (badge, override, history, recent transactions)
    register_customer_panel(panels_grades.GRADE_PANEL, panels_grades.grade_panel)

    # strategy library: the entitlement provider of service.hooks, the 服务权益 panel
    entitlements.register()
    register_customer_panel(panels_library.ENTITLEMENTS_PANEL, panels_library.entitlements_panel)
    _register_needs()

    # grading: the 客户价值分析 panel (grading score, the seven value scores and how)
    from kefu.strategies import panels_grading

    register_customer_panel(panels_grading.VALUE_PANEL, panels_grading.value_panel)


def _register_needs() -> None:
    """Customer needs: the 360 panel, the desk's link, the ticket's and the visit's action."""
    from kefu.service import hooks
    from kefu.strategies import views_needs

    register_customer_panel("strategies/needs_customer_panel.html", views_needs.customer_panel)
    hooks.register_desk_panel("strategies/needs_desk_panel.html")
    hooks.register_ticket_panel("strategies/needs_ticket_panel.html")
    hooks.register_visit_panel("strategies/needs_visit_panel.html")
