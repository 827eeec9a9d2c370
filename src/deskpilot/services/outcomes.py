"""Outcomes reported after the fact (resolution, CSAT, reopen, handling time) by a help desk or the generic API."""

from __future__ import annotations

from deskpilot.audit.events import OutcomeRecorded
from deskpilot.connectors.generic.schema import GenericOutcome
from deskpilot.domain.models import Outcome
from deskpilot.storage.database import Database, UnitOfWork


def record_outcome(uow: UnitOfWork, conversation_id: int, reported: GenericOutcome, *, recontact_of: int | None,
                   actor: str) -> tuple[Outcome, bool]:
    """Store a reported outcome inside an open unit of work; audited when it changed anything. Returns the outcome
    and whether it changed."""
    before = uow.outcomes.get(conversation_id)
    outcome = Outcome(conversation_id=conversation_id, resolution=reported.resolution,
                      resolved_by=reported.resolved_by, resolved_at=reported.resolved_at, csat=reported.csat,
                      reopened=reported.reopened, recontact_of=recontact_of, handle_seconds=reported.handle_seconds)
    if before is not None:
        outcome.id = before.id
        if before == outcome:
            return before, False
    uow.outcomes.upsert(outcome)
    uow.audit.append(OutcomeRecorded(actor=actor, conversation_id=conversation_id, resolution=outcome.resolution,
                                     resolved_by=outcome.resolved_by, csat=outcome.csat))
    return outcome, True


class OutcomeService:
    """Records how a conversation ended, in its own transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, conversation_id: int, reported: GenericOutcome, *, recontact_of: int | None = None,
               actor: str) -> tuple[Outcome, bool]:
        """Store the outcome of a conversation (LookupError when it does not exist or names an unknown origin)."""
        with self.db.uow() as uow:
            if uow.conversations.get(conversation_id) is None:
                raise LookupError(f"conversation {conversation_id} not found")
            if recontact_of is not None and uow.conversations.get(recontact_of) is None:
                raise LookupError(f"recontact_of names conversation {recontact_of}, which does not exist")
            outcome, changed = record_outcome(uow, conversation_id, reported, recontact_of=recontact_of, actor=actor)
            uow.commit()
        return outcome, changed
