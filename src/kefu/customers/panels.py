"""Panels other apps add to the customer 360 page, without this app importing them.

A higher app (service, strategies ...) registers a template and a function that builds its
context; the detail page includes each panel whose function returns a dict (None hides it, e.g.
for a user without the permission). The panel template sees the page's context plus `panel`.
"""

from collections.abc import Callable

_panels: list[tuple[str, Callable]] = []


def register_customer_panel(template_name: str, context_fn: Callable) -> None:
    """`context_fn(request, customer) -> dict | None`; registering a template again replaces it."""
    _panels[:] = [(name, fn) for name, fn in _panels if name != template_name]
    _panels.append((template_name, context_fn))


def customer_panels(request, customer) -> list[tuple[str, dict]]:
    """(template name, context) of every panel to show on this customer's page, in order."""
    shown = []
    for template_name, context_fn in _panels:
        context = context_fn(request, customer)
        if context is not None:
            shown.append((template_name, context))
    return shown
