"""Migrations produce exactly the schema the code declares, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from deskpilot.storage import tables
from deskpilot.storage.database import Database
from deskpilot.storage.migrate import current_revision, head_revision, upgrade
from deskpilot.storage.tables import Base
from deskpilot.testing.databases import sqlite_url


def test_migrated_schema_matches_tables(any_db: Database) -> None:
    assert current_revision(any_db.engine) == head_revision()
    with any_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_0003_to_0004_backfills_the_conversation_summary(backend: str, request: pytest.FixtureRequest,
                                                          tmp_path: Path) -> None:
    url = sqlite_url(tmp_path) if backend == "sqlite" else request.getfixturevalue("postgres_url")
    db = Database.from_url(url)
    try:
        upgrade(db.engine, "0003")
        t0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO conversations (id, source, external_id, channel, status, tags, metadata, "
                              "understanding, created_at, updated_at) VALUES (1, 's', 'c1', 'email', 'solved', "
                              "'[]', '{}', '{}', :t, :t), (2, 's', 'c2', 'email', 'open', '[]', '{}', '{}', :t, :t)"),
                         {"t": t0})
            for cid, ext, role, public, minutes in ((1, "m1", "customer", True, 0), (1, "m2", "agent", False, 5),
                                                    (1, "m3", "ai", True, 9), (1, "m4", "agent", True, 30),
                                                    (2, "m1", "agent", True, 0), (2, "m2", "customer", True, 3)):
                conn.execute(text("INSERT INTO messages (conversation_id, external_id, author_role, body, "
                                  "content_type, public, created_at) VALUES (:c, :e, :r, 'x', 'text/plain', :p, :t)"),
                             {"c": cid, "e": ext, "r": role, "p": public, "t": t0 + timedelta(minutes=minutes)})
            conn.execute(text("INSERT INTO drafts (id, conversation_id, text, locale, citations, confidence, "
                              "model_version, prompt_version, kb_version, policy_version, verifier, created_at) "
                              "VALUES (1, 1, 'x', 'en', '[]', 0.9, 'm', 'p', 'k', 'pol', '{}', :t)"), {"t": t0})
            for did, draft in ((1, 1), (2, None)):
                conn.execute(text("INSERT INTO decisions (id, conversation_id, draft_id, outcome, mode, confidence, "
                                  "threshold, rollout_percent, rollout_bucket, reasons, stage_timings, created_at) "
                                  "VALUES (:i, 1, :d, 'review', 'assist', 0.9, 0.5, 100, 1, '[]', '{}', :t)"),
                             {"i": did, "d": draft, "t": t0})
        upgrade(db.engine)
        with db.reader() as uow:
            rows = {r.id: r for r in uow.session.execute(select(tables.ConversationRow)).scalars()}
            first, outbound = rows[1], rows[2]
            assert (first.first_message_at, first.first_customer_at, first.first_reply_at) == (
                t0, t0, t0 + timedelta(minutes=9))  # the private note does not count as a reply
            assert first.person_replied and first.decisions_count == 2 and first.drafted
            assert outbound.first_message_at == t0 and outbound.first_customer_at == t0 + timedelta(minutes=3)
            assert outbound.person_replied and outbound.decisions_count == 0 and not outbound.drafted
    finally:
        db.dispose()
