"""Calibration measures, temperature scaling and selective-prediction curves for classifier probabilities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

LOG_T_RANGE = (np.log(1e-3), np.log(1e3))
Z_ONE_SIDED_99 = 2.326  # standard normal quantile: 99 % one-sided confidence


def expected_calibration_error(probs: Sequence[float], correct: Sequence[bool], bins: int = 15) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins."""
    if len(probs) != len(correct):
        raise ValueError("probs and correct must have the same length")
    if not len(probs):
        return 0.0
    p = np.asarray(probs, dtype=float)
    c = np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1], right=True), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            ece += mask.mean() * abs(p[mask].mean() - c[mask].mean())
    return float(ece)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of logits divided by temperature."""
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(logits: np.ndarray, labels: np.ndarray, smoothing: float = 0.0) -> float:
    """The temperature minimising held-out cross-entropy (golden-section search over 0.001 … 1000).

    `smoothing` moves that much target mass from the true label to the others, so a held-out set the model gets
    entirely right yields confidence near 1 - smoothing instead of a temperature collapsing towards zero.
    """
    logits = np.asarray(logits, dtype=float)
    labels = np.asarray(labels, dtype=int)
    k = logits.shape[1]
    target = np.full(logits.shape, smoothing / max(k - 1, 1))
    target[np.arange(len(labels)), labels] = 1.0 - smoothing

    def loss(log_t: float) -> float:
        z = logits / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-(target * log_p).sum(axis=1).mean())

    lo, hi = LOG_T_RANGE
    ratio = (np.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = loss(a), loss(b)
    for _ in range(80):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = loss(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = loss(b)
    return float(np.exp((lo + hi) / 2))


class SelectivePoint(NamedTuple):
    """Coverage and accepted precision when answers below `threshold` are withheld."""

    threshold: float
    coverage: float
    accepted: int
    precision: float


def selective_point(accepted: Sequence[bool], correct: Sequence[bool], threshold: float) -> SelectivePoint:
    """Share of items answered and the precision of those answers (1.0 when nothing is answered)."""
    a = np.asarray(accepted, dtype=bool)
    c = np.asarray(correct, dtype=bool)
    n_accepted = int(a.sum())
    precision = float((a & c).sum() / n_accepted) if n_accepted else 1.0
    return SelectivePoint(threshold, float(a.mean()) if len(a) else 0.0, n_accepted, precision)


def smallest_threshold(points: Sequence[SelectivePoint], min_precision: float) -> float | None:
    """The smallest threshold whose accepted precision reaches `min_precision` (None when none does)."""
    for point in sorted(points, key=lambda p: p.threshold):
        if point.accepted and point.precision >= min_precision:
            return point.threshold
    return None


def wilson_lower_bound(successes: int, n: int, z: float) -> float:
    """The lower end of the Wilson score interval of a binomial share, `z` standard errors below (0.0 when n = 0)."""
    if n <= 0:
        return 0.0
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float((centre - spread) / (1 + z * z / n))


def highest_threshold_keeping(scores: Sequence[float], min_coverage: float, z: float = Z_ONE_SIDED_99) -> float | None:
    """The highest threshold that still answers `min_coverage` of in-scope items, at one-sided confidence `z`.

    `scores` are the in-scope items' confidences (minus infinity for one withheld at any threshold); an item is
    answered when its score reaches the threshold. The Wilson lower bound of the answered share must reach
    `min_coverage`, so the coverage holds on new in-scope traffic whatever share of it is out of scope. None when
    even answering every answerable item falls short.
    """
    ranked = np.sort(np.asarray(scores, dtype=float))[::-1]
    n = len(ranked)
    for answered in range(1, n + 1):
        if not np.isfinite(ranked[answered - 1]):
            return None
        if wilson_lower_bound(answered, n, z) >= min_coverage:
            return float(ranked[answered - 1])
    return None
