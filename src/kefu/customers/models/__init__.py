from kefu.customers.models.customer import Customer, Tag
from kefu.customers.models.details import Address, Asset, Contact, Phone

__all__ = ["Address", "Asset", "Contact", "Customer", "Phone", "Tag"]
