"""J15: the owner raises the markup on brakes and reprices the category through the markup
matrix: Parts (Ctrl+5) → More (Alt+M) → Pricing and markup… (M); on the Markup matrix tab
(Alt+M) the brakes' matrix (Alt+F, "C" for Category, Tab, "Br") gets 60 % on its top band
(Tab into the bands, Down, Right ×2, "60", Enter) and is saved (Alt+S); on the Reprice tab
(Alt+R) the brakes (Alt+G, "Br") are previewed (Alt+P): every price that would change, old
and new, with margins; Apply (Alt+A) makes exactly those changes; Esc closes. Keyboard only.

Control keys: 17 (no budget in JOURNEYS.md). A US shop in English: nothing here depends on
the language beyond what J12/J18 cover.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from shopdesk.gui.pricing.pricing_dialog import PricingDialog
from shopdesk.models.audit import AuditEntry
from shopdesk.services.pricing import pricing
from tests.journeys.keyboard import ALT, CTRL, OFFSCREEN_POPUPS, Keys, focused, modal
from tests.journeys.owner_shops import Reprice, brakes_to_reprice

KEYS = 17


@dataclass
class Situation:
    reprice: Reprice


def rows_of(model) -> list[tuple]:
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def script(keys: Keys, main, situation: Situation):
    expected = situation.reprice
    # Parts (Ctrl+5), More (Alt+M), Pricing and markup… (M)
    yield keys.press(Qt.Key.Key_5, CTRL)
    yield keys.press(Qt.Key.Key_M, ALT)
    yield keys.press(Qt.Key.Key_M)
    yield keys.until(lambda: modal(PricingDialog), "the Pricing dialog")
    dialog = modal(PricingDialog)
    # the Markup matrix tab (Alt+M): for (Alt+F) a Category, Tab, the brakes
    yield keys.press(Qt.Key.Key_M, ALT)
    matrix = dialog.matrix
    assert dialog.tabs.currentWidget() is matrix
    yield keys.press(Qt.Key.Key_F, ALT)
    yield keys.type("C")
    yield keys.press(Qt.Key.Key_Tab)
    yield keys.type("Br")
    assert matrix.key() == ("retail", "category", "Brakes")
    assert matrix.model.bands == [["0.00", "20.00", "100"], ["20.00", "", "50"]]
    # into the bands: the top band's markup becomes 60, saved (Alt+S)
    yield keys.press(Qt.Key.Key_Tab)
    assert focused() is matrix.table
    yield keys.press(Qt.Key.Key_Down)
    yield keys.press(Qt.Key.Key_Right)
    yield keys.press(Qt.Key.Key_Right)
    yield keys.type("60")
    yield keys.press(Qt.Key.Key_Return)
    assert matrix.model.bands[1] == ["20.00", "", "60"]
    yield keys.press(Qt.Key.Key_S, ALT)  # (a mnemonic clicks its button a moment later)
    yield keys.until(lambda: "Matrix saved" in main.statusBar().currentMessage(),
                     "the matrix saved")
    assert matrix.error.text() == ""
    assert matrix.model.bands == [["0.00", "20.00", "100"], ["20.00", "", "60"]]
    # the Reprice tab (Alt+R): the brakes (Alt+G, "Br"), Preview (Alt+P)
    yield keys.press(Qt.Key.Key_R, ALT)
    tab = dialog.reprice
    assert dialog.tabs.currentWidget() is tab
    yield keys.press(Qt.Key.Key_G, ALT)
    yield keys.type("Br")
    assert tab.category.currentData() == "Brakes"
    yield keys.press(Qt.Key.Key_P, ALT)
    yield keys.until(lambda: tab.shown is not None, "the preview")
    assert rows_of(tab.model) == expected.preview_rows
    assert tab.summary.text() == ("2 price(s) would change in 4 part(s); 1 price(s) set by "
                                  "hand are kept; 0 part(s) have no cost to mark up.")
    for (sku, level), price in expected.old.items():  # nothing changed before Apply
        assert pricing.prices_of(main.context.actor, expected.part_ids[sku])[level] == price
    # Apply (Alt+A): exactly the previewed changes
    yield keys.press(Qt.Key.Key_A, ALT)
    yield keys.until(lambda: tab.summary.text() == "2 price(s) changed.", "prices changed")
    assert not tab.apply_button.isEnabled()
    yield keys.press(Qt.Key.Key_Escape)
    yield keys.until(lambda: modal(PricingDialog) is None, "the dialog closed")


@OFFSCREEN_POPUPS  # the More menu
@pytest.mark.parametrize("shop", ["US"], indirect=True)
def test_raise_the_brake_markup_and_reprice_the_category(qtbot, shop, window):
    situation = Situation(brakes_to_reprice(shop))
    main = window(shop.owner)
    keys = Keys(qtbot, main)
    started = AuditEntry.select().count()
    keys.run(script(keys, main, situation))
    assert keys.control == KEYS, keys.log

    expected = situation.reprice
    for (sku, level), price in expected.old.items():
        now = pricing.prices_of(shop.owner, expected.part_ids[sku])[level]
        assert now == expected.new.get((sku, level), price), (sku, level, now)
    assert pricing.manual_levels(shop.owner, expected.part_ids["BF-1"]) == {"retail"}
    # the audit log: the matrix changed, then one price change per repriced price
    entries = list(AuditEntry.select().where(AuditEntry.id > started)
                   .order_by(AuditEntry.id))
    assert [(e.action, e.entity) for e in entries] == [
        ("update", "markup matrix"), ("price change", "part"), ("price change", "part")]
    assert entries[0].username == shop.owner.username
    changes = {int(e.entity_id): e for e in entries[1:]}
    assert set(changes) == {expected.part_ids["BD-1"], expected.part_ids["BS-1"]}
    disc = changes[expected.part_ids["BD-1"]]
    assert disc.summary == "BD-1: Retail price from the markup matrix (category Brakes)"
    assert "56.10" in disc.before and "59.84" in disc.after
    # the parts list shows the new prices
    parts_screen = main.screens["parts"]
    lazy = parts_screen.table.lazy
    headers = [lazy.headerData(c, Qt.Orientation.Horizontal) for c in range(lazy.columnCount())]
    listed = {row[0]: row[headers.index("Retail")] for row in rows_of(lazy)}
    assert (listed["BD-1"], listed["BS-1"], listed["BP-1"]) == ("$59.84", "$38.40", "$36.00")
