"""What every screen shares: the open database, the signed-in user, and change notices."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import peewee
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

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

    def on_change(self, widget: QWidget, areas: Iterable[str],
                  refresh: Callable[[], object]) -> None:
        """Call ``refresh`` after a change to one of ``areas``: at once while ``widget``
        shows, else the next time it is shown (a change at the counter does not make every
        hidden screen re-read a large shop while the clerk waits)."""
        _RefreshWhenShown(self, widget, frozenset(areas), refresh)


class _RefreshWhenShown(QObject):
    """See :meth:`AppContext.on_change`."""

    def __init__(self, context: AppContext, widget: QWidget, areas: frozenset[str],
                 refresh: Callable[[], object]) -> None:
        super().__init__(widget)
        self.widget, self.areas, self.refresh = widget, areas, refresh
        self.stale = False
        context.changed.connect(self._changed)
        widget.installEventFilter(self)

    def _changed(self, area: str) -> None:
        if area not in self.areas:
            return
        if self.widget.isVisible():
            self.stale = False
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False
