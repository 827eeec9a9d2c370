"""Hashing of audit rows and verification of the chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(data: Any) -> str:
    """Deterministic JSON used for hashing (sorted keys, no whitespace)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def payload_digest(payload: str) -> str:
    """SHA-256 of a stored payload text."""
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def row_hash(
    *, prev_hash: str, seq: int, kind: str, actor: str, conversation_id: int | None,
    created_at: datetime, payload: str,
) -> str:
    """The chained hash of one audit row."""
    header = canonical_json(
        {
            "seq": seq,
            "kind": kind,
            "actor": actor,
            "conversation_id": conversation_id,
            "created_at": created_at.isoformat(),
            "payload_sha256": payload_digest(payload),
        }
    )
    return hashlib.sha256(f"{prev_hash}|{header}".encode()).hexdigest()


@dataclass(frozen=True)
class StoredEvent:
    """An audit row as read back from storage."""

    id: int
    seq: int
    kind: str
    actor: str
    conversation_id: int | None
    created_at: datetime
    payload: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of a chain verification."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str | None = None


def verify_chain(events: Iterable[StoredEvent], *, head_seq: int | None, head_hash: str | None) -> VerifyResult:
    """Walk events in seq order and report the first one whose content or link is wrong."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    for ev in events:
        if ev.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, ev.id,
                                f"event seq {expected_seq} is missing (found seq {ev.seq} next): a row was deleted")
        if ev.prev_hash != prev_hash:
            return VerifyResult(False, checked, ev.seq, ev.id,
                                f"event seq {ev.seq} (id {ev.id}) does not link to the previous event's hash")
        recomputed = row_hash(prev_hash=prev_hash, seq=ev.seq, kind=ev.kind, actor=ev.actor,
                              conversation_id=ev.conversation_id, created_at=ev.created_at, payload=ev.payload)
        if recomputed != ev.hash:
            return VerifyResult(False, checked, ev.seq, ev.id,
                                f"event seq {ev.seq} (id {ev.id}, {ev.kind}) was altered: "
                                "its hash does not match its content")
        prev_hash = ev.hash
        expected_seq += 1
        checked += 1
    last_seq = expected_seq - 1
    if head_seq is not None and head_seq != last_seq:
        return VerifyResult(False, checked, last_seq + 1, None,
                            f"the log ends at seq {last_seq} but the head records seq {head_seq}: "
                            "rows were deleted from the end")
    if head_hash is not None and checked and head_hash != prev_hash:
        return VerifyResult(False, checked, last_seq, None, "the last event's hash differs from the recorded head")
    return VerifyResult(True, checked)
