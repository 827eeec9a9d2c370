"""Versioned policy documents: every distinct text is a new version; one version per name is active."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from deskpilot.storage.tables import PolicyRow


@dataclass(frozen=True)
class StoredPolicy:
    """One stored version of a policy document."""

    name: str
    version: int
    body: str
    content_hash: str
    active: bool
    created_at: datetime | None = None


class PolicyRepository:
    """Policy documents by name and version."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def activate(self, name: str, body: str, content_hash: str) -> tuple[StoredPolicy, bool]:
        """Make this text the active version of the policy; (stored version, whether a new version was created).

        A text identical to an earlier version re-activates that version instead of creating one."""
        row = self.session.execute(select(PolicyRow).where(PolicyRow.name == name,
                                                           PolicyRow.content_hash == content_hash)
                                   ).scalars().first()
        created = row is None
        if row is None:
            latest = self.session.execute(select(func.max(PolicyRow.version)).where(PolicyRow.name == name)
                                          ).scalar_one_or_none() or 0
            row = PolicyRow(name=name, version=latest + 1, body=body, content_hash=content_hash, active=False)
            self.session.add(row)
            self.session.flush()
        self.session.execute(update(PolicyRow).where(PolicyRow.active.is_(True)).values(active=False))
        row.active = True
        self.session.flush()
        return _stored(row), created

    def active(self) -> StoredPolicy | None:
        """The policy in force (at most one per workspace)."""
        row = self.session.execute(select(PolicyRow).where(PolicyRow.active.is_(True))
                                   .order_by(PolicyRow.id.desc())).scalars().first()
        return _stored(row) if row is not None else None

    def active_hash(self) -> str | None:
        """The content hash of the policy in force, without loading its body."""
        return self.session.execute(select(PolicyRow.content_hash).where(PolicyRow.active.is_(True))
                                    .order_by(PolicyRow.id.desc())).scalars().first()

    def versions(self, name: str) -> list[StoredPolicy]:
        """Every stored version of a policy, oldest first."""
        rows = self.session.execute(select(PolicyRow).where(PolicyRow.name == name).order_by(PolicyRow.version))
        return [_stored(r) for r in rows.scalars()]


def _stored(row: PolicyRow) -> StoredPolicy:
    return StoredPolicy(row.name, row.version, row.body, row.content_hash, row.active, row.created_at)
