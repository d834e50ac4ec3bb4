"""The first-run wizard's pages: welcome, the shop, tax rates, invoice numbers, the owner.

Each page checks its own fields when Next is pressed and says what to fix in one line (red,
under the form); nothing is saved before Finish.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.numbers import list_currencies
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from shopdesk.errors import ValidationError
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.logo_picker import LogoPicker
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.sales.invoices import DocumentKind
from shopdesk.services.shop import new_shop, settings
from shopdesk.services.shop.users import MIN_PASSWORD_LENGTH, password_problem

COMMON_CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CNY", "HKD", "SGD", "INR",
                     "ZAR", "MXN", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY"]
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


class CheckedPage(QWizardPage):
    """A page with a form and a red line for what to fix; ``problem()`` says what is wrong."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)

    def finish_layout(self) -> None:
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.error)

    def problem(self) -> tuple[str, QWidget | None]:
        """What stops the wizard going on ("" when nothing) and the field to fix."""
        return "", None

    def validatePage(self) -> bool:
        text, field = self.problem()
        self.error.setText(text)
        if field is not None:
            field.setFocus()
        return not text


class WelcomePage(QWizardPage):
    """Says what the wizard does, and that the demo shop is there to practise first."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to ShopDesk"))
        self.setSubTitle(self.tr("Set up your own shop in a few minutes."))
        layout = QVBoxLayout(self)
        self.text = QLabel(self.tr(
            "You will be asked for the shop's details as printed on invoices, its tax rates, "
            "how invoice numbers look, the owner's account and where backups go. Everything "
            "but the owner's account can be changed later in Settings.\n\n"
            "Not ready yet? Press \u201cTry the demo shop\u201d to look around a made-up shop "
            "first: its customers, parts and invoices are practice data and never mix with "
            "your own. This wizard comes back the next time ShopDesk starts."))
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        layout.addStretch(1)


class ShopPage(CheckedPage):
    """Name, address, phone, e-mail, tax ID, currency and (optional) logo."""

    def __init__(self) -> None:
        super().__init__(self.tr("Your shop"), self.tr(
            "Printed at the top of every invoice and estimate. Only the name is required."))
        self.name = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(64)
        self.address.setPlaceholderText(self.tr("Street, town, postcode"))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.tax_id = QLineEdit()
        self.tax_id.setPlaceholderText(self.tr("VAT, GST or tax number, if the shop has one"))
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        others = sorted(set(list_currencies()) - set(COMMON_CURRENCIES))
        self.currency.addItems(COMMON_CURRENCIES + others)
        self.logo = LogoPicker(None)
        self.logo.problem.connect(self.error.setText)
        for label, widget in ((self.tr("&Shop name *"), self.name),  # (Alt+N: Next)
                              (self.tr("&Address"), self.address),
                              (self.tr("&Phone"), self.phone),
                              (self.tr("E-&mail"), self.email),
                              (self.tr("&Tax ID"), self.tax_id),
                              (self.tr("&Currency"), self.currency),
                              (self.tr("Logo (optional)"), self.logo)):
            self.form.addRow(label, widget)
        self.finish_layout()

    def problem(self) -> tuple[str, QWidget | None]:
        if not self.name.text().strip():
            return self.tr("Enter the shop's name: it is printed on every invoice."), self.name
        if self.currency.currentText().strip().upper() not in list_currencies():
            return (self.tr("{code} is not a currency code: choose one from the list "
                            "(e.g. USD, EUR).").format(code=self.currency.currentText()),
                    self.currency)
        return "", None


class TaxPage(CheckedPage):
    """The tax rates the shop charges; the first is the default on new lines."""

    def __init__(self) -> None:
        super().__init__(self.tr("Tax rates"), self.tr(
            "The first rate is the default for new lines. Rates can be changed later in "
            "Settings; invoices already issued keep theirs."))
        self.rates: list[tuple[str, str, Decimal]] = [
            ("STD", self.tr("Standard"), Decimal("10")), ("ZERO", self.tr("Zero rated"),
                                                          Decimal("0"))]
        self.table = leave_on_tab(QTableView())
        self.model = RowsModel([self.tr("Code"), self.tr("Name"), self.tr("Rate %")], self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(140)
        self.form.addRow(self.table)
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("Code, e.g. RED"))
        self.code.setMaxLength(10)
        self.rate_name = QLineEdit()
        self.rate_name.setPlaceholderText(self.tr("Name, e.g. Reduced"))
        self.rate = QLineEdit()
        self.rate.setPlaceholderText(self.tr("Rate %"))
        self.add_button = QPushButton(self.tr("A&dd rate"))
        self.remove_button = QPushButton(self.tr("&Remove selected"))
        for w in (self.code, self.rate_name, self.rate, self.add_button, self.remove_button):
            row.addWidget(w)
        self.form.addRow(row)
        self.includes_tax = QCheckBox(self.tr("Prices I type already &include tax"))
        self.form.addRow(self.includes_tax)
        self.add_button.clicked.connect(self.add_rate)
        self.remove_button.clicked.connect(self.remove_selected)
        for edit in (self.code, self.rate_name, self.rate):
            edit.installEventFilter(self)
        self.setTabOrder(self.code, self.rate_name)
        self.setTabOrder(self.rate_name, self.rate)
        self.setTabOrder(self.rate, self.add_button)
        self.setTabOrder(self.add_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.table)
        self.setTabOrder(self.table, self.includes_tax)
        self.finish_layout()
        self._show()

    def initializePage(self) -> None:
        self.code.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the new-rate row adds the rate (and does not also press Next); with
        the row empty, Enter goes on to the next page as on every page."""
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and any(e.text().strip() for e in (self.code, self.rate_name, self.rate))):
            self.add_rate()
            return True
        return super().eventFilter(watched, event)

    def _show(self) -> None:
        self.model.set_rows([(c, n, f"{r.normalize():f}") for c, n, r in self.rates])

    def add_rate(self) -> bool:
        """Add (or replace, same code) the rate typed in the row; False with a message."""
        try:
            code, name, rate = settings.check_tax_rate(self.code.text(), self.rate_name.text(),
                                                       self.rate.text())
        except ValidationError as exc:
            self.error.setText(exc.translated())
            field = next(iter(exc.fields), "rate")
            {"code": self.code, "name": self.rate_name}.get(field, self.rate).setFocus()
            return False
        self.rates = [r for r in self.rates if r[0] != code] + [(code, name, rate)]
        self._show()
        self.error.clear()
        for edit in (self.code, self.rate_name, self.rate):
            edit.clear()
        self.code.setFocus()
        return True

    def remove_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            del self.rates[index.row()]
            self._show()

    def problem(self) -> tuple[str, QWidget | None]:
        if any(e.text().strip() for e in (self.code, self.rate_name, self.rate)):
            return self.tr("Press Add rate (or clear the row) before going on."), self.add_button
        if not self.rates:
            return self.tr("Add at least one tax rate (0% if the shop charges none)."), \
                self.code
        return "", None


class NumberingPage(CheckedPage):
    """Prefix and first number of the invoice series, with the number as it will print."""

    def __init__(self) -> None:
        super().__init__(self.tr("Invoice numbers"), self.tr(
            "Numbers run without gaps, starting again at 1 each year. Coming from another "
            "system? Start where it stopped."))
        self.prefix = QLineEdit("INV")
        self.prefix.setMaxLength(12)
        self.year = QLabel(str(dt.date.today().year))
        self.first_number = QSpinBox()
        self.first_number.setRange(1, new_shop.MAX_FIRST_NUMBER)
        self.first_number.setGroupSeparatorShown(False)
        self.preview = QLabel()
        self.preview.setObjectName("sectionTitle")
        self.credit_preview = QLabel()
        for label, widget in ((self.tr("Invoice &prefix"), self.prefix),
                              (self.tr("Year"), self.year),
                              (self.tr("&First invoice number"), self.first_number),
                              (self.tr("First invoice"), self.preview),
                              (self.tr("First credit note"), self.credit_preview)):
            self.form.addRow(label, widget)
        self.prefix.textChanged.connect(self._update)
        self.first_number.valueChanged.connect(self._update)
        self.finish_layout()
        self._update()

    def _update(self) -> None:
        prefix = self.prefix.text()
        self.preview.setText(new_shop.invoice_number_preview(prefix, self.first_number.value()))
        self.credit_preview.setText(new_shop.invoice_number_preview(
            prefix, 1, kind=DocumentKind.CREDIT_NOTE))

    def problem(self) -> tuple[str, QWidget | None]:
        if not re.match(r"^[A-Za-z0-9/-]{0,12}$", self.prefix.text().strip()):
            return self.tr("The prefix is up to 12 letters, digits, / or -."), self.prefix
        return "", None


class OwnerPage(CheckedPage):
    """The owner's account: the first user, who manages users, prices and reports."""

    def __init__(self) -> None:
        super().__init__(self.tr("The owner's account"), self.tr(
            "The owner manages staff accounts, prices, settings and reports. Clerks and "
            "technicians get their own accounts later in Settings."))
        self.full_name = QLineEdit()
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("used to sign in, e.g. maria"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.rule = QLabel(self.tr("At least {n} characters; a phrase of a few words is "
                                   "easy to remember and hard to guess.").format(
                                       n=MIN_PASSWORD_LENGTH))
        self.rule.setObjectName("hintLabel")
        self.rule.setWordWrap(True)
        for label, widget in ((self.tr("&Your name"), self.full_name),  # (Alt+N: Next)
                              (self.tr("&Username *"), self.username),
                              (self.tr("Pass&word *"), self.password),
                              (self.tr("Password a&gain *"), self.again),
                              ("", self.rule)):
            self.form.addRow(label, widget)
        self.finish_layout()

    def problem(self) -> tuple[str, QWidget | None]:
        if not _USERNAME.match(self.username.text().strip()):
            return (self.tr("Choose a username: letters, digits, dots, dashes or underscores."),
                    self.username)
        weak = password_problem(self.password.text())
        if weak is not None:
            return weak.translated(), self.password
        if self.password.text() != self.again.text():
            self.again.clear()
            return self.tr("The two passwords differ: type it again."), self.again
        return "", None

