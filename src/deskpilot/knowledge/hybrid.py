"""Hybrid retrieval per locale: BM25 and dense vectors fused by reciprocal rank, with a cross-locale fallback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from deskpilot.domain.models import Clause
from deskpilot.knowledge.dense import DenseIndex
from deskpilot.knowledge.embedder import Embedder, cached_query_vector
from deskpilot.knowledge.fusion import reciprocal_rank_fusion
from deskpilot.knowledge.lexical import LexicalIndex, ScoredClause

CANDIDATES = 50


@dataclass(frozen=True)
class LocaleIndex:
    """The lexical and dense indexes of one locale's published clauses."""

    locale: str
    lexical: LexicalIndex
    dense: DenseIndex | None


class HybridSearcher:
    """Searches one locale; falls back to other locales (dense only) when the locale has no good answer."""

    def __init__(self, indexes: dict[str, LocaleIndex], embedder: Embedder | None, *,
                 fallback_min_similarity: float = 0.80, fallback_margin: float = 0.03) -> None:
        self.indexes = indexes
        self.embedder = embedder
        self.fallback_min_similarity = fallback_min_similarity
        self.fallback_margin = fallback_margin

    def search(self, query: str, locale: str, k: int = 5, *, cross_locale: bool = False,
               query_vector: np.ndarray | None = None) -> list[ScoredClause]:
        """Fused results for a locale; with ``cross_locale``, better clauses of other locales may follow."""
        index = self.indexes.get(locale)
        vector = query_vector
        if vector is None and self.embedder is not None and any(i.dense is not None for i in self.indexes.values()):
            vector = cached_query_vector(self.embedder, query)
        results = self._in_locale(index, query, vector, k) if index is not None else []
        if cross_locale and vector is not None:
            best_here = max((r.dense or 0.0 for r in results), default=0.0)
            if best_here < self.fallback_min_similarity:
                results = self._with_fallback(results, locale, vector, best_here, k)
        return results

    def _in_locale(self, index: LocaleIndex, query: str, vector: np.ndarray | None, k: int) -> list[ScoredClause]:
        lexical = index.lexical.search(query, CANDIDATES)
        dense = index.dense.search(vector, CANDIDATES) if index.dense is not None and vector is not None else []
        by_key: dict[int, Clause] = {}
        lex_scores: dict[int, float] = {}
        dense_scores: dict[int, float] = {}
        for r in lexical:
            by_key[id(r.clause)] = r.clause
            lex_scores[id(r.clause)] = r.score
        for clause, sim in dense:
            by_key[id(clause)] = clause
            dense_scores[id(clause)] = sim
        rankings: list[Sequence[int]] = [[id(r.clause) for r in lexical]]
        if dense:
            rankings.append([id(c) for c, _ in dense])
        fused = reciprocal_rank_fusion(rankings)[:k]
        return [ScoredClause(by_key[key], score, rank, lexical=lex_scores.get(key), dense=dense_scores.get(key))
                for rank, (key, score) in enumerate(fused, start=1)]

    def _with_fallback(self, results: list[ScoredClause], locale: str, vector: np.ndarray, best_here: float,
                       k: int) -> list[ScoredClause]:
        others: list[tuple[Clause, float]] = []
        for loc, index in self.indexes.items():
            if loc != locale and index.dense is not None:
                others.extend(index.dense.search(vector, k))
        others.sort(key=lambda pair: -pair[1])
        better = [(c, s) for c, s in others if s >= max(self.fallback_min_similarity, best_here + self.fallback_margin)]
        if not better:
            return results
        foreign = [ScoredClause(c, s, 0, dense=s, cross_locale=True) for c, s in better[:k]]
        merged = foreign + [r for r in results]
        return [ScoredClause(r.clause, r.score, rank, lexical=r.lexical, dense=r.dense, cross_locale=r.cross_locale)
                for rank, r in enumerate(merged[:k], start=1)]
