"""Deliver: send an outbox action through its target, record the result and the audit event."""

from __future__ import annotations

from deskpilot.audit.events import ActionDelivered, OutcomeRecorded
from deskpilot.connectors.actions import ACTIONS_SETTING, MESSAGE_KINDS
from deskpilot.connectors.delivery import DeliveryTarget, LocalThreadTarget
from deskpilot.domain.enums import ActionStatus
from deskpilot.domain.models import Outcome
from deskpilot.services.connectors import ConnectorService, ConnectorTarget
from deskpilot.storage.database import UnitOfWork
from deskpilot.storage.tables import utcnow


class DeliveryService:
    """Chooses the target for a conversation's source and delivers exactly once per idempotency key."""

    def __init__(self, targets: dict[str, DeliveryTarget] | None = None,
                 connectors: ConnectorService | None = None) -> None:
        self.targets = targets or {}
        self.connectors = connectors
        self.fallback: DeliveryTarget = LocalThreadTarget()

    def target(self, uow: UnitOfWork, source: str, kind: str = "reply") -> DeliveryTarget:
        """Where an action goes: business actions to the workspace's action connector (``actions.connector``);
        messages to an explicit target, else the connector instance named by the source, else the stored thread."""
        if kind not in MESSAGE_KINDS:
            name = uow.workspace.get(ACTIONS_SETTING) or source
            if self.connectors is None or uow.connectors.get(name) is None:
                raise LookupError(f"no connector can perform {kind!r} actions: set {ACTIONS_SETTING} to a connector "
                                  "instance that can")
            return ConnectorTarget(self.connectors, name)
        if source in self.targets:
            return self.targets[source]
        if self.connectors is not None and uow.connectors.get(source) is not None:
            return ConnectorTarget(self.connectors, source)
        return self.fallback

    def deliver(self, uow: UnitOfWork, action_id: int) -> str | None:
        """Deliver one action inside the caller's unit of work (the caller commits); None if already sent."""
        action = uow.actions.get(action_id)
        if action is None:
            raise LookupError(f"action {action_id} does not exist")
        if action.status == ActionStatus.SENT:
            return None
        conversation = uow.conversations.get(action.conversation_id)
        assert conversation is not None and conversation.id is not None
        target = self.target(uow, conversation.source, action.kind)
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
