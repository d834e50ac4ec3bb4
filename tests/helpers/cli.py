"""Run the real ``shopdesk`` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys


def run_shopdesk(*args: str, input: str | None = None,
                 timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m shopdesk ARGS`` and capture its output (never raises on failure)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "shopdesk", *args], input=input,
                          capture_output=True, text=True, timeout=timeout, env=env)
