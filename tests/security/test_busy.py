"""Issue 21, item 8 (the part left): a busy database in the window offers Retry, and long
writes commit in batches so other writers wait at most a second or two.

Real locks only: a second SQLite connection holding the write lock (``BEGIN IMMEDIATE`` on
the same file), and a real import running in another process.
"""

from __future__ import annotations

import sqlite3
import time

import peewee
import pytest
from PySide6.QtCore import Qt

from shopdesk import db as database
from shopdesk.gui.customers import crm_dialogs
from shopdesk.models.audit import AuditEntry
from shopdesk.models.crm import Interaction
from shopdesk.models.parts import Part
from shopdesk.services.crm import customers
from tests.gui.conftest import make_window  # noqa: F401 (the fixture)
from tests.helpers.busy import press_retry
from tests.helpers.parts import make_part
from tests.services.customer_helpers import person
from tests.services.test_import_kill import _parts_csv, _start


def _locked(db: peewee.Database) -> sqlite3.Connection:
    other = sqlite3.connect(db.database, timeout=0)  # another process holding the write lock
    other.execute("BEGIN IMMEDIATE")
    return other


@pytest.mark.parametrize("key", ["enter", "alt+r"])
def test_a_busy_save_offers_retry_which_saves_once_the_lock_is_gone(qtbot, make_window, db,  # noqa: F811
                                                                    clerk, key):
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("SQLite's write lock (PostgreSQL queues writers on row locks)")
    ann = person(clerk)
    window = make_window(clerk)
    dialog = crm_dialogs.InteractionDialog(window.context, customers.get(clerk, ann.id), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.summary, "Quoted front pads")
    other = _locked(db)
    db.execute_sql("PRAGMA busy_timeout = 200")  # (the real wait is 2 s: not in a test)
    try:
        assert not dialog.retry_button.isVisible()
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)  # Enter: Save
        assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
        assert "Another PC is busy" in dialog.error.text()
        assert "database is locked" not in dialog.error.text()
        assert dialog.retry_button.isVisible() and dialog.retry_button.isDefault()
        assert dialog.focusWidget() is dialog.retry_button
        assert Interaction.select().count() == 0
        window.grab()  # (rendered: the screenshot helper shows the same)
        dialog.grab().save("/tmp/s1/busy_retry.png")
    finally:
        other.rollback()
        other.close()
        db.execute_sql(f"PRAGMA busy_timeout = {database.BUSY_TIMEOUT_MS}")
    press_retry(qtbot, dialog, key)  # (Alt+R: Qt clicks a mnemonic's button after a moment)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    assert [i.summary for i in Interaction.select()] == ["Quoted front pads"]


def test_a_write_waits_at_most_about_two_seconds_while_a_long_import_runs(owner, db, db_url,
                                                                          tmp_path):
    path = _parts_csv(tmp_path / "parts.csv", rows=60_000)
    worker = _start(db_url, path, "batched")
    try:
        assert worker.stdout.readline().startswith("batch"), worker.stderr.read()
        waits = []  # the front desk's writes started while the import was running
        for n in range(4):
            if worker.poll() is not None:  # (a fast PC finishes the import first)
                break
            started = time.monotonic()
            make_part(owner, sku=f"DESK-{n}", name="Saved at the front desk")
            waits.append(time.monotonic() - started)
            time.sleep(0.3)
        for n in range(len(waits), 4):
            make_part(owner, sku=f"DESK-{n}", name="Saved at the front desk")
    finally:
        out, err = worker.communicate(timeout=600)
    assert worker.returncode == 0, err
    assert len(waits) >= 2, f"the import ended before two writes: {waits}"
    assert max(waits) < 2.0, waits
    assert "done 60000" in out
    assert Part.select().count() == 60_000 + 4
    assert AuditEntry.select().where(AuditEntry.action == "import batch").count() >= 1


def test_a_cancelled_batched_import_says_which_rows_it_kept(owner, db, tmp_path, monkeypatch):
    """Cancel in the middle of an import that commits in batches: the batches saved stay,
    and the refusal says up to which row and that importing again finishes the file (it
    does not claim that nothing was saved)."""
    from shopdesk.errors import Cancelled, ShopDeskError
    from shopdesk.io.importing import engine
    from shopdesk.services.access import COMMAND_LINE

    monkeypatch.setattr(engine, "HOLD_SECONDS", 0.0)  # every batch committed at once
    monkeypatch.setattr(engine, "GAP_SECONDS", 0.0)
    path = _parts_csv(tmp_path / "parts.csv", rows=3000)

    def cancel_after_the_second_batch(done: int, total: int, text: str) -> None:
        if done >= 2000:
            raise Cancelled()  # what the progress dialog's Cancel does

    with pytest.raises(ShopDeskError) as refused:
        engine.run_import(COMMAND_LINE, "parts", path, progress=cancel_after_the_second_batch)
    message = refused.value.translated()
    assert message.startswith("Cancelled after the rows up to row 2,001 were saved")
    assert "Import the file again to finish" in message and "nothing was changed" not in message
    kept = Part.select().where(Part.sku.startswith("K-")).count()
    assert 0 < kept <= 2000 and kept % 1000 == 0  # whole batches only
    report = engine.run_import(COMMAND_LINE, "parts", path)  # again: the rest, nothing twice
    assert report.created == 3000 - kept and report.unchanged == kept
    assert Part.select().where(Part.sku.startswith("K-")).count() == 3000
