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
        self.ui.titleLabel.setText(self.tr("<b style='font-size:16pt'>ShopDesk "
                                       "{version__}</b>").format(version__=__version__))
        self.ui.bodyLabel.setText(
            self.tr("The front desk of an auto repair shop or parts dealer. Works without "
                "the internet.<br><br><b>Database:</b> {database}<br><b>Data folder:</b> "
                "{data_dir}<br><b>Log file:</b> {log_file}<br><br>Python "
                "{python_version}, Qt for Python {version__}").format(database=database,
                        data_dir=paths.data_dir(), log_file=logs.log_file(),
                                python_version=platform.python_version(),
                                        version__=PySide6.__version__))
        self.ui.buttons.rejected.connect(self.reject)
