"""Start the GUI: open the database, first-run set-up, sign in, show the main window.

The way to a painted front desk imports only what it shows: the first-run wizard, the
sign-in dialog and the demo shop's generators are imported when they are needed (a PC
that signs in automatically never needs them), screens when first opened.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

import shopdesk.gui.resources_rc  # noqa: F401 (registers the :/icons resources)
from shopdesk import db as database
from shopdesk import formatting, logs, paths
from shopdesk.errors import ShopDeskError, user_message
from shopdesk.gui import gc_guard, i18n
from shopdesk.gui.context import AppContext
from shopdesk.gui.main_window import MainWindow
from shopdesk.gui.style import STYLESHEET
from shopdesk.local_config import LocalConfig
from shopdesk.services.access import Actor
from shopdesk.services.shop import settings, shop_setup, users

log = logging.getLogger("shopdesk.gui")


def _excepthook(kind: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    """Unexpected errors: log them and show a friendly dialog, never a silent crash."""
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    if QApplication.instance() is not None:
        QMessageBox.critical(
            None, QCoreApplication.translate("app", "ShopDesk hit a problem"),
            QCoreApplication.translate("app",
                    "Something unexpected went wrong: {exc}\n\nYour data is safe: every "
                "change is saved whole or not at all. Details are in the log "
                "file:\n{log_file}").format(exc=exc, log_file=logs.log_file()))


def make_application() -> QApplication:
    """The QApplication with ShopDesk's name, icon and look."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ShopDesk")
    app.setOrganizationName("ShopDesk")
    app.setWindowIcon(QIcon(":/icons/shopdesk.svg"))
    app.setStyleSheet(STYLESHEET)
    gc_guard.install(app)
    return app


class AppController:
    """Drives start-up and sign-in/out; owns the main window."""

    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self.db = None
        self.window: MainWindow | None = None

    # --- database --------------------------------------------------------------------------
    def open_database(self) -> bool:
        """Open ``--db`` or, with none, the shop file (or, before set-up, the demo shop)."""
        url: str | Path | None = self.db_url
        make_demo = False
        if url is None and not paths.default_database_path().exists():
            url = paths.demo_database_path()
            make_demo = not Path(url).exists()
        try:
            # an empty PostgreSQL database is how a server shop starts (the wizard fills
            # it); an empty or damaged file is refused, never made into a shop
            on_server = database.parse_target(url).kind == "postgresql"
            self.db = database.open(url, create=make_demo or on_server)
            if make_demo:
                from shopdesk.demo import create_demo_shop

                QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    create_demo_shop()
                finally:
                    QGuiApplication.restoreOverrideCursor()
        except ShopDeskError as exc:
            QMessageBox.critical(None, QCoreApplication.translate("AppController",
                    "Cannot open the shop database"), user_message(exc))
            return False
        shop = settings.get_settings()
        formatting.configure(currency=shop.currency)
        return True

    # --- sign in ---------------------------------------------------------------------------
    def sign_in(self) -> Actor | None:
        """Automatic sign-in if this PC has one, else the sign-in dialog (None: cancelled)."""
        key = database.target_of(self.db).describe()
        auto = LocalConfig.load().auto_login.get(key)
        if auto:  # a clerk, with this PC's secret: checked again by the service each time
            from shopdesk import pc_secret

            try:
                return users.auto_sign_in(auto, pc_secret.load(key))
            except ShopDeskError as exc:
                log.warning("automatic sign-in as %s refused: %s", auto, exc)
        from shopdesk.demo import DEMO_PASSWORD
        from shopdesk.gui.dialogs.login import LoginDialog

        shop = settings.get_settings()
        hint = (f"Demo shop: sign in as owner, clerk or tech; the password is {DEMO_PASSWORD}."
                if shop.is_demo else "")
        dialog = LoginDialog(shop.name, hint)
        if shop.is_demo:
            dialog.ui.usernameEdit.setText(QCoreApplication.translate("AppController", "owner"))
            dialog.ui.passwordEdit.setFocus()
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None

    def first_run(self, target: Path | None = None, cancel_text: str = "") -> Actor | None:
        """The set-up wizard: ``target`` is the new shop file to make (None: fill the empty
        database open now). None: cancelled, and nothing changed."""
        from shopdesk.gui.first_run import FirstRunWizard

        wizard = FirstRunWizard(target, cancel_text=cancel_text)
        self.first_run_wizard = wizard
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.owner is None:
            return None
        if wizard.db is not self.db:
            if self.db is not None:
                self.db.close()
            self.db = wizard.db
        formatting.configure(currency=settings.get_settings().currency)
        return wizard.owner

    def _without_own_shop(self) -> bool:
        """Started on the demo shop because this PC has no shop of its own yet."""
        return self.db_url is None and not paths.default_database_path().exists()

    def start(self) -> bool:
        """Open, set up if needed, sign in and show the window. False: nothing to show.

        With no shop of its own the wizard comes first; its Cancel opens the demo shop."""
        if not self.open_database():
            return False
        if self._without_own_shop():
            actor = self.first_run(paths.default_database_path())
            if actor is None:
                actor = self.sign_in()  # the demo shop
        else:
            actor = self.first_run() if shop_setup.needs_setup() else self.sign_in()
        if actor is None:
            return False
        self.show_window(actor)
        self._offer_import()
        return True

    def _offer_import(self) -> None:
        wizard = getattr(self, "first_run_wizard", None)
        if wizard is not None and wizard.wants_import and self.window is not None:
            from shopdesk.gui.first_run import open_import_wizard

            open_import_wizard(self.window)

    def show_window(self, actor: Actor) -> MainWindow:
        """Build and show the main window for ``actor``."""
        if self.window is not None:
            self.window.safety.stop_backups()  # not a quit: no backup on this close
            self.window.close()
            self.window.deleteLater()
        self.window = MainWindow(AppContext(self.db, actor))
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.set_up_shop_requested.connect(self.set_up_own_shop)
        self.window.database_replaced.connect(self.reopen_after_restore)
        self.window.safety.start_backups()
        self.window.show()
        return self.window

    def reopen_after_restore(self, db: object) -> None:
        """A backup was restored: rebuild the window on the reopened database.

        The same person stays signed in if the restored database knows them (same account,
        still active); otherwise the sign-in dialog asks who is there.
        """
        self.db = db
        formatting.configure(currency=settings.get_settings().currency)
        current = self.window.context.actor if self.window is not None else None
        try:
            actor = users.actor_for(current.username) if current is not None else None
        except ShopDeskError:
            actor = None
        if actor is not None:
            self.show_window(actor)
        else:
            self.sign_out()

    def sign_out(self) -> None:
        """Hide the window, ask for the next user; quit if the dialog is cancelled."""
        if self.window is not None:
            self.window.hide()
        from shopdesk.gui.dialogs.login import LoginDialog

        shop = settings.get_settings()
        dialog = LoginDialog(shop.name)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None:
            self.show_window(dialog.actor)
        else:
            QApplication.quit()

    @staticmethod
    def tr_back_to_demo() -> str:
        return QCoreApplication.translate("AppController", "Back to the demo shop")

    def set_up_own_shop(self) -> None:
        """From the demo banner: make the shop's own database at the default place."""
        target = paths.default_database_path()
        if target.exists() or self.db_url is not None:
            QMessageBox.information(
                self.window, QCoreApplication.translate("AppController", "Your shop"),
                        QCoreApplication.translate("AppController",
                                "This PC already has a shop database, or ShopDesk "
                "was started with --db. Start ShopDesk without --db to open your own shop."))
            return
        owner = self.first_run(target, self.tr_back_to_demo())
        if owner is not None:  # (cancelled: the demo shop is still open, nothing made)
            self.show_window(owner)
            self._offer_import()


def run_gui(db_url: str | None = None) -> int:
    """Entry point of the window; returns the exit code."""
    app = make_application()
    i18n.install()  # this PC's language, before the first window
    sys.excepthook = _excepthook
    controller = AppController(db_url)
    if not controller.start():
        return 1
    code = app.exec()
    # work still running in the background (a list being made) ends before Python tears
    # down the objects it reports through
    QThreadPool.globalInstance().waitForDone(10_000)
    return code


def smoke_window(seconds: float = 1.0) -> str:
    """Show the main window on the open database as its first owner, then close it."""
    from PySide6.QtCore import QTimer

    app = make_application()
    i18n.install()
    window = MainWindow(AppContext(database.current(), users.first_owner()))
    window.show()
    for key in list(window.specs):
        window.show_screen(key)
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    shown = len(window.screens)
    window.close()
    return f"Main window opened with {shown} screens. {i18n.catalogues_found()}"
