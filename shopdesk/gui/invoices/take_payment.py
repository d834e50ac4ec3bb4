"""F12 from anywhere: take a payment for an invoice, and say what happened in one line.

Every place that takes payment (the invoice view, the Invoices list, the customer file, the
repair-order editor, the front desk's ready list) comes through here, so the dialog, the
refusals and the message after it are the same everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.services.access import Permission
from shopdesk.services.sales import invoices, payments
from shopdesk.services.sales.payments import PaymentMethod, SettlementResult

if TYPE_CHECKING:
    from shopdesk.services.sales.invoices import Invoice


def refusal(context: AppContext, invoice: Invoice) -> str:
    """Why ``invoice`` cannot be paid now, in the screen's language ("" when it can)."""
    if not context.can(Permission.SELL):
        return QCoreApplication.translate(
            "TakePayment", "Your role does not take payments; ask a clerk or the owner.")
    try:
        payments.payable(context.actor, invoice)
    except ShopDeskError as exc:
        return exc.translated()
    return ""


def outcome(result: SettlementResult) -> str:
    """One line for the clerk after a payment: change to give, credit kept, still due."""
    parts = []
    if result.balance_due > 0:
        parts.append(QCoreApplication.translate("TakePayment", "Paid; {money} still due.").format(
            money=formatting.money(result.balance_due)))
    else:
        parts.append(QCoreApplication.translate("TakePayment", "Paid in full."))
    if result.change > 0:
        parts.append(QCoreApplication.translate("TakePayment", "Give back {money} change.").format(
            money=formatting.money(result.change)))
    if result.to_credit > 0:
        parts.append(QCoreApplication.translate(
            "TakePayment", "{money} kept as store credit.").format(
            money=formatting.money(result.to_credit)))
    return " ".join(parts)


def take_payment(context: AppContext, parent: QWidget, invoice_id: int, *,
                 offer_open: bool = False,
                 method: PaymentMethod = PaymentMethod.CASH) -> tuple[SettlementResult | None, str]:
    """The payment dialog for an issued invoice (``offer_open``: with the customer's other
    open invoices to tick). Returns the result (None: cancelled or refused) and the line to
    show the clerk."""
    invoice = invoices.get(context.actor, invoice_id)
    why = refusal(context, invoice)
    if why:
        return None, why
    offered = (payments.open_invoices(context.actor, invoice.customer_id)
               if offer_open and invoice.customer_id is not None else [])
    dialog = PaymentDialog(context.actor, invoice, parent, method, offered=offered)
    with context.changing():  # (the screens hear what the payment changed)
        taken = dialog.exec() == QDialog.DialogCode.Accepted
    if not taken or dialog.result_ is None:
        return None, ""
    return dialog.result_, outcome(dialog.result_)
