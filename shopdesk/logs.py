"""A rotating log file in the user's data folder (for support when something goes wrong)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from shopdesk import paths

LOG_FILE_NAME = "shopdesk.log"


def log_file() -> Path:
    """Where the current log file is written."""
    return paths.log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send ShopDesk's log to a rotating file (5 x 2 MB). Returns its path, None if unwritable."""
    root = logging.getLogger("shopdesk")
    if any(getattr(h, "_shopdesk", False) for h in root.handlers):
        return log_file()
    try:
        paths.log_dir().mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file(), maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler._shopdesk = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return log_file()
