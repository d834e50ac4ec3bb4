"""Settings: shop details, invoicing, tax rates, users (owner) and this PC's options."""

from __future__ import annotations

from babel.numbers import list_currencies
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from shopdesk import i18n, pc_secret
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.first_run import COMMON_CURRENCIES
from shopdesk.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from shopdesk.gui.i18n import label
from shopdesk.gui.widgets.form_dialog import refusal_text
from shopdesk.gui.widgets.logo_picker import LogoPicker
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.gui.widgets.tab_order import focus_first_field
from shopdesk.i18n import SYSTEM
from shopdesk.local_config import LocalConfig
from shopdesk.services.access import ROLE_LABELS, Permission
from shopdesk.services.changes import Changes
from shopdesk.services.shop import settings, users
from shopdesk.services.shop.users import Role

#: each language named in itself, so anyone can find their own
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文 (Simplified Chinese)"}


class SettingsDialog(QDialog):
    """Saves shop settings on Save; tax rates and users save with their own buttons."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self.setMinimumSize(640, 520)
        ui = self.ui
        ui.currencyCombo.addItems(COMMON_CURRENCIES + sorted(
            set(list_currencies()) - set(COMMON_CURRENCIES)))
        ui.userRoleCombo.addItems([label(ROLE_LABELS[r]) for r in Role])
        ui.languageCombo.addItem(self.tr("System (this PC's language)"), SYSTEM)
        for code, name in LANGUAGE_NAMES.items():
            ui.languageCombo.addItem(name, code)
        self.languageNote = QLabel(self.tr("A new language shows after ShopDesk is restarted."))
        self.languageNote.setObjectName("hintLabel")
        self.languageNote.setWordWrap(True)
        ui.languageNote = self.languageNote
        ui.pcForm.addRow("", self.languageNote)
        ui.documentLanguageCombo.addItem(self.tr("Same as the screen"), "")
        for code, name in i18n.LANGUAGES.items():  # each named in itself
            ui.documentLanguageCombo.addItem(name, code)
        ui.paperCombo.addItem(self.tr("A4 (210 × 297 mm)"), "A4")
        ui.paperCombo.addItem(self.tr("Letter (8.5 × 11 in)"), "LETTER")
        # what only the owner may allow: discounts above these need the owner's password
        self.clerkLimitEdit = QLineEdit()
        self.clerkLimitEdit.setObjectName("clerkLimitEdit")
        self.technicianLimitEdit = QLineEdit()
        self.technicianLimitEdit.setObjectName("technicianLimitEdit")
        for edit in (self.clerkLimitEdit, self.technicianLimitEdit):
            edit.setMaximumWidth(80)
            edit.setToolTip(self.tr("A larger discount needs the owner's password at the desk"))
        ui.invoicingForm.addRow(self.tr("Cler&k's discount limit %"), self.clerkLimitEdit)
        ui.invoicingForm.addRow(self.tr("Tec&hnician's discount limit %"),
                                self.technicianLimitEdit)
        self.userCostsCheck = QCheckBox(self.tr("Sees costs and mar&gins"))
        self.userCostsCheck.setObjectName("userCostsCheck")
        self.userCostsCheck.setToolTip(self.tr("Average costs, stock value and margins: the "
                                               "owner always sees them"))
        ui.userForm.addRow("", self.userCostsCheck)
        ui.userRoleCombo.currentIndexChanged.connect(self._role_changed)
        self.logo = LogoPicker(None, self)
        self.logo.problem.connect(self._error)
        ui.shopForm.addRow(self.tr("Logo"), self.logo)
        self.tax_model = RowsModel([self.tr("Code"), self.tr("Name"), self.tr("Rate %"),
                                    self.tr("Default")], self)
        self.user_model = RowsModel([self.tr("Username"), self.tr("Name"), self.tr("Role"),
                                     self.tr("Active"), self.tr("Sees costs"),
                                     self.tr("Sign-in")], self)
        # lifts the lockout after too many wrong passwords (beside Save and New)
        ui.userUnlockButton = QPushButton(self.tr("Un&lock sign-in"), ui.usersTab)
        ui.userUnlockButton.setEnabled(False)
        ui.userButtons.insertWidget(ui.userButtons.indexOf(ui.userNewButton) + 1,
                                    ui.userUnlockButton)
        for view, model in ((ui.taxTable, self.tax_model), (ui.userTable, self.user_model)):
            view.setModel(model)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            view.verticalHeader().hide()
        ui.taxTable.selectionModel().currentRowChanged.connect(self._tax_selected)
        ui.userTable.selectionModel().currentRowChanged.connect(self._user_selected)
        ui.taxSaveButton.clicked.connect(self._save_tax)
        ui.taxNewButton.clicked.connect(self._new_tax)
        ui.taxArchiveButton.clicked.connect(self._archive_tax)
        ui.userSaveButton.clicked.connect(self._save_user)
        ui.userNewButton.clicked.connect(self._new_user)
        ui.userUnlockButton.clicked.connect(self._unlock_user)
        ui.buttons.accepted.connect(self.save)
        ui.buttons.rejected.connect(self.reject)
        ui.tabs.setTabVisible(ui.tabs.indexOf(ui.usersTab),
                              context.can(Permission.MANAGE_USERS))
        self._load()
        focus_first_field(self, ui.tabs.currentWidget())  # the shop's name, not the tabs

    # --- loading -------------------------------------------------------------------------
    def _load(self) -> None:
        ui, s = self.ui, settings.get_settings()
        self._version = s.version
        ui.nameEdit.setText(s.name)
        ui.addressEdit.setPlainText(s.address)
        ui.phoneEdit.setText(s.phone)
        ui.emailEdit.setText(s.email)
        ui.websiteEdit.setText(s.website)
        ui.taxIdEdit.setText(s.tax_id)
        self.logo.set_png(s.logo_png)
        ui.currencyCombo.setCurrentText(s.currency)
        ui.prefixEdit.setText(s.invoice_prefix)
        ui.pricesIncludeTaxCheck.setChecked(s.prices_include_tax)
        ui.termsSpin.setValue(s.payment_terms_days)
        ui.footerEdit.setPlainText(s.invoice_footer)
        ui.negativeStockCheck.setChecked(s.allow_negative_stock)
        self.clerkLimitEdit.setText(f"{s.clerk_discount_limit.normalize():f}")
        self.technicianLimitEdit.setText(f"{s.technician_discount_limit.normalize():f}")
        ui.paperCombo.setCurrentIndex(max(ui.paperCombo.findData(s.paper_size), 0))
        ui.documentLanguageCombo.setCurrentIndex(
            max(ui.documentLanguageCombo.findData(s.language or ""), 0))
        self._load_taxes()
        self._load_users()
        config = LocalConfig.load()
        key = self.context.target.describe()
        ui.autoLoginCombo.clear()
        ui.autoLoginCombo.addItem(self.tr("Nobody: always ask"), "")
        for row in users.list_users(self.context.actor, include_inactive=False):
            if row.role is Role.CLERK:
                ui.autoLoginCombo.addItem(f"{row.username} ({row.display_name})", row.username)
        index = ui.autoLoginCombo.findData(config.auto_login.get(key, ""))
        ui.autoLoginCombo.setCurrentIndex(max(index, 0))
        index = ui.languageCombo.findData(config.language or SYSTEM)
        ui.languageCombo.setCurrentIndex(max(index, 0))

    def _load_taxes(self) -> None:
        self.tax_model.set_rows([(t.code, t.name, t.rate.normalize(), self.tr("yes") if t.is_default
                                  else "") for t in settings.list_tax_rates(self.context.actor)])

    def _load_users(self) -> None:
        if not self.context.can(Permission.MANAGE_USERS):
            return
        yes, no = self.tr("yes"), self.tr("no")
        self.user_model.set_rows([(u.username, u.display_name, label(ROLE_LABELS[u.role]),
                                   yes if u.active else no,
                                   yes if u.see_costs or u.role is Role.OWNER else no,
                                   self.tr("locked") if u.locked else "")
                                  for u in users.list_users(self.context.actor)])
        self.ui.userUnlockButton.setEnabled(False)

    def _error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)

    # --- shop settings ---------------------------------------------------------------------
    def save(self) -> None:
        """Save the shop and invoicing tabs and this PC's options; close on success."""
        ui = self.ui
        config = LocalConfig.load()
        key = self.context.target.describe()
        auto = ui.autoLoginCombo.currentData() or ""
        try:  # (this PC's choice first: the shop's settings are saved once, last)
            if auto != config.auto_login.get(key, "") or (auto and not pc_secret.load(key)):
                self._bind_auto_sign_in(key, auto)
                if auto:
                    config.auto_login[key] = auto
                else:
                    config.auto_login.pop(key, None)
                config.save()
            settings.update_settings(
                self.context.actor, self._version,
                name=ui.nameEdit.text(), address=ui.addressEdit.toPlainText(),
                phone=ui.phoneEdit.text(), email=ui.emailEdit.text(),
                website=ui.websiteEdit.text(), tax_id=ui.taxIdEdit.text(),
                logo_png=self.logo.png,
                currency=ui.currencyCombo.currentText().strip(),
                invoice_prefix=ui.prefixEdit.text(),
                prices_include_tax=ui.pricesIncludeTaxCheck.isChecked(),
                payment_terms_days=ui.termsSpin.value(),
                invoice_footer=ui.footerEdit.toPlainText(),
                allow_negative_stock=ui.negativeStockCheck.isChecked(),
                paper_size=ui.paperCombo.currentData(),
                clerk_discount_limit=self.clerkLimitEdit.text().strip().rstrip("%") or "0",
                technician_discount_limit=(self.technicianLimitEdit.text().strip().rstrip("%")
                                           or "0"),
                language=ui.documentLanguageCombo.currentData() or "")
        except ShopDeskError as exc:
            self._error(refusal_text(exc))
            return
        config.language = ui.languageCombo.currentData()
        config.save()
        self.context.notify(Changes.SETTINGS)  # (the shop's and this PC's own options)
        self.accept()

    def _bind_auto_sign_in(self, key: str, username: str) -> None:
        """This PC signs ``username`` in automatically from now on ("": nobody): a new
        secret kept on this PC (the database keeps its hash), the old one withdrawn."""
        old = pc_secret.load(key)
        if old:
            users.disable_auto_sign_in(self.context.actor, old)
            pc_secret.forget(key)
        if username:
            pc_secret.save(key, users.enable_auto_sign_in(self.context.actor, username))

    # --- tax rates -------------------------------------------------------------------------
    def _tax_selected(self, current, _previous=None) -> None:
        if not current.isValid():
            return
        code, name, rate, default = self.tax_model.row(current.row())
        self.ui.taxCodeEdit.setText(code)
        self.ui.taxNameEdit.setText(name)
        self.ui.taxRateEdit.setText(str(rate))
        self.ui.taxDefaultCheck.setChecked(bool(default))

    def _new_tax(self) -> None:
        for edit in (self.ui.taxCodeEdit, self.ui.taxNameEdit, self.ui.taxRateEdit):
            edit.clear()
        self.ui.taxDefaultCheck.setChecked(False)
        self.ui.taxCodeEdit.setFocus()

    def _save_tax(self) -> None:
        ui = self.ui
        try:
            with self.context.changing():
                settings.save_tax_rate(self.context.actor, ui.taxCodeEdit.text(),
                                       ui.taxNameEdit.text(), ui.taxRateEdit.text().strip(),
                                       is_default=ui.taxDefaultCheck.isChecked())
        except ShopDeskError as exc:
            self._error(refusal_text(exc))
            return
        self._error("")
        self._load_taxes()

    def _archive_tax(self) -> None:
        try:
            with self.context.changing():
                settings.archive_tax_rate(self.context.actor, self.ui.taxCodeEdit.text())
        except ShopDeskError as exc:
            self._error(refusal_text(exc))
            return
        self._error("")
        self._new_tax()
        self._load_taxes()

    # --- users -----------------------------------------------------------------------------
    def _user_selected(self, current, _previous=None) -> None:
        if not current.isValid():
            return
        username, name, role, active, costs, locked = self.user_model.row(current.row())
        ui = self.ui
        ui.userUnlockButton.setEnabled(bool(locked))
        ui.userUsernameEdit.setText(username)
        ui.userUsernameEdit.setReadOnly(True)
        ui.userNameEdit.setText(name)
        ui.userRoleCombo.setCurrentText(role)
        ui.userActiveCheck.setChecked(active == self.tr("yes"))
        self.userCostsCheck.setChecked(costs == self.tr("yes"))
        self._role_changed()
        ui.userPasswordEdit.clear()

    def _unlock_user(self) -> None:
        """The selected account may sign in again after too many wrong passwords."""
        row = self.ui.userTable.currentIndex().row()
        if row < 0:
            return
        try:
            with self.context.changing():
                users.unlock(self.context.actor, self.user_model.row(row)[0])
        except ShopDeskError as exc:
            self._error(refusal_text(exc))
            return
        self._error("")
        self._load_users()
        self.ui.userTable.setCurrentIndex(self.user_model.index(row, 0))

    def _role_changed(self, _index: int = -1) -> None:
        """An owner sees costs anyway: the grant is for clerks and technicians."""
        owner = list(Role)[max(self.ui.userRoleCombo.currentIndex(), 0)] is Role.OWNER
        self.userCostsCheck.setEnabled(not owner)
        if owner:
            self.userCostsCheck.setChecked(True)

    def _new_user(self) -> None:
        ui = self.ui
        ui.userTable.clearSelection()
        ui.userUnlockButton.setEnabled(False)
        ui.userUsernameEdit.setReadOnly(False)
        for edit in (ui.userUsernameEdit, ui.userNameEdit, ui.userPasswordEdit):
            edit.clear()
        ui.userRoleCombo.setCurrentText(label(ROLE_LABELS[Role.CLERK]))
        ui.userActiveCheck.setChecked(True)
        self.userCostsCheck.setChecked(False)
        ui.userUsernameEdit.setFocus()

    def _save_user(self) -> None:
        ui, actor = self.ui, self.context.actor
        role = list(Role)[ui.userRoleCombo.currentIndex()]
        username, password = ui.userUsernameEdit.text().strip(), ui.userPasswordEdit.text()
        try:
            with self.context.changing():
                costs = self.userCostsCheck.isChecked() and role is not Role.OWNER
                if not ui.userUsernameEdit.isReadOnly():
                    users.add_user(actor, username, password, role, ui.userNameEdit.text())
                    if costs:  # (the owner's grant: they may see costs and margins)
                        users.update_user(actor, username, see_costs=True)
                else:
                    users.update_user(actor, username, role=role,
                                      display_name=ui.userNameEdit.text(),
                                      active=ui.userActiveCheck.isChecked(), see_costs=costs)
                    if password:
                        users.set_password(actor, username, password)
        except ShopDeskError as exc:
            self._error(refusal_text(exc))
            return
        self._error("")
        ui.userPasswordEdit.clear()
        ui.userUsernameEdit.setReadOnly(True)
        self._load_users()
