"""Default permissions on customers per role (see accounts.roles)."""

_READ = ["customers.view_customer"]
_WRITE = ["customers.add_customer", "customers.change_customer"]
_PII = ["customers.view_personal_data"]

ROLE_PERMISSIONS = {
    "agent": _READ + _WRITE + _PII + ["customers.export_customers"],
    "expert": _READ + _PII,
    "supervisor": _READ
    + _WRITE
    + _PII
    + ["customers.export_customers", "customers.import_customers"],
    "manager": _READ
    + _WRITE
    + _PII
    + [
        "customers.delete_customer",
        "customers.view_all_customers",
        "customers.export_customers",
        "customers.import_customers",
    ],
    "dispatcher": _READ + _PII,
    "outlet": _READ + _PII,
    "finance": _READ,
    "admin": _READ
    + _WRITE
    + _PII
    + [
        "customers.delete_customer",
        "customers.view_all_customers",
        "customers.export_customers",
        "customers.import_customers",
        "customers.view_tag",
        "customers.add_tag",
        "customers.change_tag",
    ],
}
