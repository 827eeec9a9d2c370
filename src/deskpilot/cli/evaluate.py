"""`deskpilot eval replay` and `deskpilot gate calibrate`: shadow evaluation on history and threshold calibration."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import typer

from deskpilot.analytics.formatting import pct
from deskpilot.analytics.metrics import utc_midnight
from deskpilot.cli.common import (
    console,
    err_console,
    load_settings,
    moment_option,
    open_database,
    print_json,
    progress_bar,
    table,
)

if TYPE_CHECKING:
    from deskpilot.services.calibrate import GatePlan
    from deskpilot.services.replay import GroupFigures, ReplayService
    from deskpilot.storage.database import Database

app = typer.Typer(help="Evaluate the pipeline on this deployment's own solved history.", no_args_is_help=True)
gate_app = typer.Typer(help="The gate's confidence thresholds.", no_args_is_help=True)


def _replay_service(db: Database) -> ReplayService:
    from deskpilot.runtime import build_replay_service

    return build_replay_service(db, load_settings())


AGREEMENT_COLUMNS = ["group", "", "replayed", "in-sample", "intent agrees", "top article agrees",
                     "any cited article agrees", "human re-contact"]
AUTO_COLUMNS = ["group", "", "auto now", "correct", "honest defl.", "auto if autonomous", "correct",
                "proj. re-contact", "honest defl."]


def _agreement_rows(groups: list[GroupFigures]) -> list[tuple[object, ...]]:
    return [(g.group, g.key, g.replayed, g.in_sample, pct(g.intent_agreement), pct(g.article_agreement),
             pct(g.article_agreement_any), pct(g.human_recontact_rate)) for g in groups]


def _auto_rows(groups: list[GroupFigures]) -> list[tuple[object, ...]]:
    return [(g.group, g.key, pct(g.would_auto_reply), pct(g.resolution_agreement), pct(g.honest_deflection),
             pct(g.would_auto_reply_autonomous), pct(g.resolution_agreement_autonomous),
             pct(g.projected_recontact_autonomous), pct(g.honest_deflection_autonomous)) for g in groups]


@app.command("replay")
def replay(since: str = typer.Option(..., help="replay conversations created on or after this day (YYYY-MM-DD)"),
           until: str | None = typer.Option(None, help="… up to and including this day"),
           limit: int | None = typer.Option(None, min=1, help="replay at most this many conversations"),
           include_all: bool = typer.Option(False, "--all", help="also replay conversations outside the evaluation "
                                            "slice (in-sample for the intent model)"),
           json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Replay solved history through the pipeline and compare with what the human did (writes nothing)."""
    db = open_database()
    service = _replay_service(db)
    with progress_bar(disable=json_out) as bar:
        task = bar.add_task("replaying", total=None)
        report = service.replay(since=moment_option(since, "--since") or utc_midnight(date.today()),
                                until=moment_option(until, "--until", through=True), limit=limit,
                                include_in_sample=include_all,
            on_total=lambda n: bar.update(task, total=n), on_each=lambda _row: bar.advance(task))
    if json_out:
        print_json(report.to_json())
        return
    if not report.rows:
        err_console.print("[yellow]No solved conversation with a human reply in that window.[/yellow]")
        raise typer.Exit(1)
    held = sum(r.holdout for r in report.rows)
    title = (f"Replay of {len(report.rows)} conversations since {since}: {held} held out, "
             f"{len(report.rows) - held} from outside the evaluation slice; {report.seconds:.1f} s")
    console.print(title)
    console.print(table("Agreement with what the human did", AGREEMENT_COLUMNS, _agreement_rows(report.groups)))
    console.print(table("Would auto-reply", AUTO_COLUMNS, _auto_rows(report.groups)))
    console.print("category: the human's label; locale: as understood. auto now: the gate under current modes; "
                  "autonomous: every category autonomous at 100 % rollout with current thresholds. correct: the "
                  "intent and the top cited article agree with the human; honest defl. = auto share × "
                  "(1 − projected re-contact).")
    for note in report.notes:
        console.print(f"note: {note}")


@gate_app.command("calibrate")
def calibrate_cmd(target_precision: float = typer.Option(0.98, min=0.0, max=1.0,
                                                         help="precision the accepted answers must reach"),
                  min_examples: int = typer.Option(20, min=1, help="eligible examples a cell needs for its own "
                                                   "threshold (else its category's, else the global one)"),
                  min_accepted: int = typer.Option(10, min=1, help="answers a threshold must accept to count"),
                  since: str | None = typer.Option(None, help="replay history created on or after this day "
                                                   "(default: 90 days ago)"),
                  keep_map: bool = typer.Option(False, "--keep-map", help="keep the active confidence map; only "
                                                "choose thresholds on its scale"),
                  dry_run: bool = typer.Option(False, "--dry-run", help="show the plan, write nothing"),
                  actor: str = typer.Option("cli:admin", help="who changes the thresholds (audited)"),
                  json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Fit the confidence map and choose per locale × category thresholds from the replayed evaluation slice;
    writes them unless --dry-run."""
    from deskpilot.services.calibrate import CalibrationService

    db = open_database()
    service = CalibrationService(db, _replay_service(db))
    start = moment_option(since, "--since") or utc_midnight(datetime.now(UTC).date() - timedelta(days=90))
    with progress_bar(disable=json_out) as bar:
        task = bar.add_task("replaying the evaluation slice", total=None)
        plan, report = service.plan(since=start, target_precision=target_precision, min_examples=min_examples,
                                    min_accepted=min_accepted, refit=not keep_map,
                                    on_total=lambda n: bar.update(task, total=n),
                                    on_each=lambda _row: bar.advance(task))
    if not report.rows:
        err_console.print("[yellow]No held-out solved conversation with a human reply since "
                          f"{start.date()}: nothing to calibrate on.[/yellow]")
        raise typer.Exit(1)
    pending = plan.thresholds.changed(_current(db))
    changes = [] if dry_run else service.apply(plan, actor=actor)
    if json_out:
        print_json({**plan.to_json(), "replayed": len(report.rows), "notes": report.notes, "dry_run": dry_run,
                    "would_change": len(pending), "written": [asdict(c) for c in changes]})
        return
    rows = [(c.locale, c.category, c.examples, c.source, c.previous, c.threshold, pct(c.coverage),
             pct(c.precision), "" if c.reachable else "never (target unreachable)") for c in plan.thresholds.cells]
    _print_map(plan)
    console.print(table(f"Thresholds for precision ≥ {target_precision:.2f} from {len(report.rows)} replayed "
                        f"conversations (min {min_examples} eligible examples, min {min_accepted} accepted)",
                        ["locale", "category", "eligible", "from", "previous", "threshold", "coverage",
                         "precision", ""], rows))
    if dry_run:
        console.print(f"dry run: {len(pending)} threshold rows would change; nothing written")
    else:
        console.print(f"{len(changes)} threshold rows written and audited as {actor}")
    console.print("eligible: replayed conversations the gate would auto-reply to at threshold 0; coverage and "
                  "precision: of those in the row's own cell at the planned threshold; from: whose examples set it")
    for note in report.notes:
        console.print(f"note: {note}")


def _print_map(plan: GatePlan) -> None:
    fit = plan.fit
    if fit is None:
        console.print(f"note: {plan.map_note}")
        return
    if plan.use_map:
        state = "new, activated with the thresholds" if plan.map_changed else "unchanged"
    else:
        state = "not used" + (": the map in force is retired" if plan.map_changed else "")
    console.print(f"Confidence map {fit.map.fingerprint} ({state}): P(right) = 1 / (1 + exp(−({fit.map.slope:.3f} · "
                  f"log raw + {fit.map.intercept:.3f}))), fitted on {fit.samples} eligible replayed decisions "
                  f"({fit.correct} right). Out-of-fold ({fit.folds} folds): expected calibration error "
                  f"{fit.ece_raw:.3f} raw → {fit.ece_calibrated:.3f} mapped; Brier {fit.brier_raw:.4f} → "
                  f"{fit.brier_calibrated:.4f}.")
    if plan.map_note:
        console.print(f"note: {plan.map_note}")
    console.print(table("Reliability of the mapped confidence (out-of-fold)",
                        ["confidence", "decisions", "mean confidence", "right"],
                        [(f"{b.low:.1f}–{b.high:.1f}", b.count, f"{b.mean_confidence:.3f}", pct(b.accuracy))
                         for b in fit.reliability]))


def _current(db: Database) -> dict[tuple[str, str], float]:
    with db.reader() as uow:
        return uow.gate_settings.thresholds()
