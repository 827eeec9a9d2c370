"""The audit chain detects any altered or deleted row, through the CLI a person would use."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from typing import ClassVar

import pytest
from sqlalchemy import text

from deskpilot.audit.events import AuditEvent, DecisionMade, UnknownAuditEvent
from deskpilot.services.audit import verify_audit_log
from deskpilot.storage.database import Database


def _fill(db: Database, n: int = 6) -> None:
    with db.uow() as uow:
        for i in range(1, n + 1):
            uow.audit.append(DecisionMade(actor="ai:pipeline", conversation_id=i, outcome="review",
                                          confidence=0.5 + i / 100, reasons=[f"reason {i}"]))
        uow.commit()


def _cli_verify(db: Database) -> subprocess.CompletedProcess[str]:
    url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "DESKPILOT_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "deskpilot", "audit", "verify"], env=env, capture_output=True,
                          text=True, timeout=120)


def test_intact_log_verifies(any_db: Database) -> None:
    _fill(any_db)
    result = _cli_verify(any_db)
    assert result.returncode == 0, result.stderr
    assert "6 events verified" in result.stdout


def test_altered_payload_is_named(any_db: Database) -> None:
    _fill(any_db)
    with any_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET payload = REPLACE(payload, 'review', 'auto_reply') WHERE seq = 4"))
    result = _cli_verify(any_db)
    assert result.returncode == 1
    assert "seq 4" in result.stderr and "altered" in result.stderr


def test_altered_actor_is_named(any_db: Database) -> None:
    _fill(any_db)
    with any_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'agent:mallory' WHERE seq = 2"))
    result = _cli_verify(any_db)
    assert result.returncode == 1 and "seq 2" in result.stderr


def test_deleted_middle_row_is_named(any_db: Database) -> None:
    _fill(any_db)
    with any_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 3"))
    result = _cli_verify(any_db)
    assert result.returncode == 1
    assert "seq 3 is missing" in result.stderr


def test_deleted_last_row_is_detected(any_db: Database) -> None:
    _fill(any_db)
    with any_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 6"))
    result = verify_audit_log(any_db)
    assert not result.ok and result.broken_seq == 6


def test_rehashed_forgery_without_the_head_is_detected(any_db: Database) -> None:
    """Rewriting a row and its own hash still breaks the next row's link."""
    _fill(any_db)
    with any_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET hash = :h WHERE seq = 5"), {"h": "f" * 64})
    result = verify_audit_log(any_db)
    assert not result.ok and result.broken_seq == 5


def test_unregistered_event_kind_is_refused(sqlite_db: Database) -> None:
    @dataclass(frozen=True)
    class Sneaky(AuditEvent):
        kind: ClassVar[str] = "sneaky.event"

    with sqlite_db.uow() as uow, pytest.raises(UnknownAuditEvent):
        uow.audit.append(Sneaky(actor="x"))
