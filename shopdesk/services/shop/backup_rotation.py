"""Which backups to keep: 7 daily, 4 weekly, 12 monthly (grandfather-father-son).

A pure function over timestamps, so the rule is tested with made-up dates. For each of the
newest 7 days that have a backup, the newest backup of that day is kept; likewise for the
newest 4 ISO weeks and the newest 12 calendar months. A backup can count for all three.
Everything else may be deleted. The newest backup is always kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable

DAILY = 7
WEEKLY = 4
MONTHLY = 12


def _newest_per(stamps: list[dt.datetime], key: Callable[[dt.datetime], Hashable],
                count: int) -> set[dt.datetime]:
    kept: dict[Hashable, dt.datetime] = {}
    for stamp in stamps:  # newest first
        bucket = key(stamp)
        if bucket not in kept:
            if len(kept) == count:
                break
            kept[bucket] = stamp
    return set(kept.values())


def to_keep(stamps: Iterable[dt.datetime], *, daily: int = DAILY, weekly: int = WEEKLY,
            monthly: int = MONTHLY) -> set[dt.datetime]:
    """The timestamps to keep out of ``stamps`` (the rest may be deleted)."""
    ordered = sorted(set(stamps), reverse=True)
    if not ordered:
        return set()
    keep = {ordered[0]}
    keep |= _newest_per(ordered, lambda s: s.date(), daily)
    keep |= _newest_per(ordered, lambda s: s.isocalendar()[:2], weekly)
    keep |= _newest_per(ordered, lambda s: (s.year, s.month), monthly)
    return keep


def to_delete(stamps: Iterable[dt.datetime], **limits: int) -> list[dt.datetime]:
    """The timestamps rotation removes, oldest first."""
    stamps = set(stamps)
    return sorted(stamps - to_keep(stamps, **limits))
