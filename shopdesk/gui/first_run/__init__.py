"""The first-run wizard: a new shop's own database, made in one go (or the demo shop)."""

from shopdesk.gui.first_run.more_pages import open_import_wizard
from shopdesk.gui.first_run.wizard import FirstRunWizard

__all__ = ["FirstRunWizard", "open_import_wizard"]
