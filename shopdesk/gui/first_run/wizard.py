"""First run: set up the shop's own database, or go back to the demo shop.

Nothing is written until Finish; then the whole shop (details, logo, tax rates, invoice
numbering, the owner's account) is made in one go by :mod:`shopdesk.services.shop.new_shop`. A
refusal or failure shows on the last page and leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget, QWizard

from shopdesk import db as database
from shopdesk.errors import ShopDeskError
from shopdesk.gui.first_run.more_pages import BackupPage, ImportPage
from shopdesk.gui.first_run.pages import NumberingPage, OwnerPage, ShopPage, TaxPage, WelcomePage
from shopdesk.gui.widgets.form_dialog import refusal_text
from shopdesk.local_config import LocalConfig
from shopdesk.services.access import Actor
from shopdesk.services.shop import new_shop, shop_setup


class FirstRunWizard(QWizard):
    """``target``: the new SQLite file to make; None: fill the (empty) database bound now.

    After Finish, :attr:`owner` is the signed-in owner and :attr:`db` the shop's database.
    Cancel (labelled for the demo shop) changes nothing.
    """

    def __init__(self, target: Path | None = None, parent: QWidget | None = None, *,
                 cancel_text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Set up your shop"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setMinimumSize(680, 520)
        self.target = target
        self.owner: Actor | None = None
        self.db = None
        if target is not None:
            database_file: Path | None = target
        else:
            bound = database.target_of(database.current())
            database_file = bound.path if bound.kind == "sqlite" else None
        self.welcome = WelcomePage()
        self.shop = ShopPage()
        self.tax = TaxPage()
        self.numbering = NumberingPage()
        self.owner_page = OwnerPage()
        self.backup = BackupPage(database_file)
        self.imports = ImportPage()
        for page in (self.welcome, self.shop, self.tax, self.numbering, self.owner_page,
                     self.backup, self.imports):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CancelButton,
                           cancel_text or self.tr("Try the demo shop"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Create my shop"))

    def plan(self) -> new_shop.NewShop:
        """What was typed, as the service takes it."""
        shop = self.shop
        details = shop_setup.ShopDetails(
            name=shop.name.text().strip(), address=shop.address.toPlainText().strip(),
            phone=shop.phone.text().strip(), email=shop.email.text().strip(),
            tax_id=shop.tax_id.text().strip(),
            currency=shop.currency.currentText().strip().upper(),
            invoice_prefix=self.numbering.prefix.text().strip(),
            prices_include_tax=self.tax.includes_tax.isChecked(),
            tax_rates=list(self.tax.rates))
        owner = self.owner_page
        return new_shop.NewShop(
            details, owner.username.text().strip(), owner.password.text(),
            owner.full_name.text().strip(), self.numbering.first_number.value(),
            shop.logo.png)

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentPage() is self.imports:
            return self._create()
        return True

    def _create(self) -> bool:
        """Make the shop; on a refusal, say so on the last page and stay open."""
        self.imports.error.clear()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # ~1-3 s: migrations
        try:
            if self.target is not None:
                self.db, self.owner = new_shop.create_shop_file(self.target, self.plan())
            else:
                self.owner = new_shop.set_up(self.plan())
                self.db = database.current()
        except ShopDeskError as exc:
            self._failed(refusal_text(exc))
            return False
        except OSError as exc:
            self._failed(self.tr("The shop's file could not be written: {error}").format(
                error=exc.strerror or exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        config = LocalConfig.load()
        config.backup_dir = self.backup.chosen_folder()
        config.save()
        return True

    def _failed(self, message: str) -> None:
        self.imports.error.setText(self.tr("Nothing was saved: {problem}").format(
            problem=message))

    @property
    def wants_import(self) -> bool:
        """Whether to open the import wizard once the main window is up."""
        return self.imports.wants_import()
