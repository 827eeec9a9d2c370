"""`deskpilot demo …`: build the demo workspace and run its incoming stream."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import typer
from rich.progress import TaskID

from deskpilot.cli.common import console, day_option, err_console, load_settings, print_json, progress_bar, table
from deskpilot.storage.database import Database

app = typer.Typer(help="The demo workspace: a fictional European retailer in five languages.",
                  no_args_is_help=True)


def _fresh_database(keep: bool) -> Database:
    settings = load_settings()
    path = settings.sqlite_path()
    if path is not None and path.exists() and not keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Database.from_settings(settings)


@app.command("build")
def build_cmd(seed: int = typer.Option(7, help="random seed; the same seed builds the same workspace"),
              history: int = typer.Option(2200, help="number of historical conversations"),
              as_of: str | None = typer.Option(None, "--as-of", help="build day YYYY-MM-DD (default: today); "
                                               "order dates and history count back from it"),
              calibrate: bool = typer.Option(True, "--calibrate/--no-calibrate", help="calibrate the gate on the "
                                             "held-out history (confidence map and thresholds)"),
              json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Create a fresh demo workspace (help centre, history, trained intent model, calibrated gate)."""
    report = _build(seed, history, json_out, day_option(as_of, "--as-of"), calibrate=calibrate)
    if json_out:
        print_json(report.to_json())


def _build(seed: int, history: int, quiet: bool, as_of: date | None = None,  # type: ignore[no-untyped-def]
           *, calibrate: bool = True):
    from deskpilot.demo.workspace import build_demo_workspace

    settings = load_settings()
    db = _fresh_database(keep=False)
    with progress_bar(disable=quiet) as bar:
        tasks: dict[str, TaskID] = {}

        def step(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], advance=done, total=total)

        report = build_demo_workspace(db, settings, seed=seed, history=history, progress=step, as_of=as_of,
                                      calibrate=calibrate)
    if not quiet:
        if report.users:
            console.print(table("Console users (one per role; the passwords are shown only now)",
                                ["e-mail", "role", "password"],
                                [(u["email"], u["role"], u["password"]) for u in report.users]))
        m = report.intent_model
        console.print(f"Demo workspace built in {settings.database_url}: {report.articles} articles, "
                      f"{report.history} historical conversations.")
        console.print(f"Intent model {m.fingerprint}: held-out accuracy {m.accuracy:.3f}, ECE {m.ece:.3f}, "
                      f"coverage {m.coverage:.2f} at precision {m.accepted_precision:.3f} ({m.seconds:.1f} s).")
        plan = report.calibration
        if plan is not None:
            cells = {(c.locale, c.category): c for c in plan.thresholds.cells}
            overall = cells.get(("*", "*"))
            fit = plan.fit
            scale = (f"confidence map {fit.map.fingerprint} (ECE {fit.ece_raw:.3f} raw → {fit.ece_calibrated:.3f} "
                     "out-of-fold)" if fit is not None and plan.use_map else f"raw confidence ({plan.map_note})")
            console.print(f"Gate calibrated on the held-out history with the {scale}"
                          + (f"; global threshold {overall.threshold:.3f} for precision ≥ "
                             f"{plan.thresholds.target_precision:.2f}" if overall else "") + ".")
    return report


@app.command("run")
def run_cmd(seed: int = typer.Option(7, help="random seed of the workspace and stream"),
            stream: int = typer.Option(320, help="number of incoming conversations to process"),
            history: int = typer.Option(2200, help="number of historical conversations"),
            keep: bool = typer.Option(False, "--keep", help="reuse an existing workspace instead of rebuilding"),
            serve: bool = typer.Option(True, "--serve/--no-serve", help="serve API and console afterwards"),
            host: str = typer.Option("127.0.0.1", help="address to serve on"),
            port: int = typer.Option(8000, help="port to serve on"),
            json_out: bool = typer.Option(False, "--json", help="print the summary as JSON")) -> None:
    """Build the workspace, process the incoming stream, print a summary, then serve until Ctrl-C."""
    from deskpilot.analytics.decisions import summarize_decisions
    from deskpilot.demo.workspace import demo_as_of, stream_payloads
    from deskpilot.services.stream import ingest_and_process

    settings = load_settings()
    path = settings.sqlite_path()
    if not keep or (path is not None and not path.exists()):
        _build(seed, history, json_out)
    db = Database.from_settings(settings)
    payloads = stream_payloads(seed, stream, demo_as_of(db))
    start = time.perf_counter()
    with progress_bar(disable=json_out) as bar:
        task = bar.add_task("incoming stream", total=len(payloads))
        ids = ingest_and_process(db, settings, payloads, actor="system:demo",
                                 on_job=lambda kind: bar.advance(task) if kind == "process_conversation" else None)
    elapsed = time.perf_counter() - start
    with db.reader() as uow:
        summary = summarize_decisions(uow, conversation_ids=set(ids))
    if json_out:
        print_json({"conversations": len(ids), "seconds": round(elapsed, 2),
                    "categories": [s.to_json() for s in summary]})
    else:
        rows = [(s.category, s.count, s.auto_reply, s.review, s.escalate, s.median_ms,
                 round(s.citations_per_draft, 2)) for s in summary]
        console.print(table(f"Demo stream: {len(ids)} conversations in {elapsed:.1f} s",
                            ["category", "count", "auto_reply", "review", "escalate", "p50 ms", "cites"], rows))
        console.print("p50 ms: median time to decision; cites: citations per draft")
    if serve:
        from deskpilot.cli.serve import run_server

        err_console.print(f"Serving API and console on http://{host}:{port} with a background worker delivering "
                          "approved replies (Ctrl-C to stop); sign in as the reviewer above and open the review queue")
        run_server(settings, host=host, port=port, worker=True)
