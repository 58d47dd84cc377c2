"""How the answer-template renderer reads a customer or a ticket as the user may see them.

Customers and tickets live in apps this one may not import (customers beside it, service above
it). Those apps register a loader at start-up: `loader(*, user, pk)` returns the object if the
user may see it and raises Http404 otherwise. With no loader registered, nothing is visible.
"""

from collections.abc import Callable

from django.http import Http404

CUSTOMER, TICKET = "customer", "ticket"
_loaders: dict[str, Callable] = {}


def register_subject_loader(kind: str, loader: Callable) -> None:
    """`kind` is "customer" or "ticket"; registering again replaces the loader."""
    if kind not in (CUSTOMER, TICKET):
        raise ValueError(f"unknown subject kind: {kind}")
    _loaders[kind] = loader


def subject_load(kind: str, *, user, pk):
    """The customer or ticket `pk` as `user` sees it, or Http404."""
    loader = _loaders.get(kind)
    if loader is None:
        raise Http404
    return loader(user=user, pk=pk)
