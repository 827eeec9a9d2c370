"""How figures read to a person: shares, euros, numbers and durations, with n/a for what was not measured."""

from __future__ import annotations


def pct(value: float | None) -> str:
    """A share as a percentage with one decimal, or n/a."""
    return "n/a" if value is None else f"{100 * value:.1f} %"


def euro(value: float | None) -> str:
    """Euros with cents, or n/a."""
    if value is None:
        return "n/a"
    return f"−€{-value:,.2f}" if value < 0 else f"€{value:,.2f}"


def num(value: float | None, digits: int = 2) -> str:
    """A number with `digits` decimals, or n/a."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def duration(seconds: float | None) -> str:
    """Seconds as s, min or h, or n/a."""
    if seconds is None:
        return "n/a"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"
