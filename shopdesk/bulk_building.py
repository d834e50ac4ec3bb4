"""Building very large result lists without the garbage collector rescanning them.

Python's cyclic collector runs a full collection each time the objects that survived earlier
collections grow by a quarter, so building a list of a million records (service due for a
whole shop) triggers collection after collection over the same growing list. The records
hold no cycles, so pausing automatic collection while they are built loses nothing: what
they allocate is looked at once, later, as usual. (Mercurial's ``util.nogc`` does the same.)
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Automatic cyclic garbage collection off for the block, then as it was (the GUI keeps
    it off and collects on a timer: see ``shopdesk.gui.gc_guard``)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
