"""A separate process that counts and posts stock-takes in a loop:
``python -m tests.helpers.stocktake_worker DB_URL ROUNDS``. Prints "posting ST-…" just before
each post and "posted ST-…" after it, flushed, so a test can kill it in the middle. A sheet
left open by a killed worker is counted again and posted (a part is on one open sheet only);
one left partly posted (a big sheet posts in batches) is posted again, which finishes it."""

from __future__ import annotations

import random
import sys

from shopdesk import db as database
from shopdesk.models.parts import Part, StockTake
from shopdesk.services.shop import users
from shopdesk.services.stock import stocktake


def main(url: str, rounds: int) -> None:
    database.open(url)
    actor = users.actor_for("olivia")
    rng = random.Random()
    for _ in range(rounds):
        left_open = StockTake.get_or_none(StockTake.status.in_(("open", "posting")))
        take = stocktake.start(actor) if left_open is None else left_open
        if take.status == "open":
            for (part_id,) in Part.select(Part.id).tuples():
                stocktake.enter_count(actor, take.id, part_id, rng.randrange(0, 30))
        print(f"posting {take.number}", flush=True)
        stocktake.post(actor, take.id)
        print(f"posted {take.number}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
