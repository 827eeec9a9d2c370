"""Calibrated decision confidence: a fitted map from the gate's raw confidence to P(the answer is right).

The raw confidence (:func:`deskpilot.decide.confidence.decision_confidence`) is a geometric mean of intent
probability, retrieval strength, verifier support and policy certainty: it ranks decisions well but is not a
probability. This map is Platt scaling of its logarithm, ``P = 1 / (1 + exp(-(a · log raw + b)))`` with ``a > 0``,
fitted on replayed, judged history (the held-out evaluation slice, see :mod:`deskpilot.services.replay`) among the
decisions the gate would auto-answer if the threshold allowed — the only ones a threshold acts on. Being monotone
it keeps the raw ranking, so a threshold on the calibrated value accepts exactly what the matching raw threshold
would, and a calibrated confidence of 0.95 means about 95 % of such decisions were right. Quality is measured
out-of-fold (expected calibration error and Brier score, raw vs calibrated), so the map is never scored on what it
saw; `deskpilot gate calibrate` activates a map only when it beats the raw confidence there (Brier score). A map
weighting each input separately was measured on the demo history and ranked worse at the top, where the gate's
thresholds sit.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from deskpilot.decide.confidence import ConfidenceInputs, decision_confidence
from deskpilot.understand.calibration import expected_calibration_error

CONFIDENCE_ARTIFACT = "decision_confidence"
FORMAT = 1
FLOOR = 1e-4  # raw confidence below this counts as this (its log stays finite)
MIN_SAMPLES = 30
MIN_PER_VERDICT = 5


class NotEnoughEvidence(ValueError):
    """Too few judged decisions, too few of one verdict, or a raw confidence that does not rank right above wrong."""


def log_raw(raw: float) -> float:
    """The map's single feature."""
    return math.log(max(raw, FLOOR))


@dataclass(frozen=True)
class ConfidenceMap:
    """Platt scaling of log(raw confidence): slope, intercept and the number of decisions it was fitted on."""

    slope: float
    intercept: float
    fitted_on: int

    def probability(self, inputs: ConfidenceInputs) -> float:
        """P(the decision is right) for this evidence, rounded to 4 decimals."""
        return self.of_raw(decision_confidence(inputs))

    def of_raw(self, raw: float) -> float:
        """P(right) for a raw confidence, rounded to 4 decimals."""
        z = self.slope * log_raw(raw) + self.intercept
        return round(1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z)))), 4)

    def to_bytes(self) -> bytes:
        """Canonical JSON (the artifact's content)."""
        data = {"format": FORMAT, "feature": "log_raw_confidence", **asdict(self)}
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()

    @property
    def fingerprint(self) -> str:
        """Content hash: the version recorded on every decision it scored."""
        return hashlib.sha256(self.to_bytes()).hexdigest()[:16]

    @classmethod
    def from_bytes(cls, data: bytes) -> ConfidenceMap:
        """Load a stored map; refuses another format."""
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise ValueError("stored confidence map has another format; refit it with `deskpilot gate calibrate`")
        return cls(float(raw["slope"]), float(raw["intercept"]), int(raw["fitted_on"]))


@dataclass(frozen=True)
class ReliabilityBin:
    """One confidence bin: how many decisions, their mean confidence and how many were right."""

    low: float
    high: float
    count: int
    mean_confidence: float
    accuracy: float


@dataclass(frozen=True)
class MapFit:
    """A fitted map with its out-of-fold quality next to the raw score's."""

    map: ConfidenceMap
    samples: int
    correct: int
    folds: int
    out_of_fold: list[float]  # calibrated confidence of each sample from a map that never saw it
    ece_raw: float
    ece_calibrated: float
    brier_raw: float
    brier_calibrated: float
    reliability: list[ReliabilityBin]

    def metrics(self) -> dict[str, object]:
        """JSON-ready figures (stored with the artifact, printed by `gate calibrate`)."""
        return {"samples": self.samples, "correct": self.correct, "folds": self.folds,
                "ece_raw": round(self.ece_raw, 4), "ece_calibrated": round(self.ece_calibrated, 4),
                "brier_raw": round(self.brier_raw, 4), "brier_calibrated": round(self.brier_calibrated, 4),
                "slope": self.map.slope, "intercept": self.map.intercept,
                "reliability": [asdict(b) for b in self.reliability]}


def fit_confidence_map(samples: Sequence[tuple[float, bool]], *, folds: int = 5, l2: float = 1.0,
                       seed: int = 0) -> MapFit:
    """Fit the map on (raw confidence, was right) pairs and measure it out-of-fold (NotEnoughEvidence on thin
    data or when the raw confidence does not rank right answers above wrong ones)."""
    y = np.asarray([bool(c) for _, c in samples], dtype=float)
    raw = np.asarray([r for r, _ in samples], dtype=float)
    right, wrong = int(y.sum()), int(len(y) - y.sum())
    if len(y) < MIN_SAMPLES or min(right, wrong) < MIN_PER_VERDICT:
        raise NotEnoughEvidence(f"{len(y)} judged decisions ({right} right, {wrong} wrong): a confidence map needs "
                                f"at least {MIN_SAMPLES} with {MIN_PER_VERDICT} of each verdict")
    x = np.asarray([log_raw(r) for r in raw])
    folds = max(2, min(folds, wrong, right))
    oof = np.zeros(len(y))
    for test in _stratified_folds(y, folds, seed):
        train = np.setdiff1d(np.arange(len(y)), test)
        fold_map = _fit(x[train], y[train], l2)
        oof[test] = [fold_map.of_raw(r) for r in raw[test]]
    final = _fit(x, y, l2)
    if final.slope <= 0:
        raise NotEnoughEvidence("on these decisions a higher raw confidence is not more often right: no monotone "
                                "map fits; look at the replay before trusting any threshold")
    truth = y.astype(bool).tolist()
    return MapFit(final, len(y), right, folds, [float(p) for p in oof],
                  expected_calibration_error(raw.tolist(), truth, bins=10),
                  expected_calibration_error(oof.tolist(), truth, bins=10),
                  float(np.mean((raw - y) ** 2)), float(np.mean((oof - y) ** 2)), reliability(oof, y))


def reliability(probs: Sequence[float] | np.ndarray, correct: Sequence[float] | np.ndarray,
                bins: int = 10) -> list[ReliabilityBin]:
    """Non-empty equal-width confidence bins with their accuracy."""
    p, c = np.asarray(probs, dtype=float), np.asarray(correct, dtype=float)
    out = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        mask = (p >= low) & ((p < high) if b < bins - 1 else (p <= high))
        if mask.any():
            out.append(ReliabilityBin(low, high, int(mask.sum()), round(float(p[mask].mean()), 4),
                                      round(float(c[mask].mean()), 4)))
    return out


def _stratified_folds(y: np.ndarray, folds: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    parts: list[list[int]] = [[] for _ in range(folds)]
    for label in (0.0, 1.0):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        for i, j in enumerate(idx):
            parts[i % folds].append(int(j))
    return [np.asarray(sorted(p), dtype=int) for p in parts]


def _fit(x: np.ndarray, y: np.ndarray, l2: float) -> ConfidenceMap:
    mean, scale = float(x.mean()), float(x.std()) or 1.0
    (w,), b = _logistic(((x - mean) / scale)[:, None], y, l2)
    slope = float(w) / scale
    return ConfidenceMap(round(slope, 6), round(float(b) - slope * mean, 6), len(y))


def _logistic(z: np.ndarray, y: np.ndarray, l2: float, iterations: int = 50) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression (intercept unpenalised) by Newton's method."""
    n, d = z.shape
    design = np.hstack([z, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ theta, -40, 40)))
        grad = design.T @ (p - y) + penalty * theta
        hess = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return theta[:-1], float(theta[-1])

