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

from PySide6.QtWidgets import QWidget

from shopdesk.gui.context import AppContext
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


SCREENS: list[ScreenSpec] = [
    ScreenSpec("front_desk", "Front desk", "Ctrl+1", "Nothing waiting at the desk",
               "Today's appointments, open repair orders and follow-ups gather here.",
               factory="shopdesk.gui.workshop.front_desk:build"),
    ScreenSpec("customers", "Customers", "Ctrl+2", "No customers yet",
               "Check a customer in to start their file.",
               factory="shopdesk.gui.screens.customers_screen:build"),
    ScreenSpec("vehicles", "Vehicles", "Ctrl+3", "No vehicles yet",
               "Vehicles are added with their owner at check-in.",
               factory="shopdesk.gui.screens.vehicles_screen:build"),
    ScreenSpec("repair_orders", "Repair orders", "Ctrl+4", "No repair orders yet",
               "Check a car in at the front desk to open one.",
               factory="shopdesk.gui.workshop.repair_orders_screen:build"),
    ScreenSpec("parts", "Parts", "Ctrl+5", "No parts yet",
               "Add parts or receive a purchase order to fill the catalogue.",
               factory="shopdesk.gui.screens.parts_screens:build_parts"),
    ScreenSpec("purchasing", "Purchasing", "Ctrl+6", "No purchase orders yet",
               "Reorder suggestions turn into purchase orders here.",
               factory="shopdesk.gui.screens.parts_screens:build_purchasing"),
    ScreenSpec("invoices", "Invoices", "Ctrl+7", "No invoices yet",
               "Finished repair orders and counter sales become invoices here.",
               factory="shopdesk.gui.invoices.invoices_screen:build"),
    ScreenSpec("reports", "Reports", "Ctrl+8", "No reports yet",
               "The owner's monthly reports are not part of this version yet.",
               permission=Permission.VIEW_OWNER_REPORTS),
    ScreenSpec("settings", "Settings", "Ctrl+9", "", "",
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
