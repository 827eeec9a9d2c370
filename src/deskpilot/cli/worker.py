"""`deskpilot worker`: run background jobs."""

from __future__ import annotations

import signal

import typer

from deskpilot.cli.common import err_console, load_settings, open_database


def worker(once: bool = typer.Option(False, "--once", help="exit when the queue is empty"),
           max_jobs: int | None = typer.Option(None, help="exit after this many jobs"),
           lease: float | None = typer.Option(None, help="lease seconds (default from settings)"),
           worker_id: str | None = typer.Option(None, help="identifier shown in job locks"),
           import_modules: list[str] = typer.Option([], "--import", help="extra module registering handlers"),
           ) -> None:
    """Claim and run jobs (processing, delivery) until stopped."""
    from deskpilot.jobs.registry import load_handlers
    from deskpilot.jobs.worker import Worker

    settings = load_settings()
    db = open_database(settings)
    w = Worker(db, settings, handlers=load_handlers(tuple(import_modules)), worker_id=worker_id,
               lease_seconds=lease)
    signal.signal(signal.SIGTERM, lambda *_: w.stop())
    err_console.print(f"worker {w.worker_id} started ({', '.join(sorted(w.handlers))})")
    try:
        handled = w.run(drain=once, max_jobs=max_jobs,
                        on_job=lambda job, status: err_console.print(f"job {job.id} {job.kind}: {status}"))
    except KeyboardInterrupt:
        handled = -1
    err_console.print(f"worker {w.worker_id} stopped after {handled} jobs")
