"""The main window: sidebar of screens, global search (Ctrl+K / F3), status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QButtonGroup, QLabel, QMainWindow, QPushButton, QWidget

from shopdesk import i18n
from shopdesk.gui.context import AppContext
from shopdesk.gui.data_safety import install_data_safety
from shopdesk.gui.desk_menu import install_desk_menu
from shopdesk.gui.dialogs.shortcuts import ShortcutsDialog, collect, dialog_shortcuts, shortcut
from shopdesk.gui.first_run.demo_marking import mark_demo_windows
from shopdesk.gui.forms.ui_main_window import Ui_MainWindow
from shopdesk.gui.global_search import GlobalSearch, ranking
from shopdesk.gui.i18n import label
from shopdesk.gui.screens import ScreenSpec, load_factory, screens_for
from shopdesk.gui.widgets.after_paint import after_first_paint
from shopdesk.gui.widgets.empty_state import EmptyState
from shopdesk.gui.widgets.export_menu import install_export_menu
from shopdesk.services.access import ROLE_LABELS, Permission
from shopdesk.services.changes import Changes
from shopdesk.services.shop import settings

SEARCH_SCREEN = "customers"


class MainWindow(QMainWindow):
    """Shows one screen at a time; screens are built the first time they are opened."""

    sign_out_requested = Signal()
    set_up_shop_requested = Signal()
    database_replaced = Signal(object)  # a backup was restored: the app reopens the window

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.specs: dict[str, ScreenSpec] = {s.key: s for s in screens_for(context)}
        self.screens: dict[str, QWidget] = {}
        self.nav_buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for spec in self.specs.values():
            button = QPushButton(spec.label())
            button.setCheckable(True)
            button.setToolTip(f"{spec.label()}  ({spec.shortcut})")
            button.clicked.connect(lambda _=False, key=spec.key: self.show_screen(key))
            self._group.addButton(button)
            self.ui.navLayout.addWidget(button)
            self.nav_buttons[spec.key] = button
            shortcut(self, spec.shortcut, self.tr("Open {screen}").format(screen=button.text()),
                     lambda key=spec.key: self.show_screen(key),
                     context=Qt.ShortcutContext.WindowShortcut)
        for keys in ("Ctrl+K", "F3"):
            shortcut(self, keys, self.tr("Find a customer, phone, plate or VIN"),
                     self.focus_search, context=Qt.ShortcutContext.WindowShortcut)
        self.global_search = GlobalSearch(
            self.context, self, self.ui.searchBox,
            self.open_found if SEARCH_SCREEN in self.specs else None, self._no_search)
        self.ui.actionSettings.triggered.connect(self.open_settings)
        self.import_action = self.ui.menuFile.addAction(self.tr("&Import spreadsheet…"))
        self.ui.menuFile.insertAction(self.ui.actionSettings, self.import_action)
        self.import_action.triggered.connect(lambda: self.open_import())
        self.import_action.setEnabled(context.can(Permission.EDIT_CUSTOMERS))
        self.ui.actionSettings.setEnabled(context.can(Permission.CHANGE_SETTINGS))
        self.ui.actionSignOut.triggered.connect(self.sign_out_requested)
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.actionShortcuts.triggered.connect(self.show_shortcuts)
        self.ui.setUpShopButton.clicked.connect(self.set_up_shop_requested)
        self._db_label = QLabel()
        self._user_label = QLabel()
        self.statusBar().addWidget(self._db_label, 1)
        self.statusBar().addPermanentWidget(self._user_label)
        context.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        context.changed.connect(self._on_changed)  # (the title, the strips, the language)
        self.safety = install_data_safety(self)
        self.exports = install_export_menu(self)
        self.desk = install_desk_menu(self)
        self.ui.actionShortcuts.setShortcuts([QKeySequence("F1"), QKeySequence("Ctrl+/")])
        self._refresh_shop()
        self.show_screen(next(iter(self.specs)))  # (the front desk fills after its first paint)
        # the search box's ranking (phone and e-mail rules) is imported while idle after the
        # first screen is painted and filled, before the clerk types: not on the way to it
        after_first_paint(self, lambda: QTimer.singleShot(0, self, ranking))

    # --- screens ---------------------------------------------------------------------------
    def _build(self, spec: ScreenSpec) -> QWidget:
        if spec.key == "settings":
            from shopdesk.gui.screens.settings_screen import SettingsScreen  # (when opened)

            return SettingsScreen(self.context, self.open_settings)
        factory = load_factory(spec)
        if factory is not None:
            return factory(self.context)
        return EmptyState(spec.label(spec.empty_title), spec.label(spec.empty_text))

    def show_screen(self, key: str) -> QWidget | None:
        """Switch to the screen ``key`` (building it on first use); returns it."""
        spec = self.specs.get(key)
        if spec is None:
            return None
        widget = self.screens.get(key)
        if widget is None:
            widget = self._build(spec)
            widget.setObjectName(f"screen_{key}")
            self.screens[key] = widget
            self.ui.stack.addWidget(widget)
        self.ui.stack.setCurrentWidget(widget)
        self.nav_buttons[key].setChecked(True)
        self.ui.screenTitle.setText(spec.label())
        activate = getattr(widget, "activate", None)
        if callable(activate):
            activate()
        return widget

    def current_key(self) -> str:
        """The key of the screen on show."""
        current = self.ui.stack.currentWidget()
        return next((k for k, w in self.screens.items() if w is current), "")

    # --- search ----------------------------------------------------------------------------
    def focus_search(self) -> None:
        """Ctrl+K / F3: put the cursor in the search box, text selected."""
        self.ui.searchBox.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.searchBox.selectAll()

    def open_found(self, customer_id: int, text: str) -> None:
        """A customer chosen in the search box's list: their file on the Customers screen
        (whose list keeps the same search, for Esc back to the others found)."""
        target = self.show_screen(SEARCH_SCREEN)
        show_found = getattr(target, "show_found", None)
        if callable(show_found):
            show_found(customer_id, text)

    def _no_search(self) -> None:
        self.statusBar().showMessage(
            self.tr("Search finds customers and vehicles; this version has none yet."), 8000)

    # --- shell -----------------------------------------------------------------------------
    def _refresh_shop(self) -> None:
        shop = settings.get_settings()
        i18n.set_document_language(shop.language)  # printed documents and exports
        name = shop.name or "ShopDesk"
        self.setWindowTitle(f"{name} — ShopDesk" + (self.tr("  [DEMO]") if shop.is_demo else ""))
        self.ui.shopNameLabel.setText(name)
        self.ui.demoBanner.setVisible(shop.is_demo)
        mark_demo_windows(shop.is_demo)  # every dialog's title says DEMO SHOP too
        actor = self.context.actor
        role = label(ROLE_LABELS[actor.role])
        self.ui.userLabel.setText(f"{actor.label}\n{role}")
        self._db_label.setText(self.tr("Database: {describe}").format(
            describe=self.context.target.shown()))
        self._user_label.setText(self.tr("Signed in: {label} ({role})").format(
            label=actor.label, role=role))

    def _on_changed(self, touched: Changes) -> None:
        if touched & (Changes.SETTINGS | Changes.USERS):
            self._refresh_shop()

    def open_settings(self) -> None:
        """File → Settings (owner only)."""
        if not self.context.can(Permission.CHANGE_SETTINGS):
            self.statusBar().showMessage(self.tr("Only the owner can change the settings."), 8000)
            return
        from shopdesk.gui.dialogs.settings import SettingsDialog  # (imported when first used)

        SettingsDialog(self.context, self).exec()

    def open_import(self, kind: str | None = None) -> QWidget:
        """File → Import spreadsheet…: the import wizard (customers, vehicles, parts...)."""
        from shopdesk.gui.imports import open_import_wizard

        return open_import_wizard(self.context, self, kind)

    def show_about(self) -> None:
        from shopdesk.gui.dialogs.about import AboutDialog

        AboutDialog(self.context.target.shown(), self).exec()

    def build_all_screens(self) -> None:
        """Build every screen not opened yet (without showing it): their shortcuts exist."""
        for key, spec in self.specs.items():
            if key not in self.screens:
                widget = self._build(spec)
                widget.setObjectName(f"screen_{key}")
                self.screens[key] = widget
                self.ui.stack.addWidget(widget)

    def shortcut_entries(self):
        """Every keyboard shortcut registered in the window (every screen built first), then
        the dialogs' keys."""
        self.build_all_screens()
        titles = {w: self.nav_buttons[k].text() for k, w in self.screens.items()}
        return collect(self, titles) + dialog_shortcuts()

    def shortcut_list(self) -> list[tuple[str, str]]:
        """(keys, what) of every shortcut, for Help -> Keyboard shortcuts."""
        return [(e.keys, e.what) for e in self.shortcut_entries()]

    def show_shortcuts(self) -> None:
        """Help -> Keyboard shortcuts (F1, Ctrl+/)."""
        self.shortcuts_dialog = ShortcutsDialog(self.shortcut_entries(), self)
        self.shortcuts_dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.safety.hold_close(event):  # the automatic backup on close first
            super().closeEvent(event)
