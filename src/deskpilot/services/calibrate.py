"""Calibrate the gate's thresholds on the replayed evaluation slice and write them, audited, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from deskpilot.audit.events import ThresholdChanged
from deskpilot.decide.calibrate import Calibration, calibrate
from deskpilot.services.replay import ReplayReport, ReplayRow, ReplayService
from deskpilot.storage.database import Database


@dataclass(frozen=True)
class ThresholdChange:
    """One threshold row written by a calibration."""

    locale: str
    category: str
    previous: float | None
    threshold: float


class CalibrationService:
    """Plans thresholds from a held-out replay and applies a plan."""

    def __init__(self, db: Database, replay: ReplayService) -> None:
        self.db = db
        self.replay = replay

    def plan(self, *, since: datetime, until: datetime | None = None, target_precision: float = 0.98,
             min_examples: int = 20, min_accepted: int = 10, on_total: Callable[[int], None] | None = None,
             on_each: Callable[[ReplayRow], None] | None = None) -> tuple[Calibration, ReplayReport]:
        """Replay the held-out slice (no writes) and plan thresholds from it."""
        report = self.replay.replay(since=since, until=until, on_total=on_total, on_each=on_each)
        with self.db.reader() as uow:
            current = uow.gate_settings.thresholds()
        plan = calibrate(report.observations(), target_precision=target_precision, min_examples=min_examples,
                         min_accepted=min_accepted, current=current)
        return plan, report

    def apply(self, plan: Calibration, *, actor: str) -> list[ThresholdChange]:
        """Write every changed threshold and a ThresholdChanged event per row, in one transaction."""
        changes: list[ThresholdChange] = []
        with self.db.uow() as uow:
            current = uow.gate_settings.thresholds()
            for (locale, category), threshold in sorted(plan.changed(current).items()):
                uow.gate_settings.set_threshold(locale, category, threshold)
                uow.audit.append(ThresholdChanged(actor=actor, locale=locale, category=category, threshold=threshold))
                changes.append(ThresholdChange(locale, category, current.get((locale, category)), threshold))
            uow.commit()
        return changes
