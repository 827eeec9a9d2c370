"""Drafts, decisions and reviews."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from deskpilot.domain.enums import GateOutcome, Mode
from deskpilot.domain.models import Citation, Decision, Draft, Review
from deskpilot.storage.tables import ConversationRow, DecisionRow, DraftRow, ReviewRow, utcnow


class DecisionRepository:
    """Stores what the pipeline proposed and what the gate decided."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_draft(self, draft: Draft) -> Draft:
        """Insert a draft; returns it with id and creation time."""
        row = DraftRow(
            conversation_id=draft.conversation_id, text=draft.text, locale=draft.locale,
            citations=[{"number": c.number, "clause_id": c.clause_id, "clause_pk": c.clause_pk,
                        "span": list(c.span) if c.span else None} for c in draft.citations],
            confidence=draft.confidence, model_version=draft.model_version, prompt_version=draft.prompt_version,
            kb_version=draft.kb_version, policy_version=draft.policy_version, verifier=draft.verifier,
        )
        self.session.add(row)
        self.session.flush()
        draft.id, draft.created_at = row.id, row.created_at
        return draft

    def add_decision(self, decision: Decision) -> Decision:
        """Insert a decision; returns it with id."""
        row = DecisionRow(
            conversation_id=decision.conversation_id, draft_id=decision.draft_id, outcome=decision.outcome.value,
            mode=decision.mode.value, category=decision.category, locale=decision.locale,
            confidence=decision.confidence, threshold=decision.threshold, rollout_percent=decision.rollout_percent,
            rollout_bucket=decision.rollout_bucket, reasons=list(decision.reasons),
            stage_timings=dict(decision.stage_timings), escalation=decision.escalation,
            evidence=decision.evidence,
        )
        self.session.add(row)
        self.session.flush()
        conversation = self.session.get(ConversationRow, decision.conversation_id)
        if conversation is not None:  # the summary the metrics read instead of counting decisions
            conversation.decisions_count = ConversationRow.decisions_count + 1  # in SQL: concurrent workers add up
            conversation.drafted = bool(conversation.drafted) or decision.draft_id is not None
            conversation.updated_at = utcnow()
        decision.id, decision.created_at = row.id, row.created_at
        return decision

    def get_draft(self, draft_id: int) -> Draft | None:
        """One draft by id."""
        row = self.session.get(DraftRow, draft_id)
        return None if row is None else _draft(row)

    def latest_decision(self, conversation_id: int) -> Decision | None:
        """The newest decision taken for a conversation."""
        row = self.session.execute(
            select(DecisionRow).where(DecisionRow.conversation_id == conversation_id)
            .order_by(DecisionRow.id.desc()).limit(1)
        ).scalar_one_or_none()
        return None if row is None else _decision(row)

    def decisions(self, *, outcome: str | None = None, limit: int | None = None) -> list[Decision]:
        """Decisions oldest first, optionally with one outcome."""
        query = select(DecisionRow).order_by(DecisionRow.id)
        if outcome:
            query = query.where(DecisionRow.outcome == outcome)
        if limit:
            query = query.limit(limit)
        return [_decision(r) for r in self.session.execute(query).scalars()]

    def outcome_counts(self) -> dict[str, int]:
        """Number of decisions per outcome."""
        rows = self.session.execute(select(DecisionRow.outcome, func.count()).group_by(DecisionRow.outcome)).all()
        return {o: int(n) for o, n in rows}

    def lock(self, decision_id: int) -> None:
        """Hold the decision's row until the transaction ends (PostgreSQL), so reviews of it are taken one at a time;
        SQLite already lets one writer in at a time."""
        self.session.execute(select(DecisionRow.id).where(DecisionRow.id == decision_id).with_for_update())

    def reviews_of(self, decision_id: int) -> list[Review]:
        """The reviews recorded for a decision, oldest first."""
        rows = self.session.execute(select(ReviewRow).where(ReviewRow.decision_id == decision_id)
                                    .order_by(ReviewRow.id)).scalars()
        return [Review(id=r.id, decision_id=r.decision_id, reviewer=r.reviewer, action=r.action,
                       edited_text=r.edited_text, reason=r.reason, created_at=r.created_at) for r in rows]

    def add_review(self, review: Review) -> Review:
        """Insert a reviewer's action on a decision."""
        row = ReviewRow(decision_id=review.decision_id, reviewer=review.reviewer, action=review.action,
                        edited_text=review.edited_text, reason=review.reason)
        if review.created_at is not None:  # imported history keeps its time
            row.created_at = review.created_at
        self.session.add(row)
        self.session.flush()
        review.id, review.created_at = row.id, row.created_at
        return review


def _draft(row: DraftRow) -> Draft:
    return Draft(
        id=row.id, conversation_id=row.conversation_id, text=row.text, locale=row.locale,
        citations=[Citation(number=c["number"], clause_id=c["clause_id"], clause_pk=c.get("clause_pk"),
                            span=tuple(c["span"]) if c.get("span") else None)  # type: ignore[arg-type]
                   for c in (row.citations or [])],
        confidence=row.confidence, model_version=row.model_version, prompt_version=row.prompt_version,
        kb_version=row.kb_version, policy_version=row.policy_version, verifier=dict(row.verifier or {}),
        created_at=row.created_at,
    )


def _decision(row: DecisionRow) -> Decision:
    return Decision(
        id=row.id, conversation_id=row.conversation_id, draft_id=row.draft_id, outcome=GateOutcome(row.outcome),
        mode=Mode(row.mode), category=row.category, locale=row.locale, confidence=row.confidence,
        threshold=row.threshold, rollout_percent=row.rollout_percent, rollout_bucket=row.rollout_bucket,
        reasons=list(row.reasons or []), stage_timings=dict(row.stage_timings or {}), escalation=row.escalation,
        evidence=row.evidence,
        created_at=row.created_at,
    )
