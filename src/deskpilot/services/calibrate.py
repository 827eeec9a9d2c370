"""Calibrate the gate on the replayed evaluation slice: fit the confidence map, choose thresholds on its scale, and
write both, audited, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from deskpilot.audit.events import ModelActivated, ThresholdChanged
from deskpilot.decide.calibrate import ANY, Calibration, Observation, calibrate
from deskpilot.decide.confidence_map import CONFIDENCE_ARTIFACT, MapFit, NotEnoughEvidence, fit_confidence_map
from deskpilot.services.replay import ReplayReport, ReplayRow, ReplayService
from deskpilot.storage.database import Database


@dataclass(frozen=True)
class ThresholdChange:
    """One threshold row written by a calibration."""

    locale: str
    category: str
    previous: float | None
    threshold: float


@dataclass
class GatePlan:
    """What a calibration would write: the thresholds and, when one could be fitted, a new confidence map."""

    thresholds: Calibration
    fit: MapFit | None
    map_changed: bool
    map_note: str | None = None  # why no map was fitted

    def to_json(self) -> dict[str, object]:
        """JSON-ready plan."""
        return {**self.thresholds.to_json(), "confidence_map": None if self.fit is None else {
            "fingerprint": self.fit.map.fingerprint, "changed": self.map_changed, **self.fit.metrics()},
            "confidence_map_note": self.map_note}


class CalibrationService:
    """Plans the confidence map and thresholds from a held-out replay and applies a plan."""

    def __init__(self, db: Database, replay: ReplayService) -> None:
        self.db = db
        self.replay = replay

    def plan(self, *, since: datetime, until: datetime | None = None, target_precision: float = 0.98,
             min_examples: int = 20, min_accepted: int = 10, refit: bool = True,
             on_total: Callable[[int], None] | None = None,
             on_each: Callable[[ReplayRow], None] | None = None) -> tuple[GatePlan, ReplayReport]:
        """Replay the held-out slice (no writes), fit the confidence map on the decisions a threshold acts on, and
        plan thresholds on its scale (on the current scale when no map can be fitted or ``refit`` is off)."""
        report = self.replay.replay(since=since, until=until, on_total=on_total, on_each=on_each)
        with self.db.reader() as uow:
            current = uow.gate_settings.thresholds()
            active = uow.artifacts.active_fingerprint(CONFIDENCE_ARTIFACT)
        fit: MapFit | None = None
        note: str | None = None if refit else "kept the active confidence map"
        if refit:
            try:
                fit = fit_confidence_map([(r.raw_confidence, bool(r.correct)) for r in report.rows if r.eligible])
            except NotEnoughEvidence as exc:
                note = f"confidence map not fitted: {exc}"
        if fit is not None:
            observations = [Observation(r.locale, r.predicted_category or ANY, fit.map.of_raw(r.raw_confidence),
                                        bool(r.correct), r.eligible) for r in report.rows]
        else:
            observations = report.observations()
        changed = fit is not None and fit.map.fingerprint != active
        thresholds = calibrate(observations, target_precision=target_precision, min_examples=min_examples,
                               min_accepted=min_accepted, current=current, rescale=changed)
        return GatePlan(thresholds, fit, changed, note), report

    def apply(self, plan: GatePlan, *, actor: str) -> list[ThresholdChange]:
        """Activate the plan's confidence map (when new) and write every changed threshold, each audited, in one
        transaction."""
        changes: list[ThresholdChange] = []
        with self.db.uow() as uow:
            if plan.fit is not None and plan.map_changed:
                cmap, metrics = plan.fit.map, plan.fit.metrics()
                uow.artifacts.save(CONFIDENCE_ARTIFACT, cmap.fingerprint, cmap.to_bytes(), metrics, activate=True)
                uow.audit.append(ModelActivated(actor=actor, name=CONFIDENCE_ARTIFACT, fingerprint=cmap.fingerprint,
                                                metrics=metrics))
            current = uow.gate_settings.thresholds()
            for (locale, category), threshold in sorted(plan.thresholds.changed(current).items()):
                uow.gate_settings.set_threshold(locale, category, threshold)
                uow.audit.append(ThresholdChanged(actor=actor, locale=locale, category=category, threshold=threshold))
                changes.append(ThresholdChange(locale, category, current.get((locale, category)), threshold))
            uow.commit()
        return changes
