"""Screenshots of every main screen and key dialog, in English and Chinese, at 100, 125 and
150 % Windows scaling.

    python tests/screenshots/make_screenshots.py /tmp/shots [--size WIDTHxHEIGHT]

Builds a small demo shop in a temporary folder, then runs one process per language and scale
(``QT_SCALE_FACTOR`` must be set before Qt starts) that opens the main window as large as the
screen allows (the screen in physical pixels, less a 40 px taskbar, divided by the scale:
1366x768 at 125 % is a 1093x582 window, 1920x1080 at 150 % a 1280x693 one; ``--size`` puts
every scale on one screen size), shows each screen (the repair-order
editor with the order that has the most lines, the search box's list) and saves
``<folder>/<language>-<scale>/<name>.png``. Look at them for clipped or cramped text and
sideways scroll bars. Not collected by pytest (no ``test_`` names).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "zh_CN")
# Each scale on the smallest screen Windows offers it for: a 1366x768 laptop lists 100 and
# 125 % only (150 % would leave 910x512 logical pixels); 150 % is offered from 1920x1080 on.
SCALES = {"1": "1366x768", "1.25": "1366x768", "1.5": "1920x1080"}
TASKBAR = 40  # px of a Windows taskbar at the bottom of the screen


def shoot(folder: Path, language: str, db_url: str, width: int, height: int) -> list[Path]:
    """In this process (Qt not started yet): every screen and key dialog to PNG files."""
    from PySide6.QtWidgets import QApplication, QWidget

    from shopdesk import db as database
    from shopdesk.gui import i18n
    from shopdesk.gui.app import make_application
    from shopdesk.gui.context import AppContext
    from shopdesk.gui.main_window import MainWindow
    from shopdesk.services.shop import users

    app = make_application()
    i18n.install(language)
    db = database.open(db_url)
    window = MainWindow(AppContext(db, users.first_owner()))
    window.resize(width, height)
    window.show()
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        path = folder / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    for key in window.specs:
        screen = window.show_screen(key)
        save(window, f"screen-{key}")
        if key == "repair_orders":
            from peewee import fn

            from shopdesk.models.repair_orders import RepairOrderLine as Line

            busiest = (Line.select(Line.repair_order).group_by(Line.repair_order)
                       .order_by(fn.COUNT(Line.id).desc()).first())
            if busiest is not None:
                screen.open_order(busiest.repair_order_id)
                save(window, "screen-repair_orders-editor")
    _search_list(window, save)
    for name, dialog in _dialogs(window):
        dialog.show()
        save(dialog, f"dialog-{name}")
        dialog.close()
    window.close()
    QApplication.processEvents()
    return saved


def _search_list(window, save) -> None:
    """The search box's list: the 3 digits that end the most customers' phones (the line
    asking for name letters), the second hit highlighted; then a query that finds nobody."""
    from shopdesk.models.base import database_proxy as db

    row = db.execute_sql("SELECT key FROM search_key WHERE field = 'phone' AND "
                         "LENGTH(key) = 3 GROUP BY key ORDER BY COUNT(DISTINCT customer_id) "
                         "DESC, key LIMIT 1").fetchone()
    if row is None:
        return
    from PySide6.QtWidgets import QApplication

    found = window.global_search
    window.show_screen("front_desk")
    window.activateWindow()
    window.focus_search()
    for text, name in ((row[0], "search-list"), ("zzq", "search-nobody")):
        QApplication.processEvents()
        window.ui.searchBox.setText(text)
        found.search_now()
        if not found.popup.isVisible():  # (the box lost the focus to another window)
            found.popup.place(window.ui.searchBox)
            found.popup.show()
        found.move(1)
        save(window, name)
    found.close()


def _dialogs(window):
    """The dialogs a clerk meets most, built on the open shop."""
    from shopdesk.gui.customers.check_in_dialog import CheckInDialog
    from shopdesk.gui.dialogs.about import AboutDialog
    from shopdesk.gui.dialogs.backups import BackupsDialog
    from shopdesk.gui.dialogs.login import LoginDialog
    from shopdesk.gui.dialogs.settings import SettingsDialog
    from shopdesk.gui.invoices.counter_sale import CounterSale
    from shopdesk.gui.parts.part_dialog import PartDialog

    context = window.context
    settings = SettingsDialog(context, window)
    yield "settings", settings
    for i in range(1, settings.ui.tabs.count()):
        settings.ui.tabs.setCurrentIndex(i)
        yield f"settings-{i}", settings
    yield "login", LoginDialog("Demo Garage", "", window)
    yield "check-in", CheckInDialog(context, window)
    yield "counter-sale", CounterSale(context, window)
    yield "part", PartDialog(context, parent=window)
    yield "backups", BackupsDialog(window.safety.guard, window)
    yield "about", AboutDialog(context.target.describe(), window)
    yield from _billing(window)


def _billing(window):
    """A finished repair order's draft invoice, and the payment dialog of an account
    customer with two open invoices in the middle of a split (card, then cash)."""
    from shopdesk.gui.invoices.invoice_view import InvoiceView
    from shopdesk.gui.invoices.payment_dialog import PaymentDialog
    from shopdesk.models.invoices import Invoice, PaymentMethod
    from shopdesk.models.repair_orders import RepairOrder, Status
    from shopdesk.services.sales import payments
    from shopdesk.services.workshop import repair_order_invoicing

    context = window.context
    draft = Invoice.select().where((Invoice.status == "draft")
                                   & (Invoice.source == "repair order")).first()
    done = RepairOrder.select().where(RepairOrder.status == Status.DONE.value).first()
    if draft is None and done is not None:
        draft = repair_order_invoicing.invoice_order(context.actor, done.id)
    if draft is not None:
        yield "invoice-draft", InvoiceView(context, draft.id, window)
    for invoice in Invoice.select().where((Invoice.status == "issued")
                                          & Invoice.customer.is_null(False)):
        offered = payments.open_invoices(context.actor, invoice.customer_id)
        if offered:
            dialog = PaymentDialog(context.actor, offered[0], window, offered=offered)
            dialog.all_invoices.setChecked(True)
            dialog.set_method(PaymentMethod.CARD)
            dialog.amount.setText("100")
            dialog.add_split()
            dialog.tendered.setText(f"{(dialog.remaining() // 10 + 1) * 10:f}")
            yield "payment-split", dialog
            break


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", help="one screen size in physical pixels for every scale "
                        "(default: 1366x768 at 100 and 125 %%, 1920x1080 at 150 %%)")
    parser.add_argument("--one", nargs=3, metavar=("LANGUAGE", "SCALE", "DB"),
                        help=argparse.SUPPRESS)  # the per-process worker
    args = parser.parse_args(argv)
    if args.one:
        language, scale, db_url = args.one
        width, height = (int(x) for x in args.size.lower().split("x"))
        logical = (round(width / float(scale)), round((height - TASKBAR) / float(scale)))
        saved = shoot(args.folder / f"{language}-{scale}", language, db_url, *logical)
        print(f"{language} at {scale}: {len(saved)} screenshots")
        return 0
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, SHOPDESK_HOME=home, QT_QPA_PLATFORM="offscreen")
        db_path = str(Path(home) / "demo.sqlite3")
        subprocess.run([sys.executable, "-m", "shopdesk", "demo", "--db", db_path],
                       check=True, env=env, cwd=ROOT, capture_output=True)
        for language in LANGUAGES:
            for scale, screen in SCALES.items():
                size = args.size or screen
                subprocess.run([sys.executable, __file__, str(args.folder), "--size", size,
                                "--one", language, scale, db_path], check=True, cwd=ROOT,
                               env=dict(env, QT_SCALE_FACTOR=scale))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
