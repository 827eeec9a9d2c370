"""The command line a person uses: help, the demo run and the pipeline benchmark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

COMMANDS = ("analyze", "db", "demo", "kb", "audit", "train", "modes", "ingest", "show", "process", "worker", "serve",
            "bench", "version", "policy", "eval", "gate", "metrics", "roi", "report", "drafting", "connectors",
            "users")


def _run(args: list[str], tmp_path: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESKPILOT_DATABASE_URL": f"sqlite:///{tmp_path / 'deskpilot.db'}",
           "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "deskpilot", *args], cwd=Path(__file__).parents[1], env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_help_lists_every_command_with_a_line(tmp_path: Path) -> None:
    result = _run(["--help"], tmp_path)
    assert result.returncode == 0
    for command in COMMANDS:
        line = next((ln for ln in result.stdout.splitlines() if ln.strip().startswith(command + " ")), None)
        assert line is not None and len(line.split()) > 1, f"{command} missing from --help"


def test_demo_run_without_serving_prints_the_summary(tmp_path: Path) -> None:
    result = _run(["demo", "run", "--no-serve", "--history", "500", "--stream", "40", "--seed", "3"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    for word in ("category", "auto_reply", "review", "escalate", "median time to decision", "p50 ms", "cites"):
        assert word in result.stdout
    shown = _run(["show", "510", "--json"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    view = json.loads(shown.stdout)
    assert view["decision"]["outcome"] in {"auto_reply", "review", "escalate"}
    trail = _run(["audit", "show", "--conversation", "510"], tmp_path)
    assert trail.returncode == 0 and "decision.made" in trail.stdout
    assert _run(["audit", "verify"], tmp_path).returncode == 0


def test_pipeline_benchmark_prints_figures(tmp_path: Path) -> None:
    result = _run(["bench", "pipeline", "--json", "--history", "400", "--stream", "30"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout)
    assert figures["conversations"] == 30 and figures["decisions"] == 30
    assert 0 < figures["time_to_decision_ms"]["p50"] <= figures["time_to_decision_ms"]["p95"]
    assert figures["conversations_per_second"] > 0
