"""About ShopDesk: version, database in use, data folder and log file."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtWidgets import QDialog, QWidget

from shopdesk import __version__, logs, paths
from shopdesk.gui.forms.ui_about_dialog import Ui_AboutDialog


class AboutDialog(QDialog):
    """Where things are, for the owner and for support."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.ui.titleLabel.setText(f"<b style='font-size:16pt'>ShopDesk {__version__}</b>")
        self.ui.bodyLabel.setText(
            "The front desk of an auto repair shop or parts dealer. Works without the "
            "internet.<br><br>"
            f"<b>Database:</b> {database}<br>"
            f"<b>Data folder:</b> {paths.data_dir()}<br>"
            f"<b>Log file:</b> {logs.log_file()}<br><br>"
            f"Python {platform.python_version()}, Qt for Python {PySide6.__version__}")
        self.ui.buttons.rejected.connect(self.reject)
