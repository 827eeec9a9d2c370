"""Process: run the pipeline on a conversation and store draft, decision, actions and audit in one transaction."""

from __future__ import annotations

from typing import Any

from deskpilot.audit.events import ActionQueued, ConversationUnderstood, DecisionMade, DraftCreated, LlmCalled
from deskpilot.domain.enums import GateOutcome
from deskpilot.domain.models import Action, Citation, Decision, Draft
from deskpilot.pipeline import Pipeline, PipelineContext
from deskpilot.storage.database import Database, UnitOfWork

DELIVER_JOB = "deliver_action"
POLICY_VERSION_NONE = "policy-none"


class ProcessService:
    """Runs the pipeline outside any transaction, then writes its results in one short transaction."""

    def __init__(self, db: Database, pipeline: Pipeline) -> None:
        self.db = db
        self.pipeline = pipeline

    def run_pipeline(self, conversation_id: int) -> PipelineContext:
        """Load a conversation and run every stage (no writes)."""
        with self.db.reader() as uow:
            conversation = uow.conversations.get(conversation_id)
        if conversation is None:
            raise LookupError(f"conversation {conversation_id} does not exist")
        return self.pipeline.run(conversation)

    def process(self, conversation_id: int, *, uow: UnitOfWork | None = None) -> Decision:
        """Process one conversation; with ``uow`` the caller's unit of work is used and committed."""
        ctx = self.run_pipeline(conversation_id)
        if uow is not None:
            decision = record(uow, ctx)
            uow.commit()
            return decision
        with self.db.uow() as own:
            decision = record(own, ctx)
            own.commit()
        return decision


def record(uow: UnitOfWork, ctx: PipelineContext) -> Decision:
    """Write the pipeline's results (conversation fields, draft, decision, outbox action, audit)."""
    conv, u, g, gate = ctx.conversation, ctx.understanding, ctx.grounding, ctx.gate
    assert conv.id is not None and u is not None and g is not None and gate is not None
    actor = "ai:pipeline"
    # `category` is the human's label (training data): the pipeline's reading is stored as intent and on the decision
    uow.conversations.update(conv.id, locale=u.locale, intent=u.intent, understanding=u.to_json(), status="open")
    uow.audit.append(ConversationUnderstood(
        actor=actor, conversation_id=conv.id, locale=u.locale, locale_confidence=u.locale_confidence,
        intent=u.intent, intent_probability=u.intent_probability, intent_model=u.intent_model,
        sentiment=u.sentiment.get("label"), pii_entities=len(u.pii)))
    draft = None
    if ctx.draft is not None and ctx.verification is not None:
        keep = ctx.verification.keep
        kept_numbers = sorted({n for s, k in zip(ctx.draft.sentences, keep, strict=True) if k for n in s.citations})
        draft = uow.decisions.add_draft(Draft(
            conversation_id=conv.id, text=ctx.draft.render(keep), locale=ctx.draft.locale,
            citations=[Citation(number=n, clause_id=ctx.draft.cited[n].citation, clause_pk=ctx.draft.cited[n].id)
                       for n in kept_numbers],
            confidence=gate.confidence, model_version=f"{ctx.draft.model_version}+intent:{u.intent_model}",
            prompt_version=ctx.draft.prompt_version, kb_version=g.kb_version,
            policy_version=ctx.policy.policy_version if ctx.policy is not None else POLICY_VERSION_NONE,
            verifier={"removed": ctx.verification.removed, "support_ratio": round(ctx.verification.support_ratio, 4),
                      "checks": [c.to_json() for c in ctx.verification.checks], "llm": ctx.draft.llm},
        ))
        uow.audit.append(DraftCreated(
            actor=actor, conversation_id=conv.id, draft_id=draft.id or 0,
            citations=[c.clause_id for c in draft.citations], confidence=draft.confidence,
            model_version=draft.model_version, prompt_version=draft.prompt_version, kb_version=draft.kb_version,
            policy_version=draft.policy_version, removed_sentences=ctx.verification.removed))
        if ctx.draft.llm is not None:
            _record_llm_call(uow, conv.id, draft.id or 0, ctx.draft.llm, actor)
    reasons = list(gate.reasons)
    if gate.would_have is not None:
        reasons.append(f"would_have={gate.would_have.value}")
    escalation = dict(gate.brief) if gate.brief is not None else None
    decision = uow.decisions.add_decision(Decision(
        conversation_id=conv.id, draft_id=draft.id if draft else None, outcome=gate.outcome, mode=gate.mode,
        category=gate.category, locale=u.locale, confidence=gate.confidence, threshold=gate.threshold,
        rollout_percent=gate.rollout_percent, rollout_bucket=gate.rollout_bucket, reasons=reasons,
        stage_timings=dict(ctx.timings), escalation=escalation, evidence=gate.evidence))
    uow.audit.append(DecisionMade(
        actor=actor, conversation_id=conv.id, decision_id=decision.id or 0, draft_id=decision.draft_id,
        outcome=gate.outcome.value, mode=gate.mode.value, category=gate.category, locale=u.locale,
        confidence=gate.confidence, threshold=gate.threshold, rollout_percent=gate.rollout_percent,
        rollout_bucket=gate.rollout_bucket, reasons=reasons,
        escalation_reason=gate.escalation_reason.value if gate.escalation_reason else None, evidence=gate.evidence))
    if gate.outcome == GateOutcome.ESCALATE:
        uow.conversations.update(conv.id, tags=sorted({*conv.tags, "escalated"}))
    if gate.outcome == GateOutcome.AUTO_REPLY and draft is not None:
        queue_reply(uow, conversation_id=conv.id, draft=draft, decision=decision, approver=f"gate:{gate.mode.value}")
    return decision


def queue_reply(uow: UnitOfWork, *, conversation_id: int, draft: Draft, decision: Decision, approver: str,
                text: str | None = None, author_role: str = "ai", cited: list[tuple[int, str]] | None = None) -> Action:
    """Put a public reply in the outbox with its lineage and a delivery job, in the caller's transaction. The reply
    is the draft, or ``text`` (a person's edit, or another suggestion whose ``cited`` (number, clause) pairs replace
    the draft's); it keeps the clauses whose markers it still carries."""
    cited = cited if cited is not None else [(c.number, c.clause_id) for c in draft.citations]
    clauses = [clause for number, clause in cited if text is None or f"[{number}]" in text]
    return queue_action(
        uow, conversation_id=conversation_id, kind="reply",
        payload={"text": text or draft.text, "draft_id": draft.id, "locale": draft.locale, "author_role": author_role},
        idempotency_key=f"reply:{conversation_id}:draft:{draft.id}", approver=approver,
        lineage={"draft_id": draft.id, "decision_id": decision.id, "clauses": clauses,
                 "approver": approver, "kb_version": draft.kb_version, "model_version": draft.model_version})


def queue_action(uow: UnitOfWork, *, conversation_id: int, kind: str, payload: dict[str, Any], idempotency_key: str,
                 lineage: dict[str, Any], approver: str) -> Action:
    """Put any action (reply, note, tag, refund, credit, cancel…) in the outbox with its lineage and a delivery job,
    audited, in the caller's transaction."""
    action = uow.actions.add(Action(conversation_id=conversation_id, kind=kind, payload=payload,
                                    idempotency_key=idempotency_key, lineage={**lineage, "approver": approver}))
    uow.jobs.enqueue(DELIVER_JOB, {"action_id": action.id, "conversation_id": conversation_id},
                     dedupe_key=f"deliver:{action.id}")
    uow.audit.append(ActionQueued(actor=approver, conversation_id=conversation_id, action_id=action.id or 0,
                                  action_kind=action.kind, idempotency_key=action.idempotency_key,
                                  lineage=action.lineage))
    return action


def _record_llm_call(uow: UnitOfWork, conversation_id: int, draft_id: int, llm: dict[str, Any], actor: str) -> None:
    """Account for the provider call behind a draft and audit whether its reply was used."""
    uow.drafting.add_call(conversation_id=conversation_id, draft_id=draft_id, llm=llm)
    uow.audit.append(LlmCalled(
        actor=actor, conversation_id=conversation_id, draft_id=draft_id, model=str(llm.get("model")),
        prompt_version=str(llm.get("prompt_version")), outcome=str(llm.get("outcome")), reason=llm.get("reason"),
        prompt_tokens=int(llm.get("prompt_tokens") or 0), completion_tokens=int(llm.get("completion_tokens") or 0),
        cost=float(llm.get("cost") or 0.0), attempts=int(llm.get("attempts") or 0)))
