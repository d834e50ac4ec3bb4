"""Moved: the first-run wizard lives in :mod:`shopdesk.gui.first_run` (names kept here)."""

from shopdesk.gui.first_run import FirstRunWizard
from shopdesk.gui.first_run.pages import COMMON_CURRENCIES

__all__ = ["COMMON_CURRENCIES", "FirstRunWizard"]
