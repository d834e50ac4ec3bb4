"""Drive the real main window with key events only, through modal dialogs, and count the keys.

A journey is written as a generator of steps::

    def script(k: Keys):
        yield k.press(Qt.Key.Key_4, CTRL)          # a control key (counted)
        yield k.type("AB123CD")                     # typed text (counted apart)
        yield k.press(Qt.Key.Key_Return)
        yield k.until(lambda: modal(InvoiceView))  # wait for what the window shows
        assert ...                                  # check it between steps

    keys = Keys(qtbot, window)
    keys.run(script(keys))
    assert keys.control <= 10

Each key goes to the window that has the keyboard (the open modal dialog, else the main
window) through Qt's window-system path, so shortcuts, mnemonics and default buttons work as
they do for a person. A key that opens a modal dialog blocks in the dialog's ``exec()``; the
script goes on inside that dialog's event loop (each step is resumed from a fresh timer), so
it reads top to bottom like what the clerk does. Nothing here calls a widget method: only key
events and reading what the window shows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

#: A menu or a completer that pops up: the offscreen platform can neither raise the popup nor
#: grab the keyboard for it, and says so (a desktop does both). Mark journeys that open one.
OFFSCREEN_POPUPS = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                             "This plugin does not support grabbing the "
                                             "keyboard")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
WAIT_LIMIT = 20.0  # seconds a step may wait for the window (a failure, not a timing test)


@dataclass
class Step:
    """One thing the script asks for: do ``act`` (keys), or wait until ``ready``."""

    act: Callable[[], None] | None = None
    ready: Callable[[], bool] | None = None
    what: str = ""


@dataclass
class Keys:
    """Counts control keys (shortcuts, Tab, Enter, arrows, Esc, Alt+letter) apart from typed
    text, and records how long the window kept the clerk waiting after each key."""

    qtbot: object
    window: QWidget
    control: int = 0
    typed: int = 0
    log: list[str] = field(default_factory=list)
    waits: list[tuple[str, float]] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    _done: bool = False

    # --- steps ---------------------------------------------------------------------------
    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> Step:
        """A control key, to the window that has the keyboard."""
        name = _name(key, modifiers)

        def act() -> None:
            self.control += 1
            self.log.append(name)
            QTest.keyPress(_target(self.window), key, modifiers)
            # The release goes where the keyboard is now, as a desktop sends it: a key that
            # opened a dialog returns only once the steps after it ran inside the dialog, and
            # the window it went to (a menu's) may be gone by then (a restore rebuilds the
            # main window; a release sent to the deleted menu's window crashed).
            QTest.keyRelease(_target(self.window), key, modifiers)

        return Step(act=act, what=name)

    def type(self, text: str) -> Step:
        """Typed text (names, digits, amounts, a scanned barcode), one key per character."""
        def act() -> None:
            self.typed += len(text)
            self.log.append(repr(text))
            for char in text:
                key = Qt.Key(ord(char.upper())) if char.isascii() and char.isprintable() \
                    else Qt.Key.Key_unknown
                QTest.sendKeyEvent(QTest.KeyAction.Click, _target(self.window), key, char,
                                   NONE)

        return Step(act=act, what=repr(text))

    def until(self, ready: Callable[[], bool], what: str = "") -> Step:
        """Wait until ``ready()`` (the window shows something; a debounced search ran)."""
        return Step(ready=ready, what=what or "until")

    # --- running -------------------------------------------------------------------------
    def run(self, script: Iterator[Step] | Generator[Step, None, None],
            timeout: float = 120.0) -> None:
        """Run ``script`` to its end (or its first failure, which is raised here)."""
        self._done = False
        QTimer.singleShot(0, lambda: self._advance(script))
        self.qtbot.waitUntil(lambda: self._done, timeout=int(timeout * 1000))
        if self.errors:
            raise self.errors[0]

    def _advance(self, script: Iterator[Step]) -> None:
        if self._done:
            return
        try:
            step = next(script)
        except StopIteration:
            self._done = True
            return
        except BaseException as exc:  # an assertion in the script: end it, report it
            self._fail(exc)
            return
        if step.ready is not None:
            self._wait(script, step, time.perf_counter())
            return
        try:
            _activate(self.window)  # (before the next step is scheduled: this waits)
        except BaseException as exc:
            self._fail(exc)
            return
        started = time.perf_counter()
        modal_before = QApplication.activeModalWidget()
        popup_before = QApplication.activePopupWidget()
        sending = [True]

        def menu_opened() -> bool:  # a tool button's menu pops up with exec(): it holds the key
            popup = QApplication.activePopupWidget()
            return popup is not popup_before and isinstance(popup, QMenu)

        def after() -> None:
            # QTest processes events between a modifier's press and the key's: go on only
            # once the key is in, or inside the dialog or menu it opened (whose exec() holds
            # it)
            if (sending[0] and QApplication.activeModalWidget() is modal_before
                    and not menu_opened()):
                QTimer.singleShot(5, after)
                return
            self._settle(script, step, started)

        QTimer.singleShot(0, after)  # goes on inside a dialog the key may open (exec)
        try:
            assert step.act is not None
            step.act()
        except BaseException as exc:
            self._fail(exc)
        finally:
            sending[0] = False

    def _settle(self, script: Iterator[Step], step: Step, started: float) -> None:
        """The key was handled: note the wait, then the next step."""
        QApplication.processEvents()
        self.waits.append((step.what, time.perf_counter() - started))
        self._advance(script)

    def _wait(self, script: Iterator[Step], step: Step, since: float) -> None:
        try:
            ready = bool(step.ready and step.ready())
        except BaseException as exc:
            self._fail(exc)
            return
        if ready:
            self.waits.append((step.what, time.perf_counter() - since))
            self._advance(script)
            return
        if time.perf_counter() - since > WAIT_LIMIT:
            self._fail(AssertionError(f"waited {WAIT_LIMIT:.0f} s for {step.what}; keys so "
                                      f"far: {' '.join(self.log)}; focus: "
                                      f"{QApplication.focusWidget()!r}; modal: "
                                      f"{QApplication.activeModalWidget()!r}"))
            return
        QTimer.singleShot(15, lambda: self._wait(script, step, since))

    def _fail(self, exc: BaseException) -> None:
        self.errors.append(exc)
        self._done = True
        for _ in range(10):  # close any dialog still open so the test can end and report
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                break
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()

    @property
    def slowest(self) -> tuple[str, float]:
        """The key (or wait) after which the window took longest."""
        return max(self.waits, key=lambda w: w[1]) if self.waits else ("", 0.0)

    @property
    def total_wait(self) -> float:
        return sum(w for _what, w in self.waits)


def _target(window: QWidget):
    """The QWindow that has the keyboard: the open modal dialog, else the main window."""
    widget = QApplication.activeModalWidget() or QApplication.activePopupWidget() or window
    return widget.window().windowHandle()


def _activate(window: QWidget) -> None:
    """Offscreen Qt does not hand activation back to the window under a closed dialog, nor
    always to a dialog that opens, as a desktop does: make the window the keys go to the
    focus window (no key, no click)."""
    widget = (QApplication.activeModalWidget() or QApplication.activePopupWidget()
              or window).window()
    handle = widget.windowHandle()
    if QGuiApplication.focusWindow() is handle:
        return
    widget.activateWindow()
    deadline = time.perf_counter() + 2.0
    while QGuiApplication.focusWindow() is not handle and time.perf_counter() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)


def modal(kind: type) -> QWidget | None:
    """The open modal dialog if it is a ``kind`` (shown and active), else None."""
    dialog = QApplication.activeModalWidget()
    return dialog if isinstance(dialog, kind) and dialog.isVisible() else None


def focused() -> QWidget | None:
    """The widget with the keyboard focus."""
    return QApplication.focusWidget()


def _name(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> str:
    parts = [name for flag, name in ((CTRL, "Ctrl"), (ALT, "Alt"), (SHIFT, "Shift"))
             if modifiers & flag]
    key_name = Qt.Key(key).name.removeprefix("Key_")
    return "+".join([*parts, key_name])
