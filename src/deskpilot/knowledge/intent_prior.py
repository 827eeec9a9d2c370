"""Which article resolves which intent, learned from the deployment's resolved history (evaluation slice excluded).

Retrieval ranks clauses by how they read; the history knows which article agents actually used for a request.
When the intent is confident and one article resolved most of its past conversations, that article's clauses
go first (their relative order, and everything else, is kept).
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass

from deskpilot.analytics.holdout import is_holdout
from deskpilot.knowledge.lexical import ScoredClause
from deskpilot.storage.database import Database

MIN_CONVERSATIONS = 5  # an intent needs this many resolved conversations naming an article
MIN_SHARE = 0.6  # … and one article used in at least this share of them
MIN_INTENT_PROBABILITY = 0.5


@dataclass(frozen=True)
class ArticlePrior:
    """The article (slug, locale-free) that resolved an intent's past conversations, and how often."""

    slug: str
    share: float
    conversations: int


def article_slug(article_key: str) -> str:
    """`de/returns-policy` → `returns-policy` (the same article in every locale)."""
    return article_key.split("/", 1)[-1]


def learn_priors(rows: list[tuple[str, str, str, str]], *, min_conversations: int = MIN_CONVERSATIONS,
                 min_share: float = MIN_SHARE) -> dict[str, ArticlePrior]:
    """Per intent, the dominant article among (intent, article, source, external id) rows outside the holdout."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for intent, article, source, external_id in rows:
        if not is_holdout(source, external_id):
            counts[intent][article_slug(article)] += 1
    out: dict[str, ArticlePrior] = {}
    for intent, articles in counts.items():
        total = sum(articles.values())
        slug, n = articles.most_common(1)[0]
        if total >= min_conversations and n / total >= min_share:
            out[intent] = ArticlePrior(slug, round(n / total, 4), total)
    return out


def prefer_article(results: list[ScoredClause], slug: str) -> list[ScoredClause]:
    """The results with that article's clauses first, each group in its original order, ranks renumbered."""
    first = [r for r in results if article_slug(r.clause.article_key) == slug]
    if not first or first[0] is results[0]:
        return results
    rest = [r for r in results if article_slug(r.clause.article_key) != slug]
    return [ScoredClause(r.clause, r.score, rank, lexical=r.lexical, dense=r.dense, cross_locale=r.cross_locale)
            for rank, r in enumerate(first + rest, start=1)]


class IntentArticlePriors:
    """The learned priors of a workspace, reloaded when the active intent model changes (history was retrained)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._cached: tuple[str | None, dict[str, ArticlePrior]] | None = None

    def get(self, model: str | None) -> dict[str, ArticlePrior]:
        """Intent → prior for intents with a dominant article, learned again only when the intent model that
        understood the conversation is not the one the cached priors were learned under."""
        with self._lock:
            if self._cached is not None and self._cached[0] == model:
                return self._cached[1]
        with self.db.reader() as uow:
            priors = learn_priors(uow.conversations.labelled_articles())
        with self._lock:
            self._cached = (model, priors)
        return priors

    def apply(self, results: list[ScoredClause], intent: str, probability: float,
              model: str | None) -> tuple[list[ScoredClause], str | None]:
        """Results reordered for a confident intent with a prior, and the preferred slug (None when unchanged)."""
        if probability < MIN_INTENT_PROBABILITY:
            return results, None
        prior = self.get(model).get(intent)
        if prior is None:
            return results, None
        reordered = prefer_article(results, prior.slug)
        return reordered, (prior.slug if reordered is not results else None)
