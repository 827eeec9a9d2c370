"""Read models shared by the API, the CLI and the console."""

from __future__ import annotations

from typing import Any

from deskpilot.assist.summary import summarise_conversation
from deskpilot.storage.database import UnitOfWork


def conversation_view(uow: UnitOfWork, conversation_id: int, *, redacted: bool = True) -> dict[str, Any] | None:
    """A conversation with messages, thread summary, understanding, latest decision, draft and resolved
    citations."""
    conv = uow.conversations.get(conversation_id)
    if conv is None:
        return None
    decision = uow.decisions.latest_decision(conversation_id)
    draft = uow.decisions.get_draft(decision.draft_id) if decision and decision.draft_id else None
    citations = []
    if draft is not None:
        for c in draft.citations:
            clause = uow.knowledge.clause_by_citation(c.clause_id)
            citations.append({"number": c.number, "clause_id": c.clause_id,
                              "article_id": clause.article_key if clause else None,
                              "article_title": clause.article_title if clause else None,
                              "text": clause.text if clause else None})
    actions = uow.actions.for_conversation(conversation_id)
    return {
        "id": conv.id, "source": conv.source, "external_id": conv.external_id, "channel": conv.channel.value,
        "subject": conv.subject, "locale": conv.locale, "status": conv.status.value, "category": conv.category,
        "intent": conv.intent, "tags": conv.tags, "created_at": conv.created_at.isoformat(),
        "customer": {"external_id": conv.customer.external_id} if conv.customer else None,
        "messages": [{"id": m.id, "external_id": m.external_id, "author_role": m.author_role.value,
                      "created_at": m.created_at.isoformat(), "public": m.public,
                      "body": (m.body_redacted or m.body) if redacted and m.author_role.value == "customer"
                      else m.body} for m in conv.messages],
        "summary": summarise_conversation(conv).to_json(),
        "understanding": conv.understanding or None,
        "decision": None if decision is None else {
            "id": decision.id, "outcome": decision.outcome.value, "mode": decision.mode.value,
            "category": decision.category, "locale": decision.locale, "confidence": decision.confidence,
            "threshold": decision.threshold, "rollout_percent": decision.rollout_percent,
            "rollout_bucket": decision.rollout_bucket, "reasons": decision.reasons,
            "stage_timings_ms": decision.stage_timings, "escalation": decision.escalation,
            "created_at": decision.created_at.isoformat() if decision.created_at else None},
        "draft": None if draft is None else {
            "id": draft.id, "text": draft.text, "locale": draft.locale, "confidence": draft.confidence,
            "citations": citations, "model_version": draft.model_version, "prompt_version": draft.prompt_version,
            "kb_version": draft.kb_version, "policy_version": draft.policy_version,
            "verifier": {k: v for k, v in draft.verifier.items() if k != "checks"}},
        "actions": [{"id": a.id, "kind": a.kind, "status": a.status.value, "idempotency_key": a.idempotency_key,
                     "external_ref": a.external_ref, "lineage": a.lineage, "attempts": a.attempts,
                     "last_error": a.last_error} for a in actions],
    }
