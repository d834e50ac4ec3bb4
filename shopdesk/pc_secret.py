"""This PC's automatic sign-in secrets: one random token per shop database.

A token binds the front desk's automatic sign-in to this PC: the database keeps only its hash
(``users.enable_auto_sign_in``), the token itself stays on this PC, in the operating system's
credential store when there is one (Windows Credential Manager, macOS Keychain, the Secret
Service on Linux: the ``keyring`` package) or else in ``this-pc-secrets.json`` beside
``this-pc.json``, readable by this user only (0600; on Windows the user's own AppData). A copy
of ``this-pc.json`` carries no secret, so it signs in nobody elsewhere.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

from shopdesk import paths

log = logging.getLogger(__name__)

SERVICE = "ShopDesk"
FILE_NAME = "this-pc-secrets.json"


def _name(key: str) -> str:
    return f"automatic sign-in: {key}"


def secrets_path() -> Path:
    """The user-only file that holds the tokens when there is no credential store."""
    return paths.local_config_path().with_name(FILE_NAME)


def _credential_store() -> Any:
    """The OS credential store (a ``keyring`` backend), or None when there is none usable."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:  # (keyring is a dependency; a trimmed bundle may lack it)
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def _read_file() -> dict[str, str]:
    path = secrets_path()
    try:
        if os.name == "posix" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("%s is readable by others: its secrets are not used", path)
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_file(data: dict[str, str]) -> None:
    path = secrets_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2)
    tmp.replace(path)


def load(key: str) -> str:
    """The token of database ``key`` on this PC ("" when none)."""
    token = _read_file().get(key, "")
    if token:
        return token
    store = _credential_store()
    if store is None:
        return ""
    try:
        return store.get_password(SERVICE, _name(key)) or ""
    except Exception:
        log.warning("the credential store could not be read", exc_info=True)
        return ""


def save(key: str, token: str) -> str:
    """Keep ``token`` for database ``key``; returns where: "credential store" or the file."""
    forget(key)
    store = _credential_store()
    if store is not None:
        try:
            store.set_password(SERVICE, _name(key), token)
            return "credential store"
        except Exception:
            log.warning("the credential store could not be written", exc_info=True)
    data = _read_file()
    data[key] = token
    _write_file(data)
    return str(secrets_path())


def forget(key: str) -> None:
    """Drop the token of database ``key`` from both places."""
    data = _read_file()
    if data.pop(key, None) is not None:
        _write_file(data)
    store = _credential_store()
    if store is not None:
        with contextlib.suppress(Exception):
            store.delete_password(SERVICE, _name(key))
