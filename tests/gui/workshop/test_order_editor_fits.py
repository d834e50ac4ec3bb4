"""The repair-order editor fits a 1366 x 768 screen at 125 % Windows scaling (about 1092 x 582
logical pixels for the window) in English and Chinese: no sideways scrolling, the estimate's
columns inside the table, long descriptions elided rather than pushing the table wider."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QScrollArea

from shopdesk.gui import i18n
from shopdesk.gui.widgets.fit_columns import MINIMUM, shares
from shopdesk.models.repair_orders import LineKind
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop

# 1366 x 768 physical at 125 %, less a 40 px taskbar: the window's logical size
WIDTH, HEIGHT = round(1366 / 1.25), round((768 - 40) / 1.25)


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    i18n.install(request.param)
    yield request.param
    i18n.install("en")


def test_the_editor_fits_at_125_percent_without_sideways_scrolling(qtbot, make_window, owner,
                                                                   language):
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id, odometer=52000,
                                     concerns="Squeal from the front brakes when cold; "
                                              "the customer also wants the wipers looked at")
    repair_orders.add_line(owner, order.id, LineInput(
        LineKind.LABOUR, "Replace front brake pads and discs, bleed the brake fluid, road test "
                         "and check the handbrake adjustment", "2.5"))
    repair_orders.add_line(owner, order.id, LineInput(LineKind.PART, part_id=shop.oil.id,
                                                      quantity="4.5"))
    window = make_window(owner)
    window.resize(WIDTH, HEIGHT)
    screen = window.show_screen("repair_orders")
    screen.open_order(order.id)
    qtbot.wait(50)
    editor = screen.editor
    scroll = screen.findChild(QScrollArea)
    assert editor.minimumSizeHint().width() <= scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()
    lines = editor.lines_view
    assert lines.model().rowCount() == 2
    assert not lines.horizontalScrollBar().isVisible()
    columns = sum(lines.columnWidth(c) for c in range(lines.model().columnCount()))
    assert columns <= lines.viewport().width()
    assert min(lines.columnWidth(c) for c in range(lines.model().columnCount())) >= MINIMUM
    # wide again (a 1920 px screen at 100 %): concerns and inspection side by side again,
    # the description column takes the room
    window.resize(1900, 1000)
    qtbot.wait(50)
    assert editor.concerns_box.y() == editor.inspect_box.y()
    assert lines.columnWidth(1) > 220


def test_column_shares_fill_the_width_exactly():
    preferred = [64, 220, 72, 84, 50, 92, 110, 76]
    assert sum(shares(preferred, [1], 545)) == 545
    narrow = shares(preferred, [1], 545)
    assert narrow[1] == max(narrow)  # the description stays the widest
    wide = shares(preferred, [1], 1000)
    assert wide[1] == 220 + 1000 - sum(preferred) and wide[0] == 64
    assert shares([60, 200], [1], 50) == [25, 25]  # narrower than every minimum: all equal
