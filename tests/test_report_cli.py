"""`deskpilot report weekly` against a SQLite database: a self-contained HTML file, its JSON, and a PDF when a
headless Chromium is on the PATH.

Two ISO weeks, 12–25 Oct 2026 (long enough ago that every re-contact window has closed), seven people, one intent,
the default €18/h and no AI or platform cost:

* W42: one conversation solved by deskpilot (reply +60 s, CSAT 4), one by a person (reply +300 s, CSAT 2, 600 s of
  handling): deflection 50 %, cost (10 min × €0.30) ÷ 2 = €1.50.
* W43: three solved by deskpilot (CSAT 5, 3, none), one by a person (CSAT 4, 600 s), one left open: deflection
  3/5 = 60 % (+10 pp), cost €3 ÷ 4 = €0.75, CSAT AI 4.00 against 4.00 for people.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from deskpilot.analytics.dashboard import build_dashboard
from deskpilot.cli import app
from deskpilot.config import Settings, get_settings
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.reports.weekly import render_dashboard_body, render_weekly_html, write_weekly_report
from deskpilot.services.ingest import IngestService
from deskpilot.storage.database import Database

WEEKS = ("--weeks", "2", "--until", "2026-10-25")
METRIC_NAMES = ("Deflection and 7-day re-contact", "CSAT AI vs human, matched on intent", "Knowledge freshness",
                "Agent feedback on suggestions", "Cost per resolved contact")


def _conversation(key: str, day: int, reply: tuple[str, int] | None, resolved_by: str | None,
                  csat: int | None = None, handle: int | None = None) -> GenericConversation:
    created = datetime(2026, 10, day, 9, tzinfo=UTC)
    messages = [{"external_id": f"{key}-1", "author_role": "customer", "body": "Where is my order?",
                 "created_at": created.isoformat()}]
    outcome = None
    if reply is not None:
        answered = created + timedelta(seconds=reply[1])
        messages.append({"external_id": f"{key}-2", "author_role": reply[0], "body": "It ships today.",
                         "created_at": answered.isoformat()})
        outcome = {"resolution": "solved", "resolved_by": resolved_by, "resolved_at": answered.isoformat(),
                   "csat": csat, "handle_seconds": handle}
    return GenericConversation.model_validate({
        "source": "cli-test", "external_id": key, "created_at": created.isoformat(), "category": "order_status",
        "status": "solved" if outcome else "open", "customer": {"external_id": key, "email": f"{key}@example.com"},
        "messages": messages, "outcome": outcome})


@pytest.fixture
def report_db(sqlite_db: Database) -> Database:
    IngestService(sqlite_db).ingest_many([
        _conversation("p1", 13, ("ai", 60), "ai", 4),
        _conversation("p2", 14, ("agent", 300), "agent:ona", 2, 600),
        _conversation("q1", 19, ("ai", 30), "ai", 5),
        _conversation("q2", 20, ("ai", 90), "ai", 3),
        _conversation("q3", 21, ("ai", 60), "ai"),
        _conversation("q4", 22, ("agent", 600), "agent:ona", 4, 600),
        _conversation("q5", 23, None, None),
    ], actor="test")
    return sqlite_db


def _run(db: Database, *args: str) -> Result:
    env = {"DESKPILOT_DATABASE_URL": db.engine.url.render_as_string(hide_password=False), "COLUMNS": "200",
           "DESKPILOT_HOURLY_RATE": "18", "DESKPILOT_AI_COST_PER_DECISION": "0", "DESKPILOT_PLATFORM_COST_MONTH": "0"}
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["report", "weekly", *args], env=env)
    finally:
        get_settings.cache_clear()


def _figure(page: str, name: str) -> str:
    match = re.search(rf'<td>{re.escape(name)}</td><td class="num figure-value">([^<]*)</td>', page)
    assert match is not None, f"{name} is not in the report"
    return match.group(1)


def test_weekly_report_is_one_self_contained_html_file(report_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = _run(report_db, "--out", str(out), *WEEKS, "--no-pdf", "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["written"] == [str(out)] and data["files"]["pdf"] is None
    board = data["dashboard"]
    assert (board["start"], board["end"]) == ("2026-10-12T00:00:00+00:00", "2026-10-26T00:00:00+00:00")
    assert [w["week"] for w in board["weeks"]] == ["2026-W42", "2026-W43"]
    assert [w["inbound"] for w in board["weeks"]] == [2, 5]
    assert [w["deflection"] for w in board["weeks"]] == [0.5, 0.6]
    assert [w["honest_deflection"] for w in board["weeks"]] == [0.5, 0.6]  # nobody came back
    assert [w["cost_per_resolved"] for w in board["weeks"]] == [1.5, 0.75]
    assert [w["csat_ai"] for w in board["weeks"]] == [4.0, 4.0]
    assert board["deltas"]["deflection"] == 0.1
    assert board["roi"]["result"]["inputs"]["contacts_month"] == pytest.approx(7 * 30 / 14)

    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<style>" in page
    for pattern in (r"https?://", r"<link\b", r"<script\b", r"\bsrc\s*=", r"@import", r"url\("):
        assert not re.search(pattern, page), pattern
    for name in METRIC_NAMES:
        assert name in page
    assert page.count("<svg") == 6
    assert _figure(page, "Deflection") == "60.0 %" and "+10.0 pp" in page
    assert _figure(page, "Per solved conversation") == "€0.75"
    assert (_figure(page, "CSAT AI"), _figure(page, "CSAT human (matched)")) == ("4.00", "4.00")
    assert "weekly report, 2026-W43" in page


def test_the_report_comes_in_the_language_asked_for(report_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "bericht.html"
    result = _run(report_db, "--out", str(out), *WEEKS, "--no-pdf", "--language", "de")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith('<!doctype html>\n<html lang="de">')
    for text in ("deskpilot-Wochenbericht, 2026-W43", "Wöchentliche Kennzahlen", "Kosten pro gelöstem Kontakt",
                 "Agenten-Feedback zu Vorschlägen", "Erstreaktionszeit", "ISO-Woche", "Anteil der geprüften Entwürfe"):
        assert text in page, text
    for name in (*METRIC_NAMES, "Weekly metrics", "ISO week", "weekly report, 2026-W43"):
        assert name not in page, name
    assert _figure(page, "Automatisierungsquote") == "60.0 %" and page.count("<svg") == 6
    english = tmp_path / "report.html"
    assert _run(report_db, "--out", str(english), *WEEKS, "--no-pdf").exit_code == 0
    assert english.read_text(encoding="utf-8").startswith('<!doctype html>\n<html lang="en">')
    wrong = _run(report_db, "--out", str(out), *WEEKS, "--no-pdf", "--language", "xx")
    assert wrong.exit_code == 2 and "choose one of en, de, es, fr, lt" in wrong.output


def test_the_dashboard_body_renders_in_each_language(report_db: Database) -> None:
    settings = Settings(database_url=report_db.engine.url.render_as_string(hide_password=False), environment="test")
    board = build_dashboard(report_db, settings, weeks=2, until=datetime(2026, 10, 26, tzinfo=UTC))
    assert render_dashboard_body(board) == render_dashboard_body(board, "en")
    headings = {"en": "Weekly metrics", "de": "Wöchentliche Kennzahlen", "fr": "Indicateurs hebdomadaires",
                "es": "Métricas semanales", "lt": "Savaitės rodikliai"}
    axes = {"en": "ISO week", "de": "ISO-Woche", "fr": "Semaine ISO", "es": "Semana ISO", "lt": "ISO savaitė"}
    for language, heading in headings.items():
        body = render_dashboard_body(board, language)
        assert f"<h1>{heading}</h1>" in body and f">{axes[language]}</text>" in body, language
        assert all(f"<h1>{other}</h1>" not in body for other in headings.values() if other != heading), language
    assert '<html lang="lt">' in render_weekly_html(board, "lt")


def test_plain_output_names_the_file_written(report_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "weekly.html"
    result = _run(report_db, "--out", str(out), *WEEKS, "--no-pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Wrote {out}"
    assert out.exists() and not out.with_suffix(".pdf").exists()


def test_a_missing_output_folder_is_a_clear_error(report_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "report.html"
    result = _run(report_db, "--out", str(out), "--no-pdf")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Cannot write the report" in result.stderr and "does not exist" in result.stderr
    assert not out.parent.exists()


@pytest.mark.skipif(not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")),
                    reason="no headless Chromium on the PATH")
def test_pdf_is_printed_beside_the_html(report_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = _run(report_db, "--out", str(out), *WEEKS, "--pdf", "--json")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "report.pdf"
    assert json.loads(result.stdout)["written"] == [str(out), str(pdf)]
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 10_000


def test_a_failing_browser_leaves_the_html_and_says_why(report_db: Database, tmp_path: Path) -> None:
    settings = Settings(database_url=report_db.engine.url.render_as_string(hide_password=False), environment="test")
    board = build_dashboard(report_db, settings, weeks=2, until=datetime(2026, 10, 26, tzinfo=UTC))
    failing = tmp_path / "chromium"
    failing.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    files = write_weekly_report(board, tmp_path / "report.html", pdf=True, browser=str(failing))
    assert files.written == [tmp_path / "report.html"] and files.pdf is None
    assert files.pdf_note == "no PDF: chromium exited with code 3: cannot open display"
    with pytest.raises(ValueError, match="the PDF is written beside it"):
        write_weekly_report(board, tmp_path / "report.pdf")
