"""Hooks through which higher apps change service behaviour without being imported here.

The strategies app registers an entitlement provider: given a customer and a ticket type it
answers the response-time level code its grade and plans entitle to, a queue-priority boost and
the reasons, e.g. ``Entitlement(level="gold", priority=3, reasons=["金卡客户: 4 小时响应"])``.
The tightest level and the highest priority of all providers win.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Entitlement:
    level: str | None = None
    priority: int | None = None
    reasons: list[str] = field(default_factory=list)


_providers: list[Callable] = []
_desk_panels: list[str] = []
_ticket_panels: list[str] = []
_visit_panels: list[str] = []


def register_entitlement_provider(provider: Callable) -> None:
    """`provider(customer, ticket_type) -> Entitlement | None`."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_entitlement_provider(provider: Callable) -> None:
    if provider in _providers:
        _providers.remove(provider)


def entitlements(customer, ticket_type: str) -> list[Entitlement]:
    if customer is None:
        return []
    found = (provider(customer, ticket_type) for provider in _providers)
    return [e for e in found if e is not None]


def register_desk_panel(template_name: str) -> None:
    """A template included in the agent desk's side column (answer templates, knowledge ...).

    It is rendered with the desk's context: `customer` (or None), `request`, `user`.
    """
    if template_name not in _desk_panels:
        _desk_panels.append(template_name)


def desk_panels() -> list[str]:
    return list(_desk_panels)


def register_ticket_panel(template_name: str) -> None:
    """A template included in the ticket page's side column (e.g. "register as a customer need").

    It is rendered with the ticket page's context: `ticket`, `request`, `user`, `perms`.
    """
    if template_name not in _ticket_panels:
        _ticket_panels.append(template_name)


def ticket_panels() -> list[str]:
    return list(_ticket_panels)


def register_visit_panel(template_name: str) -> None:
    """A template included in the follow-up visit page's side column; context: `visit`, ..."""
    if template_name not in _visit_panels:
        _visit_panels.append(template_name)


def visit_panels() -> list[str]:
    return list(_visit_panels)
