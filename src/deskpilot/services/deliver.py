"""Deliver: send an outbox action through its target, record the result and the audit event."""

from __future__ import annotations

from deskpilot.audit.events import ActionDelivered, OutcomeRecorded
from deskpilot.connectors.delivery import DeliveryTarget, LocalThreadTarget
from deskpilot.domain.enums import ActionStatus
from deskpilot.domain.models import Outcome
from deskpilot.storage.database import UnitOfWork
from deskpilot.storage.tables import utcnow


class DeliveryService:
    """Chooses the target for a conversation's source and delivers exactly once per idempotency key."""

    def __init__(self, targets: dict[str, DeliveryTarget] | None = None) -> None:
        self.targets = targets or {}
        self.fallback: DeliveryTarget = LocalThreadTarget()

    def deliver(self, uow: UnitOfWork, action_id: int) -> str | None:
        """Deliver one action inside the caller's unit of work (the caller commits); None if already sent."""
        action = uow.actions.get(action_id)
        if action is None:
            raise LookupError(f"action {action_id} does not exist")
        if action.status == ActionStatus.SENT:
            return None
        conversation = uow.conversations.get(action.conversation_id)
        assert conversation is not None and conversation.id is not None
        target = self.targets.get(conversation.source, self.fallback)
        ref = target.deliver(uow, conversation, action)
        uow.actions.mark(action_id, ActionStatus.SENT, external_ref=ref)
        uow.audit.append(ActionDelivered(actor=f"deliver:{target.name}", conversation_id=conversation.id,
                                         action_id=action_id, action_kind=action.kind, external_ref=ref))
        if action.kind == "reply":
            resolved_by = "ai" if action.payload.get("author_role", "ai") == "ai" else action.lineage.get("approver")
            uow.conversations.update(conversation.id, status="solved")
            uow.outcomes.upsert(Outcome(conversation_id=conversation.id, resolution="solved",
                                        resolved_by=str(resolved_by), resolved_at=utcnow()))
            uow.audit.append(OutcomeRecorded(actor=f"deliver:{target.name}", conversation_id=conversation.id,
                                             resolution="solved", resolved_by=str(resolved_by)))
        return ref
