"""The chosen language for text outside the window: printed documents, exports, the CLI.

One source of truth: the Qt Linguist catalogues ``resources/translations/shopdesk_<lang>.ts``
(extracted by ``pyside6-lupdate`` from the GUI, printing and export code). The GUI loads the
compiled ``.qm`` through Qt; the Qt-free layers read the same ``.ts`` here. Code outside the GUI
marks its text as ``translate("Context", "Text")`` (looked up now) or
``QT_TRANSLATE_NOOP("Context", "Text")`` (only marked; looked up when shown) so lupdate
extracts it. Put values in with ``.format()`` after the lookup, never inside it.

Two languages are kept apart: the **screen** language (this PC's choice, set by the window or
the command line) and the language of the shop's **documents** (``shop_settings.language``:
printed documents and exports; empty = the same as the screen), so a Chinese-speaking clerk in
an English-speaking town prints English invoices. Printing and export entry points run
:func:`in_document_language`, which switches :func:`translate` and :mod:`shopdesk.formatting`
to the documents' language on that thread only, while they run.
"""

from __future__ import annotations

import contextlib
import functools
import locale as _locale
import os
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import ParamSpec, TypeVar

from shopdesk import formatting

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

#: language code -> its own name, as offered in Settings (plus "system": follow this PC).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
#: the Babel/Qt locale used for dates, numbers and money in each language.
FORMAT_LOCALES = {"en": "en_US", "zh_CN": "zh_CN"}
SYSTEM = "system"

_state = {"language": "en", "documents": ""}
_thread = threading.local()  # the documents' language while this thread prints or exports
_P = ParamSpec("_P")
_R = TypeVar("_R")


def resolve(choice: str | None, system_locale: str | None = None) -> str:
    """The language to use for a PC setting: ``en``, ``zh_CN``, or ``system``/empty (the
    system locale's language: Chinese locales give ``zh_CN``, anything else English)."""
    if choice in LANGUAGES:
        return choice
    name = (system_locale if system_locale is not None else system_locale_name()) or ""
    return "zh_CN" if name.replace("-", "_").lower().startswith("zh") else "en"


def system_locale_name() -> str:
    """This PC's locale from the environment (``LC_ALL``/``LANG``) or the OS (e.g. ``zh_CN``)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX"):
            return value.split(".")[0]
    try:
        return _locale.getlocale()[0] or ""
    except ValueError:
        return ""


def set_language(language: str) -> None:
    """Use ``language`` (a key of :data:`LANGUAGES`) on screen (and for documents while the
    shop's document language is "same as the screen")."""
    _state["language"] = language if language in LANGUAGES else "en"


def language() -> str:
    """The language in use on this thread (``en`` or ``zh_CN``): the documents' while a
    document is printed or exported, else the screen's."""
    return getattr(_thread, "language", None) or _state["language"]


def screen_language() -> str:
    """The language the window (or the command line's messages) is in."""
    return _state["language"]


def set_document_language(choice: str | None) -> None:
    """The shop's language of printed documents and exports (``shop_settings.language``):
    ``en``, ``zh_CN``, or empty/anything else for "the same as the screen"."""
    _state["documents"] = choice if choice in LANGUAGES else ""


def document_language() -> str:
    """The language documents and exports are printed in now."""
    return _state["documents"] or _state["language"]


@contextlib.contextmanager
def documents(language_code: str | None = None) -> Iterator[str]:
    """On this thread, translate and format in the documents' language (or ``language_code``)
    until the block ends; other threads (the window's) keep theirs."""
    code = language_code if language_code in LANGUAGES else document_language()
    previous = getattr(_thread, "language", None)
    _thread.language = code
    try:
        with formatting.using_locale(format_locale(code)):
            yield code
    finally:
        _thread.language = previous


def in_document_language(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``func`` (a printing or export entry point) in the documents' language, unless
    the caller already chose one for this thread with :func:`documents`."""
    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if getattr(_thread, "language", None):
            return func(*args, **kwargs)
        with documents():
            return func(*args, **kwargs)
    return wrapper


def format_locale(language_code: str | None = None) -> str:
    """The locale for formatting dates, numbers and money in a language."""
    return FORMAT_LOCALES.get(language_code or language(), "en_US")


def ts_path(language_code: str) -> Path:
    """The Linguist source catalogue of a language."""
    return TRANSLATIONS_DIR / f"shopdesk_{language_code}.ts"


def qm_path(language_code: str) -> Path:
    """The compiled catalogue Qt loads."""
    return TRANSLATIONS_DIR / f"shopdesk_{language_code}.qm"


@cache
def catalogue(language_code: str) -> dict[tuple[str, str], str]:
    """(context, source) -> finished translation, read from the language's ``.ts``."""
    path = ts_path(language_code)
    if not path.exists():
        return {}
    result: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            source = message.findtext("source") or ""
            if node is None or node.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            if node.text:
                result[(name, source)] = node.text
    return result


def translate(context: str, text: str, language_code: str | None = None) -> str:
    """``text`` in the chosen language (itself when there is no translation)."""
    code = language_code or language()
    if code == "en":
        return text
    return catalogue(code).get((context, text), text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` without translating it yet."""
    return text
