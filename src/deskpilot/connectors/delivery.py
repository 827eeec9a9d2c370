"""Delivery targets: where an outbox action goes for a conversation's source."""

from __future__ import annotations

from typing import Protocol

from deskpilot.domain.enums import AuthorRole
from deskpilot.domain.models import Action, Conversation, Message
from deskpilot.storage.database import UnitOfWork
from deskpilot.storage.tables import utcnow


class DeliveryTarget(Protocol):
    """Sends one action to the system a conversation came from and returns the external reference.

    Implementations must be idempotent on ``action.idempotency_key``: a retry after an unknown
    result must not post twice. Example::

        ref = target.deliver(uow, conversation, action)
    """

    name: str

    def deliver(self, uow: UnitOfWork, conversation: Conversation, action: Action) -> str:
        """Perform the action; return the reference the external system gave it."""
        ...


class LocalThreadTarget:
    """For sources without a connector (demo, generic API): the reply is appended to the stored thread."""

    name = "local"

    def deliver(self, uow: UnitOfWork, conversation: Conversation, action: Action) -> str:
        """Append the reply as a message whose external id is derived from the idempotency key."""
        assert conversation.id is not None
        if action.kind != "reply":
            raise ValueError(f"the local target cannot perform {action.kind!r} actions")
        external_id = f"deskpilot:{action.idempotency_key}"
        role = AuthorRole(action.payload.get("author_role", "ai"))
        uow.conversations.add_messages(conversation.id, [Message(
            author_role=role, body=str(action.payload["text"]), created_at=utcnow(), external_id=external_id,
            author_name="deskpilot" if role == AuthorRole.AI else action.payload.get("author_name"),
            body_redacted=None, public=True)])
        return external_id
