"""BM25 index over the published clauses of one locale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from deskpilot.domain.models import Clause
from deskpilot.knowledge.tokenize import tokenize


@dataclass(frozen=True)
class ScoredClause:
    """A retrieved clause with its fused score, rank and the evidence behind them."""

    clause: Clause
    score: float
    rank: int
    lexical: float | None = None
    dense: float | None = None
    cross_locale: bool = False


class LexicalIndex:
    """BM25 (bm25s) over clause text prefixed with the article title and section."""

    def __init__(self, clauses: Sequence[Clause], locale: str) -> None:
        import bm25s

        self.locale = locale
        self.clauses = list(clauses)
        corpus = [tokenize(_indexed_text(c), locale) or ["∅"] for c in self.clauses]
        self._bm25 = bm25s.BM25()
        if self.clauses:
            self._bm25.index(corpus, show_progress=False)
        self._vocab = set(self._bm25.vocab_dict) if self.clauses else set()

    def search(self, query: str, k: int = 5) -> list[ScoredClause]:
        """The k best clauses for a query (fewer when nothing matches)."""
        tokens = [t for t in tokenize(query, self.locale) if t in self._vocab]
        if not tokens or not self.clauses:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens))
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [ScoredClause(self.clauses[i], float(scores[i]), rank, lexical=float(scores[i]))
                for rank, i in enumerate(top, start=1) if scores[i] > 0]


def _indexed_text(clause: Clause) -> str:
    parts = [clause.article_title or "", clause.section or "", clause.text]
    return " ".join(p for p in parts if p)
