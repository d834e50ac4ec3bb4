"""Settings of this PC only, kept beside the data (not in the shared database).

Which account signs in automatically at this front desk, the screen language, and where this
PC writes its backups. Stored as
JSON in the user's data folder; a missing or damaged file means defaults.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from shopdesk import paths


@dataclass
class LocalConfig:
    """This PC's own settings. ``auto_login`` maps a database description to a username."""

    auto_login: dict[str, str] = field(default_factory=dict)
    language: str = ""
    backup_dir: str = ""  # empty: the backups folder inside the data folder

    @classmethod
    def load(cls) -> LocalConfig:
        """Read this PC's settings (defaults if absent or unreadable)."""
        try:
            data = json.loads(paths.local_config_path().read_text(encoding="utf-8"))
            return cls(auto_login=dict(data.get("auto_login", {})),
                       language=str(data.get("language", "")),
                       backup_dir=str(data.get("backup_dir", "") or ""))
        except (OSError, ValueError, AttributeError):
            return cls()

    def backup_folder(self) -> Path:
        """Where this PC writes backups: the chosen folder, else ``backups`` in the data folder.

        The default folder is ShopDesk's own and is made when missing; a folder the owner
        chose (say on a USB drive) is never made, so an unplugged drive shows as missing.
        """
        if self.backup_dir:
            return Path(self.backup_dir).expanduser()
        folder = paths.data_dir() / "backups"
        with contextlib.suppress(OSError):  # if it cannot be made, the status says missing
            folder.mkdir(parents=True, exist_ok=True)
        return folder

    def save(self) -> None:
        """Write atomically (a crash never leaves half a file)."""
        path = paths.local_config_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        tmp.replace(path)
