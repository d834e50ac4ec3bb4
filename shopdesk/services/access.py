"""Who is acting, and what each role may do. Enforced in services, not only hidden in the GUI."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from shopdesk.errors import AccessDenied, Term
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.users import Role, User


class Permission(enum.StrEnum):
    """Things a member of staff may be allowed to do."""

    MANAGE_USERS = "manage users"
    CHANGE_SETTINGS = "change the shop settings"
    VIEW_AUDIT = "browse the audit log"
    CHANGE_PRICES = "change prices and costs"
    SEE_COSTS = "see costs and margins"
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

# what the owner may grant one member of staff on top of their role (Settings → Users)
GRANTABLE: frozenset[Permission] = frozenset({Permission.SEE_COSTS})

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
    #: permissions the owner granted this person on top of their role (see GRANTABLE)
    grants: frozenset[Permission] = frozenset()

    @classmethod
    def of(cls, user: User) -> Actor:
        grants = frozenset({Permission.SEE_COSTS}) if getattr(user, "see_costs", False) \
            else frozenset()
        return cls(user.id, user.username, Role(user.role), user.display_name, grants)

    @property
    def label(self) -> str:
        return self.display_name or self.username

    def can(self, permission: Permission) -> bool:
        """True when this actor's role allows ``permission``, or the owner granted it."""
        return permission in ROLE_PERMISSIONS[self.role] or permission in self.grants

    @property
    def sees_costs(self) -> bool:
        """Whether costs and margins are shown to this actor (the owner, or granted)."""
        return self.can(Permission.SEE_COSTS)


#: Whoever runs the ``shopdesk`` command on this PC: they hold the database file (or its
#: PostgreSQL credentials) already, so the command line acts with the owner's rights.
COMMAND_LINE = Actor(None, "command line", Role.OWNER, "Command line")


#: what each permission lets a person do, as a refusal names it
PERMISSION_LABELS = {
    Permission.MANAGE_USERS: QT_TRANSLATE_NOOP("Labels", "manage users"),
    Permission.CHANGE_SETTINGS: QT_TRANSLATE_NOOP("Labels", "change the shop settings"),
    Permission.VIEW_AUDIT: QT_TRANSLATE_NOOP("Labels", "browse the audit log"),
    Permission.CHANGE_PRICES: QT_TRANSLATE_NOOP("Labels", "change prices and costs"),
    Permission.SEE_COSTS: QT_TRANSLATE_NOOP("Labels", "see costs and margins"),
    Permission.ISSUE_CREDIT_NOTES: QT_TRANSLATE_NOOP("Labels", "issue credit notes"),
    Permission.VIEW_OWNER_REPORTS: QT_TRANSLATE_NOOP("Labels", "see the owner's reports"),
    Permission.RESTORE_BACKUP: QT_TRANSLATE_NOOP("Labels", "restore a backup"),
    Permission.RUN_BACKUP: QT_TRANSLATE_NOOP("Labels", "make a backup"),
    Permission.EDIT_CUSTOMERS: QT_TRANSLATE_NOOP("Labels", "change customers and vehicles"),
    Permission.SELL: QT_TRANSLATE_NOOP("Labels", "sell and take payments"),
    Permission.MANAGE_STOCK: QT_TRANSLATE_NOOP("Labels", "receive and adjust stock"),
    Permission.MANAGE_REPAIR_ORDERS: QT_TRANSLATE_NOOP("Labels", "open and change repair orders"),
    Permission.WORK_JOBS: QT_TRANSLATE_NOOP("Labels", "work on jobs and clock time"),
}


def require(actor: Actor, permission: Permission) -> None:
    """Raise :class:`AccessDenied` unless ``actor`` may do ``permission``."""
    if not actor.can(permission):
        raise AccessDenied(QT_TRANSLATE_NOOP("Errors", "A {role} cannot {action}; ask the "
                                                       "owner."),
                           role=Term("Labels", ROLE_LABELS[actor.role], lower=True),
                           action=Term("Labels", PERMISSION_LABELS[permission]))


@dataclass(frozen=True)
class Approval:
    """An owner's say-so for one thing a clerk may not do alone (a large discount, an issue
    date other than today): made only by :func:`shopdesk.services.shop.users.owner_approval`
    after it checked the owner's password; the service that uses it audits both names."""

    owner: Actor
    what: str


def approving_owner(actor: Actor, approval: Approval | None) -> Actor | None:
    """The owner who stands behind ``actor``'s action: the actor if they are an owner, else the
    approving owner, else None."""
    if actor.role is Role.OWNER:
        return actor
    if approval is not None and approval.owner.role is Role.OWNER:
        return approval.owner
    return None
