"""Default permissions on grades, strategies, plans, needs and care per role (accounts.roles).

Managers define grades, rules, strategies and plans and run grading; supervisors read them and
run plans; agents register needs, execute plan tasks and care items; admins keep it all.
Each part of the app adds its permissions to the roles below (one block per part).
"""

from collections import defaultdict

_grants: dict[str, list[str]] = defaultdict(list)


def _grant(roles: str, *perms: str) -> None:
    for role in roles.split():
        _grants[role].extend(perms)


# grades, rules, overrides, transactions, segments

# grading runs

# strategy library

# plans and tasks

# needs

# care

ROLE_PERMISSIONS = dict(_grants)
