"""Who is acting, and what each role may do. Enforced in services, not only hidden in the GUI."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from shopdesk.errors import AccessDenied
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.users import Role, User


class Permission(enum.StrEnum):
    """Things a member of staff may be allowed to do."""

    MANAGE_USERS = "manage users"
    CHANGE_SETTINGS = "change the shop settings"
    VIEW_AUDIT = "browse the audit log"
    CHANGE_PRICES = "change prices and costs"
    SEE_MARGINS = "see costs and margins"
    ISSUE_CREDIT_NOTES = "issue credit notes"
    VIEW_OWNER_REPORTS = "see the owner's reports"
    RESTORE_BACKUP = "restore a backup"
    RUN_BACKUP = "make a backup"
    EDIT_CUSTOMERS = "change customers and vehicles"
    SELL = "sell and take payments"
    MANAGE_STOCK = "receive and adjust stock"
    MANAGE_REPAIR_ORDERS = "open and change repair orders"
    WORK_JOBS = "work on jobs and clock time"


_CLERK = {
    Permission.RUN_BACKUP, Permission.EDIT_CUSTOMERS, Permission.SELL,
    Permission.MANAGE_STOCK, Permission.MANAGE_REPAIR_ORDERS, Permission.WORK_JOBS,
}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.CLERK: frozenset(_CLERK),
    Role.TECHNICIAN: frozenset({Permission.WORK_JOBS}),
}

ROLE_LABELS = {
    Role.OWNER: QT_TRANSLATE_NOOP("Labels", "Owner"),
    Role.CLERK: QT_TRANSLATE_NOOP("Labels", "Clerk"),
    Role.TECHNICIAN: QT_TRANSLATE_NOOP("Labels", "Technician"),
}


@dataclass(frozen=True)
class Actor:
    """The person (or the command line) doing something; passed to every service that writes."""

    user_id: int | None
    username: str
    role: Role
    display_name: str = ""

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.username, Role(user.role), user.display_name)

    @property
    def label(self) -> str:
        return self.display_name or self.username

    def can(self, permission: Permission) -> bool:
        """True when this actor's role allows ``permission``."""
        return permission in ROLE_PERMISSIONS[self.role]


#: Whoever runs the ``shopdesk`` command on this PC: they hold the database file (or its
#: PostgreSQL credentials) already, so the command line acts with the owner's rights.
COMMAND_LINE = Actor(None, "command line", Role.OWNER, "Command line")


def require(actor: Actor, permission: Permission) -> None:
    """Raise :class:`AccessDenied` unless ``actor`` may do ``permission``."""
    if not actor.can(permission):
        raise AccessDenied(
            f"A {ROLE_LABELS[actor.role].lower()} cannot {permission.value}; ask the owner.")
