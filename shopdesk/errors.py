"""Errors a person can act on. Their message is shown as-is (one line, plain words)."""

from __future__ import annotations


class ShopDeskError(Exception):
    """Base of every error whose message is meant for the user."""


class DatabaseOpenError(ShopDeskError):
    """The database could not be opened (missing, unreachable, not a database, too new, locked)."""


class NotFoundError(ShopDeskError):
    """A record the user asked for does not exist."""


class AccessDenied(ShopDeskError):
    """The signed-in user's role does not allow this."""


class ConflictError(ShopDeskError):
    """Someone else changed the record since it was read; nothing was saved."""


class ValidationError(ShopDeskError):
    """Input was refused. ``fields`` maps a field name to its problem, for inline messages."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or {})
