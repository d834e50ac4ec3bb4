"""The Pricing dialog driven as the owner would; what a clerk can and cannot see."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from shopdesk.errors import AccessDenied
from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.pricing.pricing_dialog import PricingDialog
from shopdesk.models.parts import Part
from shopdesk.models.pricing import CatalogueLine
from shopdesk.printing.invoice import render_invoice
from shopdesk.services.pricing import pricing, pricing_matrix
from shopdesk.services.sales import invoices
from shopdesk.services.stock import parts, stock
from tests.helpers.parts import make_part, make_supplier
from tests.services.customer_helpers import person

D = Decimal


def rows_of(model) -> list[tuple]:
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def brake_parts(owner):
    """Two brake parts following the matrix (no price typed by hand), one filter."""
    made = []
    for sku, cost, category in (("BP-1", "10.00", "Brakes"), ("BD-1", "37.40", "Brakes"),
                                ("OF-1", "4.00", "Filters")):
        part = make_part(owner, sku=sku, name=f"Part {sku}", cost=cost, category=category,
                         retail_price="0", trade_price="0")
        stock.record_movement(owner, part, "receipt", 5, cost)
        made.append(part)
    return made


def open_pricing(qtbot, window, monkeypatch) -> PricingDialog:
    """Parts screen ▸ More ▸ Pricing and markup… (the dialog is caught instead of run)."""
    opened: list[PricingDialog] = []
    monkeypatch.setattr(PricingDialog, "exec", lambda self: opened.append(self) or 0)
    screen = window.show_screen("parts")
    assert screen.pricing_action.isEnabled()
    screen.pricing_action.trigger()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_reprice_a_category_through_the_matrix_with_a_preview(qtbot, make_window, owner,
                                                              monkeypatch):
    pad, _disc, _filter = brake_parts(owner)
    window = make_window(owner)
    dialog = open_pricing(qtbot, window, monkeypatch)
    matrix = dialog.matrix
    dialog.tabs.setCurrentWidget(matrix)
    model = matrix.model
    model.setData(model.index(0, 1), "20")
    model.setData(model.index(0, 2), "100")
    qtbot.mouseClick(matrix.save_button, Qt.MouseButton.LeftButton)  # one band: refused
    assert matrix.error.text().startswith("The last band must have no upper end")
    matrix.add_band()
    model.setData(model.index(1, 2), "x1.5")
    qtbot.mouseClick(matrix.save_button, Qt.MouseButton.LeftButton)
    assert matrix.error.text() == ""

    tab = dialog.reprice
    dialog.tabs.setCurrentWidget(tab)
    tab.category.setCurrentIndex(tab.category.findData("Brakes"))
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.shown is not None, timeout=5000)
    assert rows_of(tab.model) == [
        ("BD-1", "Part BD-1", "Retail", "$37.40", "$0.00", "$56.10", "—", "33.3 %"),
        ("BP-1", "Part BP-1", "Retail", "$10.00", "$0.00", "$20.00", "—", "50 %")]
    assert "2 price(s) would change in 2 part(s)" in tab.summary.text()
    assert Part.get_by_id(pad.id).retail_price == D("0.00")  # nothing before Apply
    qtbot.mouseClick(tab.apply_button, Qt.MouseButton.LeftButton)
    assert tab.summary.text() == "2 price(s) changed."
    assert not tab.apply_button.isEnabled()

    screen = window.show_screen("parts")  # the parts list shows the new prices
    headers = [screen.table.lazy.headerData(c, Qt.Orientation.Horizontal)
               for c in range(screen.table.lazy.columnCount())]
    listed = {row[0]: row[headers.index("Retail")] for row in rows_of(screen.table.lazy)}
    assert (listed["BD-1"], listed["BP-1"], listed["OF-1"]) == ("$56.10", "$20.00", "$0.00")

    sale = CounterSale(window.context, window)  # and the counter sells at them
    qtbot.addWidget(sale)
    sale.show()
    qtbot.keyClicks(sale.scan, "bd-1")
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    assert rows_of(sale.model)[0][3:] == ("$56.10", "$56.10")
    sale.reject()


def test_a_fleet_customer_at_the_counter_gets_fleet_prices(qtbot, make_window, owner, clerk):
    part = make_part(owner, sku="WB-1", name="Wiper blade", retail_price="12.99",
                     trade_price="10.50")
    stock.record_movement(owner, part, "receipt", 5, "4.00")
    pricing.add_level(owner, "Fleet")
    pricing.set_price(owner, part.id, "fleet", "9.75")
    fleet = person(owner, first="", last="Metro Vans", price_level="fleet")
    window = make_window(clerk)
    sale = CounterSale(window.context, window)
    qtbot.addWidget(sale)
    sale.show()
    qtbot.keyClicks(sale.scan, "wb-1")  # scanned before the customer was chosen: retail
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    assert rows_of(sale.model)[0][3] == "$12.99"
    sale.set_customer(fleet.id, "Metro Vans")
    assert sale.level.currentText() == "Fleet prices"
    qtbot.keyClicks(sale.scan, "wb-1")
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    assert rows_of(sale.model)[0][2:] == ("2", "$9.75", "$19.50")
    assert "$21.45" in sale.total_label.text()  # 19.50 + 10% tax
    sale.level.setCurrentIndex(sale.level.findData("trade"))  # the clerk changes the level
    sale.level_changed()
    assert rows_of(sale.model)[0][3:] == ("$10.50", "$21.00")
    sale.reject()


def test_a_clerk_sees_no_costs_or_margins_on_screen_or_in_print(qtbot, make_window, owner,
                                                                clerk, tmp_path):
    part = make_part(owner, sku="BP-9", name="Brake pads", cost="31.17", retail_price="59.00")
    stock.record_movement(owner, part, "receipt", 3, "31.17")
    window = make_window(clerk)
    screen = window.show_screen("parts")
    assert not screen.pricing_action.isEnabled()
    headers = [screen.table.lazy.headerData(c, Qt.Orientation.Horizontal)
               for c in range(screen.table.lazy.columnCount())]
    assert "Avg cost" not in headers  # (the parts service gives a clerk no cost column)
    with pytest.raises(AccessDenied):
        PricingDialog(window.context, window)
    draft = invoices.create_draft(clerk, lines=[invoices.LineDraft(part_id=part.id)])
    issued = invoices.issue(clerk, draft.id)
    pdf = tmp_path / "invoice.pdf"
    render_invoice(owner, issued, pdf)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "59.00" in text and "31.17" not in text and "margin" not in text.lower()


def test_catalogue_import_with_an_unknown_column_then_costs_with_a_preview(
        qtbot, make_window, owner, tmp_path, monkeypatch):
    acme = make_supplier(owner)
    plug = make_part(owner, sku="SP-1", name="Spark plug", cost="2.00", retail_price="0",
                     trade_price="0", category="Ignition")
    parts.set_supplier_number(owner, plug.id, acme.id, "NGK-1")
    price_file = tmp_path / "acme.csv"
    price_file.write_text("Part No,Description,Net Price,Pack Qty,Colour\n"
                          "NGK-1,Plug x4,10.00,4,white\nNGK-2,Plug,ten,1,red\n"
                          "NGK-3,Glow plug,7.20,1,grey\n",
                          encoding="utf-8")
    window = make_window(owner)
    dialog = open_pricing(qtbot, window, monkeypatch)
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "100")])
    tab = dialog.catalogue
    dialog.tabs.setCurrentWidget(tab)
    asked: list[list[str]] = []
    monkeypatch.setattr(tab, "choose_columns",
                        lambda headers: asked.append(headers) or {"Colour": "ignore"})
    plans = []
    monkeypatch.setattr(tab, "confirm_import", lambda plan: plans.append(plan) or True)
    tab.import_file(str(price_file))
    qtbot.waitUntil(lambda: bool(plans), timeout=5000)
    assert asked == [["Part No", "Description", "Net Price", "Pack Qty", "Colour"]]
    assert [(e.row, e.message) for e in plans[0].errors] == [(3, "cost 'ten' is not a number")]
    assert tab.summary.text() == (
        "Imported 2 new and 0 changed line(s); 1 linked to parts; 1 row(s) skipped.")
    assert CatalogueLine.get(CatalogueLine.supplier_sku == "NGK-1").part_id == plug.id
    assert rows_of(tab.table.lazy)[0][:6] == ("NGK-1", "Plug x4", "", "$10.00", "4", "$2.50")
    glow = make_part(owner, sku="GP-1", name="Glow plug", cost="7.00")
    tab.filter.setCurrentIndex(tab.filter.findData("unlinked"))
    assert [row[0] for row in rows_of(tab.table.lazy)] == ["NGK-3"]
    tab.table.selectRow(0)
    monkeypatch.setattr(tab, "ask_part_code", lambda line: "gp-1")
    tab.link_to_part()
    assert tab.summary.text() == "NGK-3 linked to GP-1."
    assert parts.supplier_number(owner, glow.id, acme.id) == "NGK-3"
    tab.filter.setCurrentIndex(tab.filter.findData("all"))
    previews = []
    monkeypatch.setattr(tab, "confirm_costs", lambda shown: previews.append(shown) or True)
    tab.update_costs()
    costs, prices = previews[0].costs, previews[0].prices
    assert [(c.sku, c.old_cost, c.new_cost) for c in costs] == [
        ("GP-1", D("7.00"), D("7.20")), ("SP-1", D("2.00"), D("2.50"))]
    assert [(p.sku, p.new) for p in prices] == [("SP-1", D("5.00"))]  # GP-1: priced by hand
    assert tab.summary.text() == "2 cost(s) and 1 price(s) changed."
    assert (Part.get_by_id(plug.id).cost, Part.get_by_id(plug.id).retail_price) == (
        D("2.50"), D("5.00"))


def test_set_a_fleet_price_by_hand_then_reset_it_to_the_matrix(qtbot, make_window, owner,
                                                                 monkeypatch):
    from shopdesk.gui.pricing.levels_tab import SetPriceDialog

    part = make_part(owner, sku="WB-1", name="Wiper blade", cost="5.00", retail_price="0",
                     trade_price="0")
    pricing.add_level(owner, "Fleet")
    pricing_matrix.set_matrix(owner, "fleet", [("0", "", "50")])
    window = make_window(owner)
    dialog = open_pricing(qtbot, window, monkeypatch)
    dialog.tabs.setCurrentWidget(dialog.manual)
    setter = SetPriceDialog(window.context, dialog)
    qtbot.addWidget(setter)
    qtbot.keyClicks(setter.code, "wb-1")
    setter.show_prices()
    assert setter.current.text() == "Wiper blade: Retail $0.00, Trade $0.00, Fleet —"
    setter.level.setCurrentIndex(setter.level.findData("fleet"))
    qtbot.keyClicks(setter.price, "-3")
    setter.save()
    assert setter.error.text() == "A price cannot be negative"
    setter.price.setText("6.95")
    setter.save()
    assert pricing.prices_of(owner, part.id)["fleet"] == D("6.95")
    dialog.manual.reload()
    assert rows_of(dialog.manual.model) == [("WB-1", "Wiper blade", "Fleet", "$6.95", "olivia")]
    dialog.manual.table.selectRow(0)
    dialog.manual.reset()
    assert pricing.prices_of(owner, part.id)["fleet"] == D("7.50")  # 5.00 + 50 %
    assert rows_of(dialog.manual.model) == []
