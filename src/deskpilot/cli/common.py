"""Shared CLI helpers: settings, database, JSON output, tables and progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from deskpilot.analytics.metrics import utc_midnight
from deskpilot.config import Settings, get_settings
from deskpilot.storage.database import Database

console = Console()
err_console = Console(stderr=True)


def load_settings() -> Settings:
    """Settings from the environment."""
    return get_settings()


def day_option(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option as a date; a clear error naming the option otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-11-20", param_hint=option) from exc


def moment_option(value: str | None, option: str, *, through: bool = False) -> datetime | None:
    """A YYYY-MM-DD option as 00:00 UTC of that day, or with ``through`` of the next (the day included)."""
    day = day_option(value, option)
    if day is None:
        return None
    return utc_midnight(day + timedelta(days=1) if through else day)


def open_database(settings: Settings | None = None, *, must_exist: bool = True) -> Database:
    """The configured database; exits with a hint when the SQLite file is missing."""
    settings = settings or load_settings()
    path = settings.sqlite_path()
    if must_exist and path is not None and not path.exists():
        err_console.print(f"[red]No database at {path}.[/red] Run [bold]deskpilot demo build[/bold] or "
                          "[bold]deskpilot db upgrade[/bold] first, or set DESKPILOT_DATABASE_URL.")
        raise SystemExit(2)
    return Database.from_settings(settings)


def print_json(data: Any) -> None:
    """Machine-readable output on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    """A Rich table with right-aligned numbers."""
    t = Table(title=title, title_justify="left")
    for i, col in enumerate(columns):
        numeric = bool(rows) and all(isinstance(r[i], int | float) for r in rows)
        t.add_column(col, justify="right" if numeric else "left")
    for row in rows:
        t.add_row(*[_cell(v) for v in row])
    return t


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return "" if value is None else str(value)


@contextmanager
def progress_bar(*, disable: bool = False) -> Iterator[Progress]:
    """A Rich progress bar on stderr (hidden when output is JSON)."""
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, disable=disable, transient=False) as progress:
        yield progress
