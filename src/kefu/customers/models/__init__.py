from kefu.customers.models.customer import Customer, Tag
from kefu.customers.models.details import Address, Asset, Contact, Phone
from kefu.customers.models.grades import Grade, GradeChange, GradeOverride, Transaction

__all__ = [
    "Address",
    "Asset",
    "Contact",
    "Customer",
    "Grade",
    "GradeChange",
    "GradeOverride",
    "Phone",
    "Tag",
    "Transaction",
]
