"""Keyboard rules for every list and dialog (issue 14, item 3), checked on every screen of the
main window (signed in as the owner, so every screen exists, on the small demo shop, so lists
have rows) and on every dialog class of ``shopdesk/gui``, in English and in Chinese:

1. Enter opens the current row of a list through the view itself (``activated``, or the lazy
   lists' own key handling), never through a window-wide shortcut: no QShortcut or QAction of
   the program has a plain Return or Enter key (Ctrl+Enter and the like take nothing from a
   plain Enter). A list that opens its rows on a double click opens them on Enter too.
2. Tab and Shift+Tab leave a list: no item view has tab-key navigation on.
3. A list that a filter narrows to one row makes that row current, so Enter and F12 act on it
   without an arrow key; the filter box's Enter opens it where the list opens rows.
4. A dialog opens with the focus on its first field, never on a button Enter would press by
   accident (:data:`FOCUS_ON_A_BUTTON` lists the dialogs whose one purpose is that button).
5. No two controls of a window share a mnemonic (visible, enabled buttons, check boxes, radio
   buttons, group boxes, labels with buddies, tab titles, Alt+ shortcuts; in the main window
   also the menu bar's titles and the sidebar and search), no menu has two items with one
   letter, a label's mnemonic leads to a control that takes the focus, and no label shows a
   stray "&". Chinese translations keep the English mnemonic letter, as "(&X)".
6. The buttons a clerk uses often show their key (a mnemonic, or the key in the text or the
   tooltip): :data:`OFTEN_USED` names them per screen and dialog; every other visible button
   without a key is listed in :data:`NO_KEY_NEEDED` (a new button must be decided on).

The dialog table :data:`DIALOGS` opens each dialog (in each of its states); a QDialog or
QWizard subclass of ``shopdesk/gui`` missing from it fails the suite, so new dialogs are
covered. The demo shop is built once per session (SQLite: the rules do not depend on the
database engine) and copied for each test.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import importlib
import pkgutil
import re
import shutil
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import SIGNAL, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
    QWizard,
)

import shopdesk.gui
from shopdesk import db as database
from shopdesk import formatting
from shopdesk import i18n as core_i18n
from shopdesk.gui import i18n
from shopdesk.gui.app import make_application
from shopdesk.gui.context import AppContext
from shopdesk.gui.main_window import MainWindow
from shopdesk.models.base import database_proxy
from shopdesk.services.access import COMMAND_LINE

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "shopdesk" / "gui"
LANGUAGES = ["en", "zh_CN"]

# --- what counts as a key --------------------------------------------------------------------
#: a key written in a button's text or tooltip: "(F9)", "Ctrl+B", "Ctrl+Shift+A:", "(Enter)"
KEY_IN_TEXT = re.compile(r"(?<![\w+])(?:(?:Ctrl|Alt|Shift)\+)+\S|(?<![\w+])F\d{1,2}(?!\w)"
                         r"|\((?:Enter|Esc|Del)\)")


def plain(text: str) -> str:
    """A control's text as read: "&&" is one "&", a single "&" marks the mnemonic."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def mnemonic(text: str) -> str:
    """The Alt key of a text ("Alt+B" for "&Book"; "" for none)."""
    return QKeySequence.mnemonic(text).toString()


def plain_enter(sequence: QKeySequence) -> bool:
    """Whether a key sequence is (or holds) Return or Enter without Ctrl, Alt or Shift."""
    for i in range(sequence.count()):
        combination = sequence[i]
        modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if combination.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                modifiers == Qt.KeyboardModifier.NoModifier:
            return True
    return False


def _name(widget: QWidget, text: str) -> str:
    return f"{type(widget).__name__} {plain(text)!r}"


# --- fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path) -> Path:
    """The small demo shop in a SQLite file, made once for the session (7 s) and copied."""
    from shopdesk.demo import create_demo_shop

    path = tmp_path_factory.mktemp("keyboard-demo") / "demo.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    opened = database.open(str(path))
    try:
        create_demo_shop("small")
        opened.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        opened.close()
        database_proxy.initialize(None)
    return path


@pytest.fixture
def demo_db(tmp_path: Path, _demo_template: Path) -> Iterator[peewee.Database]:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(_demo_template, path)
    opened = database.open(str(path))
    try:
        yield opened
    finally:
        opened.close()
        database_proxy.initialize(None)


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    make_application()
    assert i18n.install(request.param) == request.param
    yield request.param
    i18n.install("en")
    formatting.configure(locale="en_US")


def _main_window(qtbot, db: peewee.Database) -> MainWindow:
    """The main window on the demo shop, signed in as the owner (every screen exists)."""
    from shopdesk.services.shop import users

    make_application()
    built = MainWindow(AppContext(db, users.actor_for("owner")))
    built.resize(1280, 800)
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    built.activateWindow()
    qtbot.waitActive(built)
    return built


@pytest.fixture
def window(qtbot, demo_db, language, message_boxes) -> MainWindow:
    """The main window in the language of the test."""
    return _main_window(qtbot, demo_db)


@pytest.fixture
def english_window(qtbot, demo_db, message_boxes) -> MainWindow:
    """The main window in English (what is checked does not depend on the language)."""
    return _main_window(qtbot, demo_db)


# --- rule 5: mnemonics ---------------------------------------------------------------------------
def _live(widget: QWidget, top: QWidget) -> bool:
    """On show in ``top`` (its own window, not a dialog parented to it) and enabled."""
    return widget.window() is top and (widget is top or widget.isVisibleTo(top)) \
        and widget.isEnabled()


def _is_rich(label: QLabel) -> bool:
    return label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(label.text()))


def mnemonic_owners(top: QWidget) -> dict[str, list[str]]:
    """Alt key -> the controls of ``top`` that answer it now."""
    owners: dict[str, list[str]] = defaultdict(list)

    def add(text: str, who: str) -> None:
        key = mnemonic(text)
        if key:
            owners[key].append(who)

    if isinstance(top, QMainWindow) and top.menuBar().isVisible():
        for action in top.menuBar().actions():
            if action.isVisible() and action.isEnabled():
                add(action.text(), f"menu {plain(action.text())!r}")
    for widget in top.findChildren(QWidget):
        if not _live(widget, top):
            continue
        if isinstance(widget, QAbstractButton) and not isinstance(widget.parent(), QTabBar):
            add(widget.text(), _name(widget, widget.text()))
        elif isinstance(widget, QGroupBox):
            add(widget.title(), _name(widget, widget.title()))
        elif isinstance(widget, QLabel) and widget.buddy() is not None and \
                not _is_rich(widget):
            add(widget.text(), _name(widget, widget.text()))
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i) and widget.isTabEnabled(i):
                    add(widget.tabText(i), f"tab {plain(widget.tabText(i))!r}")
    for made in top.findChildren(QShortcut):
        parent = made.parent()
        if made.isEnabled() and isinstance(parent, QWidget) and _live(parent, top) and \
                re.fullmatch(r"Alt\+\S", made.key().toString()):
            owners[made.key().toString()].append(f"shortcut {made.key().toString()}")
    return owners


Found = list[tuple[str, str]]  # (where, what is wrong)


class Problems:
    """What a walk found, each once, with the first place it was seen."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def extend(self, found: Found) -> None:
        for where, what in found:
            self.found.setdefault(what, where)

    def report(self) -> str:
        return "\n".join(sorted(f"{where}: {what}" for what, where in self.found.items()))


def menu_problems(where: str, menu: QMenu, seen: set[int], title: str = "") -> Found:
    """Two items of one menu (or submenu) with one letter."""
    if id(menu) in seen:
        return []
    seen.add(id(menu))
    menu.aboutToShow.emit()  # menus filled when opened fill now
    owners: dict[str, list[str]] = defaultdict(list)
    problems: Found = []
    title = plain(menu.title()) or title or menu.objectName() or "menu"
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = mnemonic(action.text().split("\t")[0])
        if key and action.isEnabled():
            owners[key].append(plain(action.text().split("\t")[0]))
        if action.menu() is not None:
            problems += menu_problems(where, action.menu(), seen)
    problems += [(where, f"menu {title!r}: {key} is taken by "
                         f"{' and '.join(map(repr, names))}")
                 for key, names in owners.items() if len(names) > 1]
    return problems


#: an "&" that marks a letter (not "&&", not "Filters & Fluids" from the shop's records)
MARKED_LETTER = re.compile(r"(?<!&)&(?:&&)*(?!&)\w")


def label_problems(where: str, top: QWidget) -> Found:
    """A label's mnemonic that leads nowhere, or an "&" a label without a buddy shows."""
    problems = []
    for label in top.findChildren(QLabel):
        if not _live(label, top) or _is_rich(label) or not mnemonic(label.text()):
            continue
        buddy = label.buddy()
        if buddy is None:
            if MARKED_LETTER.search(label.text()):
                problems.append((where, f"label {plain(label.text())!r} shows its '&' "
                                        "(no buddy)"))
        elif buddy.focusPolicy() == Qt.FocusPolicy.NoFocus and \
                not isinstance(buddy, QAbstractButton):
            problems.append((where, f"label {plain(label.text())!r} leads to a "
                                    f"{type(buddy).__name__} that cannot take the focus"))
    return problems


def mnemonic_problems(where: str, top: QWidget) -> Found:
    problems = [(where, f"{key} is taken by {' and '.join(names)}")
                for key, names in mnemonic_owners(top).items() if len(names) > 1]
    problems += label_problems(where, top)
    seen: set[int] = set()
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            if action.menu() is not None and action.isVisible():
                problems += menu_problems(where, action.menu(), seen)
    for button in top.findChildren(QAbstractButton):
        if isinstance(button, (QPushButton, QToolButton)) and button.menu() is not None \
                and _live(button, top):
            problems += menu_problems(where, button.menu(), seen, plain(button.text()))
    return problems


# --- rules 1 and 2: lists and Enter --------------------------------------------------------------
def _views(top: QWidget) -> list[QAbstractItemView]:
    """The item views of ``top`` (visible or not), not Qt's own (headers, combo popups)."""
    return [v for v in top.findChildren(QAbstractItemView)
            if not isinstance(v, QHeaderView) and v.window() is top]


def _opens_on_enter(view: QAbstractItemView) -> bool:
    if view.receivers(SIGNAL("activated(QModelIndex)")) > 0:
        return True
    return any("keyPressEvent" in vars(kind) for kind in type(view).__mro__
               if kind.__module__.startswith("shopdesk."))


def _view_name(view: QAbstractItemView) -> str:
    model = view.model()
    if view.objectName():
        shown = view.objectName()
    elif model is None:
        shown = "(no model yet)"
    else:
        shown = repr([str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                      for c in range(min(3, model.columnCount()))])
    return f"{type(view).__name__} {shown}"


def list_problems(where: str, top: QWidget) -> Found:
    problems = []
    for view in _views(top):
        if view.tabKeyNavigation():
            problems.append((where, f"{_view_name(view)} keeps Tab "
                                    "(setTabKeyNavigation(False))"))
        if view.receivers(SIGNAL("doubleClicked(QModelIndex)")) > 0 and \
                not _opens_on_enter(view):
            problems.append((where, f"{_view_name(view)} opens a row on a double click but "
                                    "not on Enter (connect activated instead)"))
    return problems


def enter_shortcut_problems(where: str, top: QWidget) -> Found:
    problems = []
    for made in top.findChildren(QShortcut):
        if plain_enter(made.key()):
            problems.append((where, f"a QShortcut {made.key().toString()!r} ("
                                    f"{made.whatsThis() or type(made.parent()).__name__}) "
                                    "takes Enter"))
    for action in top.findChildren(QAction):
        if any(plain_enter(keys) for keys in action.shortcuts()):
            problems.append((where, f"the action {plain(action.text())!r} takes Enter"))
    return problems


# --- rule 6: keys on the buttons clerks use ----------------------------------------------------
def _has_key(button: QAbstractButton, top: QWidget) -> bool:
    if mnemonic(button.text()) or KEY_IN_TEXT.search(button.text()) or \
            KEY_IN_TEXT.search(button.toolTip()):
        return True
    if isinstance(top, QDialog) and isinstance(button, QPushButton):
        if button.isDefault():
            return True  # Enter
        box = button.parent()
        if isinstance(box, QDialogButtonBox) and box.buttonRole(button) in (
                QDialogButtonBox.ButtonRole.RejectRole, QDialogButtonBox.ButtonRole.NoRole) \
                and box.standardButton(button) != QDialogButtonBox.StandardButton.NoButton:
            return True  # Esc
        if plain(button.text()) in ("Close", "Cancel"):
            return True  # Esc closes a dialog
        if isinstance(top, QWizard) and button is top.button(QWizard.WizardButton.CancelButton):
            return True  # Esc
    return False


@dataclasses.dataclass
class Buttons:
    """What the walk saw of the buttons (English only: the lists name English texts)."""

    seen: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    problems: Found = dataclasses.field(default_factory=list)

    def check(self, where: str, area: str, top: QWidget, inside: QWidget | None = None
              ) -> None:
        """The buttons on show in ``top``: those outside ``inside`` (the main window's
        screen stack) belong to the area "window"."""
        for button in top.findChildren(QAbstractButton):
            if not isinstance(button, (QPushButton, QToolButton)) or not button.text() or \
                    button.window() is not top or not button.isVisibleTo(top) or \
                    isinstance(button.parent(), QTabBar):
                continue  # (a disabled button shows its key all the same)
            text = plain(button.text())
            here = "window" if inside is not None and not inside.isAncestorOf(button) \
                else area
            self.seen.add((here, text))
            keyed = _has_key(button, top)
            if text in OFTEN_USED.get(here, ()) and not keyed:
                self.problems.append((where, f"{text!r} is used often but shows no key"))
            elif not keyed and text not in NO_KEY_NEEDED.get(here, ()):
                self.problems.append((where, f"button {text!r} shows no key: give it a "
                                             "mnemonic or its key in the text or tooltip, or "
                                             f"list it in NO_KEY_NEEDED[{here!r}]"))

    def unseen(self, areas: set[str]) -> Found:
        """Buttons listed as often used that the walk never met (renamed or gone)."""
        return [(f"OFTEN_USED[{area!r}]", f"lists {text!r}: no such button (renamed?)")
                for area, texts in OFTEN_USED.items() if area in areas
                for text in sorted(texts) if (area, text) not in self.seen]


#: The buttons a clerk uses often, per screen (or part of the window) and dialog: they must show
#: a key (a mnemonic, or the key in the text or tooltip). Texts in English, "&" left out.
OFTEN_USED: dict[str, set[str]] = {
    # the sidebar (Ctrl+1 to Ctrl+9 in their tooltips)
    "window": {"Front desk", "Customers", "Vehicles", "Repair orders", "Parts", "Purchasing",
               "Invoices", "Reports", "Settings"},
    "front_desk": {"Book (Ctrl+B)", "Check in (Ctrl+I)", "Walk-in (Ctrl+N)",
                   "Confirmed (Ctrl+Shift+C)", "Done", "Load list (F5)", "Mark sent",
                   "Book from reminder"},
    "customers": {"New check-in", "Import…", "Export…"},
    "customer file": {"← Customers", "Log contact", "Edit", "More", "Book appointment",
                      "New repair order", "Open order (Enter)", "Open invoice (Enter)",
                      "Take payment (F12)", "Statement…"},
    "vehicles": {"Export…"},
    "repair_orders": {"Save concerns", "Add line", "Add package", "Assign technician",
                      "Mark declined", "Part fitted", "Record approval", "Clock on (F9)",
                      "Waiting for parts", "Resume work", "Job done", "Make invoice",
                      "Collected", "Print estimate…", "Print job card…", "Export…"},
    "parts": {"New part", "Edit", "Adjust stock", "Labels…", "Stock-take…", "More"},
    "purchasing": {"New order…", "Open / receive", "Create draft orders", "New supplier…"},
    "invoices": {"Counter sale (F9)", "More"},
    "reports": {"Save as PDF…", "Save as Excel…"},
    "settings": {"Change settings…  (Ctrl+,)"},
    "CounterSale": {"Customer… (F4)", "Cash customer", "Take payment (F12)", "Pay by card",
                    "Lost sale (Ctrl+L)", "Remove line (Del)"},
    "PaymentDialog": {"Take payment", "Split: pay the rest another way (Ctrl+Enter)"},
    "InvoiceView": {"Take payment (F12)", "Issue (Ctrl+I)", "Print… (Ctrl+P)",
                    "Edit lines…", "Save as PDF…", "Credit note…"},
    "CheckInDialog": {"Check in"},
    "BookDialog": {"Book"},
    "DraftLinesDialog": {"Apply", "Remove line (Del)", "Add line"},
    "StatementDialog": {"Print… (Ctrl+P)", "Save as PDF…"},
    "OrderDialog": {"Book receipt", "Send order"},
    "StockTakeDialog": {"Start count", "Post adjustments"},
}

#: Visible buttons that need no key of their own: used now and then, reached by Tab from the
#: list or field they act on (or kept keyless on purpose). Texts in English, "&" left out.
NO_KEY_NEEDED: dict[str, set[str]] = {
    # the demo and backup strips: once in a while, and said in full on the strip
    "window": {"Set up my own shop…", "Back up now", "Choose folder…"},
    # the file's tabs: the list's own actions, Tab from the list; the file's top bar and the
    # tabs carry the keys (Alt+letter, Ctrl+L/E/B/R, F12, Enter)
    "customer file": {"Add vehicle", "Odometer…", "Transfer…", "History…", "Follow-up done",
                      "New inquiry", "Answer", "Knowledge base…", "Open complaint",
                      "Start work", "Resolve…", "Record survey", "Statistics…",
                      "Refund store credit…"},
    # the editor has more buttons than letters: these are rare (warranty work, history) or
    # have their key elsewhere (Enter in the finding's fields adds it); a cancel is kept off
    # the keyboard on purpose
    "repair_orders": {"Add recommended work", "Add finding", "Cancel order", "Comeback of…",
                      "No charge (warranty)", "Failed part back…", "Service history…",
                      "Save as PDF…"},
    # the month box beside them takes Up and Down (and typing)
    "reports": {"◀", "▶"},
    # dialogs: a shortcut for a date box, a second phone, a logo, the owner's rare edits
    "AccountantExportDialog": {"This month", "Last month"},
    "DraftLinesDialog": {"Done"},  # (Esc closes it too)
    "EditCustomerDialog": {"+ Add a phone"},
    "FirstRunWizard": {"Remove"},  # the logo's
    "SettingsDialog": {"Remove"},  # the logo's
    "PricingDialog": {"Remove band", "Delete this matrix"},
}


# --- walking the main window --------------------------------------------------------------------
def settle(qtbot, ms: int = 5) -> None:
    qtbot.wait(ms)


def tab_states(window: QWidget, root: QWidget, where: str,
               seen: set[int] | None = None) -> Iterator[str]:
    """``where`` as it is, then each tab of every tab widget on show in ``root`` (nested tabs
    too); the first tab is put back after."""
    seen = set() if seen is None else seen
    yield where
    for tabs in root.findChildren(QTabWidget):
        if id(tabs) in seen or not tabs.isVisibleTo(window):
            continue
        seen.add(id(tabs))
        start = tabs.currentIndex()
        for i in range(tabs.count()):
            if i == start or not tabs.isTabEnabled(i) or not tabs.isTabVisible(i):
                continue
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
            yield from tab_states(window, tabs.widget(i), f"{where} > {plain(tabs.tabText(i))}",
                                  seen)
        tabs.setCurrentIndex(start)


def screen_states(qtbot, window: MainWindow) -> Iterator[tuple[str, str]]:
    """(area, where) for each state of each screen the walk puts the window in."""
    from shopdesk.models.repair_orders import RepairOrder, Status

    for key in window.specs:
        screen = window.show_screen(key)
        if key == "reports":
            qtbot.waitUntil(lambda s=screen: s.report is not None and not s.busy,
                            timeout=30000)
        settle(qtbot)
        for where in tab_states(window, screen, key):
            yield key, where
        if key == "customers":
            screen.open_customer(_busy_customer().id)
            settle(qtbot)
            for where in tab_states(window, screen.file_view, "customer file"):
                yield "customer file", where
            screen.show_list()
        elif key == "repair_orders":
            from shopdesk.models.warranty import Comeback

            shown = [(status.value, RepairOrder.select().where(
                RepairOrder.status == status.value).order_by(RepairOrder.id.desc()).first())
                for status in Status]
            comeback = Comeback.select().join(RepairOrder, on=(
                Comeback.repair_order == RepairOrder.id)).where(RepairOrder.status.in_(
                    [Status.IN_PROGRESS.value, Status.APPROVED.value, Status.ESTIMATE.value]))
            shown.append(("comeback", comeback.first().repair_order if comeback.exists()
                          else None))  # (its warranty buttons enabled)
            for status, order in shown:
                if order is None:
                    continue
                screen.open_order(order.id)
                settle(qtbot)
                yield key, f"{key} > {status}"
                fold = screen.editor.concerns_toggle
                fold.setChecked(not fold.isChecked())  # the concerns folded or open
                settle(qtbot)
                state = "shown" if fold.isChecked() else "folded"
                yield key, f"{key} > {status} (concerns {state})"
                fold.setChecked(not fold.isChecked())


# --- the data the dialogs are opened on ---------------------------------------------------------
def _busy_customer():
    """A customer with cars, visits and invoices (the demo's busiest)."""
    from shopdesk.models.invoices import Invoice

    row = (Invoice.select(Invoice.customer, peewee.fn.COUNT(Invoice.id).alias("n"))
           .where(Invoice.customer.is_null(False)).group_by(Invoice.customer)
           .order_by(peewee.fn.COUNT(Invoice.id).desc(), Invoice.customer).first())
    return row.customer


def _first(model, *where):
    query = model.select()
    if where:
        query = query.where(*where)
    found = query.order_by(model.id).first()
    assert found is not None, f"the demo shop has no {model.__name__} {where}"
    return found


def _open_invoice():
    """An issued invoice with money still due."""
    from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceStatus
    from shopdesk.services.sales import invoices

    for invoice in Invoice.select().where(
            (Invoice.kind == DocumentKind.INVOICE.value)
            & (Invoice.status == InvoiceStatus.ISSUED.value)
            & Invoice.customer.is_null(False)).order_by(Invoice.id):
        if invoices.balance_due(invoice) > 0:
            return invoice
    raise AssertionError("the demo shop has no unpaid invoice")


def _draft_invoice(window: MainWindow):
    from shopdesk.models.parts import Part
    from shopdesk.services.sales import invoices

    actor = window.context.actor
    draft = invoices.create_draft(actor, _busy_customer().id, source="counter sale")
    part = _first(Part, Part.on_hand > 0, Part.archived == False)  # noqa: E712
    invoices.scan_part(actor, draft.id, part.id)
    return invoices.get(actor, draft.id)


def _paid_invoice():
    from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceStatus
    from shopdesk.services.sales import invoices

    for invoice in Invoice.select().where(
            (Invoice.kind == DocumentKind.INVOICE.value)
            & (Invoice.status == InvoiceStatus.ISSUED.value)).order_by(Invoice.id.desc()):
        if invoices.balance_due(invoice) == 0:
            return invoice
    raise AssertionError("the demo shop has no paid invoice")


# --- the dialog table ----------------------------------------------------------------------
Opened = Iterator[tuple[str, QDialog]]


def _customer_dialogs(kind: str) -> Callable[[MainWindow], Opened]:
    def opened(window: MainWindow) -> Opened:
        from shopdesk.gui.customers import crm_dialogs as crm
        from shopdesk.gui.customers.tags_dialog import TagsDialog
        from shopdesk.models.crm import Complaint, Inquiry
        from shopdesk.models.vehicles import Vehicle

        context, customer = window.context, _busy_customer()
        vehicle = _first(Vehicle, Vehicle.customer == customer.id)
        made: dict[str, Callable[[], Opened]] = {
            "InteractionDialog": lambda: iter([(
                "", crm.InteractionDialog(context, customer, window))]),
            "ComplaintDialog": lambda: iter([("", crm.ComplaintDialog(context, customer,
                                                                       window))]),
            "ResolveDialog": lambda: iter([("", crm.ResolveDialog(context, _first(Complaint),
                                                                   window))]),
            "SurveyDialog": lambda: iter([("", crm.SurveyDialog(context, customer, window))]),
            "InquiryDialog": lambda: iter([
                ("new", crm.InquiryDialog(context, customer, window)),
                ("answer", crm.InquiryDialog(context, customer, window, _first(Inquiry).id,
                                             _first(Inquiry).question))]),
            "EditCustomerDialog": lambda: iter([("", crm.EditCustomerDialog(context, customer,
                                                                             window))]),
            "VehicleDialog": lambda: iter([
                ("add", crm.VehicleDialog(context, customer, parent=window)),
                ("edit", crm.VehicleDialog(context, customer, vehicle, window))]),
            "OdometerDialog": lambda: iter([("", crm.OdometerDialog(context, vehicle, window))]),
            "TransferDialog": lambda: iter([("", crm.TransferDialog(context, vehicle, window))]),
            "MergeDialog": lambda: iter([("", crm.MergeDialog(context, customer, window))]),
            "GradeDialog": lambda: iter([("", crm.GradeDialog(context, customer, window))]),
            "BlacklistDialog": lambda: iter([
                ("blacklist", crm.BlacklistDialog(context, customer, window)),
                ("clear", crm.BlacklistDialog(context, _blacklisted(window), window))]),
            "GradingRulesDialog": lambda: iter([("", crm.GradingRulesDialog(context, window))]),
            "TagsDialog": lambda: iter([("", TagsDialog(context, customer, window))]),
        }
        yield from made[kind]()
    return opened


def _blacklisted(window: MainWindow):
    """A blacklisted customer (the dialog then clears the blacklist)."""
    from shopdesk.models.customers import Customer
    from shopdesk.services.crm import customers

    other = _first(Customer, Customer.id != _busy_customer().id)
    if not other.blacklisted:
        customers.set_blacklisted(window.context.actor, other.id, True, "invoice unpaid")
    return customers.get(COMMAND_LINE, other.id)


def _one(build: Callable[[MainWindow], QDialog]) -> Callable[[MainWindow], Opened]:
    def opened(window: MainWindow) -> Opened:
        yield "", build(window)
    return opened


def _invoice_views(window: MainWindow) -> Opened:
    from shopdesk.gui.invoices.invoice_view import InvoiceView
    from shopdesk.models.invoices import DocumentKind, Invoice

    context = window.context
    yield "unpaid", InvoiceView(context, _open_invoice().id, window)
    yield "paid", InvoiceView(context, _paid_invoice().id, window)
    yield "draft", InvoiceView(context, _draft_invoice(window).id, window)
    credit = _first(Invoice, Invoice.kind == DocumentKind.CREDIT_NOTE.value)
    yield "credit note", InvoiceView(context, credit.id, window)


def _payment_dialogs(window: MainWindow) -> Opened:
    from shopdesk.gui.invoices.payment_dialog import PaymentDialog
    from shopdesk.services.sales import payments

    invoice = _open_invoice()
    yield "one invoice", PaymentDialog(window.context.actor, invoice, window)
    others = payments.open_invoices(window.context.actor, invoice.customer_id)
    yield "several invoices", PaymentDialog(window.context.actor, invoice, window,
                                            offered=others)


def _workshop_dialogs(kind: str) -> Callable[[MainWindow], Opened]:
    def opened(window: MainWindow) -> Opened:
        from shopdesk.gui.workshop.dialogs import BookDialog, CheckInDialog
        from shopdesk.models.appointments import Appointment

        context = window.context
        if kind == "BookDialog":
            yield "", BookDialog(context, window)
            return
        yield "walk-in", CheckInDialog(context, window)
        appointment = Appointment.select().where(Appointment.vehicle.is_null(False)) \
            .order_by(Appointment.id).first()
        if appointment is not None:
            yield "appointment", CheckInDialog(context, window, appointment_id=appointment.id)
    return opened


def _order_dialogs(window: MainWindow) -> Opened:
    from shopdesk.gui.parts.order_dialog import OrderDialog
    from shopdesk.models.parts import PurchaseOrder

    shown: set[str] = set()
    for order in PurchaseOrder.select().order_by(PurchaseOrder.id):
        if order.status not in shown:
            shown.add(order.status)
            yield order.status, OrderDialog(window.context, order.id, window)


def _stock_take(window: MainWindow) -> Opened:
    from shopdesk.gui.parts.stocktake_dialog import StockTakeDialog

    yield "", StockTakeDialog(window.context, window)
    started = StockTakeDialog(window.context, window)
    started.start()
    yield "counting", started


def _package_dialogs(window: MainWindow) -> Opened:
    from shopdesk.gui.workshop.packages import PackageDialog
    from shopdesk.models.maintenance import MaintenancePackage

    yield "new", PackageDialog(window.context, None, window)
    yield "edit", PackageDialog(window.context, _first(MaintenancePackage), window)


def _first_run(window: MainWindow) -> Opened:
    from shopdesk import paths
    from shopdesk.gui.first_run.wizard import FirstRunWizard

    yield "", FirstRunWizard(paths.data_dir() / "not-made.sqlite3", window)  # (never written)


def _pricing_previews(kind: str) -> Callable[[MainWindow], Opened]:
    def opened(window: MainWindow) -> Opened:
        from shopdesk.gui.pricing import catalogue_tab
        from shopdesk.models.pricing import CatalogueLine
        from shopdesk.services.pricing import catalogue, catalogue_costs

        line = _first(CatalogueLine)
        if kind == "MappingDialog":
            yield "", catalogue_tab.MappingDialog(["Part no", "Cost", "Colour"], window)
        elif kind == "ImportPreviewDialog":
            plan = catalogue.plan_import(window.context.actor, line.supplier_id, [
                (2, {"supplier_sku": "NEW-1", "description": "New filter", "cost": "4.20"}),
                (3, {"supplier_sku": line.supplier_sku, "description": line.description,
                     "cost": "999"}),
                (4, {"supplier_sku": "", "cost": "x"})])
            yield "", catalogue_tab.ImportPreviewDialog(plan, window)
        else:
            shown = catalogue_costs.preview(window.context.actor, line.supplier_id)
            yield "", catalogue_tab.CostPreviewDialog(window.context.actor, shown, window)
    return opened


def _fields_dialog(window: MainWindow) -> Opened:
    from shopdesk.gui.counter.fields_dialog import FieldsDialog

    yield "", FieldsDialog("Send cores back", "How many go back to the supplier?",
                           [("&Quantity", "2"), ("&Expected credit (blank: deposit)", ""),
                            ("&Reference", "")], lambda texts: None, window)


def _drill(window: MainWindow) -> Opened:
    from shopdesk.gui.reports.drill_dialog import InvoicesBehind
    from shopdesk.reports import monthly

    today = dt.date.today()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    yield "", InvoicesBehind(window.context, monthly.Period.of(first, today), "invoices", None,
                             "Invoices", window)


def _dialogs_table() -> dict[str, Callable[[MainWindow], Opened]]:
    """Dialog class name -> the dialogs to open (label, dialog) on the demo shop."""
    def build(path: str, *args_of: Callable[[MainWindow], object], **kwargs_of
              ) -> Callable[[MainWindow], Opened]:
        module, _, name = path.rpartition(".")

        def made(window: MainWindow) -> QDialog:
            kind = getattr(importlib.import_module(module), name)
            return kind(*(f(window) for f in args_of),
                        **{k: f(window) for k, f in kwargs_of.items()})
        return _one(made)

    from shopdesk.models.parts import Part, Supplier
    from shopdesk.models.repair_orders import RepairOrder
    from shopdesk.models.vehicles import Vehicle

    def ctx(w):
        return w.context

    def me(w):
        return w

    def actor(w):
        return w.context.actor

    def part(_w):
        return _first(Part, Part.archived == False)  # noqa: E712

    table: dict[str, Callable[[MainWindow], Opened]] = {
        name: _customer_dialogs(name) for name in (
            "InteractionDialog", "ComplaintDialog", "ResolveDialog", "SurveyDialog",
            "InquiryDialog", "EditCustomerDialog", "VehicleDialog", "OdometerDialog",
            "TransferDialog", "MergeDialog", "GradeDialog", "BlacklistDialog",
            "GradingRulesDialog", "TagsDialog")}
    g = "shopdesk.gui."
    table.update({
        "BookDialog": _workshop_dialogs("BookDialog"),
        "CheckInDialog@workshop": _workshop_dialogs("CheckInDialog"),
        "PackageDialog": _package_dialogs,
        "CheckInDialog@customers": build(g + "customers.check_in_dialog.CheckInDialog", ctx,
                                         me),
        "VehicleHistoryDialog": build(g + "customers.vehicle_history.VehicleHistoryDialog",
                                      actor, lambda w: _first(Vehicle), me),
        "SurveyStatsDialog": build(g + "customers.crm_insights.SurveyStatsDialog", actor, me),
        "KnowledgeBaseDialog": build(g + "customers.crm_insights.KnowledgeBaseDialog", actor,
                                     me),
        "ComebackDialog": build(g + "counter.comeback_panel.ComebackDialog", ctx,
                                lambda w: _first(RepairOrder), me),
        "CoreReturnDialog": build(g + "counter.core_return_dialog.CoreReturnDialog", ctx,
                                  parent=me),
        "FieldsDialog": _fields_dialog,
        "LostSaleDialog": build(g + "counter.lost_sale_dialog.LostSaleDialog", ctx,
                                text=lambda w: "wiper 22in", parent=me),
        "CounterReports": build(g + "counter.reports.CounterReports", ctx, me),
        "WarrantyDialog": build(g + "counter.warranty_dialog.WarrantyDialog", ctx, me),
        "WarrantyOrderDialog": build(g + "counter.warranty_order_dialog.WarrantyOrderDialog",
                                     ctx, lambda w: _first(RepairOrder,
                                                           RepairOrder.invoice.is_null(False)),
                                     parent=me),
        "AboutDialog": build(g + "dialogs.about.AboutDialog",
                             lambda w: w.context.target.describe(), me),
        "AccountantExportDialog": build(g + "dialogs.accountant_export.AccountantExportDialog",
                                        ctx, me),
        "AuditLogDialog": build(g + "dialogs.audit_log.AuditLogDialog", ctx, me),
        "BackupsDialog": build(g + "dialogs.backups.BackupsDialog",
                               lambda w: w.safety.guard, me),
        "LoginDialog": build(g + "dialogs.login.LoginDialog", lambda w: "Riverside Auto Repair",
                             lambda w: "", me),
        "SettingsDialog": build(g + "dialogs.settings.SettingsDialog", ctx, me),
        "ShortcutsDialog": build(g + "dialogs.shortcuts.ShortcutsDialog",
                                 lambda w: w.shortcut_entries(), me),
        "FirstRunWizard": _first_run,
        "ImportWizard": build(g + "imports.wizard.ImportWizard", ctx, me),
        "CounterSale": build(g + "invoices.counter_sale.CounterSale", ctx, me),
        "CreditNoteDialog": build(g + "invoices.credit_note_dialog.CreditNoteDialog",
                                  lambda w: w.context.actor, lambda w: _paid_invoice(), me),
        "CreditRefundDialog": build(g + "invoices.credit_refund_dialog.CreditRefundDialog",
                                    lambda w: w.context.actor, lambda w: _busy_customer().id,
                                    me),
        "CustomerPicker": build(g + "invoices.customer_picker.CustomerPicker", actor, me),
        "CashUpDialog": build(g + "invoices.day_reports.CashUpDialog", actor, me),
        "AgingDialog": build(g + "invoices.day_reports.AgingDialog", actor, me),
        "DraftLinesDialog": build(g + "invoices.draft_lines_dialog.DraftLinesDialog", ctx,
                                  lambda w: _draft_invoice(w).id, me),
        "InvoiceView": _invoice_views,
        "PaymentDialog": _payment_dialogs,
        "StatementDialog": build(g + "invoices.statement_dialog.StatementDialog", actor,
                                 lambda w: _busy_customer().id, me),
        "InsightsDialog": build(g + "parts.insights_dialog.InsightsDialog", ctx, me),
        "OrderDialog": _order_dialogs,
        "PartDialog": build(g + "parts.part_dialog.PartDialog", ctx, part, parent=me),
        "AdjustDialog": build(g + "parts.stock_dialogs.AdjustDialog", ctx, part, me),
        "LabelsDialog": build(g + "parts.stock_dialogs.LabelsDialog", ctx,
                              lambda w: [part(w).id], me),
        "ReturnDialog": build(g + "parts.stock_dialogs.ReturnDialog", ctx, part, me),
        "RepriceDialog": build(g + "parts.stock_dialogs.RepriceDialog", ctx, me),
        "StockTakeDialog": _stock_take,
        "SupplierDialog": build(g + "parts.supplier_dialog.SupplierDialog", ctx,
                                lambda w: _first(Supplier), me),
        "MappingDialog": _pricing_previews("MappingDialog"),
        "ImportPreviewDialog": _pricing_previews("ImportPreviewDialog"),
        "CostPreviewDialog": _pricing_previews("CostPreviewDialog"),
        "SetPriceDialog": build(g + "pricing.levels_tab.SetPriceDialog", ctx, me),
        "PricingDialog": build(g + "pricing.pricing_dialog.PricingDialog", ctx, me),
        "InvoicesBehind": _drill,
        "OwnerApprovalDialog": build(g + "widgets.owner_approval.OwnerApprovalDialog", ctx,
                                     lambda w: _needs_owner(), me),
    })
    return table


def _needs_owner():
    """A clerk's refusal the owner's approval prompt opens on (a 25% discount)."""
    from decimal import Decimal

    from shopdesk.errors import NeedsOwner
    from shopdesk.models.users import Role
    from shopdesk.services import owner_rules
    from shopdesk.services.access import Actor
    clerk = Actor(None, "clerk", Role.CLERK)
    try:
        owner_rules.check_discount(clerk, Decimal(25))
    except NeedsOwner as refusal:
        return refusal
    raise AssertionError("a clerk's 25% discount needs the owner")


DIALOGS = _dialogs_table()
#: Dialog bases that are never opened themselves (their subclasses are).
BASES = {"shopdesk.gui.widgets.form_dialog.FormDialog"}
#: Dialogs (as named in DIALOGS, with the state) whose focus may start on a button, and why.
FOCUS_ON_A_BUTTON = {
    "AboutDialog": "Close is its one purpose",
    "FirstRunWizard": "its first page only says what comes: Next is the one thing to do",
    "BlacklistDialog (clear)": "a confirmation: Clear is its one purpose",
}


def _table_key(kind: type) -> str:
    """A dialog class's name in :data:`DIALOGS` (two CheckInDialogs: area added)."""
    if kind.__name__ == "CheckInDialog":
        return f"CheckInDialog@{kind.__module__.split('.')[2]}"
    return kind.__name__


def dialog_classes() -> set[type]:
    """Every QDialog (QWizard too) subclass defined in shopdesk/gui."""
    for info in pkgutil.walk_packages(shopdesk.gui.__path__, "shopdesk.gui."):
        importlib.import_module(info.name)
    found: set[type] = set()
    todo = [QDialog]
    while todo:
        kind = todo.pop()
        for sub in kind.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("shopdesk.gui.") and \
                    f"{sub.__module__}.{sub.__qualname__}" not in BASES:
                found.add(sub)
    return found


def dialog_states(dialog: QDialog) -> Iterator[str]:
    """Each state of a dialog worth a look: its tabs, a wizard's pages, the import steps."""
    if isinstance(dialog, QWizard):
        for page_id in dialog.pageIds():
            dialog.setStartId(page_id)
            dialog.restart()
            QApplication.processEvents()
            yield from tab_states(dialog, dialog, f"page {page_id}")
        return
    pages = getattr(dialog, "pages", None)
    if type(dialog).__name__ == "ImportWizard" and pages is not None:
        for step in range(pages.count()):
            dialog._show(step)
            QApplication.processEvents()
            yield from tab_states(dialog, dialog, f"step {step + 1}")
        return
    yield from tab_states(dialog, dialog, "")


def _shown(qtbot, dialog: QDialog) -> QWidget | None:
    """Show ``dialog`` as exec() would and return where the focus is once it is active."""
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    QTest.qWaitForWindowActive(dialog)
    QApplication.processEvents()
    return QApplication.focusWidget()


def focus_problems(where: str, dialog: QDialog, focus: QWidget | None) -> Found:
    if focus is None or not (focus is dialog or dialog.isAncestorOf(focus)):
        return [(where, "opens with the focus nowhere in it")]
    if isinstance(focus, (QPushButton, QToolButton)) and where not in FOCUS_ON_A_BUTTON:
        return [(where, f"opens with the focus on the button {plain(focus.text())!r}")]
    if isinstance(focus, QTabBar):
        return [(where, "opens with the focus on its tabs, not on a field")]
    return []


# --- the tests ------------------------------------------------------------------------------------
def test_every_dialog_class_is_in_the_dialog_table():
    missing = sorted(f"{k.__module__}.{k.__qualname__}" for k in dialog_classes()
                     if _table_key(k) not in DIALOGS)
    assert not missing, "open these in DIALOGS (tests/gui/test_keyboard_rules.py): " + \
        ", ".join(missing)
    stale = set(DIALOGS) - {_table_key(k) for k in dialog_classes()}
    assert not stale, f"DIALOGS names classes that are gone: {sorted(stale)}"


def test_every_screen_keeps_the_keyboard_rules(qtbot, window, language):
    problems = Problems()
    buttons = Buttons()
    areas: set[str] = set()
    for area, where in screen_states(qtbot, window):
        areas.add(area)
        problems.extend(mnemonic_problems(where, window))
        if language == "en":
            buttons.check(where, area, window, window.ui.stack)
    window.build_all_screens()
    problems.extend(enter_shortcut_problems("main window", window))
    problems.extend(list_problems("main window", window))
    if language == "en":
        problems.extend(buttons.problems)
        problems.extend(buttons.unseen(areas | {"window"}))
    assert not problems.found, problems.report()


def test_every_dialog_keeps_the_keyboard_rules(qtbot, window, language):
    problems = Problems()
    buttons = Buttons()
    areas: set[str] = set()
    for key, opener in sorted(DIALOGS.items()):
        for label, dialog in opener(window):
            name = f"{key}" + (f" ({label})" if label else "")
            area = key.split("@")[0]
            areas.add(area)
            try:
                focus = _shown(qtbot, dialog)
                problems.extend(focus_problems(name, dialog, focus))
                problems.extend(enter_shortcut_problems(name, dialog))
                for state in dialog_states(dialog):
                    where = f"{name} {state}".strip()
                    problems.extend(mnemonic_problems(where, dialog))
                    if language == "en":
                        buttons.check(where, area, dialog)
                problems.extend(list_problems(name, dialog))
            finally:
                dialog.hide()
                dialog.deleteLater()
                QApplication.processEvents()
    if language == "en":
        problems.extend(buttons.problems)
        problems.extend(buttons.unseen(areas))
    assert not problems.found, problems.report()


# --- rule 3: a filter that finds one row makes it current ----------------------------------------
@dataclasses.dataclass
class Filtered:
    """A list with a filter box: how to show it, the box, the view, and a text that finds
    exactly one row on the demo shop."""

    show: Callable[[MainWindow], QWidget]  # the screen or dialog, on show
    box: Callable[[QWidget], QWidget]
    view: Callable[[QWidget], QAbstractItemView]
    one_row: Callable[[QWidget], str]
    enter_filters: bool = False  # the box filters on Enter only (not as it is typed)


def _unique(candidates: Iterator[str], count: Callable[[str], int]) -> str:
    for text in candidates:
        if text and count(text) == 1:
            return text
    raise AssertionError("no text finds exactly one row on the demo shop")


def _screen(key: str) -> Callable[[MainWindow], QWidget]:
    return lambda window: window.show_screen(key)


def _dialog(build: Callable[[MainWindow], QDialog]) -> Callable[[MainWindow], QWidget]:
    def shown(window: MainWindow) -> QWidget:
        dialog = build(window)
        dialog.show()
        QTest.qWaitForWindowExposed(dialog)
        return dialog
    return shown


def _customer_email(_screen: QWidget) -> str:
    from shopdesk.models.customers import Customer
    from shopdesk.services.crm import customer_lists

    return _unique((c.email for c in Customer.select().order_by(Customer.id).limit(50)),
                   lambda text: customer_lists.customers(COMMAND_LINE, text).count())


def _vin(_screen: QWidget) -> str:
    from shopdesk.models.vehicles import Vehicle
    from shopdesk.services.crm import customer_lists

    return _unique((v.vin for v in Vehicle.select().order_by(Vehicle.id).limit(50)),
                   lambda text: customer_lists.vehicles(COMMAND_LINE, text).count())


def _order_number(screen: QWidget) -> str:
    from shopdesk.models.repair_orders import RepairOrder
    from shopdesk.services.workshop import repair_order_lists

    actor, status = screen.context.actor, screen.status.currentData()
    return _unique((o.number for o in RepairOrder.select().order_by(RepairOrder.id.desc())
                    .limit(80)),
                   lambda text: repair_order_lists.order_list(actor, status, text).count())


def _sku(screen: QWidget) -> str:
    from shopdesk.models.parts import Part
    from shopdesk.services.stock.parts_lists import parts_list

    wanted = screen.filter.currentData()
    return _unique((p.sku for p in Part.select().order_by(Part.id).limit(50)),
                   lambda text: parts_list(screen.context.actor, text, wanted).count())


def _invoice_number(_screen: QWidget) -> str:
    from shopdesk.models.invoices import Invoice
    from shopdesk.services.sales.invoice_lists import InvoiceFilter, invoice_list

    return _unique((i.number for i in Invoice.select().where(Invoice.number != "")
                    .order_by(Invoice.id.desc()).limit(50)),
                   lambda text: invoice_list(COMMAND_LINE, InvoiceFilter(text=text)).count())


def _shortcut_words(dialog: QWidget) -> str:
    rows = [" ".join((e.where, e.keys, e.what)).casefold() for e in dialog.entries]
    return _unique((e.what for e in dialog.entries),
                   lambda text: sum(text.casefold() in row for row in rows))


def _answered_question(_dialog: QWidget) -> str:
    from shopdesk.services.crm import inquiries

    return _unique((q.question for q in inquiries.knowledge_base(COMMAND_LINE)),
                   lambda text: len(inquiries.knowledge_base(COMMAND_LINE, text)))


def _phone(_dialog: QWidget) -> str:
    from shopdesk.models.customers import CustomerPhone
    from shopdesk.services.crm import search

    return _unique((p.number for p in CustomerPhone.select().order_by(CustomerPhone.id)
                    .limit(50)), lambda text: len(search.find(COMMAND_LINE, text, 30)))


def _catalogue_line(dialog: QWidget) -> str:
    from shopdesk.models.pricing import CatalogueLine
    from shopdesk.services.pricing import catalogue_costs

    tab = dialog.catalogue
    dialog.tabs.setCurrentWidget(tab)
    supplier = tab.supplier_id() or 0
    return _unique((c.supplier_sku for c in CatalogueLine.select().where(
        CatalogueLine.supplier == supplier).limit(50)),
        lambda text: catalogue_costs.catalogue_list(tab.context.actor, supplier, text).count())


def _g(path: str) -> Callable[[MainWindow], QDialog]:
    module, _, name = path.rpartition(".")

    def build(window: MainWindow) -> QDialog:
        kind = getattr(importlib.import_module(f"shopdesk.gui.{module}"), name)
        if name == "ShortcutsDialog":
            return kind(window.shortcut_entries(), window)
        if name in ("KnowledgeBaseDialog", "CustomerPicker"):
            return kind(window.context.actor, window)
        return kind(window.context, window)
    return build


FILTERED = {
    "customers": Filtered(_screen("customers"), lambda s: s.find_edit, lambda s: s.list,
                          _customer_email),
    "vehicles": Filtered(_screen("vehicles"), lambda s: s.find_edit, lambda s: s.list, _vin),
    "repair orders": Filtered(_screen("repair_orders"), lambda s: s.filter, lambda s: s.list,
                              _order_number),
    "parts": Filtered(_screen("parts"), lambda s: s.search_box, lambda s: s.table, _sku),
    "invoices": Filtered(_screen("invoices"), lambda s: s.text, lambda s: s.table,
                         _invoice_number),
    "keyboard shortcuts": Filtered(_dialog(_g("dialogs.shortcuts.ShortcutsDialog")),
                                   lambda d: d.filter, lambda d: d.table, _shortcut_words),
    "knowledge base": Filtered(_dialog(_g("customers.crm_insights.KnowledgeBaseDialog")),
                               lambda d: d.find, lambda d: d.view, _answered_question),
    "customer picker": Filtered(_dialog(_g("invoices.customer_picker.CustomerPicker")),
                                lambda d: d.box, lambda d: d.table, _phone),
    "supplier catalogue": Filtered(_dialog(_g("pricing.pricing_dialog.PricingDialog")),
                                   lambda d: d.catalogue.search_box,
                                   lambda d: d.catalogue.table, _catalogue_line,
                                   enter_filters=True),
}


@pytest.mark.parametrize("name", sorted(FILTERED))
def test_a_filter_that_finds_one_row_makes_it_current(qtbot, english_window, name):
    case = FILTERED[name]
    shown = case.show(english_window)
    box, view = case.box(shown), case.view(shown)
    text = case.one_row(shown)
    box.setFocus()
    qtbot.keyClicks(box, text)
    if case.enter_filters:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=3000)  # (typing pauses)
    QApplication.processEvents()
    index = view.currentIndex()
    assert index.isValid() and index.row() == 0, f"{name}: {text!r} found one row, not current"
    assert view.selectionModel().isRowSelected(0), f"{name}: the row found is not selected"
    box.selectAll()  # the whole list again (a picker: none): its first row is current
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    if case.enter_filters:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.wait(400)  # (the typing pause over)
    if view.model().rowCount():
        assert view.currentIndex().row() == 0, f"{name}: the whole list has no current row"
    if isinstance(shown, QDialog):
        shown.hide()


def test_enter_in_a_filter_box_opens_the_row_it_found(qtbot, english_window):
    """Customers, vehicles and repair orders: Enter opens what the filter found; invoices:
    the invoice it found opens (its view, a modal dialog, closes again)."""
    from shopdesk.gui.invoices.invoice_view import InvoiceView
    from shopdesk.models.customers import Customer
    from shopdesk.models.invoices import Invoice
    from shopdesk.models.vehicles import Vehicle

    window = english_window
    customers = window.screens.get("customers") or window.show_screen("customers")
    for key, find, opened in (
            ("customers", _customer_email,
             lambda text: customers.file_view.customer_id
             == Customer.get(Customer.email == text).id),
            ("vehicles", _vin,
             lambda text: window.current_key() == "customers"
             and customers.stack.currentWidget() is customers.file_view
             and customers.file_view.customer_id == Vehicle.get(Vehicle.vin == text)
             .customer_id),
            ("repair_orders", _order_number,
             lambda text: window.screens["repair_orders"].editor.order.number == text)):
        screen = window.show_screen(key)
        if key == "customers":
            screen.show_list()
        box = FILTERED[{"repair_orders": "repair orders"}.get(key, key)].box(screen)
        text = find(screen)
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert opened(text), f"{key}: Enter in the filter box did not open {text!r}"

    screen = window.show_screen("invoices")
    number = _invoice_number(screen)
    seen: list[str] = []

    def close_the_view() -> None:
        view = QApplication.activeModalWidget()
        if not isinstance(view, InvoiceView):
            QTimer.singleShot(20, close_the_view)
            return
        seen.append(view.invoice.number)
        view.reject()

    screen.text.setFocus()
    qtbot.keyClicks(screen.text, number)
    QTimer.singleShot(0, close_the_view)
    qtbot.keyClick(screen.text, Qt.Key.Key_Return)  # (before the typing pause is over)
    assert seen == [number], f"invoices: Enter opened {seen}, not {number}"
    assert Invoice.get(Invoice.number == number) is not None


def test_enter_on_a_dialog_list_opens_the_row_and_presses_nothing_else(qtbot,
                                                                       english_window):
    """In a dialog, the Enter that opens a list's row goes no further: the dialog's default
    button (here Close) is not pressed as well."""
    drill = dict(_drill(english_window))[""]
    qtbot.addWidget(drill)
    _shown(qtbot, drill)
    drill.table.setFocus()
    drill.table.selectRow(0)
    qtbot.keyClick(drill.table, Qt.Key.Key_Return)
    assert drill.invoice_view is not None and drill.invoice_view.isVisible()
    assert drill.isVisible(), "Enter on the list pressed the dialog's Close as well"
    drill.invoice_view.close()


def test_no_enter_shortcut_in_the_source():
    """No QShortcut, QAction or QKeySequence in shopdesk/gui is made for a plain Return or
    Enter (the window-wide Return shortcut that once stole every Enter in the window)."""
    makers = {"QShortcut", "QKeySequence", "setShortcut", "setShortcuts", "shortcut",
              "QAction", "addAction"}
    found = []
    for path in sorted(GUI.rglob("*.py")):
        if "forms" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in makers:
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and \
                        plain_enter(QKeySequence(arg.value)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {arg.value!r}")
                if isinstance(arg, ast.Attribute) and arg.attr in ("Key_Return", "Key_Enter"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {arg.attr}")
    assert not found, "Enter is the list's and the form's, not a shortcut's: " + ", ".join(found)


def test_chinese_translations_keep_the_mnemonic_letter_and_the_keys():
    """A Chinese text keeps its English text's Alt letter (as "(&X)") and every key it names,
    so the keys, and the check for letters used twice, are one for both languages."""
    keys = re.compile(r"(?<![\w+])(?:(?:Ctrl|Alt|Shift)\+)+(?:F\d{1,2}|[A-Za-z]+|[^\sA-Za-z])"
                      r"|(?<![\w+])F\d{1,2}(?!\w)")
    problems = []
    root = ET.parse(core_i18n.ts_path("zh_CN")).getroot()
    for context in root.iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.findtext("translation") or ""
            where = f"{context.findtext('name')}: {source!r} -> {translation!r}"
            if not translation:
                continue
            if mnemonic(source) != mnemonic(translation):
                problems.append(f"{where}: {mnemonic(source) or 'no Alt key'} in English, "
                                f"{mnemonic(translation) or 'none'} in Chinese")
            lost = [k for k in keys.findall(source) if k not in translation]
            if lost:
                problems.append(f"{where}: {', '.join(lost)} left out")
    assert not problems, "\n".join(problems)
