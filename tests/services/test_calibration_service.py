"""Which confidence scale a calibration activates: the fitted map only when it beats the raw confidence."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

from deskpilot.decide.confidence_map import CONFIDENCE_ARTIFACT, ConfidenceMap
from deskpilot.services.calibrate import CalibrationService
from deskpilot.services.replay import ReplayReport, ReplayRow, summarize
from deskpilot.storage.database import Database

SINCE = datetime(2026, 1, 1, tzinfo=UTC)


def _row(n: int, raw: float, right: bool) -> ReplayRow:
    return ReplayRow(conversation_id=n, external_id=f"H-{n}", holdout=True, in_sample=False, locale="en",
                     category="orders", human_label="order_status", intent="order_status",
                     predicted_category="orders", human_article=None, cited_article=None, cited_articles=[],
                     confidence=raw, raw_confidence=raw, threshold=0.5, outcome="review", auto_reply=False,
                     auto_reply_autonomous=False, eligible=True, intent_agrees=right, article_agrees=None,
                     correct=right, recontacted=False)


class _Replay:
    """Stands in for the pipeline replay with judged rows whose truth is known."""

    def __init__(self, rows: list[ReplayRow]) -> None:
        self.rows = rows

    def replay(self, **_: object) -> ReplayReport:
        return ReplayReport(SINCE, None, self.rows, summarize(self.rows), {})


def _rows(truth: str, n: int = 400, seed: int = 3) -> list[ReplayRow]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        raw = rng.uniform(0.55, 0.97)
        p_right = raw if truth == "calibrated" else raw ** 0.3
        rows.append(_row(i, raw, rng.random() < p_right))
    return rows


def test_a_map_that_beats_the_raw_confidence_is_activated_with_thresholds_on_its_scale(sqlite_db: Database) -> None:
    service = CalibrationService(sqlite_db, _Replay(_rows("understated")))  # type: ignore[arg-type]
    plan, _ = service.plan(since=SINCE, target_precision=0.95, min_examples=20, min_accepted=10)
    assert plan.fit is not None and plan.use_map and plan.map_changed
    assert plan.fit.brier_calibrated < plan.fit.brier_raw
    service.apply(plan, actor="test")
    with sqlite_db.reader() as uow:
        artifact = uow.artifacts.active(CONFIDENCE_ARTIFACT)
        thresholds = uow.gate_settings.thresholds()
    assert artifact is not None and ConfidenceMap.from_bytes(artifact.data) == plan.fit.map
    assert thresholds[("*", "*")] == plan.thresholds.writes[("*", "*")]


def test_a_map_that_does_not_beat_the_raw_confidence_retires_the_one_in_force(sqlite_db: Database) -> None:
    first = CalibrationService(sqlite_db, _Replay(_rows("understated")))  # type: ignore[arg-type]
    first.apply(first.plan(since=SINCE, target_precision=0.95)[0], actor="test")
    with sqlite_db.uow() as uow:
        uow.gate_settings.set_threshold("lt", "warranty", 0.99)  # a row on the map's scale the replay never sees
        uow.commit()
    service = CalibrationService(sqlite_db, _Replay(_rows("calibrated", seed=4)))  # type: ignore[arg-type]
    plan, _ = service.plan(since=SINCE, target_precision=0.95)
    assert plan.fit is not None and not plan.use_map and plan.map_changed
    assert plan.map_note and "does not beat the raw confidence" in plan.map_note
    service.apply(plan, actor="test:retire")
    with sqlite_db.reader() as uow:
        assert uow.artifacts.active(CONFIDENCE_ARTIFACT) is None
        thresholds = uow.gate_settings.thresholds()
        retired = [(json.loads(e.payload)["name"], e.actor) for e in uow.audit.iter_chain()
                   if e.kind == "model.deactivated"]
    assert retired == [(CONFIDENCE_ARTIFACT, "test:retire")]
    assert thresholds[("lt", "warranty")] == thresholds[("*", "*")]  # rescaled with the rest
    again, _ = service.plan(since=SINCE, target_precision=0.95)
    assert not again.use_map and not again.map_changed  # nothing in force to retire any more
