"""Audit use cases: verify the chain, read a conversation's decision trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from deskpilot.audit.chain import VerifyResult, verify_chain
from deskpilot.storage.database import Database


@dataclass(frozen=True)
class TrailEntry:
    """One audit event in a conversation's trail."""

    seq: int
    created_at: str
    kind: str
    actor: str
    properties: dict[str, Any]


def verify_audit_log(db: Database) -> VerifyResult:
    """Walk the whole chain and report the first broken event."""
    with db.reader() as uow:
        head = uow.audit.head()
        return verify_chain(uow.audit.iter_chain(), head_seq=head[0] if head else None,
                            head_hash=head[1] if head else None)


def conversation_trail(db: Database, conversation_id: int) -> list[TrailEntry]:
    """The audit events about one conversation, oldest first."""
    with db.reader() as uow:
        events = uow.audit.for_conversation(conversation_id)
    return [TrailEntry(e.seq, e.created_at.isoformat(timespec="seconds"), e.kind, e.actor, json.loads(e.payload))
            for e in events]
