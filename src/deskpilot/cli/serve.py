"""`deskpilot serve`: the API and console over HTTP."""

from __future__ import annotations

import typer

from deskpilot.cli.common import load_settings
from deskpilot.config import Settings


def run_server(settings: Settings, *, host: str, port: int, worker: bool = False) -> None:
    """Run uvicorn with the app for these settings until interrupted; with ``worker``, a background worker in the
    same process runs the job queue (delivering what reviewers approve)."""
    import threading

    import uvicorn

    from deskpilot.api.app import create_app
    from deskpilot.jobs.worker import Worker

    app = create_app(settings)
    background = Worker(app.state.db, settings) if worker else None
    thread = None
    if background is not None:
        thread = threading.Thread(target=background.run, name="deskpilot-worker", daemon=True)
        thread.start()
    try:
        uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())
    finally:
        if background is not None and thread is not None:
            background.stop()
            thread.join(timeout=10)


def serve(host: str = typer.Option("127.0.0.1", help="address to bind"),
          port: int = typer.Option(8000, help="port to bind"),
          worker: bool = typer.Option(False, "--worker/--no-worker",
                                      help="also run the job queue in this process (one machine, no separate "
                                           "`deskpilot worker`)")) -> None:
    """Serve the API (and OpenAPI docs at /docs) until Ctrl-C."""
    run_server(load_settings(), host=host, port=port, worker=worker)
