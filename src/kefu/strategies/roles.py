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
# Overrides change a customer's entitlements (SLA, priority, cost): a business decision of the
# manager (客服经理), who owns grades and strategies, and of admins; supervisors run the floor
# and may ask for one, so they read grades, rules, spend and segments but do not set grades.
_grant("agent expert supervisor manager admin", "customers.view_grade")
_grant("supervisor manager admin", "strategies.view_gradingcriterion", "strategies.view_segment")
_grant("supervisor manager admin finance", "customers.view_transaction")
_grant(
    "manager admin",
    *[f"customers.{v}_grade" for v in ("add", "change", "delete")],
    "strategies.change_gradingcriterion",
    "customers.override_grade",
    *[f"strategies.{v}_segment" for v in ("add", "change")],
)
_grant("admin", "customers.add_transaction")  # spend comes from the sales system: imports, API

# grading runs
# Supervisors see the runs and their proposed changes; managers and admins preview and apply.
_grant("supervisor manager admin", "strategies.view_gradingrun")
_grant("manager admin", "strategies.run_grading", "strategies.apply_grading")
_grant("agent expert supervisor manager admin", "strategies.view_customerscore")  # 360 panel

# strategy library
_grant("manager admin", *[f"strategies.{v}_strategy" for v in ("add", "change", "view")])
_grant("supervisor agent expert", "strategies.view_strategy")

# plans and tasks
_grant(
    "manager supervisor admin",
    *[f"strategies.{v}_plan" for v in ("add", "change", "view")],
    "strategies.view_plantask",
    "strategies.change_plantask",
)
_grant("manager admin", "strategies.view_all_plans")
_grant("agent", "strategies.view_plan", "strategies.view_plantask", "strategies.change_plantask")

# needs
_grant(
    "agent expert supervisor manager admin",
    *[f"strategies.{v}_need" for v in ("add", "change", "view")],
)
_grant("manager admin", "strategies.view_all_needs")

# care
_grant(
    "agent supervisor manager admin",
    "strategies.view_careitem",
    "strategies.change_careitem",
    "strategies.view_carecampaign",
)
_grant(
    "manager admin",
    "strategies.add_careitem",
    "strategies.add_carecampaign",
    "strategies.change_carecampaign",
)

ROLE_PERMISSIONS = dict(_grants)
