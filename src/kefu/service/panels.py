"""The service app's panels on the customer 360 page: open and recent tickets, contact history.

`register_panels()` is called once at start-up (from `registry.register_all`).
"""

from kefu.customers.panels import register_customer_panel
from kefu.service import selectors

TICKETS_PANEL = "service/_customer_panel_tickets.html"
HISTORY_PANEL = "service/_customer_panel_history.html"


def tickets_panel(request, customer) -> dict | None:
    user = request.user
    if not user.has_perm("service.view_ticket"):
        return None
    open_tickets = selectors.customer_open_tickets(user=user, customer_id=customer.pk)
    shown = {t.pk for t in open_tickets}
    recent = selectors.customer_recent_tickets(user=user, customer_id=customer.pk)
    return {
        "open_tickets": open_tickets,
        "recent_tickets": [t for t in recent if t.pk not in shown],
        "can_create": user.has_perm("service.add_ticket"),
    }


def history_panel(request, customer) -> dict | None:
    user = request.user
    if not user.has_perm("service.view_interaction"):
        return None
    return {"history": selectors.customer_history(user=user, customer_id=customer.pk)}


def register_panels() -> None:
    register_customer_panel(TICKETS_PANEL, tickets_panel)
    register_customer_panel(HISTORY_PANEL, history_panel)
