"""Install the screen language: ShopDesk's own catalogue plus Qt's for standard buttons.

Called once at start, before the first window is built. The language is this PC's choice
(Settings → This PC → Language, kept in ``this-pc.json``); "System" follows the system locale.
Dates, numbers and money follow the same language through :mod:`shopdesk.formatting`, and
printed documents and exports through :mod:`shopdesk.i18n`.
"""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase

from shopdesk import formatting, i18n
from shopdesk.local_config import LocalConfig

_installed: list[QTranslator] = []
_fonts_added: list[int] = []
CJK_FONT = Path(i18n.__file__).resolve().parent / "printing" / "fonts" / "DroidSansFallbackFull.ttf"


def chosen_language(config: LocalConfig | None = None) -> str:
    """The language this PC shows: its setting, or the system locale's language."""
    choice = (config or LocalConfig.load()).language
    return i18n.resolve(choice, QLocale.system().name())


def install(language: str | None = None) -> str:
    """Load the translators for ``language`` (default: :func:`chosen_language`) into the
    running application, replacing any installed before; returns the language used."""
    app = QCoreApplication.instance()
    code = language if language in i18n.LANGUAGES else chosen_language()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    if code != "en" and app is not None:
        _chinese_font()
        for translator in (_load(f"qtbase_{code}", qt_translation_dirs()),
                           _load(f"shopdesk_{code}", [str(i18n.TRANSLATIONS_DIR)])):
            if translator is not None:
                translator.setParent(app)
                app.installTranslator(translator)
                _installed.append(translator)
    QLocale.setDefault(QLocale(i18n.format_locale(code)))
    i18n.set_language(code)
    formatting.configure(locale=i18n.format_locale(code))
    return code


def _chinese_font() -> None:
    """Make the CJK font shipped for printing available to the window too, so Chinese shows
    even where the system has no Chinese font (Qt falls back to it glyph by glyph)."""
    if not _fonts_added:
        _fonts_added.append(QFontDatabase.addApplicationFont(str(CJK_FONT)))


def qt_translation_dirs() -> list[str]:
    """Where Qt's own catalogues may be: Qt's configured folder, else PySide6's (a bundle)."""
    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")]


def _load(name: str, folders: list[str]) -> QTranslator | None:
    for folder in folders:
        translator = QTranslator()
        if translator.load(name, folder):
            return translator
    return None


def catalogues_found(language: str = "zh_CN") -> str:
    """One line for the installer's smoke run: which catalogues of ``language`` load."""
    found = {"ShopDesk": _load(f"shopdesk_{language}", [str(i18n.TRANSLATIONS_DIR)]),
             "Qt": _load(f"qtbase_{language}", qt_translation_dirs()),
             "printing": i18n.catalogue(language) or None}
    missing = [name for name, item in found.items() if item is None]
    if missing:
        return f"Translations {language} missing: {', '.join(missing)}."
    return f"Translations {language}: ShopDesk, Qt and printing catalogues load."


def date_format() -> str:
    """The chosen language's short date pattern for date edits, with a four-digit year
    (``M/d/yyyy`` in English, ``yyyy/M/d`` in Chinese)."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def month_format() -> str:
    """A month-and-year pattern for date edits (``MMMM yyyy``; ``yyyy年M月`` in Chinese)."""
    return "yyyy年M月" if QLocale().language() == QLocale.Language.Chinese else "MMMM yyyy"


def label(text: str) -> str:
    """A label a service defines (marked ``QT_TRANSLATE_NOOP("Labels", ...)``), translated."""
    return QCoreApplication.translate("Labels", text)


def column(text: str) -> str:
    """A list column title a service defines (context ``Columns``), translated."""
    return QCoreApplication.translate("Columns", text)
