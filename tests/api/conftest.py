"""A real uvicorn server on a free loopback port for API tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deskpilot.api.app import create_app
from deskpilot.config import Settings
from deskpilot.storage.database import Database
from deskpilot.testing.servers import running_server


@pytest.fixture
def live_api(any_db: Database) -> Iterator[tuple[str, Database]]:
    """Base URL of a running server backed by a migrated database."""
    url = any_db.engine.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, max_body_bytes=200_000, environment="test",
                        auth_required=False)  # who may call what: tests/api/test_access.py
    with running_server(create_app(settings, db=any_db)) as base:
        yield base, any_db
