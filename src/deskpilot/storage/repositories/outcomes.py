"""Outcomes of conversations and evaluation examples."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from deskpilot.domain.models import EvalExample, Outcome
from deskpilot.storage.tables import EvalExampleRow, OutcomeRow, utcnow


class OutcomeRepository:
    """How conversations ended; one outcome per conversation."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert(self, outcome: Outcome) -> Outcome:
        """Insert or replace the outcome of a conversation."""
        row = self.session.execute(
            select(OutcomeRow).where(OutcomeRow.conversation_id == outcome.conversation_id)
        ).scalar_one_or_none()
        if row is None:
            row = OutcomeRow(conversation_id=outcome.conversation_id)
            self.session.add(row)
        row.resolution = outcome.resolution
        row.resolved_by = outcome.resolved_by
        row.resolved_at = outcome.resolved_at
        row.csat = outcome.csat
        row.reopened = outcome.reopened
        row.recontact_of = outcome.recontact_of
        row.handle_seconds = outcome.handle_seconds
        row.updated_at = utcnow()  # the metric facts rebuild what changed since their last refresh
        self.session.flush()
        outcome.id = row.id
        return outcome

    def get(self, conversation_id: int) -> Outcome | None:
        """The outcome of one conversation."""
        row = self.session.execute(
            select(OutcomeRow).where(OutcomeRow.conversation_id == conversation_id)
        ).scalar_one_or_none()
        if row is None:
            return None
        return Outcome(id=row.id, conversation_id=row.conversation_id, resolution=row.resolution,
                       resolved_by=row.resolved_by, resolved_at=row.resolved_at, csat=row.csat,
                       reopened=row.reopened, recontact_of=row.recontact_of, handle_seconds=row.handle_seconds)

    def reopened_ids(self) -> set[int]:
        """The conversations whose outcome was reopened."""
        rows = self.session.execute(select(OutcomeRow.conversation_id).where(OutcomeRow.reopened.is_(True)))
        return set(rows.scalars())

    def count(self) -> int:
        """Number of recorded outcomes."""
        return int(self.session.execute(select(func.count()).select_from(OutcomeRow)).scalar_one())


class EvalExampleRepository:
    """Evaluation examples per locale × category."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, example: EvalExample) -> EvalExample:
        """Insert an example."""
        row = EvalExampleRow(locale=example.locale, category=example.category, text=example.text,
                             expected_intent=example.expected_intent, expected_clause=example.expected_clause,
                             expected_outcome=example.expected_outcome, source=example.source,
                             conversation_id=example.conversation_id, decision_id=example.decision_id,
                             reference_text=example.reference_text, note=example.note)
        self.session.add(row)
        self.session.flush()
        example.id = row.id
        return example

    def list(self, *, locale: str | None = None, category: str | None = None) -> list[EvalExample]:
        """Examples, optionally for one locale and category."""
        query = select(EvalExampleRow).order_by(EvalExampleRow.id)
        if locale:
            query = query.where(EvalExampleRow.locale == locale)
        if category:
            query = query.where(EvalExampleRow.category == category)
        return [EvalExample(id=r.id, locale=r.locale, category=r.category, text=r.text,
                            expected_intent=r.expected_intent, expected_clause=r.expected_clause,
                            expected_outcome=r.expected_outcome, source=r.source, conversation_id=r.conversation_id,
                            decision_id=r.decision_id, reference_text=r.reference_text, note=r.note)
                for r in self.session.execute(query).scalars()]
