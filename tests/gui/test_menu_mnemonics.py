"""Alt+F opens the File menu from every screen: no button, label or tab on a screen takes the
File menu's letter (an ambiguous mnemonic only moves the focus, so the menu would never open:
the front desk's Confirmed button once did this)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabBar

from shopdesk.gui.i18n import install


def mnemonic(text: str) -> str:
    """The letter after a single & ("" when none)."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else ""


def visible_mnemonics(widget) -> dict[str, list[str]]:
    """letter -> the texts on show in ``widget`` that claim it."""
    claims: dict[str, list[str]] = {}
    texts = [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.text() for w in widget.findChildren(QLabel) if w.isVisible() and w.buddy()]
    for bar in widget.findChildren(QTabBar):
        if bar.isVisible():
            texts += [bar.tabText(i) for i in range(bar.count())]
    for text in texts:
        if letter := mnemonic(text):
            claims.setdefault(letter, []).append(text)
    return claims


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_screen_takes_the_file_menus_letter(qtbot, make_window, owner, language):
    install(language)
    try:
        window = make_window(owner)
        file_letter = mnemonic(window.ui.menuFile.title())
        assert file_letter == "f"
        for key in window.specs:
            screen = window.show_screen(key)
            QApplication.processEvents()
            claims = visible_mnemonics(screen).get(file_letter, [])
            assert not claims, (key, claims)
    finally:
        install("en")
