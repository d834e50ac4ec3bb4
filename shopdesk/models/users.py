"""Staff accounts and their roles."""

from __future__ import annotations

import enum

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow


class Role(enum.StrEnum):
    """What a member of staff may see and do (rules in :mod:`shopdesk.services.access`)."""

    OWNER = "owner"
    CLERK = "clerk"
    TECHNICIAN = "technician"


class User(VersionedModel):
    """A person who signs in. Never deleted (the audit log names them); deactivated instead."""

    noun = QT_TRANSLATE_NOOP("Records", "user")

    username = peewee.CharField(unique=True)
    display_name = peewee.CharField(default="")
    role = peewee.CharField(default=Role.CLERK.value)
    password_hash = peewee.CharField()
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utcnow)
    last_login_at = peewee.DateTimeField(null=True)
    failed_sign_ins = peewee.IntegerField(default=0)  # wrong passwords in a row (m0016)
    failed_sign_in_at = peewee.DateTimeField(null=True)  # the last of them
    #: the owner let this person see costs and margins (schema 17)
    see_costs = peewee.BooleanField(default=False)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def label(self) -> str:
        """How the user is shown: display name, falling back to the username."""
        return self.display_name or self.username


class PcSignIn(BaseModel):
    """A PC allowed to sign a clerk in automatically: the hash of the token it keeps (m0016)."""

    user = peewee.ForeignKeyField(User, backref="pc_sign_ins", on_delete="CASCADE")
    token_hash = peewee.CharField(max_length=64, unique=True)  # SHA-256, hex
    created_at = peewee.DateTimeField(default=utcnow)
