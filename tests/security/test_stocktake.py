"""Issue 21, item 3: two open stock-takes over the same parts must not both post against the
same frozen "expected" figure (on hand 13, counted 11 on both, ended at 9, and ``check`` said
OK). One open stock-take per part: a second one over any of the same parts is refused, naming
the first; ``check`` names stock-takes that were posted over each other before this rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from shopdesk import formatting
from shopdesk.errors import ValidationError
from shopdesk.gui.parts.stocktake_dialog import StockTakeDialog
from shopdesk.models.parts import Part, StockTake, StockTakeLine
from shopdesk.services.integrity import run_checks
from shopdesk.services.stock import stock, stocktake
from tests.gui.conftest import (  # noqa: F401 (fixtures)
    _garbage_on_the_gui_thread,
    _no_modal_boxes,
    make_window,
)
from tests.helpers.parts import make_part


@pytest.fixture
def thirteen(owner):
    """Part A (bin A-1) with 13 on hand, part B (bin B-1) with 4."""
    a = make_part(owner, "A", "Alpha", bin_location="A-1")
    b = make_part(owner, "B", "Beta", bin_location="B-1")
    stock.record_movement(owner, a, "receipt", 13, "2.00")
    stock.record_movement(owner, b, "receipt", 4, "2.00")
    return a, b


def test_a_second_open_stocktake_over_the_same_parts_is_refused_naming_the_first(
        owner, thirteen):
    a, _b = thirteen
    first = stocktake.start(owner)
    with pytest.raises(ValidationError) as refused:
        stocktake.start(owner, location="A-")
    day = formatting.date(first.started_at.date())
    assert str(refused.value) == (
        f"{first.number} (started {day}) is still open and counts 1 of these parts: "
        "post or cancel it first")
    assert refused.value.values["number"] == first.number
    assert StockTake.select().count() == 1  # nothing of the second was kept
    # the frozen figure is posted once: 13 counted as 11 ends at 11
    stocktake.enter_count(owner, first.id, a.id, 11)
    stocktake.post(owner, first.id)
    assert Part.get_by_id(a.id).on_hand == 11


def test_stocktakes_over_other_parts_may_be_open_together_and_a_closed_one_frees_its_parts(
        owner, thirteen):
    on_a = stocktake.start(owner, location="A-")
    on_b = stocktake.start(owner, location="B-")  # no part in common: allowed
    with pytest.raises(ValidationError, match=f"{on_a.number} .* counts 1 of these parts"):
        stocktake.start(owner)  # overlaps both: names the first and what it shares
    stocktake.cancel(owner, on_a.id)
    stocktake.post(owner, on_b.id)
    assert stocktake.start(owner).status == "open"


def test_check_names_stocktakes_posted_over_each_other(db, owner, thirteen):
    """A shop file from before the rule: two open sheets over part A, both posted."""
    a, _b = thirteen
    first = stocktake.start(owner, location="A-")
    # the second sheet as the old release made it: the same frozen figure (13)
    second = StockTake.create(number="ST-00099", username="olivia")
    StockTakeLine.create(stocktake=second, part=a, expected=Decimal(13), unit_cost=2)
    for take in (first, second):
        stocktake.enter_count(owner, take.id, a.id, 11)
    assert [str(f) for f in run_checks(db) if f.check == "stock-takes"] == []
    stocktake.post(owner, first.id)
    stocktake.post(owner, second.id)
    assert Part.get_by_id(a.id).on_hand == 9  # the defect: counted 11, ends at 9
    faults = [str(f) for f in run_checks(db) if f.check == "stock-takes"]
    assert faults == [f"stock-takes: part A: {second.number} was posted against the figure "
                      f"from before {first.number} posted (both were open at once); count "
                      "the part again"]


def test_the_window_refuses_a_second_count_and_continues_the_open_one(
        qtbot, make_window, owner, thirteen):  # noqa: F811 (the imported fixture)
    a, _b = thirteen
    first = stocktake.start(owner)
    window = make_window(owner)
    screen = window.show_screen("parts")
    dialog = StockTakeDialog(window.context, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.location, "A-")
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    assert dialog.take_id is None
    assert f"{first.number} (started" in dialog.error.text()
    assert "counts 1 of these parts" in dialog.error.text()
    assert dialog.continue_button.isVisible()
    assert dialog.continue_button.text().replace("&", "") == f"Continue {first.number}"
    qtbot.keyClick(dialog.continue_button, Qt.Key.Key_Space)
    assert dialog.take_id == first.id
    assert dialog.windowTitle() == f"Stock-take {first.number}"
    assert not dialog.continue_button.isVisible()
    assert dialog.error.text() == ""
    qtbot.keyClicks(dialog.scan, "A")
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.post_button, Qt.Key.Key_Space)
    assert Part.get_by_id(a.id).on_hand == 1  # counted one on the first sheet, posted once


def test_the_window_cancels_a_forgotten_count_and_then_starts_a_new_one(
        qtbot, make_window, owner, thirteen):  # noqa: F811 (the imported fixture)
    a, _b = thirteen
    forgotten = stocktake.start(owner)
    window = make_window(owner)
    dialog = StockTakeDialog(window.context, window.show_screen("parts"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.continue_button, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.cancel_take_button, Qt.Key.Key_Space)
    assert StockTake.get_by_id(forgotten.id).status == "cancelled"
    assert dialog.summary.text() == "Cancelled: no stock was changed."
    assert not dialog.post_button.isEnabled()
    dialog.close()
    again = StockTakeDialog(window.context, window.show_screen("parts"))
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClick(again.start_button, Qt.Key.Key_Space)
    assert again.take_id is not None and again.take_id != forgotten.id
    assert Part.get_by_id(a.id).on_hand == 13
