"""Scratch databases for tests: a temporary SQLite file or a throw-away PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from deskpilot.storage.database import Database
from deskpilot.storage.migrate import upgrade


@contextmanager
def scratch_postgres_url(admin_url: str) -> Iterator[str]:
    """Create a uniquely named database next to ``admin_url``'s, yield its URL, drop it afterwards."""
    url = make_url(admin_url)
    name = f"deskpilot_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def sqlite_url(folder: Path, name: str = "deskpilot.db") -> str:
    """A SQLite URL for a file inside a folder."""
    return f"sqlite:///{folder / name}"


def migrated_database(url: str) -> Database:
    """A database at the URL with the schema migrated to head."""
    db = Database.from_url(url)
    upgrade(db.engine)
    return db
