"""Factories for the Parts and Purchasing screens (imported when first opened)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from shopdesk.gui.context import AppContext


def build_parts(context: AppContext) -> QWidget:
    """The Parts screen."""
    from shopdesk.gui.parts.parts_screen import PartsScreen

    return PartsScreen(context)


def build_purchasing(context: AppContext) -> QWidget:
    """The Purchasing screen."""
    from shopdesk.gui.parts.purchasing_screen import PurchasingScreen

    return PurchasingScreen(context)
