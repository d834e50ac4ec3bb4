"""Help → Keyboard shortcuts: read from the window's real QActions and QShortcuts.

Screens make their shortcuts with :func:`shortcut`, which records what the key does on the
QShortcut itself (``whatsThis``) and puts the key in the button's tooltip. The window lists
whatever is registered, so the list cannot go stale. Dialogs (counter sale, invoice) only
exist while open: their keys are listed from :data:`DIALOG_SHORTCUTS`, which a test compares
with the keys the real dialogs register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk.gui.widgets.list_keys import first_row_current, leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel


def shortcut(parent: QWidget, keys: str | QKeySequence.StandardKey, what: str,
             slot: Callable[[], object], *, button: QAbstractButton | None = None,
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
             ) -> QShortcut:
    """A keyboard shortcut that says what it does (listed in Help → Keyboard shortcuts);
    ``button`` gets the key in its tooltip."""
    made = QShortcut(QKeySequence(keys), parent, activated=slot)
    made.setContext(context)
    made.setWhatsThis(what)
    if button is not None:
        button.setToolTip(f"{what}  ({keys_text(made.key())})")
    return made


def describe(parent: QWidget, what: dict[str, str],
             buttons: dict[str, QAbstractButton] | None = None) -> None:
    """Say what each of ``parent``'s own shortcuts does (keyed by its keys, e.g. "Ctrl+B" or
    "Del"); each button named in ``buttons`` gets its key in the tooltip."""
    buttons = buttons or {}
    wanted = {QKeySequence(k).toString(): (k, text) for k, text in what.items()}
    for made in parent.findChildren(QShortcut, options=Qt.FindChildOption.FindDirectChildrenOnly):
        found = wanted.get(made.key().toString())
        if found is None:
            continue
        keys, text = found
        made.setWhatsThis(text)
        if keys in buttons:
            buttons[keys].setToolTip(f"{text}  ({keys_text(made.key())})")


def keys_text(sequence: QKeySequence) -> str:
    """A key sequence as the user reads it on this system (Ctrl+K, F9, Del)."""
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


@dataclass(frozen=True)
class Entry:
    """One line of the list: where the key works, the keys, what it does."""

    where: str
    keys: str
    what: str


def dialog_shortcuts() -> list[Entry]:
    """Keys of the dialogs (only registered while they are open)."""
    sale = QCoreApplication.translate("Shortcuts", "Counter sale")
    invoice = QCoreApplication.translate("Shortcuts", "Invoice")
    return [Entry(sale, "F4", QCoreApplication.translate("Shortcuts", "Pick the customer")),
            Entry(sale, "F12", QCoreApplication.translate("Shortcuts", "Take payment (cash)")),
            Entry(sale, keys_text(QKeySequence(QKeySequence.StandardKey.Delete)),
                  QCoreApplication.translate("Shortcuts", "Remove the selected line")),
            Entry(sale, "Ctrl+L", QCoreApplication.translate(
                "Shortcuts", "Record a lost sale (what was just scanned or typed)")),
            Entry(invoice, "F12", QCoreApplication.translate(
                "Shortcuts", "Take payment (a draft: issue it first)")),
            Entry(invoice, "Ctrl+I", QCoreApplication.translate("Shortcuts", "Issue the draft")),
            Entry(invoice, keys_text(QKeySequence(QKeySequence.StandardKey.Print)),
                  QCoreApplication.translate("Shortcuts", "Print the invoice"))]


def _where(obj: QObject, window: QMainWindow, screens: dict[QWidget, str]) -> str:
    node: QObject | None = obj
    while node is not None and node is not window:
        if node in screens:
            return screens[node]
        node = node.parent()
    return QCoreApplication.translate("Shortcuts", "Anywhere")


def collect(window: QMainWindow, screen_titles: dict[QWidget, str]) -> list[Entry]:
    """Every shortcut registered in ``window``: menu actions, then screen shortcuts."""
    entries: list[Entry] = []
    seen: dict[tuple[str, str], int] = {}

    def add(where: str, keys: str, what: str) -> None:
        key = (where, what)
        if key in seen:  # two keys for one thing (Ctrl+K and F3): one line
            old = entries[seen[key]]
            if keys in old.keys.split(" "):
                return
            both = QCoreApplication.translate("Shortcuts", "{first} or {second}")
            entries[seen[key]] = Entry(where, both.format(first=old.keys, second=keys), what)
            return
        seen[key] = len(entries)
        entries.append(Entry(where, keys, what))

    for action in window.findChildren(QAction):
        if action.shortcut().isEmpty() or not action.text():
            continue
        what = action.text().split("\t")[0].replace("&&", "\0").replace("&", "")
        for keys in action.shortcuts():
            add(QCoreApplication.translate("Shortcuts", "Anywhere"), keys_text(keys),
                what.replace("\0", "&").rstrip("…"))
    for made in window.findChildren(QShortcut):
        if made.whatsThis() and made.isEnabled():
            add(_where(made, window, screen_titles), keys_text(made.key()), made.whatsThis())
    anywhere = QCoreApplication.translate("Shortcuts", "Anywhere")
    return sorted(entries, key=lambda e: e.where != anywhere)  # (stable: else as registered)


class ShortcutsDialog(QDialog):
    """The shortcuts in a table (where, keys, what), with a box to narrow it down."""

    def __init__(self, entries: list[Entry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(720, 560)
        self.entries = entries
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Type to find a shortcut, e.g. payment"))
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.model = RowsModel([self.tr("Where"), self.tr("Keys"), self.tr("What it does")],
                               self)
        self.model.set_rows([(e.where, e.keys, e.what) for e in entries])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(lambda _text: first_row_current(self.table))
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        first_row_current(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter.setFocus()
