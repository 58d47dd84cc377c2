"""Default permissions on the service app per role (see accounts.roles)."""

_READ = ["service.view_ticket", "service.view_interaction"]
_DESK = _READ + [
    "service.add_ticket",
    "service.change_ticket",
    "service.add_interaction",
    "service.view_visit",
    "service.change_visit",  # record follow-up visits (回访)
]
_LEAD = _DESK + [
    "service.assign_ticket",
    "service.audit_ticket",
    "service.merge_ticket",
    "service.export_tickets",
]

ROLE_PERMISSIONS = {
    "agent": _DESK + ["service.merge_ticket"],
    "expert": _DESK,
    "supervisor": _LEAD,
    "manager": _LEAD + ["service.view_all_tickets", "service.manage_workflows"],
    "dispatcher": _READ + ["service.change_ticket", "service.assign_ticket"],
    "outlet": ["service.view_ticket", "service.change_ticket", "service.view_visit"],
    "finance": ["service.view_ticket"],
    "admin": _LEAD + ["service.view_all_tickets", "service.manage_workflows"],
}
