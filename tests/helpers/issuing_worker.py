"""A separate process that issues invoices in a loop: ``python -m tests.helpers.issuing_worker
DB_URL COUNT [START_AT]``. Prints one line per issued invoice (its number), flushed."""

from __future__ import annotations

import sys
import time

from shopdesk import db as database
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import users


def main(url: str, count: int, start_at: float = 0.0) -> None:
    database.open(url)
    actor = users.actor_for("olivia")
    drafts = [invoices.create_draft(actor, lines=[LineDraft("Labour", 1, "50.00",
                                                            kind="labour"),
                                                  LineDraft("Fee", 1, "2.50", kind="fee")])
              for _ in range(count)]
    print("ready", flush=True)
    while time.time() < start_at:  # every worker starts issuing at the same moment
        time.sleep(0.001)
    for draft in drafts:
        print(invoices.issue(actor, draft.id).number, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 0.0)
