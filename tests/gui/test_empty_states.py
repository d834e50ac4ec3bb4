"""A new shop with nothing in it yet: every main screen says what to do next, in English and
in Chinese, instead of showing bare empty tables."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QWidget

from shopdesk.gui import i18n
from shopdesk.gui.screens import SCREENS
from shopdesk.gui.widgets.empty_state import EmptyOverlay, EmptyState

# what each screen of an empty shop must say (a title shown as an empty state or in a list)
EXPECTED = {
    "en": {"front_desk": ["No appointments today", "No cars in the shop"],
           "customers": ["No customers yet"],
           "vehicles": ["No vehicles yet"],
           "repair_orders": ["No repair orders here", "No repair order selected"],
           "parts": ["No parts here"],
           "purchasing": ["No purchase orders here"],
           "invoices": ["No invoices yet"]},
    "zh_CN": {"front_desk": ["今天没有预约", "店内没有车辆"],
              "customers": ["还没有客户"],
              "vehicles": ["还没有车辆"],
              "repair_orders": ["这里没有维修单"],
              "parts": ["这里没有配件"],
              "purchasing": ["这里没有采购单"],
              "invoices": ["还没有发票"]},
}
# and the next step, somewhere in what the screen says
NEXT_STEP = {"front_desk": "Ctrl+B", "customers": "Ctrl+N", "vehicles": "Ctrl+N",
             "repair_orders": "Ctrl+I", "parts": "Ctrl+N", "purchasing": "",
             "invoices": "F9"}


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    i18n.install(request.param)
    yield request.param
    i18n.install("en")


def _said(screen: QWidget) -> list[str]:
    """The texts of the empty states and list overlays visible on ``screen``."""
    shown: list[str] = []
    for widget in screen.findChildren(QWidget):
        if isinstance(widget, EmptyState | EmptyOverlay) and widget.isVisibleTo(screen):
            shown += [label.text() for label in widget.findChildren(QLabel)
                      if label.isVisibleTo(screen) and label.text()]
    for label in screen.findChildren(QLabel):  # e.g. the repair-order editor's heading
        if label.objectName() == "sectionTitle" and label.isVisibleTo(screen):
            shown.append(label.text())
    return shown


def _bare_tables(screen: QWidget) -> list[str]:
    """Visible lists with no rows and nothing telling the user why: none allowed, except the
    detail tables of a selection (they sit under a heading saying to select something)."""
    bare = []
    for view in screen.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or not view.isVisibleTo(screen) \
                or view.model() is None or view.model().rowCount():
            continue
        overlay = getattr(view, "empty_overlay", None)
        if overlay is not None and overlay.isVisibleTo(screen):
            continue
        parents, node = [], view.parentWidget()
        while node is not None and node is not screen:
            parents.append(type(node).__name__)
            node = node.parentWidget()
        if "OrderEditor" in parents or view is getattr(screen, "movements", None):
            continue  # "No repair order selected" / "Select a part to see its movements"
        bare.append(f"{type(view).__name__} in {' < '.join(parents[:3])}")
    return bare


def test_every_main_screen_of_an_empty_shop_says_what_to_do_next(qtbot, make_window, owner,
                                                                   language):
    window = make_window(owner)
    problems = []
    for spec in SCREENS:
        if spec.key not in EXPECTED[language]:
            continue  # reports (figures of an empty month) and settings (a form)
        screen = window.show_screen(spec.key)
        qtbot.wait(20)
        said = _said(screen)
        problems += [f"{spec.key}: {title!r} not shown (shown: {said})"
                     for title in EXPECTED[language][spec.key] if title not in said]
        if NEXT_STEP[spec.key] and not any(NEXT_STEP[spec.key] in text for text in said):
            problems.append(f"{spec.key}: no next step ({NEXT_STEP[spec.key]}) in {said}")
        problems += [f"{spec.key}: bare {bare}" for bare in _bare_tables(screen)]
    assert not problems, "\n".join(problems)


def test_the_message_goes_as_soon_as_the_list_has_a_row(qtbot, make_window, owner):
    from shopdesk.services.crm import customers
    from shopdesk.services.crm.customers import CustomerInput

    window = make_window(owner)
    screen = window.show_screen("customers")
    overlay = screen.list.empty_overlay
    assert overlay.isVisible() and overlay.title_label.text() == "No customers yet"
    assert not screen.count_label.isVisible()  # the list says it; not twice
    screen.find_edit.setText("zzz")
    screen.refresh()
    assert overlay.title_label.text() == "Nobody matches “zzz”"
    screen.find_edit.clear()
    customers.add_customer(owner, CustomerInput(first_name="Ann", last_name="Smith"))
    screen.refresh()
    assert not overlay.isVisible()
    assert screen.count_label.isVisible() and screen.count_label.text() == "1 customers"
