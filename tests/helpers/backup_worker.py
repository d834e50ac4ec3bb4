"""A separate process that backs the shop up in a loop: ``python -m tests.helpers.backup_worker
DB_PATH FOLDER ROUNDS``. Prints "ready" once open and the file name after each backup."""

from __future__ import annotations

import sys
from pathlib import Path

from shopdesk import db as database
from shopdesk.services.shop import backup, users


def main(path: str, folder: str, rounds: int) -> None:
    db = database.open(path)
    actor = users.actor_for("olivia")
    print("ready", flush=True)
    for _ in range(rounds):
        print(backup.make_backup(actor, db, Path(folder)).path.name, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
