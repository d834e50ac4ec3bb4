"""Sign in: username and password, checked by the users service."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from shopdesk.errors import ShopDeskError
from shopdesk.gui.forms.ui_login_dialog import Ui_LoginDialog
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.services.access import Actor
from shopdesk.services.shop import users


class LoginDialog(QDialog):
    """Accepts only after a successful sign-in; :attr:`actor` is then the user."""

    def __init__(self, shop_name: str, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self.ui.shopLabel.setText(self.tr("<b style='font-size:14pt'>{value}</b>").format(
                value=shop_name or 'ShopDesk'))
        self.ui.hintLabel.setText(hint)
        self.ui.hintLabel.setVisible(bool(hint))
        self.ui.errorLabel.setObjectName("errorLabel")
        self.ui.buttons.accepted.connect(self._sign_in)
        self.ui.buttons.rejected.connect(self.reject)
        self.actor: Actor | None = None
        self.setMinimumWidth(360)

    def _sign_in(self) -> None:
        try:
            self.actor = users.authenticate(self.ui.usernameEdit.text(),
                                            self.ui.passwordEdit.text())
        except ShopDeskError as exc:
            show_refusal(self.ui.errorLabel, exc)
            self.ui.passwordEdit.clear()
            self.ui.passwordEdit.setFocus()
            return
        self.accept()
