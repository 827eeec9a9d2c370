"""Template filters for the console: durations and moments a person reads at a glance."""

from __future__ import annotations

from datetime import datetime

from jinja2 import Environment


def duration(seconds: float | None) -> str:
    """``95`` → ``1 min``, ``5400`` → ``1 h 30 min``, ``200000`` → ``2 d 7 h``; negative values count as 0."""
    if seconds is None:
        return ""
    total = max(0, int(seconds))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min" if minutes else "< 1 min"


def moment(value: datetime | str | None) -> str:
    """A timestamp as ``YYYY-MM-DD HH:MM`` (UTC)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:16].replace("T", " ")
    return value.strftime("%Y-%m-%d %H:%M")


def install(env: Environment) -> None:
    """Register the filters."""
    env.filters["duration"] = duration
    env.filters["moment"] = moment
