"""One confidence for the whole decision from intent, retrieval and verifier evidence."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ConfidenceInputs:
    """The evidence the confidence is built from."""

    intent_probability: float
    retrieval: float
    support_ratio: float
    facts_needed_but_missing: bool = False


def retrieval_strength(score: float, midpoint: float = 6.0, slope: float = 0.5) -> float:
    """Map a BM25 score to 0..1 (logistic around a typical good-match score)."""
    return 1.0 / (1.0 + math.exp(-slope * (score - midpoint)))


def dense_strength(similarity: float, low: float = 0.78, high: float = 0.90) -> float:
    """Map an e5 cosine similarity to 0..1 (e5 similarities of related texts sit between 0.78 and 0.90)."""
    return min(1.0, max(0.0, (similarity - low) / (high - low)))


def decision_confidence(inputs: ConfidenceInputs) -> float:
    """Geometric combination: weak evidence anywhere pulls the whole decision down."""
    parts = [max(inputs.intent_probability, 1e-6), max(inputs.retrieval, 1e-6),
             max(inputs.support_ratio, 1e-6)]
    value = math.exp(sum(math.log(p) for p in parts) / len(parts))
    if inputs.facts_needed_but_missing:
        value *= 0.7
    return round(value, 4)
