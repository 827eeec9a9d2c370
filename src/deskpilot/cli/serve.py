"""`deskpilot serve`: the API and console over HTTP."""

from __future__ import annotations

import typer

from deskpilot.cli.common import load_settings
from deskpilot.config import Settings


def run_server(settings: Settings, *, host: str, port: int) -> None:
    """Run uvicorn with the app for these settings until interrupted."""
    import uvicorn

    from deskpilot.api.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level.lower())


def serve(host: str = typer.Option("127.0.0.1", help="address to bind"),
          port: int = typer.Option(8000, help="port to bind")) -> None:
    """Serve the API (and OpenAPI docs at /docs) until Ctrl-C."""
    run_server(load_settings(), host=host, port=port)
