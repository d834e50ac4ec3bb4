"""Embedded fonts: DejaVu Sans Condensed for Latin text, Droid Sans Fallback for Chinese.

reportlab has no per-glyph fallback, so :func:`rich` wraps runs of CJK characters in the CJK
font. Every string printed in a Paragraph goes through :func:`rich` (it also escapes markup).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SANS = "ShopSans"
SANS_BOLD = "ShopSans-Bold"
CJK = "ShopCJK"

# CJK radicals .. CJK Unified Ideographs, compatibility forms, fullwidth forms, Hangul.
_CJK_RUN = re.compile(
    "([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0002fa1f]+)")


@cache
def register() -> None:
    """Register the fonts with reportlab once per process."""
    pdfmetrics.registerFont(TTFont(SANS, str(FONT_DIR / "DejaVuSansCondensed.ttf")))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(CJK, str(FONT_DIR / "DroidSansFallbackFull.ttf")))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, SANS_BOLD)
    addMapping(CJK, 0, 0, CJK)
    addMapping(CJK, 1, 0, CJK)
    addMapping(CJK, 0, 1, CJK)
    addMapping(CJK, 1, 1, CJK)


def has_cjk(text: str) -> bool:
    """True when ``text`` holds Chinese, Japanese or Korean characters."""
    return bool(_CJK_RUN.search(text))


def split_runs(text: str) -> list[str]:
    """``text`` cut into alternating runs of non-CJK and CJK characters."""
    return _CJK_RUN.split(text)


def rich(text: object) -> str:
    """Paragraph markup for ``text``: escaped, line breaks kept, CJK runs in the CJK font."""
    escaped = escape(str(text)).replace("\n", "<br/>")
    return _CJK_RUN.sub(lambda m: f'<font name="{CJK}">{m.group(1)}</font>', escaped)
