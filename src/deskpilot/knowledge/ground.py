"""The Ground stage: retrieve published clauses for the customer's locale and look up facts."""

from __future__ import annotations

from dataclasses import dataclass

from deskpilot.knowledge.index import IndexCache
from deskpilot.knowledge.intent_prior import IntentArticlePriors
from deskpilot.knowledge.lexical import ScoredClause
from deskpilot.pipeline import PipelineContext
from deskpilot.policy.facts import Facts, FactsProvider
from deskpilot.understand.text import embedding_text


@dataclass
class Grounding:
    """Clauses retrieved and facts found for one conversation."""

    query: str
    locale: str
    kb_version: str
    results: list[ScoredClause]
    facts: Facts
    facts_error: str | None = None
    preferred_article: str | None = None  # moved first because history resolved this intent with it


class GroundStage:
    """Searches the published KB version of the conversation's locale and asks the facts provider."""

    name = "ground"

    def __init__(self, *, index: IndexCache, facts: FactsProvider, k: int = 8,
                 priors: IntentArticlePriors | None = None) -> None:
        self.index = index
        self.facts = facts
        self.k = k
        self.priors = priors

    def warm_up(self) -> None:
        """Build the index of the current KB version and load the query encoder."""
        index = self.index.get()
        for locale in index.locales[:1]:
            index.search("warm up", locale, 1)

    def run(self, ctx: PipelineContext) -> None:
        """Fill ctx.grounding."""
        assert ctx.understanding is not None, "ground runs after understand"
        locale = ctx.understanding.locale
        index = self.index.get()
        # The text the intent model encoded: its query vector comes from the shared cache, not a second encoder pass.
        query = embedding_text(ctx.understanding.redacted_text)
        results = index.search(query, locale, self.k)
        preferred = None
        if self.priors is not None:
            results, preferred = self.priors.apply(results, ctx.understanding.intent,
                                                   ctx.understanding.intent_probability,
                                                   ctx.understanding.intent_model)
        error = None
        try:
            facts = self.facts.lookup(ctx.conversation, ctx.customer_text)
        except Exception as exc:  # noqa: BLE001 — a failing order system becomes an escalation reason
            facts, error = Facts(source=getattr(self.facts, "name", "facts")), f"{type(exc).__name__}: {exc}"
        ctx.grounding = Grounding(query=query, locale=locale, kb_version=index.kb_version, results=results,
                                  facts=facts, facts_error=error, preferred_article=preferred)
