"""API: care."""

from ninja import Router

router = Router(tags=["care"])
