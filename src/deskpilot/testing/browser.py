"""For browser tests: Debian's chromium driven by Playwright (never a browser Playwright downloads)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path("test-artifacts") / "screenshots"


def missing_browser() -> str | None:
    """Why browser tests cannot run here (None: they can)."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return "Debian's chromium is not installed (scripts/install-test-packages.sh installs it)"
    return None


def chromium_path() -> str:
    """The chromium executable."""
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


def screenshot_path(name: str, root: Path | None = None) -> Path:
    """Where a page's screenshot goes (the folder is created)."""
    folder = (root or Path.cwd()) / ARTIFACTS
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"
