"""Connector instances and the webhook deliveries they accepted."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from deskpilot.storage.tables import ConnectorInstanceRow, WebhookDeliveryRow, utcnow


@dataclass
class ConnectorInstance:
    """A configured connector as stored."""

    name: str
    kind: str
    settings: dict[str, Any]
    cursor: str | None = None
    last_sync_at: datetime | None = None
    last_error: str | None = None


class ConnectorRepository:
    """Connector instances by name."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, name: str, kind: str, settings: dict[str, Any]) -> ConnectorInstance:
        """Insert or replace an instance's kind and settings (its cursor is kept when the kind is unchanged)."""
        row = self.session.get(ConnectorInstanceRow, name)
        if row is None:
            row = ConnectorInstanceRow(name=name, kind=kind, settings=settings)
            self.session.add(row)
        else:
            if row.kind != kind:
                row.cursor = None
            row.kind, row.settings, row.updated_at = kind, settings, utcnow()
        self.session.flush()
        return _instance(row)

    def get(self, name: str) -> ConnectorInstance | None:
        """One instance."""
        row = self.session.get(ConnectorInstanceRow, name)
        return None if row is None else _instance(row)

    def list(self) -> builtins.list[ConnectorInstance]:
        """Every instance by name."""
        rows = self.session.execute(select(ConnectorInstanceRow).order_by(ConnectorInstanceRow.name)).scalars()
        return [_instance(r) for r in rows]

    def set_cursor(self, name: str, cursor: str | None, *, error: str | None = None) -> None:
        """Record where a sync got to (and its last error, or none)."""
        row = self.session.get(ConnectorInstanceRow, name)
        if row is None:
            raise KeyError(name)
        row.cursor, row.last_sync_at, row.last_error = cursor, utcnow(), error
        self.session.flush()

    def set_error(self, name: str, error: str | None) -> None:
        """Record a failure (or clear it) without moving the cursor."""
        row = self.session.get(ConnectorInstanceRow, name)
        if row is not None:
            row.last_error = error
            self.session.flush()

    def accept_delivery(self, connector: str, delivery_id: str, kind: str) -> bool:
        """Record a webhook delivery; False when it was accepted before (a replay)."""
        exists = self.session.execute(select(WebhookDeliveryRow.id).where(
            WebhookDeliveryRow.connector == connector, WebhookDeliveryRow.delivery_id == delivery_id)).first()
        if exists is not None:
            return False
        try:
            with self.session.begin_nested():
                self.session.add(WebhookDeliveryRow(connector=connector, delivery_id=delivery_id, kind=kind))
        except IntegrityError:  # a concurrent delivery of the same id won
            return False
        return True


def _instance(row: ConnectorInstanceRow) -> ConnectorInstance:
    return ConnectorInstance(row.name, row.kind, dict(row.settings), row.cursor, row.last_sync_at, row.last_error)
