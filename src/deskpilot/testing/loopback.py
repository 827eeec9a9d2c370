"""Loopback HTTP servers for the wire-format fakes: a request handler base and a server running in a thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1, no access log, every method dispatched to ``serve(method)``."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Quiet."""

    def serve(self, method: str) -> None:
        """Answer one request."""
        raise NotImplementedError

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """GET."""
        self.serve("GET")

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        """POST."""
        self.serve("POST")

    def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
        """PUT."""
        self.serve("PUT")

    def do_PATCH(self) -> None:  # noqa: N802 - http.server's naming
        """PATCH."""
        self.serve("PATCH")

    def do_DELETE(self) -> None:  # noqa: N802 - http.server's naming
        """DELETE."""
        self.serve("DELETE")


@contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve a handler class on a free 127.0.0.1 port in a thread until the block ends; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
