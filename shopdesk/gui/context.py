"""What every screen shares: the open database, the signed-in user, and change notices."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import peewee
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from shopdesk import db as database
from shopdesk.services import changes
from shopdesk.services.access import Actor, Permission
from shopdesk.services.changes import Changes

T = TypeVar("T")


class AppContext(QObject):
    """Passed to every screen. ``changed`` tells screens which areas a change touched."""

    changed = Signal(object)  # Changes: the areas touched (services/changes.py)
    status = Signal(str)  # a short message for the status bar

    def __init__(self, db: peewee.Database, actor: Actor) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.target = database.target_of(db)

    def can(self, permission: Permission) -> bool:
        """Whether the signed-in user may do ``permission`` (to enable buttons)."""
        return self.actor.can(permission)

    def notify(self, areas: Changes) -> None:
        """Tell every screen that ``areas`` changed so they refresh what they show. Most
        changes are told by :meth:`changing`; call this for what it cannot see (a background
        task's writes, this PC's own options)."""
        if not isinstance(areas, Changes):
            raise TypeError(f"notify takes Changes, not {areas!r}")
        if areas:
            self.changed.emit(areas)

    @contextmanager
    def changing(self) -> Iterator[changes.Collected]:
        """Run service calls in the ``with``; once it ends (even by a refusal: what was
        committed before it stays), tell the screens the areas their writes touched. Nested,
        the outermost tells."""
        with changes.collect() as collected:
            try:
                yield collected
            finally:
                if collected.outermost:
                    self.notify(collected.changes)

    def run(self, action: Callable[[], T]) -> T:
        """``action()`` (service calls) inside :meth:`changing`; returns what it returns."""
        with self.changing():
            return action()

    def on_change(self, widget: QWidget, areas: Changes,
                  refresh: Callable[[], object]) -> None:
        """Call ``refresh`` after a change to one of ``areas``: at once while ``widget``
        shows, else the next time it is shown (a change at the counter does not make every
        hidden screen re-read a large shop while the clerk waits)."""
        if not isinstance(areas, Changes):
            raise TypeError(f"on_change takes Changes, not {areas!r}")
        _RefreshWhenShown(self, widget, areas, refresh)


class _RefreshWhenShown(QObject):
    """See :meth:`AppContext.on_change`."""

    def __init__(self, context: AppContext, widget: QWidget, areas: Changes,
                 refresh: Callable[[], object]) -> None:
        super().__init__(widget)
        self.widget, self.areas, self.refresh = widget, areas, refresh
        self.stale = False
        context.changed.connect(self._changed)
        widget.installEventFilter(self)

    def _changed(self, touched: Changes) -> None:
        if not touched & self.areas:
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
