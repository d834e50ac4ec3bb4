"""peewee models, one module per area of the shop."""

from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import BaseModel, VersionedModel, database_proxy
from shopdesk.models.settings import ShopSettings, TaxRate
from shopdesk.models.users import Role, User

__all__ = [
    "AuditEntry",
    "BaseModel",
    "Role",
    "ShopSettings",
    "TaxRate",
    "User",
    "VersionedModel",
    "database_proxy",
]
