"""Choose confidence thresholds per locale × category from replayed, judged observations (pure, no I/O).

The rule is **plain precision with a minimum accepted count**: for a cell, the threshold is the lowest observed
confidence (rounded down to 4 decimals) whose accepted set — eligible observations with confidence ≥ threshold —
holds at least ``min_accepted`` observations with precision (correct ÷ accepted) ≥ ``target``. Only *eligible*
observations count: those the gate would auto-reply to if the threshold were 0 (everything else escalates for
another reason, whatever the threshold). A cell with fewer than ``min_examples`` eligible observations borrows the
threshold of its category over all locales (``*`` × category), then the global one (``*`` × ``*``). When no
threshold reaches the target the cell gets :data:`NEVER` (1.0), meaning "never auto-reply". When the confidence
itself changes scale (a new confidence map), ``rescale`` rewrites every stored row: one the replay did not observe
gets its fallback's threshold, or :data:`NEVER` when it has none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from deskpilot.decide.gate import NEVER, GatePolicy

ANY = "*"


@dataclass(frozen=True)
class Observation:
    """One replayed conversation: where its threshold applies, how confident the gate was, and the verdict."""

    locale: str
    category: str
    confidence: float
    correct: bool
    eligible: bool


@dataclass(frozen=True)
class Choice:
    """The threshold chosen from one set of eligible observations and what it accepts."""

    threshold: float
    examples: int
    accepted: int
    correct: int
    reachable: bool

    @property
    def coverage(self) -> float:
        """Share of eligible examples accepted."""
        return self.accepted / self.examples if self.examples else 0.0

    @property
    def precision(self) -> float | None:
        """Share of accepted examples that were correct (None when nothing is accepted)."""
        return self.correct / self.accepted if self.accepted else None


@dataclass(frozen=True)
class CellPlan:
    """The threshold planned for one locale × category key and where it comes from."""

    locale: str
    category: str
    examples: int  # eligible observations of this key
    source: str  # "own", "category", "global" or "unchanged" (too few examples anywhere)
    threshold: float
    previous: float
    accepted: int
    coverage: float
    precision: float | None
    reachable: bool

    def to_json(self) -> dict[str, object]:
        """JSON-ready plan row."""
        data = asdict(self)
        data["coverage"] = round(self.coverage, 4)
        data["precision"] = None if self.precision is None else round(self.precision, 4)
        return data


@dataclass
class Calibration:
    """Planned thresholds for every observed key and the threshold rows to write."""

    target_precision: float
    min_examples: int
    min_accepted: int
    cells: list[CellPlan]
    writes: dict[tuple[str, str], float] = field(default_factory=dict)

    def changed(self, current: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
        """The writes whose value differs from the stored one."""
        return {k: v for k, v in self.writes.items() if current.get(k) != v}

    def to_json(self) -> dict[str, object]:
        """JSON-ready calibration."""
        return {"rule": "plain precision with a minimum accepted count", "target_precision": self.target_precision,
                "min_examples": self.min_examples, "min_accepted": self.min_accepted,
                "never": NEVER, "cells": [c.to_json() for c in self.cells],
                "writes": [{"locale": loc, "category": cat, "threshold": t}
                           for (loc, cat), t in sorted(self.writes.items())]}


def floor4(value: float) -> float:
    """A confidence rounded down to 4 decimals, so a threshold at that value still accepts it."""
    return math.floor(value * 10_000 + 1e-9) / 10_000


def choose_threshold(points: Sequence[tuple[float, bool]], *, target: float, min_accepted: int) -> Choice:
    """The lowest threshold whose accepted (confidence ≥ threshold) set has ≥ min_accepted points at ≥ target
    precision; :data:`NEVER` when none has."""
    ordered = sorted(points, key=lambda p: p[0], reverse=True)
    accepted = correct = 0
    best: Choice | None = None
    i = 0
    while i < len(ordered):
        threshold = floor4(ordered[i][0])
        while i < len(ordered) and ordered[i][0] >= threshold:  # ties enter together
            accepted += 1
            correct += ordered[i][1]
            i += 1
        if accepted >= min_accepted and correct >= target * accepted:
            best = Choice(threshold, len(ordered), accepted, correct, True)
    if best is not None:
        return best
    return evaluate(points, NEVER, reachable=False)


def evaluate(points: Sequence[tuple[float, bool]], threshold: float, *, reachable: bool = True) -> Choice:
    """What a threshold accepts from a set of eligible points."""
    taken = [c for conf, c in points if conf >= threshold]
    return Choice(threshold, len(points), len(taken), sum(taken), reachable)


def calibrate(observations: Sequence[Observation], *, target_precision: float = 0.98, min_examples: int = 20,
              min_accepted: int = 10, current: dict[tuple[str, str], float] | None = None,
              rescale: bool = False) -> Calibration:
    """Plan per locale × category thresholds with fallback to category and global cells (see module docstring)."""
    current = dict(current or {})
    points: dict[tuple[str, str], list[tuple[float, bool]]] = {}
    for obs in observations:
        category = obs.category or ANY
        keys = [(ANY, ANY)] + ([(ANY, category), (obs.locale, category)] if category != ANY else [])
        for key in keys:
            bucket = points.setdefault(key, [])
            if obs.eligible:
                bucket.append((obs.confidence, obs.correct))
    own = {key: choose_threshold(pts, target=target_precision, min_accepted=min_accepted)
           for key, pts in points.items() if len(pts) >= min_examples}
    before = GatePolicy(modes={}, thresholds=current)
    writes = {key: choice.threshold for key, choice in own.items()}
    cells: list[CellPlan] = []
    for key in sorted(points, key=_order):
        locale, category = key
        source, governing = _governing(key, own)
        previous = before.threshold_for(locale, category)
        threshold = own[governing].threshold if governing else previous
        reachable = own[governing].reachable if governing else True
        seen = evaluate(points[key], threshold, reachable=reachable)
        cells.append(CellPlan(locale, category, seen.examples, source, threshold, previous, seen.accepted,
                              seen.coverage, seen.precision, reachable))
    for plan in cells:  # broadest first: pin keys whose stale row (or a locale × * row) would override the fallback
        after = GatePolicy(modes={}, thresholds={**current, **writes})
        if plan.source != "unchanged" and after.threshold_for(plan.locale, plan.category) != plan.threshold:
            writes[(plan.locale, plan.category)] = plan.threshold
    if rescale:  # rows on the old scale mean nothing now
        for key in current.keys() - writes.keys():
            _, governing = _governing(key, own)
            writes[key] = own[governing].threshold if governing else NEVER
    return Calibration(target_precision, min_examples, min_accepted, cells, writes)


def _governing(key: tuple[str, str], own: dict[tuple[str, str], Choice]) -> tuple[str, tuple[str, str] | None]:
    locale, category = key
    for source, candidate in (("own", key), ("category", (ANY, category)), ("global", (ANY, ANY))):
        if candidate in own:
            return source, candidate
    return "unchanged", None


def _order(key: tuple[str, str]) -> tuple[int, str, str]:
    locale, category = key
    return (0 if category == ANY else 1 if locale == ANY else 2, category, locale)
