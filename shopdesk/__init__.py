"""ShopDesk: offline-first shop management for small auto repair shops and parts dealers."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # ``__version__`` is read from the installed metadata when first asked for (--version,
    # About): importlib.metadata costs tens of milliseconds that opening the window skips
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("shopdesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
