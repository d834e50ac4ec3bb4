"""What every screen shares: the open database, the signed-in user, and change notices."""

from __future__ import annotations

import peewee
from PySide6.QtCore import QObject, Signal

from shopdesk import db as database
from shopdesk.services.access import Actor, Permission


class AppContext(QObject):
    """Passed to every screen. ``changed`` tells screens which area was modified."""

    changed = Signal(str)  # an area: "settings", "users", "customers", "parts", ...
    status = Signal(str)  # a short message for the status bar

    def __init__(self, db: peewee.Database, actor: Actor) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.target = database.target_of(db)

    def can(self, permission: Permission) -> bool:
        """Whether the signed-in user may do ``permission`` (to enable buttons)."""
        return self.actor.can(permission)

    def notify(self, area: str) -> None:
        """Tell every screen that ``area`` changed so they refresh what they show."""
        self.changed.emit(area)
