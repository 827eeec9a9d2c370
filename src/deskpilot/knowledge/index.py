"""Retrieval indexes per published KB version: cached in process, rebuilt by any worker when it changes."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from deskpilot.domain.models import Clause
from deskpilot.knowledge.dense import DenseIndex
from deskpilot.knowledge.embedder import Embedder, from_bytes, to_bytes
from deskpilot.knowledge.hybrid import HybridSearcher, LocaleIndex
from deskpilot.knowledge.lexical import LexicalIndex, ScoredClause
from deskpilot.storage.database import Database


@dataclass
class KnowledgeIndex:
    """The hybrid indexes of one KB version."""

    kb_version: str
    searcher: HybridSearcher
    clauses: int
    by_key: dict[str, Clause] = field(default_factory=dict)

    def search(self, query: str, locale: str, k: int = 5, *, cross_locale: bool = False) -> list[ScoredClause]:
        """Search one locale's published clauses (optionally falling back to other locales)."""
        return self.searcher.search(query, locale, k, cross_locale=cross_locale)

    def clause(self, key: str) -> Clause | None:
        """The published clause with this key (`en/returns-policy#1.1`), in the version now published."""
        return self.by_key.get(key)

    @property
    def locales(self) -> list[str]:
        """Locales that have published clauses."""
        return sorted(self.searcher.indexes)


class IndexCache:
    """Keeps the index of the current KB version; vectors come from the database, missing ones are computed."""

    def __init__(self, db: Database, embedder: Embedder | None = None) -> None:
        self.db = db
        self.embedder = embedder
        self._lock = threading.Lock()
        self._current: KnowledgeIndex | None = None

    def get(self) -> KnowledgeIndex:
        """The index for the KB version now published (rebuilt after a publish)."""
        with self.db.reader() as uow:
            version = uow.knowledge.kb_version()
        with self._lock:
            if self._current is not None and self._current.kb_version == version:
                return self._current
            built = self._build(version)
            self._current = built
            return built

    def for_version(self, version: str) -> KnowledgeIndex:
        """The index of a KB version a stage has just searched (no database read when it is the cached one)."""
        with self._lock:
            if self._current is not None and self._current.kb_version == version:
                return self._current
        return self.get()

    def _build(self, version: str) -> KnowledgeIndex:
        with self.db.reader() as uow:
            clauses = uow.knowledge.published_clauses()
            vectors = (uow.knowledge.clause_vectors([c.id for c in clauses if c.id], self.embedder.name)
                       if self.embedder is not None else {})
        if self.embedder is not None:
            missing = [c for c in clauses if c.id not in vectors]
            if missing:
                computed = self.embedder.embed_passages([passage_text(c) for c in missing])
                fresh = {c.id: to_bytes(v) for c, v in zip(missing, computed, strict=True) if c.id is not None}
                with self.db.uow() as uow:
                    uow.knowledge.store_vectors(fresh, self.embedder.name)
                    uow.commit()
                vectors.update(fresh)
        by_locale: dict[str, list[Clause]] = {}
        for clause in clauses:
            by_locale.setdefault(clause.locale or "", []).append(clause)
        indexes = {}
        for locale, group in by_locale.items():
            dense = None
            if self.embedder is not None and group:
                dense = DenseIndex(group, np.vstack([from_bytes(vectors[c.id]) for c in group if c.id is not None]))
            indexes[locale] = LocaleIndex(locale, LexicalIndex(group, locale), dense)
        return KnowledgeIndex(version, HybridSearcher(indexes, self.embedder), len(clauses),
                              {c.key: c for c in clauses})


def passage_text(clause: Clause) -> str:
    """What a clause's vector is computed from: article title, section and text."""
    return " — ".join(p for p in (clause.article_title, clause.section, clause.text) if p)
