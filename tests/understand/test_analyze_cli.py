"""`deskpilot analyze`: one message or JSON Lines, with and without a trained intent model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _analyze(tmp: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESKPILOT_DATABASE_URL": f"sqlite:///{tmp / 'none.db'}"}
    return subprocess.run([sys.executable, "-m", "deskpilot", "analyze", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120)


def test_one_message_as_json(tmp_path: Path) -> None:
    text = ("Hallo,\n\nmeine Bestellung #W2378156 ist immer noch nicht da, das ist eine Zumutung! "
            "Ich gehe zum Anwalt. Rufen Sie mich an: 0151 23456789.\n\nMit freundlichen Grüßen\nAnna Schmidt")
    result = _analyze(tmp_path, text, "-", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["locale"] == "de" and data["locale_detected"]
    assert "<PHONE_1>" in data["redacted_text"] and "#W2378156" in data["redacted_text"]
    assert {e["type"] for e in data["pii"]} == {"PHONE", "NAME"}
    assert data["intent"] == "unknown" and data["intent_model"] == "none"
    assert data["sentiment"]["label"] == "negative"
    assert data["urgency"]["level"] == "high" and any("anwalt" in e for e in data["urgency"]["evidence"])
    assert "intents will be 'unknown'" in " ".join(result.stderr.split())  # Rich wraps long paths


def test_jsonl_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = ['{"id": "a", "text": "Where is my refund? It has been three weeks."}', "not json",
             '{"text": 5}', '{"id": "b", "text": "Kur mano siuntinys? Jau savaitė laukiu."}']
    result = _analyze(tmp_path, "\n".join(lines) + "\n", "--jsonl")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4]
    assert out[0]["id"] == "a" and out[0]["locale"] == "en"
    assert "not valid JSON" in out[1]["error"] and "text" in out[2]["error"]
    assert out[3]["id"] == "b" and out[3]["locale"] == "lt"


def test_empty_input_is_an_error(tmp_path: Path) -> None:
    result = _analyze(tmp_path, "  \n", "-")
    assert result.returncode == 2 and "empty" in result.stderr
