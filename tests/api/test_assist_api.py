"""Agent assist over HTTP on a small demo workspace: reply suggestions with their citations, their use recorded once
per batch and the uptake per category; similar resolved cases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from deskpilot.api.app import create_app
from deskpilot.config import Settings
from deskpilot.demo.workspace import build_demo_workspace
from deskpilot.storage.database import Database
from deskpilot.testing.databases import sqlite_url
from deskpilot.testing.servers import running_server


@pytest.fixture(scope="module")
def demo_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database]]:
    folder: Path = tmp_path_factory.mktemp("assist")
    settings = Settings(database_url=sqlite_url(folder), embedder="none", environment="test",
                        auth_required=False)  # who may call what: tests/api/test_access.py
    db = Database.from_settings(settings)
    build_demo_workspace(db, settings, seed=9, history=300, calibrate=False)
    with running_server(create_app(settings, db=db)) as base:
        yield base, db
    db.dispose()


def _conversation_with_alternatives(base: str, db: Database) -> tuple[int, list[dict[str, object]]]:
    with db.reader() as uow:
        ids = [c.id for c in uow.conversations.list(limit=30)]
    for conversation_id in ids:
        found = httpx.get(f"{base}/api/conversations/{conversation_id}/suggestions", params={"agent": "agent:li"},
                          timeout=60).json()["suggestions"]
        if len(found) >= 2 and found[0]["kind"] == "draft":
            return int(conversation_id or 0), found
    pytest.fail("no conversation got a draft and an alternative")


def test_suggestions_cite_their_clauses_and_are_offered_once_per_change(demo_api: tuple[str, Database]) -> None:
    base, db = demo_api
    conversation_id, found = _conversation_with_alternatives(base, db)
    assert [s["rank"] for s in found] == list(range(len(found))) and len(found) <= 3
    with db.reader() as uow:
        for suggestion in found:
            assert suggestion["citations"], "every suggestion cites its clauses"
            for citation in suggestion["citations"]:
                clause = uow.knowledge.clause_by_citation(citation["clause_id"])
                assert clause is not None and clause.text == citation["text"]
                assert f"[{citation['number']}]" in suggestion["text"]
    draft_articles = set(found[0]["articles"])
    assert all(not draft_articles & set(alt["articles"]) for alt in found[1:])  # alternatives: other articles
    again = httpx.get(f"{base}/api/conversations/{conversation_id}/suggestions").json()["suggestions"]
    assert [s["id"] for s in again] == [s["id"] for s in found]  # nothing changed: the same batch
    fresh = httpx.post(f"{base}/api/conversations/{conversation_id}/suggestions", timeout=60)
    assert fresh.status_code == 201 and fresh.json()["suggestions"][0]["id"] != found[0]["id"]
    assert httpx.get(f"{base}/api/conversations/999999/suggestions").status_code == 404


def test_using_a_suggestion_records_the_edit_once_and_feeds_the_rates(demo_api: tuple[str, Database]) -> None:
    base, db = demo_api
    conversation_id, found = _conversation_with_alternatives(base, db)
    alternative = found[1]
    sent = str(alternative["text"]).replace("\n\n", "\n\nJust to add: we are here to help.\n\n", 1)
    used = httpx.post(f"{base}/api/suggestions/{alternative['id']}/use", json={"text": sent, "agent": "agent:li"})
    assert used.status_code == 200, used.text
    assert used.json()["edited"] is True and 0 < used.json()["edit_distance"] < 0.5 and used.json()["rank"] == 1
    twice = httpx.post(f"{base}/api/suggestions/{found[0]['id']}/use", json={"text": found[0]["text"]})
    assert twice.status_code == 409
    assert httpx.post(f"{base}/api/suggestions/99999/use", json={"text": "x"}).status_code == 404
    assert httpx.post(f"{base}/api/suggestions/{found[0]['id']}/use", json={"text": ""}).status_code == 422
    rates = httpx.get(f"{base}/api/suggestions/rates", params={"window": "7d"}).json()["categories"]
    assert sum(r["used"] for r in rates) == 1 and sum(r["edited"] for r in rates) == 1
    assert sum(r["alternative"] for r in rates) == 1 and all(r["offered"] >= r["used"] for r in rates)
    with db.reader() as uow:
        events = [e for e in uow.audit.for_conversation(conversation_id) if e.kind.startswith("suggestion")]
    kinds = [e.kind for e in events]
    assert "suggestions.offered" in kinds and kinds.count("suggestion.used") == 1
    payload = next(e.payload for e in events if e.kind == "suggestion.used")
    payload = json.loads(payload) if isinstance(payload, str) else payload
    assert payload["rank"] == 1 and payload["edited"] is True


def test_similar_cases_come_from_earlier_resolved_conversations(demo_api: tuple[str, Database]) -> None:
    base, db = demo_api
    with db.reader() as uow:
        latest = [c for c in uow.conversations.list(limit=200) if c.status.value == "solved"][0]
    response = httpx.get(f"{base}/api/conversations/{latest.id}/similar", params={"k": 3})
    assert response.status_code == 200, response.text
    cases = response.json()["cases"]
    assert 0 < len(cases) <= 3 and all(c["conversation_id"] != latest.id for c in cases)
    with db.reader() as uow:
        for case in cases:
            past = uow.conversations.get(case["conversation_id"])
            assert past is not None and past.created_at < latest.created_at
            assert case["resolution"]["resolution"] == "solved" and case["reply"]
    same = [c["same_locale"] for c in cases]
    assert same == sorted(same, reverse=True)  # same-locale cases first
    assert httpx.get(f"{base}/api/conversations/999999/similar").status_code == 404
    assert httpx.get(f"{base}/api/conversations/{latest.id}/similar", params={"k": 0}).status_code == 422
