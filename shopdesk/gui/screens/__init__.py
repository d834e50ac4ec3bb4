"""The screens of the sidebar, in order. Each area's issue replaces its ``factory``.

A screen is a QWidget built as ``factory(context)``. It may define ``activate()`` (called
each time it is shown) and ``search(text)`` (the global search box, when it is the
search target). Until an area is built, its screen is an honest empty state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from shopdesk.gui.context import AppContext
from shopdesk.gui.invoices import invoices_screen
from shopdesk.gui.screens import customers_screen, parts_screens, vehicles_screen
from shopdesk.gui.workshop import front_desk, repair_orders_screen
from shopdesk.services.access import Permission


@dataclass(frozen=True)
class ScreenSpec:
    """One sidebar entry."""

    key: str
    title: str
    shortcut: str
    empty_title: str
    empty_text: str
    factory: Callable[[AppContext], QWidget] | None = None
    permission: Permission | None = None  # hidden from roles without it


SCREENS: list[ScreenSpec] = [
    ScreenSpec("front_desk", "Front desk", "Ctrl+1", "Nothing waiting at the desk",
               "Today's appointments, open repair orders and follow-ups will gather here. "
               "Press Ctrl+K to find a customer.", factory=front_desk.build),
    ScreenSpec("customers", "Customers", "Ctrl+2", "No customers yet",
               "Customer files (contacts, vehicles, visits and invoices) are not part of this "
               "version yet.", factory=customers_screen.build),
    ScreenSpec("vehicles", "Vehicles", "Ctrl+3", "No vehicles yet",
               "Vehicles with VIN, plate and odometer history are not part of this version yet.",
               factory=vehicles_screen.build),
    ScreenSpec("repair_orders", "Repair orders", "Ctrl+4", "No repair orders yet",
               "Estimates, approvals, technician time and job cards are not part of this "
               "version yet.", factory=repair_orders_screen.build),
    ScreenSpec("parts", "Parts", "Ctrl+5", "No parts yet",
               "The parts catalogue and stock ledger are not part of this version yet.",
               factory=parts_screens.build_parts),
    ScreenSpec("purchasing", "Purchasing", "Ctrl+6", "No purchase orders yet",
               "Suppliers, purchase orders and receiving are not part of this version yet.",
               factory=parts_screens.build_purchasing),
    ScreenSpec("invoices", "Invoices", "Ctrl+7", "No invoices yet",
               "Invoices, payments and credit notes are not part of this version yet.",
               factory=invoices_screen.build),
    ScreenSpec("reports", "Reports", "Ctrl+8", "No reports yet",
               "The owner's monthly reports are not part of this version yet.",
               permission=Permission.VIEW_OWNER_REPORTS),
    ScreenSpec("settings", "Settings", "Ctrl+9", "", "",
               permission=Permission.CHANGE_SETTINGS),
]


def screens_for(context: AppContext) -> list[ScreenSpec]:
    """The screens the signed-in user's role may open."""
    return [s for s in SCREENS if s.permission is None or context.can(s.permission)]
