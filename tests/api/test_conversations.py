"""The HTTP API over a real server: ingest, idempotency, read-back and clear errors on bad input."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx

from deskpilot.analytics.facts import bring_up_to_date
from deskpilot.storage.database import Database
from deskpilot.storage.tables import ConversationFactRow

PAYLOAD: dict[str, Any] = {
    "source": "shop-backend",
    "external_id": "T-100",
    "channel": "email",
    "subject": "Rücksendung",
    "created_at": "2026-11-20T09:00:00+00:00",
    "customer": {"external_id": "c-9", "name": "Rūta Kazlauskienė", "email": "ruta.k@example.lt"},
    "messages": [
        {"external_id": "m1", "author_role": "customer", "created_at": "2026-11-20T09:00:00+00:00",
         "body": "Sveiki, noriu grąžinti prekę. Mano el. paštas ruta.k@example.lt, tel. +370 612 34567."},
    ],
}


def _counts(db: Database) -> tuple[int, int]:
    with db.reader() as uow:
        conversations = uow.conversations.count()
        events = uow.audit.count()
    return conversations, events


def test_ingest_is_idempotent_and_reads_back(live_api: tuple[str, Database]) -> None:
    base, db = live_api
    first = httpx.post(f"{base}/api/conversations", json=PAYLOAD)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["created"] and body["new_messages"] == 1 and body["queued"]
    replay = httpx.post(f"{base}/api/conversations", json=PAYLOAD)
    assert replay.status_code == 200 and replay.json() == {**body, "created": False, "new_messages": 0,
                                                          "queued": False}
    follow_up = copy.deepcopy(PAYLOAD)
    follow_up["messages"].append({"external_id": "m2", "author_role": "customer",
                                  "created_at": "2026-11-20T09:05:00+00:00", "body": "Užsakymas #W2611340."})
    assert httpx.post(f"{base}/api/conversations", json=follow_up).json()["new_messages"] == 1

    view = httpx.get(f"{base}/api/conversations/{body['id']}").json()
    assert [m["external_id"] for m in view["messages"]] == ["m1", "m2"]
    assert "ruta.k@example.lt" not in view["messages"][0]["body"]  # redacted view by default
    assert "<EMAIL_1>" in view["messages"][0]["body"]
    original = httpx.get(f"{base}/api/conversations/{body['id']}", params={"redacted": "false"}).json()
    assert "ruta.k@example.lt" in original["messages"][0]["body"]
    assert httpx.get(f"{base}/api/conversations/999999").status_code == 404


def test_html_messages_are_stored_as_text(live_api: tuple[str, Database]) -> None:
    base, _ = live_api
    payload = copy.deepcopy(PAYLOAD)
    payload["external_id"] = "T-html"
    payload["messages"][0].update(content_type="text/html",
                                  body="<p>Hello</p><script>alert(1)</script><p>Where is my order?</p>")
    created = httpx.post(f"{base}/api/conversations", json=payload).json()
    view = httpx.get(f"{base}/api/conversations/{created['id']}", params={"redacted": "false"}).json()
    text = view["messages"][0]["body"]
    assert "Where is my order?" in text and "<script>" not in text and "alert" not in text


def test_malformed_input_gets_actionable_4xx_and_stores_nothing(live_api: tuple[str, Database]) -> None:
    base, db = live_api
    conversations_before, events_before = _counts(db)

    missing = {k: v for k, v in PAYLOAD.items() if k != "customer"}
    r = httpx.post(f"{base}/api/conversations", json=missing)
    assert r.status_code == 422 and any(e["loc"][-1] == "customer" for e in r.json()["errors"])

    naive = copy.deepcopy(PAYLOAD)
    naive["created_at"] = "2026-11-20T09:00:00"
    r = httpx.post(f"{base}/api/conversations", json=naive)
    assert r.status_code == 422 and "timezone" in r.text

    dup = copy.deepcopy(PAYLOAD)
    dup["messages"].append(dict(dup["messages"][0]))
    r = httpx.post(f"{base}/api/conversations", json=dup)
    assert r.status_code == 422 and "appears twice" in r.text

    r = httpx.post(f"{base}/api/conversations", content=b'{"source": "x", ',
                   headers={"content-type": "application/json"})
    assert r.status_code == 422

    r = httpx.post(f"{base}/api/conversations", content=json.dumps(PAYLOAD).encode("utf-8").replace(
        b"Sveiki", b"\xff\xfe"), headers={"content-type": "application/json"})
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]

    huge = copy.deepcopy(PAYLOAD)
    huge["messages"][0]["body"] = "x" * 300_000
    r = httpx.post(f"{base}/api/conversations", json=huge)
    assert r.status_code == 413 and "exceeds" in r.json()["detail"]

    conversations_after, events_after = _counts(db)
    assert conversations_after == conversations_before
    assert events_after == events_before + 6  # every rejection is audited
    with db.reader() as uow:
        kinds = {e.kind for e in uow.audit.iter_chain()}
    assert kinds == {"ingest.rejected"}


def test_openapi_and_health(live_api: tuple[str, Database]) -> None:
    base, _ = live_api
    assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
    spec = httpx.get(f"{base}/openapi.json").json()
    assert "/api/conversations" in spec["paths"] and "/api/kb/search" in spec["paths"]


def test_thread_summary_in_the_agents_locale_from_the_redacted_view(live_api: tuple[str, Database]) -> None:
    base, _ = live_api
    payload = copy.deepcopy(PAYLOAD)
    payload["external_id"] = "T-summary"
    payload["locale"] = "lt"
    payload["messages"] = [
        {"external_id": "s1", "author_role": "customer", "created_at": "2026-11-20T09:00:00+00:00",
         "body": "Sveiki, noriu grąžinti batus, nes jie per maži. Rašykite man ruta.k@example.lt."},
        {"external_id": "s2", "author_role": "agent", "created_at": "2026-11-20T10:00:00+00:00",
         "body": "Laba diena, grąžinimą galite pateikti per 30 dienų nuo pristatymo. Koks jūsų užsakymo numeris?"}]
    created = httpx.post(f"{base}/api/conversations", json=payload).json()
    summary = httpx.get(f"{base}/api/conversations/{created['id']}/summary", params={"locale": "de"})
    assert summary.status_code == 200, summary.text
    body = summary.json()
    assert body["locale"] == "de" and body["text"].startswith("Anliegen:")
    assert "grąžinti batus" in body["request"] and "ruta.k@example.lt" not in body["text"]
    assert body["open_questions"] == ["Koks jūsų užsakymo numeris?"]
    assert "30 dienų" in body["so_far"]
    view = httpx.get(f"{base}/api/conversations/{created['id']}").json()
    assert view["summary"]["locale"] == "lt" and view["summary"]["text"].startswith("Prašymas:")
    assert httpx.get(f"{base}/api/conversations/{created['id']}/summary",
                     params={"locale": "xx"}).status_code == 422
    assert httpx.get(f"{base}/api/conversations/999999/summary").status_code == 404


def test_an_outcome_reported_later_is_stored_once_audited_and_reaches_the_metric_facts(
        live_api: tuple[str, Database]) -> None:
    base, db = live_api
    payload = copy.deepcopy(PAYLOAD)
    payload["external_id"] = "T-outcome"
    created = httpx.post(f"{base}/api/conversations", json=payload).json()["id"]
    bring_up_to_date(db)
    outcome = {"resolution": "solved", "resolved_by": "agent:li", "resolved_at": "2026-11-20T11:00:00+00:00",
               "csat": 4, "handle_seconds": 420}
    first = httpx.put(f"{base}/api/conversations/{created}/outcome", json=outcome, params={"actor": "zendesk"})
    assert first.status_code == 200, first.text
    assert first.json()["changed"] is True and first.json()["csat"] == 4
    again = httpx.put(f"{base}/api/conversations/{created}/outcome", json=outcome)
    assert again.json()["changed"] is False
    with db.reader() as uow:
        stored = uow.outcomes.get(created)
        recorded = [e for e in uow.audit.for_conversation(created) if e.kind == "outcome.recorded"]
    assert stored is not None and (stored.resolved_by, stored.csat, stored.handle_seconds) == ("agent:li", 4, 420)
    assert len(recorded) == 1 and recorded[0].actor == "zendesk"
    bring_up_to_date(db)
    with db.reader() as uow:
        fact = uow.session.get(ConversationFactRow, created)
        assert fact is not None and (fact.solved, fact.resolver, fact.csat) == (1, "human", 4)
    assert httpx.put(f"{base}/api/conversations/{created}/outcome",
                     json={**outcome, "csat": 7}).status_code == 422
    assert httpx.put(f"{base}/api/conversations/999999/outcome", json=outcome).status_code == 404
    assert httpx.put(f"{base}/api/conversations/{created}/outcome",
                     json={**outcome, "recontact_of": 999999}).status_code == 404
