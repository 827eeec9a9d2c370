"""The HTTP API over a real server: ingest, idempotency, read-back and clear errors on bad input."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx

from deskpilot.storage.database import Database

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
