"""The 服务权益 (entitlements) panel of the customer 360 page: what the customer is entitled to
now and why (their grade's strategies, their running plans'), as new tickets will get it."""

from kefu.service.choices import Priority
from kefu.strategies import entitlements

ENTITLEMENTS_PANEL = "strategies/library_panel_entitlements.html"


def entitlements_panel(request, customer) -> dict | None:
    if not request.user.has_perm("strategies.view_strategy"):
        return None
    grants = entitlements.customer_grants(customer)
    level, priority = entitlements.strongest(grants)
    return {
        "grants": [
            {
                "grant": grant,
                "strategy": grant.strategy,
                "parts": entitlements.entitlement_parts(grant.strategy),
            }
            for grant in grants
        ],
        "level": level,
        "priority": Priority(priority).label if priority in Priority.values else priority,
    }
