"""Install the screen language: ShopDesk's own catalogue plus Qt's for standard buttons.

Called once at start, before the first window is built. The language is this PC's choice
(Settings → This PC → Language, kept in ``this-pc.json``); "System" follows the system locale.
Dates, numbers and money follow the same language through :mod:`shopdesk.formatting`, and
printed documents and exports through :mod:`shopdesk.i18n`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from shopdesk import formatting, i18n
from shopdesk.local_config import LocalConfig

_installed: list[QTranslator] = []


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
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{code}", qt_dir),
                             (f"shopdesk_{code}", str(i18n.TRANSLATIONS_DIR))):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
    QLocale.setDefault(QLocale(i18n.format_locale(code)))
    i18n.set_language(code)
    formatting.configure(locale=i18n.format_locale(code))
    return code


def label(text: str) -> str:
    """A label a service defines (marked ``QT_TRANSLATE_NOOP("Labels", ...)``), translated."""
    return QCoreApplication.translate("Labels", text)


def column(text: str) -> str:
    """A list column title a service defines (context ``Columns``), translated."""
    return QCoreApplication.translate("Columns", text)
