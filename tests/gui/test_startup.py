"""Start-up: the demo shop on a new PC, a bad --db, automatic sign-in at the front desk, and
what the window imports and reads before its first paint."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap

from shopdesk import db as database
from shopdesk import paths, pc_secret
from shopdesk.gui.app import AppController, make_application
from shopdesk.local_config import LocalConfig
from shopdesk.services.shop import settings, users
from shopdesk.services.workshop import appointments
from tests.helpers.workshop import workshop


def test_first_start_on_a_new_pc_opens_a_demo_shop(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPDESK_HOME", str(tmp_path / "fresh-pc"))
    make_application()
    controller = AppController(None)
    assert controller.open_database()
    assert paths.demo_database_path().exists()
    assert not paths.default_database_path().exists()  # the real shop file stays untouched
    shop = settings.get_settings()
    assert shop.is_demo and shop.name == "Riverside Auto Repair"
    controller.db.close()


def test_unknown_db_path_shows_a_dialog_and_creates_nothing(qtbot, tmp_path, message_boxes):
    make_application()
    missing = tmp_path / "nowhere" / "shop.sqlite3"
    assert not AppController(str(missing)).open_database()
    assert message_boxes == [("Cannot open the shop database",
                              f"There is no database at {missing}")]
    assert not missing.exists()


def test_not_a_database_shows_a_dialog_and_leaves_the_file(qtbot, tmp_path, message_boxes):
    make_application()
    notes = tmp_path / "notes.txt"
    notes.write_text("oil change 5,000 km")
    assert not AppController(str(notes)).open_database()
    assert "not a ShopDesk database" in message_boxes[0][1]
    assert notes.read_text() == "oil change 5,000 km"


def _auto_sign_in_here(owner, db, username: str) -> str:
    """This PC signs ``username`` in automatically, as Settings → This PC sets it: the name in
    this-pc.json, the secret on this PC, its hash in the database."""
    key = database.target_of(db).describe()
    pc_secret.save(key, users.enable_auto_sign_in(owner, username))
    config = LocalConfig.load()
    config.auto_login[key] = username
    config.save()
    return key


def test_front_desk_signs_in_automatically_when_set(qtbot, db_url, owner, clerk, tmp_path,
                                                   monkeypatch):
    # a PC of its own: the backup its window makes on closing stays out of later tests' folder
    monkeypatch.setenv("SHOPDESK_HOME", str(tmp_path / "front-desk-pc"))
    make_application()
    controller = AppController(db_url)
    assert controller.open_database()
    key = _auto_sign_in_here(owner, controller.db, "carl")
    actor = controller.sign_in()
    assert actor is not None and actor.username == "carl"
    window = controller.show_window(actor)
    qtbot.addWidget(window)
    assert "Carl Clerk (Clerk)" in window._user_label.text()
    LocalConfig().save()
    pc_secret.forget(key)


#: Started as the clerk starts it (``shopdesk --db URL``, signed in automatically); at the main
#: window's first paint it notes what is imported and whether the desk's lists were read,
#: then waits for the fill that follows and prints it all as JSON.
FIRST_PAINT = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    seen = {}

    class FirstPaint(QObject):
        def eventFilter(self, window, event):
            if event.type() == QEvent.Type.Paint and not seen:
                desk = window.screens["front_desk"]
                seen["modules"] = sorted(sys.modules)
                seen["filled"] = desk.filled
                seen["rows"] = desk._today_model.rowCount()
                QTimer.singleShot(0, lambda: wait_for_fill(desk))
            return False

    def wait_for_fill(desk):
        if not desk.filled:
            QTimer.singleShot(10, lambda: wait_for_fill(desk))
            return
        seen["rows after"] = desk._today_model.rowCount()
        print(json.dumps(seen))
        QApplication.instance().quit()

    watcher = FirstPaint()
    show = QMainWindow.show

    def watched_show(window):  # only the main window is watched: no filter on the whole app
        window.installEventFilter(watcher)
        show(window)

    QMainWindow.show = watched_show
    from shopdesk.cli import main
    sys.exit(main(["--db", sys.argv[1]]))
""")

#: Not needed to paint the front desk: printing, spreadsheets, Chinese pinyin, phone and
#: e-mail rules, the search ranking, import, demo and wizard code, the CLI's subcommands and
#: the migrations of an up-to-date database come later, when used.
NOT_BEFORE_FIRST_PAINT = (
    "reportlab", "openpyxl", "xlsxwriter", "python_calamine", "PIL", "pypinyin", "phonenumbers",
    "email_validator", "shopdesk.printing", "shopdesk.io.importing", "shopdesk.io.xlsx_writer",
    "shopdesk.services.crm.search_ranking", "shopdesk.demo", "shopdesk.gui.first_run.wizard",
    "shopdesk.gui.dialogs.settings", "shopdesk.gui.workshop.dialogs", "shopdesk.cli.parts",
    "shopdesk.migrations.m0001_foundation")


def test_the_front_desk_paints_before_it_imports_or_reads_what_it_does_not_show(
        db, db_url, owner, clerk, tmp_path, monkeypatch):
    # a PC of its own: the backup the app makes when it closes stays out of later tests' folder
    monkeypatch.setenv("SHOPDESK_HOME", str(tmp_path / "front-desk-pc"))
    shop = workshop(owner)
    appointments.book(clerk, shop.customer_id, dt.datetime.combine(dt.date.today(),
                      dt.time(9, 0)), vehicle_id=shop.vehicle_id, what="Oil service")
    key = _auto_sign_in_here(owner, db, "carl")
    try:
        done = subprocess.run([sys.executable, "-c", FIRST_PAINT, db_url], capture_output=True,
                              text=True, timeout=120,
                              env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    finally:
        LocalConfig().save()
        pc_secret.forget(key)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    imported = [m for m in seen["modules"]
                if any(m == name or m.startswith(name + ".") for name in NOT_BEFORE_FIRST_PAINT)]
    assert imported == []
    assert "shopdesk.gui.workshop.front_desk" in seen["modules"]  # (the desk was painted)
    # the desk is painted first, its lists filled right after: today's appointment shows then
    assert (seen["filled"], seen["rows"]) == (False, 0)
    assert seen["rows after"] == 1


def test_filling_the_desk_after_its_first_paint_opens_no_window_of_its_own(qtbot, make_window,
                                                                             owner):
    """The lists filled after the first paint are made inside the desk: no stray widget
    flashes up as a window of its own and takes the keyboard from the main window (the
    follow-ups' "Everyone's" box once did, and Alt+N no longer reached the editor)."""
    from PySide6.QtWidgets import QApplication

    window = make_window(owner)
    desk = window.show_screen("front_desk")
    qtbot.waitUntil(lambda: desk.filled)
    qtbot.wait(50)
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [window]
    assert QApplication.activeWindow() is window
