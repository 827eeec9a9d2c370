"""Audit repository: append to the hash chain and read it back."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from deskpilot.audit.chain import GENESIS, StoredEvent, canonical_json, row_hash
from deskpilot.audit.events import AuditEvent, ensure_registered
from deskpilot.storage.tables import AuditEventRow, AuditHeadRow, utcnow


class AuditRepository:
    """Appends typed events under a row lock on the chain head, so seq and links stay unique."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, event: AuditEvent) -> StoredEvent:
        """Record an event as the next link of the chain (inside the caller's transaction)."""
        ensure_registered(event)
        head = self.session.execute(
            select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
        ).scalar_one_or_none()
        if head is None:
            head = AuditHeadRow(id=1, seq=0, hash=GENESIS)
            self.session.add(head)
            self.session.flush()
        created_at = utcnow()
        payload = canonical_json(event.properties())
        seq = head.seq + 1
        digest = row_hash(prev_hash=head.hash, seq=seq, kind=event.kind, actor=event.actor,
                          conversation_id=event.conversation_id, created_at=created_at, payload=payload)
        row = AuditEventRow(seq=seq, kind=event.kind, actor=event.actor, conversation_id=event.conversation_id,
                            created_at=created_at, payload=payload, prev_hash=head.hash, hash=digest)
        self.session.add(row)
        head.seq = seq
        head.hash = digest
        self.session.flush()
        return _stored(row)

    def iter_chain(self, batch: int = 2000) -> Iterator[StoredEvent]:
        """All events in seq order, streamed in batches."""
        last = 0
        while True:
            rows = self.session.execute(
                select(AuditEventRow).where(AuditEventRow.seq > last).order_by(AuditEventRow.seq).limit(batch)
            ).scalars().all()
            if not rows:
                return
            for row in rows:
                yield _stored(row)
            last = rows[-1].seq

    def head(self) -> tuple[int, str] | None:
        """The recorded (seq, hash) of the chain's last event."""
        row = self.session.get(AuditHeadRow, 1)
        return None if row is None else (row.seq, row.hash)

    def for_conversation(self, conversation_id: int) -> list[StoredEvent]:
        """The events about one conversation, oldest first."""
        rows = self.session.execute(
            select(AuditEventRow).where(AuditEventRow.conversation_id == conversation_id).order_by(AuditEventRow.seq)
        ).scalars().all()
        return [_stored(r) for r in rows]

    def count(self) -> int:
        """Number of stored events."""
        head = self.head()
        return 0 if head is None else head[0]


def _stored(row: AuditEventRow) -> StoredEvent:
    return StoredEvent(id=row.id, seq=row.seq, kind=row.kind, actor=row.actor, conversation_id=row.conversation_id,
                       created_at=row.created_at, payload=row.payload, prev_hash=row.prev_hash, hash=row.hash)
