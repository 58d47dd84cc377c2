"""API: grades."""

from ninja import Router

router = Router(tags=["grades"])
