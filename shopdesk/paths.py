"""Where ShopDesk keeps its files on this PC (the user's data folder, per platform)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ShopDesk"
APP_AUTHOR = "ShopDesk"


def data_dir() -> Path:
    """The folder for the shop database, logs and backups (``SHOPDESK_HOME`` overrides it)."""
    override = os.environ.get("SHOPDESK_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def default_database_path() -> Path:
    """The SQLite file used when no ``--db`` is given."""
    return data_dir() / "shop.sqlite3"


def log_dir() -> Path:
    """Where the rotating log files live."""
    return data_dir() / "logs"


def local_config_path() -> Path:
    """Settings of this PC only (last database, front-desk auto sign-in, language)."""
    return data_dir() / "this-pc.json"


def demo_database_path() -> Path:
    """The demo shop opened on first run, until the shop sets up its own database."""
    return data_dir() / "demo-shop.sqlite3"
