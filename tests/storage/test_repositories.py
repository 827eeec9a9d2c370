"""The repository contract on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import pytest

from deskpilot.storage.database import Database
from deskpilot.testing.repositories import RepositoryContract


class TestSQLiteRepositories(RepositoryContract):
    @pytest.fixture
    def db(self, sqlite_db: Database) -> Database:
        return sqlite_db


@pytest.mark.postgres
class TestPostgresRepositories(RepositoryContract):
    @pytest.fixture
    def db(self, postgres_db: Database) -> Database:
        return postgres_db
