"""The shop's paper size: chosen in Settings → Invoicing, used by every printed document;
the command line's --paper still overrides it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog

from shopdesk.errors import ValidationError
from shopdesk.gui.dialogs.settings import SettingsDialog
from shopdesk.printing.invoice import render_invoice
from shopdesk.printing.repair_order import render_estimate
from shopdesk.printing.statement import render_statement
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import settings
from shopdesk.services.workshop import repair_orders
from tests.helpers.cli import run_shopdesk
from tests.helpers.workshop import workshop

LETTER_WIDTH, A4_WIDTH = 612, 595  # points


def _width(pdf: bytes) -> int:
    return round(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width))


def _invoice(owner):
    return invoices.issue(owner, invoices.create_draft(
        owner, lines=[LineDraft("Wiper blade", 2, "12.50")]).id)


def test_owner_chooses_letter_in_settings_and_documents_print_on_letter(qtbot, make_window,
                                                                         owner):
    invoice = _invoice(owner)
    assert _width(render_invoice(invoice.id)) == A4_WIDTH  # a new shop prints on A4
    window = make_window(owner)
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    ui = dialog.ui
    ui.tabs.setCurrentWidget(ui.invoicingTab)
    assert ui.paperCombo.currentData() == "A4"
    ui.paperCombo.setCurrentIndex(ui.paperCombo.findData("LETTER"))
    ui.buttons.button(ui.buttons.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get_settings().paper_size == "LETTER"
    assert _width(render_invoice(invoice.id)) == LETTER_WIDTH
    # the dialog shows the saved choice next time
    again = SettingsDialog(window.context, window)
    qtbot.addWidget(again)
    assert again.ui.paperCombo.currentData() == "LETTER"


def test_estimate_and_statement_follow_the_setting_and_an_explicit_paper_wins(owner):
    settings.update_settings(owner, paper_size="letter")
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id, odometer=47000)
    assert _width(render_estimate(owner, order.id)) == LETTER_WIDTH
    assert _width(render_estimate(owner, order.id, paper="A4")) == A4_WIDTH
    today = dt.date.today()
    assert _width(render_statement(shop.customer_id, today, today)) == LETTER_WIDTH


def test_unknown_paper_size_is_refused(owner):
    with pytest.raises(ValidationError, match="A4 or Letter"):
        settings.update_settings(owner, paper_size="A5")
    assert settings.get_settings().paper_size == "A4"


def test_command_line_paper_overrides_the_setting(owner, db_url, tmp_path):
    settings.update_settings(owner, paper_size="LETTER")
    invoice = _invoice(owner)
    default, forced = tmp_path / "default.pdf", tmp_path / "a4.pdf"
    done = run_shopdesk("invoice", "print", invoice.number, "--pdf", str(default), "--db", db_url)
    assert done.returncode == 0, done.stderr
    done = run_shopdesk("invoice", "print", invoice.number, "--pdf", str(forced),
                        "--paper", "A4", "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert _width(default.read_bytes()) == LETTER_WIDTH
    assert _width(forced.read_bytes()) == A4_WIDTH
