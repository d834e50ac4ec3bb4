"""Staff accounts and their roles."""

from __future__ import annotations

import enum

import peewee

from shopdesk.models.base import VersionedModel, utcnow


class Role(enum.StrEnum):
    """What a member of staff may see and do (rules in :mod:`shopdesk.services.access`)."""

    OWNER = "owner"
    CLERK = "clerk"
    TECHNICIAN = "technician"


class User(VersionedModel):
    """A person who signs in. Never deleted (the audit log names them); deactivated instead."""

    noun = "user"

    username = peewee.CharField(unique=True)
    display_name = peewee.CharField(default="")
    role = peewee.CharField(default=Role.CLERK.value)
    password_hash = peewee.CharField()
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utcnow)
    last_login_at = peewee.DateTimeField(null=True)
    #: the owner let this person see costs and margins (schema 16)
    see_costs = peewee.BooleanField(default=False)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def label(self) -> str:
        """How the user is shown: display name, falling back to the username."""
        return self.display_name or self.username
