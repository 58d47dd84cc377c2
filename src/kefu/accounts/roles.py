"""The roles of ARCHITECTURE.md and their default permissions.

Every app may ship a `roles.py` with `ROLE_PERMISSIONS = {role_code: ["app_label.codename", ...]}`;
`roles_sync()` (run after every migrate) gives each role the defaults it has not been given
before. Admins edit the groups afterwards; their removals stick.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

AGENT = "agent"
EXPERT = "expert"
SUPERVISOR = "supervisor"
MANAGER = "manager"
DISPATCHER = "dispatcher"
OUTLET = "outlet"
PARTS = "parts"
FINANCE = "finance"
ADMIN = "admin"
CUSTOMER = "customer"

ROLES = {
    AGENT: (_("Agent"), "客服人员/业务代表"),
    EXPERT: (_("Expert"), "专家席"),
    SUPERVISOR: (_("Supervisor"), "客服主管/班长"),
    MANAGER: (_("Manager"), "客服经理"),
    DISPATCHER: (_("Dispatcher"), "调度"),
    OUTLET: (_("Outlet staff"), "服务网点/特约维修部"),
    PARTS: (_("Parts keeper"), "配件管理员"),
    FINANCE: (_("Finance"), "财务"),
    ADMIN: (_("Administrator"), "系统管理员"),
    CUSTOMER: (_("Customer"), "客户"),
}
GROUP_NAMES = {code: chinese for code, (_label, chinese) in ROLES.items()}

ROLE_PERMISSIONS = {
    ADMIN: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_orgunit",
        "accounts.add_orgunit",
        "accounts.change_orgunit",
        "accounts.view_role",
        "accounts.change_role",
        "auth.view_group",
        "auth.change_group",
        "auth.view_permission",
        "accounts.view_parameter",
        "accounts.change_parameter",
        "accounts.view_apikey",
        "accounts.view_loginevent",
        "accounts.view_all_orgunits",
        "core.view_auditevent",
        "core.view_holiday",
        "core.add_holiday",
        "core.change_holiday",
        "core.delete_holiday",
    ],
    MANAGER: [
        "core.view_auditevent",
        "accounts.view_loginevent",
        "accounts.view_all_orgunits",
        "accounts.view_parameter",
    ],
    SUPERVISOR: ["core.view_auditevent"],
}


def collected_defaults() -> dict[str, set[str]]:
    """Default permissions of every role, gathered from each installed app's roles module."""
    merged: dict[str, set[str]] = {code: set() for code in ROLES}
    for config in apps.get_app_configs():
        if not config.name.startswith("kefu."):
            continue
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError:
            continue
        for code, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(code, set()).update(perms)
    return merged


def _permissions(names: set[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    candidates = Permission.objects.select_related("content_type").filter(
        codename__in={codename for _app, codename in wanted}
    )
    return [p for p in candidates if (p.content_type.app_label, p.codename) in wanted]


@transaction.atomic
def roles_sync(*, reset: bool = False) -> None:
    """Create missing roles and give each the defaults it was never given (all with `reset`)."""
    from kefu.accounts.models import Role

    for code, perms in collected_defaults().items():
        role = Role.objects.filter(code=code).select_related("group").first()
        if role is None:
            group, _created = Group.objects.get_or_create(name=GROUP_NAMES.get(code, code))
            role = Role.objects.create(code=code, group=group, description=str(ROLES[code][0]))
        applied = set() if reset else set(role.applied_defaults)
        new = _permissions(perms - applied)
        if reset:
            role.group.permissions.set(new)
        elif new:
            role.group.permissions.add(*new)
        role.applied_defaults = sorted(
            {f"{p.content_type.app_label}.{p.codename}" for p in new} | applied
        )
        role.save(update_fields=["applied_defaults"])


def role_label(code: str) -> str:
    label = ROLES.get(code)
    return str(label[0]) if label else code
