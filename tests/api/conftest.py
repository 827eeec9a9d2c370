"""A real uvicorn server on a free loopback port for API tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from deskpilot.api.app import create_app
from deskpilot.config import Settings
from deskpilot.storage.database import Database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_api(any_db: Database) -> Iterator[tuple[str, Database]]:
    """Base URL of a running server backed by a migrated database."""
    url = any_db.engine.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, max_body_bytes=200_000, environment="test")
    app = create_app(settings, db=any_db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    yield base, any_db
    server.should_exit = True
    thread.join(timeout=10)
