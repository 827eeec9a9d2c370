"""Alembic environment: runs migrations on the connection or URL handed over by deskpilot."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from deskpilot.storage.engine import build_engine
from deskpilot.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Run migrations online against the given connection (or a new engine for the URL)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = build_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
