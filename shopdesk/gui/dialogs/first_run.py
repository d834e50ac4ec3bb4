"""First run: the shop's details, money and invoice numbering, and the owner's account."""

from __future__ import annotations

from babel.numbers import list_currencies
from PySide6.QtWidgets import QWidget, QWizard

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.gui.forms.ui_first_run_wizard import Ui_FirstRunWizard
from shopdesk.services import shop_setup
from shopdesk.services.access import Actor
from shopdesk.services.users import MIN_PASSWORD_LENGTH

COMMON_CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CNY", "HKD", "SGD", "INR",
                     "ZAR", "MXN", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY"]


class FirstRunWizard(QWizard):
    """Creates the shop and its owner in one transaction on Finish; :attr:`owner` after."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstRunWizard()
        self.ui.setupUi(self)
        others = sorted(set(list_currencies()) - set(COMMON_CURRENCIES))
        self.ui.currencyCombo.addItems(COMMON_CURRENCIES + others)
        self.ui.prefixEdit.setText("INV")
        self.owner: Actor | None = None
        self._errors = {0: self.ui.shopPageError, 1: self.ui.moneyPageError,
                        2: self.ui.ownerPageError}

    def validateCurrentPage(self) -> bool:
        page = self.currentId()
        message = self._page_problem(page)
        self._errors[page].setText(message)
        if message:
            return False
        if page == 2:
            return self._create()
        return True

    def _page_problem(self, page: int) -> str:
        ui = self.ui
        if page == 0 and not ui.nameEdit.text().strip():
            ui.nameEdit.setFocus()
            return "Enter the shop's name: it is printed on every invoice."
        if page == 2:
            if not ui.ownerUsernameEdit.text().strip():
                ui.ownerUsernameEdit.setFocus()
                return "Choose a username for the owner."
            if len(ui.ownerPasswordEdit.text()) < MIN_PASSWORD_LENGTH:
                ui.ownerPasswordEdit.setFocus()
                return f"The password needs at least {MIN_PASSWORD_LENGTH} characters."
            if ui.ownerPasswordEdit.text() != ui.ownerPasswordAgainEdit.text():
                ui.ownerPasswordAgainEdit.setFocus()
                return "The two passwords differ."
        return ""

    def details(self) -> shop_setup.ShopDetails:
        """The shop details as typed."""
        ui = self.ui
        return shop_setup.ShopDetails(
            name=ui.nameEdit.text().strip(), address=ui.addressEdit.toPlainText().strip(),
            phone=ui.phoneEdit.text().strip(), email=ui.emailEdit.text().strip(),
            tax_id=ui.taxIdEdit.text().strip(),
            currency=ui.currencyCombo.currentText().strip().upper(),
            invoice_prefix=ui.prefixEdit.text().strip(),
            prices_include_tax=ui.pricesIncludeTaxCheck.isChecked())

    def _create(self) -> bool:
        ui = self.ui
        try:
            self.owner = shop_setup.create_shop(
                self.details(), ui.ownerUsernameEdit.text().strip(), ui.ownerPasswordEdit.text(),
                ui.ownerNameEdit.text().strip())
        except ValidationError as exc:
            page = 1 if set(exc.fields) & {"currency", "invoice_prefix"} else 2
            if set(exc.fields) & {"name"}:
                page = 0
            self._errors[page].setText(str(exc))
            if page != self.currentId():
                self._errors[self.currentId()].setText(str(exc))
            return False
        except ShopDeskError as exc:
            self._errors[2].setText(str(exc))
            return False
        return True
