"""Start-up: the demo shop on a new PC, a bad --db, automatic sign-in at the front desk."""

from __future__ import annotations

from shopdesk import db as database
from shopdesk import paths
from shopdesk.gui.app import AppController, make_application
from shopdesk.local_config import LocalConfig
from shopdesk.services.shop import settings


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


def test_front_desk_signs_in_automatically_when_set(qtbot, db_url, clerk):
    make_application()
    controller = AppController(db_url)
    assert controller.open_database()
    config = LocalConfig.load()
    config.auto_login[database.target_of(controller.db).describe()] = "carl"
    config.save()
    actor = controller.sign_in()
    assert actor is not None and actor.username == "carl"
    window = controller.show_window(actor)
    qtbot.addWidget(window)
    assert "Carl Clerk (Clerk)" in window._user_label.text()
    LocalConfig().save()
