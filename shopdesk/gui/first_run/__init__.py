"""The first-run wizard: a new shop's own database, made in one go (or the demo shop).

The wizard and its pages are imported when first asked for (``FirstRunWizard``,
``open_import_wizard``): every window imports :mod:`.demo_marking` from this package, and a
PC with its shop set up opens the window without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shopdesk.gui.first_run.more_pages import open_import_wizard
    from shopdesk.gui.first_run.wizard import FirstRunWizard

__all__ = ["FirstRunWizard", "open_import_wizard"]


def __getattr__(name: str) -> Any:
    if name == "FirstRunWizard":
        from shopdesk.gui.first_run.wizard import FirstRunWizard

        return FirstRunWizard
    if name == "open_import_wizard":
        from shopdesk.gui.first_run.more_pages import open_import_wizard

        return open_import_wizard
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
