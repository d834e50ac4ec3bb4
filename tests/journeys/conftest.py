"""Journey fixtures: the real main window signed in as the person who does the work, a shop in
the United States or in China (screen and documents in its language), and a print dialog
answered from the keyboard that prints to a PDF file the test reads back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from shopdesk import formatting, i18n
from shopdesk.gui import gc_guard
from shopdesk.gui import i18n as gui_i18n
from shopdesk.gui.app import make_application
from shopdesk.gui.context import AppContext
from shopdesk.gui.invoices import pdf_output
from shopdesk.gui.main_window import MainWindow
from shopdesk.services.access import Actor
from shopdesk.services.shop import settings, shop_setup, users
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _garbage_on_the_gui_thread(qapp) -> None:
    """As in the app: no garbage collection on background-task threads (see gc_guard)."""
    gc_guard.install(qapp)


class Shop:
    """The shop a journey runs in: its country's language, money and names."""

    def __init__(self, country: str, owner: Actor) -> None:
        self.country = country
        self.owner = owner
        self.chinese = country == "CN"

    def actor(self, role: str) -> Actor:
        """A member of staff with ``role`` (clerk, technician), made on first use."""
        names = {"clerk": ("carl", "Carl Clerk" if not self.chinese else "陈前台"),
                 "technician": ("tina", "Tina Tech" if not self.chinese else "李师傅")}
        if role == "owner":
            return self.owner
        username, display = names[role]
        try:
            return users.actor_for(username)
        except Exception:  # not made yet
            users.add_user(self.owner, username, PASSWORD, role, display)
            return users.actor_for(username)


@pytest.fixture(params=["US", "CN"])
def shop(request: pytest.FixtureRequest, db) -> Iterator[Shop]:
    """A shop in the United States (English, dollars, 10 % sales tax) or in China (Simplified
    Chinese on screen and on paper, yuan, 13 % VAT)."""
    make_application()
    if request.param == "CN":
        details = shop_setup.ShopDetails(
            name="长沙顺达汽修", currency="CNY", invoice_prefix="SD",
            tax_rates=[("VAT13", "增值税 13%", Decimal("13")), ("ZERO", "零税率", Decimal("0"))])
        owner = shop_setup.create_shop(details, "olivia", PASSWORD, "王店长")
        settings.update_settings(owner, language="zh_CN")
        gui_i18n.install("zh_CN")
    else:
        details = shop_setup.ShopDetails(
            name="Riverside Auto Repair", currency="USD", invoice_prefix="RA",
            tax_rates=[("STD", "Sales tax", Decimal("10")), ("ZERO", "Zero", Decimal("0"))])
        owner = shop_setup.create_shop(details, "olivia", PASSWORD, "Olivia Owner")
        gui_i18n.install("en")
    formatting.configure(currency=details.currency)
    try:
        yield Shop(request.param, owner)
    finally:
        gui_i18n.install("en")
        i18n.set_document_language("")
        formatting.configure(locale="en_US", currency="USD")


@pytest.fixture
def window(qtbot, db) -> Callable[[Actor], MainWindow]:
    """The main window signed in as ``actor``, on a front-desk screen (1366x768 less the
    taskbar), showing the front desk."""
    def build(actor: Actor) -> MainWindow:
        main = MainWindow(AppContext(db, actor))
        main.resize(1366, 728)
        qtbot.addWidget(main)
        main.show()
        qtbot.waitExposed(main)
        main.activateWindow()
        qtbot.waitActive(main)
        return main

    return build


class PrintToPdfDialog(QDialog):
    """Stands in for the system print dialog (no printer here): Enter prints, to a PDF
    file, as Enter prints on the shop's printer; Esc cancels."""

    printed: list[Path] = []
    folder: Path = Path()

    def __init__(self, printer: QPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Printer: PDF file"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def exec(self) -> int:
        path = self.folder / f"printed-{len(self.printed) + 1}.pdf"
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(path))
        result = super().exec()
        if result == QDialog.DialogCode.Accepted:
            self.printed.append(path)
        return result


@pytest.fixture
def printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The PDF files printed during the test, in order (the print dialog answered by keys)."""
    PrintToPdfDialog.printed = []
    PrintToPdfDialog.folder = tmp_path
    monkeypatch.setattr(pdf_output, "QPrintDialog", PrintToPdfDialog)
    return PrintToPdfDialog.printed
