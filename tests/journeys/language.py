"""What a journey on a Chinese screen must not show: program text left in English."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from shopdesk import i18n
from tests.gui.test_language import untranslated


def english_left(widget: QWidget) -> list[str]:
    """The texts of ``widget`` still in English when the screen is in Chinese (else [])."""
    return untranslated(widget) if i18n.screen_language() == "zh_CN" else []
