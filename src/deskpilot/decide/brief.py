"""The escalation brief a human reads before taking over: one paragraph, then the details behind it."""

from __future__ import annotations

from typing import Any

from deskpilot.assist.summary import summarise_conversation
from deskpilot.domain.enums import EscalationReason
from deskpilot.pipeline import PipelineContext
from deskpilot.understand.text import split_sentences

REQUEST_SENTENCES = 2
REQUEST_CHARS = 400


def build_brief(ctx: PipelineContext, *, reason: EscalationReason | str, why: str, tried: list[str]) -> dict[str, Any]:
    """Summary paragraph, the thread's summary, reason category, intent, sentiment, signals, facts, policy, what was
    tried, open questions and the clauses consulted."""
    u, g, pc = ctx.understanding, ctx.grounding, ctx.policy
    request = " ".join(split_sentences(u.redacted_text if u else ctx.customer_text)[:REQUEST_SENTENCES])
    request = request[:REQUEST_CHARS]
    order = g.facts.order if g else None
    questions = open_questions(ctx)
    category = reason.value if isinstance(reason, EscalationReason) else reason
    return {
        "reason_category": category,
        "reason": why,
        "paragraph": _paragraph(ctx, request, why, tried, questions),
        "summary": request,
        "thread": summarise_conversation(ctx.conversation).to_json(),
        "intent": u.intent if u else None,
        "intent_probability": u.intent_probability if u else None,
        "locale": u.locale if u else None,
        "sentiment": u.sentiment if u else None,
        "churn": u.churn if u else None,
        "urgency": u.urgency if u else None,
        "facts": order.to_json() if order else None,
        "facts_error": g.facts_error if g else None,
        "policy": pc.to_json() if pc else None,
        "tried": tried,
        "open_questions": questions,
        "clauses_consulted": _unique([*(c.citation for c in (pc.clauses if pc else [])),
                                      *(r.clause.citation for r in (g.results[:5] if g else []))]),
    }


def open_questions(ctx: PipelineContext) -> list[str]:
    """What a person still has to find out before answering."""
    u, g, pc = ctx.understanding, ctx.grounding, ctx.policy
    out: list[str] = []
    if u is not None and u.intent == "unknown":
        out.append("what is the customer asking for? (no known intent fits)")
    if g is not None and g.facts_error:
        out.append("the order system did not answer: look the order up by hand")
    elif g is not None and g.facts.how == "not_found_for_customer":
        out.append(f"order {g.facts.order_reference} was not found for this customer: confirm the order number")
    if pc is not None:
        if pc.order_id is None:
            out.append(f"which order does the customer want to {pc.action}?")
        elif pc.order_inferred:
            out.append(f"is order {pc.order_id} (the customer's most recent) the one they mean?")
        out.extend(f"unknown fact: {name}" for name in pc.decision.missing_facts if not name.startswith("order."))
        out.extend(f"still to check: rule {rule}" for rule in pc.decision.unchecked)
    if g is not None and not g.results:
        out.append("no published article answers this: does the help centre need one?")
    return out


def _paragraph(ctx: PipelineContext, request: str, why: str, tried: list[str], questions: list[str]) -> str:
    u, g, pc = ctx.understanding, ctx.grounding, ctx.policy
    parts = [f"The customer writes: “{request}”" if request else "The customer's message is empty."]
    if u is not None:
        mood = str(u.sentiment.get("label", "neutral"))
        signals = [f"{name} {level}" for name, level in (("churn risk", u.churn.get("level")),
                                                            ("urgency", u.urgency.get("level")))
                   if level not in (None, "low", "none")]
        intent = "an unknown request" if u.intent == "unknown" else f"{u.intent} ({u.intent_probability:.0%})"
        parts.append(f"Read as {intent} in {u.locale}; mood {mood}" + (f", {', '.join(signals)}" if signals else "")
                     + ".")
    order = g.facts.order if g else None
    if order is not None:
        parts.append(f"Order {order.order_id} is {order.status} ({order.total_eur:.2f} EUR).")
    if pc is not None:
        parts.append(f"Policy on {pc.action}: {pc.outcome.value.replace('_', ' ')}"
                     + (f" — {'; '.join(pc.decision.reasons[:2])}" if pc.decision.reasons else "") + ".")
    parts.append(f"Handed over because {why}.")
    if tried:
        parts.append("Tried: " + "; ".join(tried) + ".")
    if questions:
        parts.append("Open: " + "; ".join(questions) + ".")
    return " ".join(parts)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
