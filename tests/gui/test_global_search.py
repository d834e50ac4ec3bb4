"""The window's search box, by keyboard only: Ctrl+K, type, the list under the box, Enter opens
the customer's file; Down/Up choose, Esc goes back; phone digits shared by several customers
ask for a few letters of the name; in English and in Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from shopdesk import formatting
from shopdesk.gui import i18n
from shopdesk.gui.app import make_application
from shopdesk.services.crm import search_ranking
from tests.helpers.search import regulars

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def chinese() -> Iterator[None]:
    """The screen in Simplified Chinese for the test; English again after it."""
    make_application()
    assert i18n.install("zh_CN") == "zh_CN"
    yield
    i18n.install("en")
    formatting.configure(locale="en_US")


def _key(qtbot, window, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key through the window system, as a real key press (shortcuts included)."""
    qtbot.keyClick(window.windowHandle(), key, modifiers)


def _find(qtbot, window, text: str) -> None:
    """Ctrl+K and type ``text`` into whatever has the focus then (the box)."""
    _key(qtbot, window, Qt.Key.Key_K, CTRL)
    assert QApplication.focusWidget() is window.ui.searchBox
    qtbot.keyClicks(QApplication.focusWidget(), text)


def _ime(widget, text: str) -> None:
    """Chinese typed through an input method: its keys arrive as the committed text."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _listed(qtbot, window, rows: int):
    """Wait for the list under the box to show ``rows`` rows; the popup."""
    popup = window.global_search.popup
    qtbot.waitUntil(lambda: popup.isVisible() and not window.global_search.timer.isActive()
                    and popup.model.rowCount() == rows, timeout=3000)
    return popup


def _names(popup) -> list[str]:
    return [popup.model.row(n)[0] for n in range(popup.model.rowCount())]


def _opened(window) -> int | None:
    customers = window.screens.get("customers")
    if customers is None or customers.stack.currentWidget() is not customers.file_view:
        return None
    return customers.file_view.customer_id


def test_a_phone_tail_lists_the_best_first_and_enter_opens_the_top_one(qtbot, make_window,
                                                                       owner, clerk,
                                                                       monkeypatch):
    shop = regulars(owner)
    calls: list[str] = []
    ranked = search_ranking.ranked
    monkeypatch.setattr(search_ranking, "ranked", lambda actor, text: calls.append(text) or
                        ranked(actor, text))
    window = make_window(clerk)
    _find(qtbot, window, "4624")
    assert window.global_search.timer.isActive()  # waits for the pause after the last key
    popup = _listed(qtbot, window, 5)
    assert calls == ["4624"]  # one search for the four keys typed in a burst
    assert QApplication.focusWidget() is window.ui.searchBox  # the list took no focus
    assert _names(popup) == ["Baker, Bob", "Adams, Amy", "王小明", "Torres, Ana",
                             "Middle, Max"]
    assert popup.model.row(0) == ("Baker, Bob", "(217) 555-4624",
                                  "BK 77 VAN  Mercedes Sprinter",
                                  f"car in the shop ({shop.baker_order})")
    assert popup.model.row(1)[1:3] == ("(312) 555-4624", "AA-100-AA  Honda Civic")
    assert popup.model.row(1)[3].startswith("last visit ")
    assert popup.model.row(4)[1] == "(217) 462-4001"  # 4624 inside the number: last
    assert popup.hint.isVisible() and popup.hint.text() == (
        "4 customers’ phones end in 4624: add a few letters of the name (“4624 bak”)")
    assert popup.view.currentIndex().row() == 0  # Enter opens the top one
    # the box keeps typing while the list is up; Backspace and the same digits again
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    qtbot.keyClicks(QApplication.focusWidget(), "4")
    assert window.ui.searchBox.text() == "4624"
    _key(qtbot, window, Qt.Key.Key_Return)
    assert window.current_key() == "customers" and _opened(window) == shop.baker
    assert not popup.isVisible()
    # the list behind the file keeps the search: Esc (back) shows the others found
    assert window.screens["customers"].find_edit.text() == "4624"


def test_down_and_enter_opens_the_second_and_esc_goes_back(qtbot, make_window, owner, clerk):
    shop = regulars(owner)
    window = make_window(clerk)
    window.show_screen("parts")
    _find(qtbot, window, "4624")
    popup = _listed(qtbot, window, 5)
    _key(qtbot, window, Qt.Key.Key_Down)
    _key(qtbot, window, Qt.Key.Key_Down)
    _key(qtbot, window, Qt.Key.Key_Up)
    assert popup.view.currentIndex().row() == 1
    _key(qtbot, window, Qt.Key.Key_Escape)  # out of the list: back to the top hit
    assert popup.isVisible() and popup.view.currentIndex().row() == 0
    _key(qtbot, window, Qt.Key.Key_Escape)  # Esc in the box: the list closes
    assert not popup.isVisible() and window.current_key() == "parts"
    assert QApplication.focusWidget() is window.ui.searchBox
    _key(qtbot, window, Qt.Key.Key_Down)  # Down opens it again
    assert popup.isVisible() and popup.view.currentIndex().row() == 0
    _key(qtbot, window, Qt.Key.Key_Down)
    _key(qtbot, window, Qt.Key.Key_Return)
    assert _opened(window) == shop.adams


def test_many_phones_ending_alike_ask_for_name_letters_then_narrow(qtbot, make_window, owner,
                                                                   clerk):
    shop = regulars(owner)
    window = make_window(clerk)
    _find(qtbot, window, "4624")
    popup = _listed(qtbot, window, 5)
    assert popup.hint.text().startswith("4 customers’ phones end in 4624")
    qtbot.keyClicks(QApplication.focusWidget(), " tor")
    popup = _listed(qtbot, window, 1)
    assert _names(popup) == ["Torres, Ana"] and not popup.hint.isVisible()
    _key(qtbot, window, Qt.Key.Key_Return)
    assert _opened(window) == shop.torres


def test_enter_before_the_pause_searches_at_once(qtbot, make_window, owner, clerk):
    shop = regulars(owner)
    window = make_window(clerk)
    _find(qtbot, window, "4624 ad")  # a scanner or a fast typist: Enter at once
    assert window.global_search.timer.isActive()
    _key(qtbot, window, Qt.Key.Key_Return)
    assert _opened(window) == shop.adams


def test_nobody_found_says_so_in_one_row_and_enter_does_nothing(qtbot, make_window, owner,
                                                                 clerk):
    regulars(owner)
    window = make_window(clerk)
    _find(qtbot, window, "zzq")
    _key(qtbot, window, Qt.Key.Key_Return)  # before the pause: searches, finds nobody
    popup = window.global_search.popup
    assert popup.isVisible() and popup.model.rowCount() == 0 and not popup.view.isVisible()
    assert popup.hint.text().startswith("Nobody matches “zzq”.")
    assert window.current_key() == "front_desk" and _opened(window) is None
    assert QApplication.focusWidget() is window.ui.searchBox
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, CTRL)  # select all, type anew
    qtbot.keyClicks(QApplication.focusWidget(), "4624")
    assert _names(_listed(qtbot, window, 5))[0] == "Baker, Bob"


def test_in_chinese(qtbot, chinese, make_window, owner, clerk):
    shop = regulars(owner)
    window = make_window(clerk)
    _find(qtbot, window, "4624")
    popup = _listed(qtbot, window, 5)
    assert popup.hint.text() == "4 位客户的电话尾号是 4624：再输入姓名的几个字（“4624 bak”）"
    assert popup.model.row(0)[3] == f"车在店内（{shop.baker_order}）"
    assert popup.model.row(1)[3].startswith("上次到店 ")
    assert popup.footer.text() == "Enter 打开选中的客户 · ↓ ↑ 选择 · Esc 关闭"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    _ime(QApplication.focusWidget(), "王")  # a Chinese family name narrows
    popup = _listed(qtbot, window, 1)
    assert _names(popup) == ["王小明"]
    _key(qtbot, window, Qt.Key.Key_Return)
    assert _opened(window) == shop.wang
    window.ui.searchBox.setFocus()
    window.ui.searchBox.selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), "zzq")
    _key(qtbot, window, Qt.Key.Key_Return)
    assert popup.hint.text().startswith("没有与“zzq”匹配的客户。")
