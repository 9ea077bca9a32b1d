"""Open a local HTML file in Debian's headless Chromium: its rendered DOM text and a screenshot.

Used by the report tests. Chromium is started with the flags this sandbox needs (no background
networking, no sandbox as root) and a fresh profile, so it never reaches the network.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=5000",
]


def chromium_path() -> str | None:
    """Return the path of a Chromium binary, or None when none is installed."""
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(args: list[str]) -> subprocess.CompletedProcess:
    binary = chromium_path()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120,
        )


def dump_dom(html: Path) -> str:
    """Given an HTML file, return the DOM after scripts ran, as Chromium serializes it."""
    return _run(["--dump-dom", html.resolve().as_uri()]).stdout


def screenshot(html: Path, png: Path, size: str = "1280,2400") -> Path:
    """Given an HTML file, write a PNG screenshot of it and return its path."""
    _run([f"--screenshot={png.resolve()}", f"--window-size={size}", html.resolve().as_uri()])
    return png
