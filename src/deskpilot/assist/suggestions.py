"""Reply suggestions for the agent: the cited draft the pipeline wrote, plus up to two alternatives composed from the
next best articles it retrieved, each verified and carrying its citations. A suggestion the verifier leaves with no
supported claim is not offered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deskpilot.drafting.composer import ORDER_CATEGORIES, ComposedDraft, Composer
from deskpilot.drafting.verifier import Verification, Verifier
from deskpilot.knowledge.lexical import ScoredClause
from deskpilot.pipeline import PipelineContext

MAX_ALTERNATIVES = 2


@dataclass
class Suggestion:
    """One reply the agent may insert and edit: its rank (0: the pipeline's draft), text and citations."""

    rank: int
    text: str
    citations: list[dict[str, Any]]
    locale: str
    model_version: str
    prompt_version: str
    support_ratio: float
    id: int | None = None
    used: dict[str, Any] | None = field(default=None)

    @property
    def articles(self) -> list[str]:
        """The articles it cites, in citation order."""
        return list(dict.fromkeys(c["article_id"] for c in self.citations))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready suggestion."""
        return {"id": self.id, "rank": self.rank, "kind": "draft" if self.rank == 0 else "alternative",
                "text": self.text, "citations": self.citations, "articles": self.articles, "locale": self.locale,
                "model_version": self.model_version, "prompt_version": self.prompt_version,
                "support_ratio": round(self.support_ratio, 4), "used": self.used}


def suggestion_from(rank: int, draft: ComposedDraft, verification: Verification) -> Suggestion:
    """A suggestion from a verified draft (only the kept sentences and the clauses they cite)."""
    keep = verification.keep
    numbers = sorted({n for s, k in zip(draft.sentences, keep, strict=True) if k for n in s.citations})
    citations = [{"number": n, "clause_id": draft.cited[n].citation, "article_id": draft.cited[n].article_key,
                  "article_title": draft.cited[n].article_title, "text": draft.cited[n].text} for n in numbers]
    return Suggestion(rank, draft.render(keep), citations, draft.locale, draft.model_version, draft.prompt_version,
                      verification.support_ratio)


def next_articles(results: list[ScoredClause], exclude: set[str]) -> list[str]:
    """Articles of the retrieved clauses in rank order, without the excluded ones."""
    return [a for a in dict.fromkeys(r.clause.article_key for r in results) if a not in exclude]


def suggest(ctx: PipelineContext, composer: Composer, verifier: Verifier,
            alternatives: int = MAX_ALTERNATIVES) -> list[Suggestion]:
    """The pipeline's verified draft and up to ``alternatives`` replies built from the next best articles."""
    found: list[Suggestion] = []
    cited: set[str] = set()
    if ctx.draft is not None and ctx.verification is not None and ctx.verification.sendable:
        found.append(suggestion_from(0, ctx.draft, ctx.verification))
        cited = {c.article_key for c in ctx.draft.cited.values()}
    g, u = ctx.grounding, ctx.understanding
    if g is None or u is None:
        return found
    customer = ctx.conversation.customer
    relevant = g.facts.how == "quoted" or u.category in ORDER_CATEGORIES
    offered = 0
    for article in next_articles(g.results, cited):
        if offered >= alternatives:
            break
        draft = composer.compose(locale=u.locale, customer_name=customer.name if customer else None,
                                 results=[r for r in g.results if r.clause.article_key == article],
                                 order=g.facts.order if relevant else None)
        verification = verifier.verify(draft)
        if verification.sendable:
            offered += 1
            found.append(suggestion_from(offered, draft, verification))
    return found
