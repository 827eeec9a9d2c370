"""The escalation brief a human reads before taking over."""

from __future__ import annotations

from typing import Any

from deskpilot.pipeline import PipelineContext
from deskpilot.understand.text import split_sentences


def build_brief(ctx: PipelineContext, *, reason: str, tried: list[str]) -> dict[str, Any]:
    """Summary, intent, sentiment, signals, facts, what was tried and the clauses consulted."""
    u = ctx.understanding
    g = ctx.grounding
    sentences = split_sentences(u.redacted_text if u else ctx.customer_text)
    summary = " ".join(sentences[:2])[:400]
    facts = g.facts.order.to_json() if g and g.facts.order else None
    return {
        "reason": reason,
        "summary": summary,
        "intent": u.intent if u else None,
        "intent_probability": u.intent_probability if u else None,
        "locale": u.locale if u else None,
        "sentiment": u.sentiment if u else None,
        "churn": u.churn if u else None,
        "urgency": u.urgency if u else None,
        "facts": facts,
        "facts_error": g.facts_error if g else None,
        "tried": tried,
        "clauses_consulted": [r.clause.citation for r in (g.results[:5] if g else [])],
    }
