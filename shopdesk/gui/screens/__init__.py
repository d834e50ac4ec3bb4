"""The screens of the sidebar, in order. Each area's issue replaces its ``factory``.

A screen is a QWidget built as ``factory(context)``; ``factory`` is named as
``"module:function"`` and imported the first time the screen is opened, so start-up does not
pay for every screen (and reportlab, search indexes, ...) before the window shows. A screen
may define ``activate()`` (called each time it is shown) and ``search(text)`` (the global
search box, when it is the search target). Until an area is built, its screen is an honest
empty state.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from shopdesk.gui.context import AppContext
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.access import Permission


@dataclass(frozen=True)
class ScreenSpec:
    """One sidebar entry."""

    key: str
    title: str
    shortcut: str
    empty_title: str
    empty_text: str
    factory: str | None = None  # "package.module:function" taking an AppContext
    permission: Permission | None = None  # hidden from roles without it

    def label(self, text: str | None = None) -> str:
        """The title (or ``text``, one of this screen's texts) in the chosen language."""
        return QCoreApplication.translate("Screens", self.title if text is None else text)


SCREENS: list[ScreenSpec] = [
    ScreenSpec("front_desk", QT_TRANSLATE_NOOP("Screens", "Front desk"), "Ctrl+1",
               QT_TRANSLATE_NOOP("Screens", "Nothing waiting at the desk"),
               QT_TRANSLATE_NOOP("Screens", "Today's appointments, open repair orders and "
                                            "follow-ups gather here."),
               factory="shopdesk.gui.workshop.front_desk:build"),
    ScreenSpec("customers", QT_TRANSLATE_NOOP("Screens", "Customers"), "Ctrl+2",
               QT_TRANSLATE_NOOP("Screens", "No customers yet"),
               QT_TRANSLATE_NOOP("Screens", "Check a customer in to start their file."),
               factory="shopdesk.gui.screens.customers_screen:build"),
    ScreenSpec("vehicles", QT_TRANSLATE_NOOP("Screens", "Vehicles"), "Ctrl+3",
               QT_TRANSLATE_NOOP("Screens", "No vehicles yet"),
               QT_TRANSLATE_NOOP("Screens", "Vehicles are added with their owner at check-in."),
               factory="shopdesk.gui.screens.vehicles_screen:build"),
    ScreenSpec("repair_orders", QT_TRANSLATE_NOOP("Screens", "Repair orders"), "Ctrl+4",
               QT_TRANSLATE_NOOP("Screens", "No repair orders yet"),
               QT_TRANSLATE_NOOP("Screens", "Check a car in at the front desk to open one."),
               factory="shopdesk.gui.workshop.repair_orders_screen:build"),
    ScreenSpec("parts", QT_TRANSLATE_NOOP("Screens", "Parts"), "Ctrl+5",
               QT_TRANSLATE_NOOP("Screens", "No parts yet"),
               QT_TRANSLATE_NOOP("Screens", "Add parts or receive a purchase order to fill the "
                                            "catalogue."),
               factory="shopdesk.gui.screens.parts_screens:build_parts"),
    ScreenSpec("purchasing", QT_TRANSLATE_NOOP("Screens", "Purchasing"), "Ctrl+6",
               QT_TRANSLATE_NOOP("Screens", "No purchase orders yet"),
               QT_TRANSLATE_NOOP("Screens", "Reorder suggestions turn into purchase orders here."),
               factory="shopdesk.gui.screens.parts_screens:build_purchasing"),
    ScreenSpec("invoices", QT_TRANSLATE_NOOP("Screens", "Invoices"), "Ctrl+7",
               QT_TRANSLATE_NOOP("Screens", "No invoices yet"),
               QT_TRANSLATE_NOOP("Screens", "Finished repair orders and counter sales become "
                                            "invoices here."),
               factory="shopdesk.gui.invoices.invoices_screen:build"),
    ScreenSpec("reports", QT_TRANSLATE_NOOP("Screens", "Reports"), "Ctrl+8",
               QT_TRANSLATE_NOOP("Screens", "No reports yet"),
               QT_TRANSLATE_NOOP("Screens", "The owner's monthly reports are not part of this "
                                            "version yet."),
               factory="shopdesk.gui.reports.dashboard:build",
               permission=Permission.VIEW_OWNER_REPORTS),
    ScreenSpec("settings", QT_TRANSLATE_NOOP("Screens", "Settings"), "Ctrl+9", "", "",
               permission=Permission.CHANGE_SETTINGS),
]


def screens_for(context: AppContext) -> list[ScreenSpec]:
    """The screens the signed-in user's role may open."""
    return [s for s in SCREENS if s.permission is None or context.can(s.permission)]


def load_factory(spec: ScreenSpec) -> Callable[[AppContext], QWidget] | None:
    """Import the screen's module and return its factory (None: an empty state)."""
    if spec.factory is None:
        return None
    module, _, name = spec.factory.partition(":")
    return getattr(importlib.import_module(module), name)
