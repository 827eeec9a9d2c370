"""Exact dense search (numpy) over clause vectors of one locale."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from deskpilot.domain.models import Clause


class DenseIndex:
    """Cosine similarity against L2-normalised vectors; exact, ~8 ms per query at 100k × 384."""

    def __init__(self, clauses: Sequence[Clause], vectors: np.ndarray) -> None:
        if len(clauses) != len(vectors):
            raise ValueError("one vector per clause is required")
        self.clauses = list(clauses)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def search(self, query_vector: np.ndarray, k: int) -> list[tuple[Clause, float]]:
        """The k most similar clauses with their cosine similarity."""
        if not self.clauses:
            return []
        sims = self.vectors @ query_vector.astype(np.float32)
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [(self.clauses[i], float(sims[i])) for i in top]
