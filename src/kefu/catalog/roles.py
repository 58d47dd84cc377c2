"""Default permissions on base data per role (see accounts.roles)."""

_VIEW = [
    "catalog.view_producttype",
    "catalog.view_productmodel",
    "catalog.view_region",
    "catalog.view_department",
    "catalog.view_servicetype",
    "catalog.view_dictitem",
    "catalog.view_faultnode",
]
_EDIT = [
    f"catalog.{verb}_{model}"
    for verb in ("add", "change", "delete")
    for model in (
        "producttype",
        "productmodel",
        "region",
        "department",
        "servicetype",
        "dictitem",
        "faultnode",
    )
]

ROLE_PERMISSIONS = {
    role: _VIEW
    for role in (
        "agent",
        "expert",
        "supervisor",
        "manager",
        "dispatcher",
        "outlet",
        "parts",
        "finance",
    )
} | {"admin": _VIEW + _EDIT}
