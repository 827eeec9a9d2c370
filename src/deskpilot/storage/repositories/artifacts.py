"""Trained model artifacts stored in the database so every worker can load them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from deskpilot.storage.tables import ModelArtifactRow


@dataclass(frozen=True)
class ModelArtifact:
    """A stored model: name, content fingerprint, bytes and evaluation figures."""

    name: str
    fingerprint: str
    data: bytes
    metrics: dict[str, Any]
    active: bool


class ArtifactRepository:
    """Model artifacts; at most one active per name."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, name: str, fingerprint: str, data: bytes, metrics: dict[str, Any], *, activate: bool) -> None:
        """Store an artifact (idempotent on name + fingerprint) and optionally make it the active one."""
        row = self.session.execute(
            select(ModelArtifactRow).where(ModelArtifactRow.name == name, ModelArtifactRow.fingerprint == fingerprint)
        ).scalar_one_or_none()
        if row is None:
            row = ModelArtifactRow(name=name, fingerprint=fingerprint, data=data, metrics=metrics, active=False)
            self.session.add(row)
            self.session.flush()
        if activate:
            self.session.execute(update(ModelArtifactRow).where(ModelArtifactRow.name == name)
                                 .values(active=False))
            row.active = True
        self.session.flush()

    def active(self, name: str) -> ModelArtifact | None:
        """The active artifact of a name."""
        row = self.session.execute(
            select(ModelArtifactRow).where(ModelArtifactRow.name == name, ModelArtifactRow.active.is_(True))
        ).scalar_one_or_none()
        if row is None:
            return None
        return ModelArtifact(row.name, row.fingerprint, row.data, dict(row.metrics or {}), row.active)

    def active_fingerprint(self, name: str) -> str | None:
        """The fingerprint of the active artifact of a name, without loading its bytes."""
        return self.session.execute(
            select(ModelArtifactRow.fingerprint).where(ModelArtifactRow.name == name,
                                                        ModelArtifactRow.active.is_(True))
        ).scalar_one_or_none()

    def deactivate(self, name: str) -> str | None:
        """Leave no artifact of a name active; returns the fingerprint that was."""
        fingerprint = self.active_fingerprint(name)
        self.session.execute(update(ModelArtifactRow).where(ModelArtifactRow.name == name).values(active=False))
        self.session.flush()
        return fingerprint
