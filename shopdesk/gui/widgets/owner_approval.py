"""The owner approves, there and then at the clerk's desk, what a clerk may not do alone.

A service refuses a discount above the clerk's limit (or an issue date other than today) with
:class:`~shopdesk.errors.NeedsOwner`; :func:`with_owner_approval` then shows the refusal and
asks the owner's username and password. The service checks them
(:func:`shopdesk.services.shop.users.owner_approval`, audited with both names) and the action
runs again with the approval. Cancel leaves the refusal standing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from shopdesk.errors import NeedsOwner, ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import FormDialog, refusal_text
from shopdesk.services.access import Approval
from shopdesk.services.shop import users

T = TypeVar("T")


class OwnerApprovalDialog(FormDialog):
    """The owner's username (the first owner's, filled in) and password; OK asks the service."""

    def __init__(self, context: AppContext, refusal: NeedsOwner,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Owner's approval"), parent, context=context,
                         ok_text=self.tr("&Approve"),
                         intro=self.tr("{refusal}\n\nThe owner can approve it here with their "
                                       "password.").format(refusal=refusal_text(refusal)))
        self.setObjectName("ownerApprovalDialog")
        self.setMinimumWidth(540)  # (the refusal on one line: 125 % on 1366 x 768 has room)
        self.what = refusal.what
        self.username = QLineEdit()
        with contextlib.suppress(ShopDeskError):  # (no owner: the service refuses any name)
            self.username.setText(users.first_owner().username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.rows.add("username", self.tr("Owner's &username"), self.username)
        self.rows.add("password", self.tr("Owner's &password"), self.password)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.username.text():  # the owner only types the password
            self.password.setFocus()

    def refused(self, exc: ShopDeskError) -> None:
        """A wrong password (or a wait): said under the fields, the password cleared for
        the owner to type again, as at sign-in."""
        super().refused(exc)
        self.password.clear()
        self.password.setFocus()

    def do_save(self) -> Approval:
        actor = self.context.actor  # type: ignore[union-attr]
        return users.owner_approval(actor, self.username.text(), self.password.text(),
                                    self.what)


def with_owner_approval(parent: QWidget, context: AppContext,
                        action: Callable[[Approval | None], T]) -> T:
    """``action(None)``; when the service says it needs the owner, ask the owner's password
    (an :class:`OwnerApprovalDialog` over ``parent``, kept as ``parent.approval_dialog``) and
    run ``action(approval)``. Cancelled: the refusal is raised again for the caller to show."""
    try:
        return action(None)
    except NeedsOwner as refusal:
        dialog = OwnerApprovalDialog(context, refusal, parent)
        parent.approval_dialog = dialog  # type: ignore[attr-defined]
        try:
            if not dialog.exec():
                raise
            approval = dialog.saved
        finally:
            parent.approval_dialog = None  # type: ignore[attr-defined]
            dialog.deleteLater()
        assert isinstance(approval, Approval)
        return action(approval)
