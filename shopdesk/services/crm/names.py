"""How a person's name is written: "Ann Smith" on a letter and "Smith, Ann" in a list, but a
Chinese name always family name first and whole: 张伟, in a list and on paper alike."""

from __future__ import annotations

import re

_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_chinese(*parts: str) -> bool:
    """True when any part of the name is written in Chinese characters."""
    return any(_CHINESE.search(p or "") for p in parts)


def full_name(first: str, last: str) -> str:
    """The name as written on a letter or an invoice: "Ann Smith", "张伟"."""
    first, last = (first or "").strip(), (last or "").strip()
    if is_chinese(first, last):
        return f"{last}{first}"
    return " ".join(p for p in (first, last) if p)


def listed_name(first: str, last: str) -> str:
    """The name as a list sorts it: "Smith, Ann"; a Chinese name as written, "张伟"."""
    first, last = (first or "").strip(), (last or "").strip()
    if is_chinese(first, last):
        return f"{last}{first}"
    return ", ".join(p for p in (last, first) if p)
