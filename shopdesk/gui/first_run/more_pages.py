"""The first-run wizard's last pages: where backups go, and bringing in existing spreadsheets."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from shopdesk.gui.first_run.pages import CheckedPage
from shopdesk.local_config import LocalConfig
from shopdesk.services.shop import new_shop

IMPORT_MODULE = "shopdesk.gui.imports"


class BackupPage(CheckedPage):
    """This PC's backup folder: the default one, or a folder chosen (say a USB drive).

    ``database_file`` is where the shop's SQLite file will be (None on PostgreSQL: the server
    is backed up on the server)."""

    def __init__(self, database_file: Path | None) -> None:
        super().__init__(self.tr("Backups"), self.tr(
            "ShopDesk backs the shop up when it closes and every few hours, keeping a week of "
            "daily, a month of weekly and a year of monthly copies."))
        self.database_file = database_file
        self.folder = QLineEdit(str(LocalConfig().backup_folder()))
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.clicked.connect(self._choose)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.folder, 1)
        row_layout.addWidget(self.choose)
        self.form.addRow(self.tr("Backup &folder"), row)
        self.form.labelForField(row).setBuddy(self.folder)  # Alt+F: the folder's box itself
        self.warning = QLabel()
        self.warning.setObjectName("warningLabel")
        self.warning.setWordWrap(True)
        self.form.addRow("", self.warning)
        if database_file is None:
            self.warning.setText(self.tr(
                "This shop's database is on a PostgreSQL server: back it up on the server "
                "(ShopDesk's backup command runs pg_dump there)."))
        self.folder.textChanged.connect(self._check)
        self.finish_layout()
        self._check()

    def _choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the backups"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _check(self) -> None:
        if self.database_file is None:
            return
        text = self.folder.text().strip()
        if text and new_shop.same_disk(Path(text), self.database_file):
            self.warning.setText(self.tr(
                "This folder is on the same disk as the shop's database: if the disk fails, "
                "the backups go with it. A USB drive or another disk is safer; you can "
                "change it later in File \u2192 Backups."))
        else:
            self.warning.clear()

    def chosen_folder(self) -> str:
        """The folder to keep in this PC's settings ("" for the default one)."""
        text = self.folder.text().strip()
        default = str(LocalConfig().backup_folder())
        return "" if not text or text == default else text

    def problem(self) -> tuple[str, QWidget | None]:
        text = self.folder.text().strip()
        if text and not Path(text).expanduser().is_dir():
            return (self.tr("There is no folder {folder}: choose one that exists (plug the "
                            "drive in first).").format(folder=text), self.folder)
        return "", None


def import_wizard_available() -> bool:
    """Whether this ShopDesk has the spreadsheet import wizard."""
    return importlib.util.find_spec(IMPORT_MODULE) is not None


class ImportPage(QWizardPage):
    """Optional: bring in customers, vehicles and parts from spreadsheets after set-up."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your existing records"))
        layout = QVBoxLayout(self)
        self.available = import_wizard_available()
        self.open_import = QCheckBox(self.tr(
            "&Open the import wizard when the shop is ready"))
        if self.available:
            self.setSubTitle(self.tr("Customers, vehicles or parts in spreadsheets?"))
            text = self.tr(
                "ShopDesk can read Excel and CSV files of customers, vehicles and parts. It "
                "checks every row first and imports all of them or none. You can also do it "
                "later from File \u2192 Import spreadsheet\u2026.")
        else:
            self.setSubTitle(self.tr("Start typing, or bring your records in later."))
            text = self.tr(
                "This version of ShopDesk cannot import spreadsheets yet. Customers and their "
                "cars are added in a few seconds at check-in (Customers \u2192 New check-in, "
                "Ctrl+N), and parts on the Parts screen. When an update brings spreadsheet "
                "import, it is under File \u2192 Import spreadsheet\u2026.")
            self.open_import.hide()
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        layout.addWidget(self.open_import)
        layout.addStretch(1)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)

    def wants_import(self) -> bool:
        return self.available and self.open_import.isChecked()


def open_import_wizard(window: QWidget) -> None:
    """Open the spreadsheet import wizard over the main window (File → Import spreadsheet…)."""
    opener = getattr(window, "open_import", None)
    if import_wizard_available() and callable(opener):
        window.import_wizard = opener()  # kept for tests, and alive while it is open
