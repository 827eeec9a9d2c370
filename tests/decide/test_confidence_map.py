"""The calibrated confidence map: fitted on judged decisions, monotone, measured out-of-fold, stored by content."""

from __future__ import annotations

import math
import random

import pytest

from deskpilot.decide.calibrate import Observation, calibrate
from deskpilot.decide.confidence import ConfidenceInputs, decision_confidence
from deskpilot.decide.confidence_map import ConfidenceMap, NotEnoughEvidence, fit_confidence_map, reliability


def _judged(n: int, seed: int) -> list[tuple[float, bool]]:
    """Raw confidences 0.55 … 0.95 that understate the truth: a decision is right with P = raw ** 0.35."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        raw = rng.uniform(0.55, 0.95)
        out.append((raw, rng.random() < raw ** 0.35))
    return out


def test_the_map_is_a_probability_that_beats_the_raw_score_out_of_fold() -> None:
    samples = _judged(600, seed=1)
    fit = fit_confidence_map(samples)
    assert fit.samples == 600 and fit.correct == sum(c for _, c in samples)
    assert fit.map.slope > 0
    assert fit.ece_calibrated < fit.ece_raw / 2, (fit.ece_raw, fit.ece_calibrated)
    assert fit.brier_calibrated < fit.brier_raw
    assert len(fit.out_of_fold) == 600 and all(0.0 < p < 1.0 for p in fit.out_of_fold)
    # within every well-populated bin the calibrated confidence is close to the observed accuracy
    assert all(abs(b.mean_confidence - b.accuracy) < 0.06 for b in fit.reliability if b.count >= 60)


def test_the_map_keeps_the_raw_ranking() -> None:
    fit = fit_confidence_map(_judged(300, seed=2))
    raws = [i / 100 for i in range(1, 100)]
    mapped = [fit.map.of_raw(r) for r in raws]
    assert mapped == sorted(mapped) and mapped[0] < mapped[-1]


def test_probability_of_inputs_is_the_map_of_their_raw_confidence() -> None:
    cmap = ConfidenceMap(slope=4.5, intercept=3.1, fitted_on=100)
    inputs = ConfidenceInputs(intent_probability=0.97, retrieval=0.8, support_ratio=1.0, policy=0.85)
    raw = decision_confidence(inputs)
    assert cmap.probability(inputs) == cmap.of_raw(raw) == round(1 / (1 + math.exp(-(4.5 * math.log(raw) + 3.1))), 4)


def test_stored_bytes_round_trip_and_the_fingerprint_is_the_content() -> None:
    cmap = fit_confidence_map(_judged(200, seed=3)).map
    again = ConfidenceMap.from_bytes(cmap.to_bytes())
    assert again == cmap and again.fingerprint == cmap.fingerprint
    assert ConfidenceMap(cmap.slope + 0.1, cmap.intercept, cmap.fitted_on).fingerprint != cmap.fingerprint
    with pytest.raises(ValueError, match="another format"):
        ConfidenceMap.from_bytes(b'{"format": 99, "slope": 1, "intercept": 0, "fitted_on": 1}')


def test_thin_or_one_sided_evidence_is_refused() -> None:
    with pytest.raises(NotEnoughEvidence, match="at least 30"):
        fit_confidence_map(_judged(20, seed=4))
    with pytest.raises(NotEnoughEvidence, match="0 wrong"):
        fit_confidence_map([(0.5 + i / 200, True) for i in range(80)])


def test_a_raw_score_that_ranks_wrong_above_right_has_no_map() -> None:
    rng = random.Random(5)
    inverted = [(raw, rng.random() < 1.2 - raw) for raw in (rng.uniform(0.3, 0.95) for _ in range(300))]
    with pytest.raises(NotEnoughEvidence, match="not more often right"):
        fit_confidence_map(inverted)


def test_reliability_bins_count_every_decision_once() -> None:
    bins = reliability([0.05, 0.15, 0.15, 0.95, 1.0], [0, 1, 0, 1, 1])
    assert [(b.count, b.accuracy) for b in bins] == [(1, 0.0), (2, 0.5), (2, 1.0)]


def test_a_new_scale_rewrites_stored_rows_the_replay_did_not_observe() -> None:
    obs = [Observation("de", "orders", 0.9 + i / 1000, True, True) for i in range(30)]
    current = {("*", "*"): 0.75, ("lt", "warranty"): 0.6, ("fr", "*"): 0.7}
    kept = calibrate(obs, target_precision=0.9, min_examples=5, min_accepted=3, current=current)
    assert ("lt", "warranty") not in kept.writes
    rescaled = calibrate(obs, target_precision=0.9, min_examples=5, min_accepted=3, current=current, rescale=True)
    global_threshold = rescaled.writes[("*", "*")]
    assert rescaled.writes[("lt", "warranty")] == global_threshold
    assert rescaled.writes[("fr", "*")] == global_threshold
    assert rescaled.writes[("de", "orders")] == 0.9
