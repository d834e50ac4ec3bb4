"""ShopDesk: offline-first shop management for small auto repair shops and parts dealers."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("shopdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
