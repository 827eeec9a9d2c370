"""Outbound actions (the delivery outbox)."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from deskpilot.domain.enums import ActionStatus
from deskpilot.domain.models import Action
from deskpilot.storage.tables import ActionRow, utcnow


class ActionRepository:
    """Actions are written with the decision that caused them and delivered by a job."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, action: Action) -> Action:
        """Insert an action; an existing idempotency key returns the stored action instead."""
        existing = self.by_key(action.idempotency_key)
        if existing is not None:
            return existing
        row = ActionRow(conversation_id=action.conversation_id, kind=action.kind, payload=action.payload,
                        idempotency_key=action.idempotency_key, status=action.status.value,
                        lineage=action.lineage)
        self.session.add(row)
        self.session.flush()
        action.id, action.created_at = row.id, row.created_at
        return action

    def get(self, action_id: int) -> Action | None:
        """One action by id."""
        row = self.session.get(ActionRow, action_id)
        return None if row is None else _action(row)

    def by_key(self, idempotency_key: str) -> Action | None:
        """The action stored under an idempotency key."""
        row = self.session.execute(
            select(ActionRow).where(ActionRow.idempotency_key == idempotency_key)
        ).scalar_one_or_none()
        return None if row is None else _action(row)

    def undelivered(self, limit: int = 50) -> list[Action]:
        """Actions that failed for good, then those still retrying after an error, newest first."""
        rows = self.session.execute(
            select(ActionRow).where(or_(ActionRow.status == ActionStatus.FAILED.value,
                                        and_(ActionRow.status == ActionStatus.PENDING.value,
                                             ActionRow.last_error.is_not(None))))
            .order_by((ActionRow.status == ActionStatus.FAILED.value).desc(), ActionRow.updated_at.desc())
            .limit(limit)).scalars()
        return [_action(r) for r in rows]

    def for_conversation(self, conversation_id: int) -> list[Action]:
        """A conversation's actions, oldest first."""
        rows = self.session.execute(
            select(ActionRow).where(ActionRow.conversation_id == conversation_id).order_by(ActionRow.id)
        ).scalars()
        return [_action(r) for r in rows]

    def mark(self, action_id: int, status: ActionStatus, *, external_ref: str | None = None,
             error: str | None = None, attempt: bool = True) -> None:
        """Record a delivery attempt's result (``attempt=False``: a status change that is no new attempt)."""
        row = self.session.get(ActionRow, action_id)
        if row is None:
            raise KeyError(action_id)
        row.status = status.value
        row.attempts += 1 if attempt else 0
        row.external_ref = external_ref or row.external_ref
        row.last_error = error
        row.updated_at = utcnow()
        self.session.flush()


def _action(row: ActionRow) -> Action:
    return Action(id=row.id, conversation_id=row.conversation_id, kind=row.kind, payload=dict(row.payload or {}),
                  idempotency_key=row.idempotency_key, status=ActionStatus(row.status),
                  lineage=dict(row.lineage or {}), external_ref=row.external_ref, attempts=row.attempts,
                  last_error=row.last_error, created_at=row.created_at)
