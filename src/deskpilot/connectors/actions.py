"""Business actions (refund, credit, cancel, …) performed in the system that owns orders, with their lineage.

An action adapter is a connector that can also perform actions; the outbox sends a business action to the connector
instance named by the workspace setting ``actions.connector`` (else to the conversation's own source when its
connector can perform it). Like replies, an action is performed once per idempotency key, and it carries its
lineage — the draft, the clauses it cites, the policy version and who approved it — to the system that performs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Protocol, runtime_checkable

ACTIONS_SETTING = "actions.connector"
MESSAGE_KINDS = frozenset({"reply", "note", "tag"})


@runtime_checkable
class ActionAdapter(Protocol):
    """What a connector offers when it can perform business actions."""

    action_kinds: ClassVar[frozenset[str]]

    def perform_action(self, kind: str, payload: Mapping[str, Any], *, conversation: Mapping[str, str],
                       idempotency_key: str, lineage: Mapping[str, Any]) -> str:
        """Perform one action (for the conversation ``{"source", "external_id"}`` it answers) once per idempotency
        key; returns the performing system's id."""
        ...
