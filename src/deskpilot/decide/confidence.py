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
    policy: float | None = None  # certainty of the policy check when one applies (see policy_certainty)

    def to_json(self) -> dict[str, float | bool | None]:
        """JSON-ready inputs (recorded with every decision so it can be recomputed)."""
        return {"intent_probability": round(self.intent_probability, 4), "retrieval": round(self.retrieval, 4),
                "support_ratio": round(self.support_ratio, 4),
                "facts_needed_but_missing": self.facts_needed_but_missing,
                "policy": None if self.policy is None else round(self.policy, 4)}


def retrieval_strength(score: float, midpoint: float = 6.0, slope: float = 0.5) -> float:
    """Map a BM25 score to 0..1 (logistic around a typical good-match score)."""
    return 1.0 / (1.0 + math.exp(-slope * (score - midpoint)))


def dense_strength(similarity: float, low: float = 0.78, high: float = 0.90) -> float:
    """Map an e5 cosine similarity to 0..1 (e5 similarities of related texts sit between 0.78 and 0.90)."""
    return min(1.0, max(0.0, (similarity - low) / (high - low)))


def policy_certainty(*, decided: bool, order_quoted: bool, clauses_resolved: bool) -> float:
    """How sure a policy check is: 1.0 on a quoted order with every clause published; less when the order was
    inferred (the customer's most recent one) or a cited clause is not published; 0 when a human must decide."""
    if not decided:
        return 0.0
    value = 1.0 if order_quoted else 0.85
    return value if clauses_resolved else value * 0.5


def decision_confidence(inputs: ConfidenceInputs) -> float:
    """Geometric combination: weak evidence anywhere pulls the whole decision down."""
    parts = [max(inputs.intent_probability, 1e-6), max(inputs.retrieval, 1e-6),
             max(inputs.support_ratio, 1e-6)]
    if inputs.policy is not None:
        parts.append(max(inputs.policy, 1e-6))
    value = math.exp(sum(math.log(p) for p in parts) / len(parts))
    if inputs.facts_needed_but_missing:
        value *= 0.7
    return round(value, 4)
