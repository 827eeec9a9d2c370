"""Shared fixtures: scratch SQLite and PostgreSQL databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskpilot.storage.database import Database
from deskpilot.testing.databases import migrated_database, scratch_postgres_url, sqlite_url

POSTGRES_ENV = "DESKPILOT_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    """The PostgreSQL URL tests may create databases next to, if configured."""
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = migrated_database(sqlite_url(tmp_path))
    yield db
    db.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    with scratch_postgres_url(admin) as url:
        yield url


@pytest.fixture
def postgres_db(postgres_url: str) -> Iterator[Database]:
    db = migrated_database(postgres_url)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request: pytest.FixtureRequest) -> Database:
    """The same test on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_db")  # type: ignore[no-any-return]
