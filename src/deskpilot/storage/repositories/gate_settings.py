"""Per-category modes and per locale × category thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from deskpilot.domain.enums import Mode
from deskpilot.storage.tables import CategoryModeRow, IntentRow, ThresholdRow, WorkspaceSettingRow, utcnow


@dataclass(frozen=True)
class CategoryMode:
    """The mode and rollout share in force for one category."""

    category: str
    mode: Mode
    rollout_percent: int


class GateSettingsRepository:
    """Reads and writes the gate's settings."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def modes(self) -> dict[str, CategoryMode]:
        """All configured category modes."""
        return {r.category: CategoryMode(r.category, Mode(r.mode), r.rollout_percent)
                for r in self.session.execute(select(CategoryModeRow)).scalars()}

    def set_mode(self, category: str, mode: Mode, rollout_percent: int) -> CategoryMode | None:
        """Set a category's mode; returns the previous setting."""
        row = self.session.get(CategoryModeRow, category)
        previous = None if row is None else CategoryMode(row.category, Mode(row.mode), row.rollout_percent)
        if row is None:
            row = CategoryModeRow(category=category)
            self.session.add(row)
        row.mode, row.rollout_percent, row.updated_at = mode.value, rollout_percent, utcnow()
        self.session.flush()
        return previous

    def thresholds(self) -> dict[tuple[str, str], float]:
        """All configured thresholds keyed by (locale, category)."""
        return {(r.locale, r.category): r.threshold for r in self.session.execute(select(ThresholdRow)).scalars()}

    def set_threshold(self, locale: str, category: str, threshold: float) -> None:
        """Set the confidence threshold of one locale × category ('*' matches any)."""
        row = self.session.get(ThresholdRow, (locale, category))
        if row is None:
            row = ThresholdRow(locale=locale, category=category)
            self.session.add(row)
        row.threshold, row.updated_at = threshold, utcnow()
        self.session.flush()

    def remove_threshold(self, locale: str, category: str) -> float | None:
        """Delete one locale × category row; returns its value (None when there was none)."""
        row = self.session.get(ThresholdRow, (locale, category))
        if row is None:
            return None
        value = row.threshold
        self.session.delete(row)
        self.session.flush()
        return value


@dataclass(frozen=True)
class IntentInfo:
    """A deployment's intent: the category it belongs to and whether it is sensitive."""

    name: str
    category: str
    sensitive: bool = False
    description: str | None = None


class TaxonomyRepository:
    """The deployment's intents and their categories."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> dict[str, IntentInfo]:
        """Every configured intent by name."""
        return {r.name: IntentInfo(r.name, r.category, r.sensitive, r.description)
                for r in self.session.execute(select(IntentRow)).scalars()}

    def save(self, info: IntentInfo) -> None:
        """Insert or update one intent."""
        row = self.session.get(IntentRow, info.name)
        if row is None:
            row = IntentRow(name=info.name)
            self.session.add(row)
        row.category, row.sensitive, row.description = info.category, info.sensitive, info.description
        self.session.flush()


class WorkspaceSettingsRepository:
    """Key → JSON settings of this workspace (facts provider, demo markers, …)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or the default."""
        row = self.session.get(WorkspaceSettingRow, key)
        return default if row is None else row.value.get("v", default)

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value."""
        row = self.session.get(WorkspaceSettingRow, key)
        if row is None:
            row = WorkspaceSettingRow(key=key, value={"v": value})
            self.session.add(row)
        row.value, row.updated_at = {"v": value}, utcnow()
        self.session.flush()
