"""Calibrate the gate on the replayed evaluation slice: fit the confidence map, choose thresholds on its scale, and
write both, audited, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from deskpilot.audit.events import ModelActivated, ModelDeactivated, ThresholdChanged
from deskpilot.decide.calibrate import Calibration, calibrate
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
    """What a calibration would write: the thresholds and the confidence scale they are on.

    ``fit`` is the map fitted on this replay (None when the data was too thin or refitting was off); ``use_map``
    says whether decisions will go through it — only when it beats the raw confidence out-of-fold (Brier score);
    ``map_changed`` whether applying the plan activates it, or deactivates the map in force."""

    thresholds: Calibration
    fit: MapFit | None
    use_map: bool
    map_changed: bool
    map_note: str | None = None

    def to_json(self) -> dict[str, object]:
        """JSON-ready plan."""
        return {**self.thresholds.to_json(), "confidence_map": None if self.fit is None else {
            "fingerprint": self.fit.map.fingerprint, "used": self.use_map, "changed": self.map_changed,
            **self.fit.metrics()}, "confidence_map_note": self.map_note}


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
        note: str | None = None if refit else "kept the confidence scale in force"
        if refit:
            try:
                fit = fit_confidence_map([(r.raw_confidence, bool(r.correct)) for r in report.rows if r.eligible])
            except NotEnoughEvidence as exc:
                note = f"confidence map not fitted ({exc}); kept the confidence scale in force"
        use_map = fit is not None and fit.brier_calibrated <= fit.brier_raw
        if fit is None:  # keep whatever scale is in force
            changed = False
            observations = report.observations()
        elif use_map:
            changed = fit.map.fingerprint != active
            cmap = fit.map
            observations = report.observations(lambda r: cmap.of_raw(r.raw_confidence))
        else:
            note = (f"the fitted map does not beat the raw confidence out-of-fold (Brier {fit.brier_raw:.4f} raw, "
                    f"{fit.brier_calibrated:.4f} mapped): decisions use the raw confidence")
            changed = active is not None
            observations = report.observations(lambda r: r.raw_confidence)
        thresholds = calibrate(observations, target_precision=target_precision, min_examples=min_examples,
                               min_accepted=min_accepted, current=current, rescale=changed)
        return GatePlan(thresholds, fit, use_map, changed, note), report

    def apply(self, plan: GatePlan, *, actor: str) -> list[ThresholdChange]:
        """Activate the plan's confidence map (when new) and write every changed threshold, each audited, in one
        transaction."""
        changes: list[ThresholdChange] = []
        with self.db.uow() as uow:
            if plan.fit is not None and plan.map_changed and plan.use_map:
                cmap, metrics = plan.fit.map, plan.fit.metrics()
                uow.artifacts.save(CONFIDENCE_ARTIFACT, cmap.fingerprint, cmap.to_bytes(), metrics, activate=True)
                uow.audit.append(ModelActivated(actor=actor, name=CONFIDENCE_ARTIFACT, fingerprint=cmap.fingerprint,
                                                metrics=metrics))
            elif plan.map_changed:
                retired = uow.artifacts.deactivate(CONFIDENCE_ARTIFACT)
                uow.audit.append(ModelDeactivated(actor=actor, name=CONFIDENCE_ARTIFACT, fingerprint=retired or "",
                                                  reason=plan.map_note or ""))
            current = uow.gate_settings.thresholds()
            for (locale, category), threshold in sorted(plan.thresholds.changed(current).items()):
                uow.gate_settings.set_threshold(locale, category, threshold)
                uow.audit.append(ThresholdChanged(actor=actor, locale=locale, category=category, threshold=threshold,
                                                  previous=current.get((locale, category))))
                changes.append(ThresholdChange(locale, category, current.get((locale, category)), threshold))
            uow.commit()
        return changes
