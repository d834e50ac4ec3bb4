"""Work on tens of thousands of rows at once (price files, repricing every part)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's automatic cyclic collector paused while tens of thousands of rows (plain
    tuples, dicts and numbers: no cycles to find) are made, then as it was (the
    GUI keeps it off anyway: gui/gc_guard.py)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
