"""Settings of this PC only, kept beside the data (not in the shared database).

Which account signs in automatically at this front desk, and the screen language. Stored as
JSON in the user's data folder; a missing or damaged file means defaults.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from shopdesk import paths


@dataclass
class LocalConfig:
    """This PC's own settings. ``auto_login`` maps a database description to a username."""

    auto_login: dict[str, str] = field(default_factory=dict)
    language: str = ""

    @classmethod
    def load(cls) -> LocalConfig:
        """Read this PC's settings (defaults if absent or unreadable)."""
        try:
            data = json.loads(paths.local_config_path().read_text(encoding="utf-8"))
            return cls(auto_login=dict(data.get("auto_login", {})),
                       language=str(data.get("language", "")))
        except (OSError, ValueError, AttributeError):
            return cls()

    def save(self) -> None:
        """Write atomically (a crash never leaves half a file)."""
        path = paths.local_config_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        tmp.replace(path)
