"""``shopdesk restore FILE --db postgresql://…``, run as a user would (real server)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from shopdesk.services.shop import backup, settings
from tests.helpers.cli import run_shopdesk
from tests.helpers.pg_restore import NEEDS_PG_TOOLS, PgShop, databases, own_pg_shop

pytestmark = NEEDS_PG_TOOLS


@pytest.fixture
def pg_shop() -> Iterator[PgShop]:
    yield from own_pg_shop()


def test_restore_yes_brings_back_the_dump_and_says_where_the_old_data_is(pg_shop, tmp_path):
    made = backup.make_backup(pg_shop.owner, pg_shop.db, tmp_path,
                              now=dt.datetime(2026, 3, 2, 18, 30)).path
    pg_shop.rename("Typed Over")
    pg_shop.db.close()
    done = run_shopdesk("restore", str(made), "--db", pg_shop.url, "--yes", "--to",
                        str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert f"Restored {made.name}" in done.stdout
    kept = [name for name in databases(pg_shop.name) if "_before_restore_" in name]
    assert len(kept) == 1 and kept[0] in done.stdout
    assert "before-restore.pgdump" in done.stdout
    assert "Every other PC was disconnected" in done.stdout
    assert settings.get_settings().name == "Monday Motors"  # reconnects to the restored one


def test_restore_without_a_terminal_asks_for_yes_and_changes_nothing(pg_shop, tmp_path):
    made = backup.make_backup(pg_shop.owner, pg_shop.db, tmp_path).path
    pg_shop.rename("Today")
    done = run_shopdesk("restore", str(made), "--db", pg_shop.url, "--to", str(tmp_path),
                        input="")
    assert done.returncode != 0 and "add --yes" in done.stderr
    assert databases(pg_shop.name) == [pg_shop.name]
    assert settings.get_settings().name == "Today"


def test_restore_of_a_file_that_is_not_a_dump_says_so_in_one_line(pg_shop, tmp_path):
    notes = tmp_path / "notes.pgdump"
    notes.write_text("shopping list")
    done = run_shopdesk("restore", str(notes), "--db", pg_shop.url, "--yes")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "Nothing was restored: notes.pgdump is not a ShopDesk backup" in done.stderr
    assert databases(pg_shop.name) == [pg_shop.name]
