"""The gate's settings as an admin sees and changes them: each category's mode and rollout, and the confidence
threshold of each locale × category; every change is one audited transaction."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from deskpilot.audit.events import ModeChanged, ThresholdChanged, ThresholdRemoved
from deskpilot.domain.enums import Mode
from deskpilot.storage.database import Database, UnitOfWork
from deskpilot.storage.repositories.gate_settings import CategoryMode

ANY = "*"
MAX_CATEGORY = 64  # the width of the stored category
MAX_LOCALE = 8  # the width of the stored locale


class GateSettingsError(ValueError):
    """A mode or threshold the gate cannot take (the message says why)."""


@dataclass(frozen=True)
class CategoryModeView:
    """One category on the modes page: its mode in force, whether it was set, and the intents in it."""

    category: str
    mode: Mode
    rollout_percent: int
    configured: bool
    intents: tuple[str, ...]


@dataclass(frozen=True)
class ThresholdView:
    """One configured threshold row."""

    locale: str
    category: str
    threshold: float


@dataclass(frozen=True)
class ModesPage:
    """Every known category with its mode, and the defaults applied to categories without one."""

    rows: list[CategoryModeView]
    default_mode: Mode
    default_rollout: int


@dataclass(frozen=True)
class ThresholdsPage:
    """The configured threshold rows, the categories a new row may name and the default threshold."""

    rows: list[ThresholdView]
    categories: list[str]
    default_threshold: float


def _taxonomy_categories(uow: UnitOfWork) -> dict[str, list[str]]:
    """Category → its intents, from the taxonomy."""
    found: dict[str, list[str]] = {}
    for info in uow.taxonomy.all().values():
        found.setdefault(info.category, []).append(info.name)
    return found


def _mode_categories(uow: UnitOfWork) -> set[str]:
    """Categories of the taxonomy and of the configured modes."""
    return set(_taxonomy_categories(uow)) | set(uow.gate_settings.modes())


def _threshold_categories(uow: UnitOfWork) -> set[str]:
    """Categories a threshold row may name: the mode categories and those of existing rows."""
    return _mode_categories(uow) | {category for _, category in uow.gate_settings.thresholds()}


def _check_name(what: str, value: str, limit: int) -> None:
    if not value or value != value.strip() or len(value) > limit:
        raise GateSettingsError(f"the {what} must be 1 to {limit} characters without surrounding spaces")


class GateSettingsService:
    """Reads and changes modes and thresholds; ``locales`` (when given) are the locales a threshold may name."""

    def __init__(self, db: Database, *, locales: Sequence[str] | None = None) -> None:
        self.db = db
        self.locales = tuple(locales) if locales is not None else None

    def modes_page(self) -> ModesPage:
        """Each category of the taxonomy or with a mode, sorted, with the mode in force."""
        from deskpilot.decide.gate import GatePolicy

        default_mode, default_rollout = GatePolicy.default_mode, GatePolicy.default_rollout
        with self.db.reader() as uow:
            intents = _taxonomy_categories(uow)
            modes = uow.gate_settings.modes()
        rows = []
        for category in sorted(set(intents) | set(modes)):
            setting = modes.get(category)
            rows.append(CategoryModeView(category, setting.mode if setting else default_mode,
                                         setting.rollout_percent if setting else default_rollout,
                                         setting is not None, tuple(sorted(intents.get(category, ())))))
        return ModesPage(rows, default_mode, default_rollout)

    def thresholds_page(self) -> ThresholdsPage:
        """The threshold rows ('*' first, then by locale and category) and the categories a row may name."""
        from deskpilot.decide.gate import DEFAULT_THRESHOLD

        with self.db.reader() as uow:
            thresholds = uow.gate_settings.thresholds()
            categories = _threshold_categories(uow)
        rows = [ThresholdView(locale, category, value) for (locale, category), value in
                sorted(thresholds.items(), key=lambda item: (item[0][0] != ANY, item[0][0], item[0][1] != ANY,
                                                             item[0][1]))]
        return ThresholdsPage(rows, sorted(categories), DEFAULT_THRESHOLD)

    def set_mode(self, category: str, mode: Mode, rollout_percent: int, *, actor: str,
                 known_only: bool = False) -> CategoryMode | None:
        """Set a category's mode and rollout, audited; ``known_only``: only an existing category; returns the old."""
        _check_name("category", category, MAX_CATEGORY)
        if not 0 <= rollout_percent <= 100:
            raise GateSettingsError("the rollout must be a whole percentage from 0 to 100")
        with self.db.uow() as uow:
            if known_only and category not in _mode_categories(uow):
                raise GateSettingsError(f"there is no category {category!r}")
            previous = uow.gate_settings.set_mode(category, mode, rollout_percent)
            uow.audit.append(ModeChanged(actor=actor, category=category, mode=mode.value,
                                         rollout_percent=rollout_percent,
                                         previous_mode=previous.mode.value if previous else None))
            uow.commit()
        return previous

    def set_threshold(self, locale: str, category: str, threshold: float, *, actor: str,
                      known_only: bool = False) -> float | None:
        """Set a locale × category threshold ('*': any), audited; ``known_only``: known categories; returns the old."""
        _check_name("locale", locale, MAX_LOCALE)
        _check_name("category", category, MAX_CATEGORY)
        if self.locales is not None and locale != ANY and locale not in self.locales:
            raise GateSettingsError(f"the locale must be * or one of the configured locales "
                                    f"({', '.join(self.locales)}), not {locale!r}")
        if isinstance(threshold, bool) or not math.isfinite(threshold) or not 0.0 <= threshold <= 1.0:
            raise GateSettingsError("the threshold must be a number from 0 to 1")
        with self.db.uow() as uow:
            if known_only and category != ANY and category not in _threshold_categories(uow):
                raise GateSettingsError(f"there is no category {category!r}")
            previous = uow.gate_settings.thresholds().get((locale, category))
            uow.gate_settings.set_threshold(locale, category, threshold)
            uow.audit.append(ThresholdChanged(actor=actor, locale=locale, category=category, threshold=threshold,
                                              previous=previous))
            uow.commit()
        return previous

    def remove_threshold(self, locale: str, category: str, *, actor: str) -> float:
        """Remove a locale × category row, audited, so a less specific one applies; returns its value."""
        with self.db.uow() as uow:
            previous = uow.gate_settings.remove_threshold(locale, category)
            if previous is None:
                raise GateSettingsError(f"there is no threshold row {locale} × {category}")
            uow.audit.append(ThresholdRemoved(actor=actor, locale=locale, category=category, previous=previous))
            uow.commit()
        return previous
