"""Spreadsheet import in the window: :class:`ImportWizard` (File → Import spreadsheet…, the
Customers and Parts toolbars, and the first-run wizard)."""

from shopdesk.gui.imports.wizard import ImportWizard, open_import_wizard

__all__ = ["ImportWizard", "open_import_wizard"]
