"""`deskpilot kb …` end to end on a real SQLite file: import drafts, publish, list, show, search across locales."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskpilot.demo.workspace import demo_articles_path

SAMPLES = Path(__file__).parent / "samples"


def _kb(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESKPILOT_DATABASE_URL": f"sqlite:///{tmp / 'kb.db'}", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "deskpilot", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=tmp)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("kb")
    assert _kb(tmp, "db", "upgrade").returncode == 0
    english = _kb(tmp, "kb", "import", str(demo_articles_path() / "en"), "--publish", "--json")
    assert english.returncode == 0, english.stderr
    assert len(json.loads(english.stdout)) == 16
    drafts = _kb(tmp, "kb", "import", str(SAMPLES / "html"), "--format", "html", "--json")
    assert drafts.returncode == 0, drafts.stderr
    return tmp


def test_import_stores_drafts_unless_published(workspace: Path) -> None:
    listed = json.loads(_kb(workspace, "kb", "list", "--json").stdout)
    states = {a["key"]: a["state"] for a in listed}
    assert states["de/returns"] == "draft" and states["en/refunds"] == "published"
    assert {a["key"] for a in json.loads(_kb(workspace, "kb", "list", "--state", "draft", "--json").stdout)} == \
        {"de/returns"}
    stale = {a["key"] for a in listed if a["review_due"]}
    assert {"en/warranty", "en/promo-codes-gift-cards"} <= stale and "en/refunds" not in stale


def test_show_lists_clauses_with_versioned_ids(workspace: Path) -> None:
    shown = json.loads(_kb(workspace, "kb", "show", "en/refunds", "--json").stdout)
    assert shown["version"] == 1 and shown["state"] == "published"
    assert all(c["clause_id"].startswith("en/refunds#") and c["clause_id"].endswith("@v1") for c in shown["clauses"])
    missing = _kb(workspace, "kb", "show", "en/nothing")
    assert missing.returncode == 1 and "No article 'en/nothing'" in missing.stderr


def test_search_prints_ranked_clauses_and_json(workspace: Path) -> None:
    found = json.loads(_kb(workspace, "kb", "search", "how long until my card refund shows up", "--locale", "en",
                           "-k", "3", "--json").stdout)
    assert len(found) == 3 and [r["rank"] for r in found] == [1, 2, 3]
    assert {"clause_id", "article_id", "version", "score", "text"} <= set(found[0])
    assert found[0]["article_id"] == "en/refunds" and not found[0]["cross_locale"]
    table = _kb(workspace, "kb", "search", "return label", "--locale", "en")
    assert table.returncode == 0 and "rank" in table.stdout and "en/returns-policy#" in table.stdout


def test_draft_is_not_searchable_until_published_from_the_cli(workspace: Path) -> None:
    query = ("Rückgabe Frankreich", "--locale", "de", "--json")
    assert json.loads(_kb(workspace, "kb", "search", *query).stdout) == []
    assert _kb(workspace, "kb", "submit", "de/returns").returncode == 0
    published = _kb(workspace, "kb", "publish", "de/returns", "--json")
    assert json.loads(published.stdout) == {"article": "de/returns", "version": 1, "state": "published"}
    assert json.loads(_kb(workspace, "kb", "search", *query).stdout)[0]["article_id"] == "de/returns"
    refused = _kb(workspace, "kb", "submit", "de/returns")
    assert refused.returncode == 1 and "cannot become in_review" in refused.stderr


def test_cross_locale_fallback_finds_english_for_a_lithuanian_question_and_says_so(workspace: Path) -> None:
    question = ("Per kiek dienų grąžinami pinigai už grąžintą prekę?", "--locale", "lt", "-k", "3")
    assert json.loads(_kb(workspace, "kb", "search", *question, "--json").stdout) == []
    found = json.loads(_kb(workspace, "kb", "search", *question, "--cross-locale", "--json").stdout)
    assert found and found[0]["cross_locale"] and found[0]["locale"] == "en"
    assert found[0]["article_id"] in {"en/refunds", "en/returns-policy"}
    shown = _kb(workspace, "kb", "search", *question, "--cross-locale")
    assert "another locale" in shown.stdout


def test_bad_input_is_a_clear_error(workspace: Path) -> None:
    unknown = _kb(workspace, "kb", "import", str(SAMPLES), "--format", "docx")
    assert unknown.returncode == 2 and "unknown format 'docx'" in unknown.stderr
    missing = _kb(workspace, "kb", "import", str(workspace / "nope.jsonl"), "--format", "jsonl", "--locale", "en")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
