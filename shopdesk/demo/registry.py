"""What every area's demo generator shares: the :class:`Scale`, the :class:`DemoContext` and
the :func:`generator` register (areas are listed in :mod:`shopdesk.demo.areas`)."""

from __future__ import annotations

import enum
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from shopdesk.services.access import Actor


class Scale(enum.StrEnum):
    """How big a demo shop to make."""

    SMALL = "small"
    LARGE = "large"


@dataclass
class DemoContext:
    """What generators share: the scale, a seeded random source, the owner, and counts made."""

    scale: Scale
    rng: random.Random
    owner: Actor
    counts: dict[str, int] = field(default_factory=dict)


Generator = Callable[[DemoContext], None]
_GENERATORS: list[tuple[str, Generator]] = []


def generator(name: str) -> Callable[[Generator], Generator]:
    """Register an area's demo generator (decorator)."""
    def register(fn: Generator) -> Generator:
        _GENERATORS.append((name, fn))
        return fn
    return register


def generators() -> list[tuple[str, Generator]]:
    """The registered generators with their names, in run order."""
    return list(_GENERATORS)
