"""Time to decision (p50/p95) and throughput of the pipeline on the demo stream."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Build a scratch workspace, process the demo stream and return the figures."""
    from rich.console import Console

    from deskpilot.analytics.decisions import percentile, summarize_decisions
    from deskpilot.config import Settings
    from deskpilot.demo.workspace import build_demo_workspace, demo_as_of, stream_payloads
    from deskpilot.services.stream import ingest_and_process
    from deskpilot.storage.database import Database

    parser = argparse.ArgumentParser(prog="deskpilot bench pipeline")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--history", type=int, default=2200)
    parser.add_argument("--stream", type=int, default=320)
    parser.add_argument("--database", help="database URL (default: a scratch SQLite file)")
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = Settings(database_url=url)
        db = Database.from_settings(settings)
        err.print(f"building demo workspace ({args.history} history conversations)…")
        build_demo_workspace(db, settings, seed=args.seed, history=args.history)
        payloads = stream_payloads(args.seed, args.stream, demo_as_of(db))
        err.print(f"processing {len(payloads)} incoming conversations…")
        start = time.perf_counter()
        ids = ingest_and_process(db, settings, payloads, actor="bench")
        elapsed = time.perf_counter() - start
        with db.reader() as uow:
            decisions = [d for d in uow.decisions.decisions() if d.conversation_id in set(ids)]
            summary = summarize_decisions(uow, conversation_ids=set(ids))
        db.dispose()
    totals = sorted(float(d.stage_timings.get("total", 0.0)) for d in decisions)
    stages = sorted({k for d in decisions for k in d.stage_timings if k != "total"})
    result = {
        "benchmark": "pipeline",
        "database": "postgresql" if args.database and args.database.startswith("postgres") else "sqlite",
        "conversations": len(ids),
        "decisions": len(decisions),
        "time_to_decision_ms": {"p50": round(statistics.median(totals), 2), "p95": round(percentile(totals, 95), 2),
                                "max": round(totals[-1], 2)},
        "per_stage_p50_ms": {s: round(statistics.median(float(d.stage_timings.get(s, 0.0)) for d in decisions), 2)
                             for s in stages},
        "end_to_end_seconds": round(elapsed, 2),
        "conversations_per_second": round(len(ids) / elapsed, 2),
        "outcomes": {o: sum(1 for d in decisions if d.outcome.value == o)
                     for o in ("auto_reply", "review", "escalate")},
        "categories": [s.to_json() for s in summary],
    }
    if not json_out:
        out = Console()
        out.print(f"pipeline on {result['conversations']} conversations ({result['database']}):")
        out.print(f"  time to decision p50 {result['time_to_decision_ms']['p50']} ms, "
                  f"p95 {result['time_to_decision_ms']['p95']} ms")
        out.print(f"  per stage p50 (ms): {result['per_stage_p50_ms']}")
        out.print(f"  end to end (ingest + queue + pipeline + write): {result['conversations_per_second']} "
                  f"conversations/s")
        out.print(f"  outcomes: {result['outcomes']}")
    return result
