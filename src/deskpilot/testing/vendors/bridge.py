"""A local in-house system speaking the generic bridge protocol (``deskpilot.connectors.bridge``), for tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

from deskpilot.connectors.bridge import sign
from deskpilot.testing.loopback import QuietHandler, loopback_server

TOKEN = "bridge-token"
SECRET = "bridge-secret"


@dataclass
class _Failure:
    status: int
    headers: dict[str, str]
    after_write: bool


@dataclass
class BridgeState:
    """The in-house system's conversations, the writes it received and the failures it is told to produce."""

    base_url: str = ""
    conversations: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)  # external id → change sequence
    changed_at: dict[str, datetime] = field(default_factory=dict)
    sequence: int = 0
    failures: list[_Failure] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)  # business actions performed
    lock: threading.Lock = field(default_factory=threading.Lock)

    def touch(self, external_id: str, at: datetime | None = None) -> None:
        """Record a change (the sync cursor follows change sequence numbers)."""
        self.sequence += 1
        self.changed[external_id] = self.sequence
        self.changed_at[external_id] = at or datetime.now().astimezone()

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """A conversation opened by a customer."""
        with self.lock:
            self.conversations[external_id] = {
                "external_id": external_id, "channel": "web_form", "status": "open", "subject": "Order question",
                "created_at": created_at.isoformat(), "tags": [],
                "customer": {"external_id": email, "email": email, "name": "Ana"},
                "messages": [{"external_id": f"{external_id}-1", "author_role": "customer", "body": customer_text,
                              "created_at": created_at.isoformat()}], "metadata": {"fields": {}}}
            self.touch(external_id, created_at)

    def add_customer_message(self, external_id: str, text: str, *, at: datetime) -> None:
        """The customer writes again."""
        with self.lock:
            messages = self.conversations[external_id]["messages"]
            messages.append({"external_id": f"{external_id}-{len(messages) + 1}", "author_role": "customer",
                             "body": text, "created_at": at.isoformat()})
            self.touch(external_id, at)

    def _written(self, external_id: str, public: bool) -> list[str]:
        return [m["body"] for m in self.conversations[external_id]["messages"]
                if m["author_role"] == "agent" and m.get("public", True) is public]

    def public_replies(self, external_id: str) -> list[str]:
        """Public messages written through the API."""
        return self._written(external_id, True)

    def notes(self, external_id: str) -> list[str]:
        """Internal messages written through the API."""
        return self._written(external_id, False)

    def tags(self, external_id: str) -> list[str]:
        """The conversation's tags."""
        return list(self.conversations[external_id]["tags"])

    def status(self, external_id: str) -> str | None:
        """The conversation's status."""
        return str(self.conversations[external_id]["status"])

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Fail the next ``count`` writes."""
        with self.lock:
            self.failures.extend(_Failure(status, dict(headers or {}), after_write) for _ in range(count))

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime,
                       secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """A push naming a conversation, signed like the protocol says."""
        body = json.dumps({"id": delivery_id, "type": "conversation.updated", "external_ids": [external_id]}).encode()
        timestamp = str(int(at.timestamp()))
        return {"X-Deskpilot-Timestamp": timestamp,
                "X-Deskpilot-Signature": sign(secret or SECRET, timestamp, body)}, body


def _handler(state: BridgeState) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if not self._authorised():
                return
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            parts = [p for p in url.path.split("/") if p]
            with state.lock:
                if parts == ["conversations"]:
                    return self._page(query)
                if parts == ["actions"]:
                    key = query.get("idempotency_key")
                    return self._json(200, {"actions": [{"id": a["id"]} for a in state.actions
                                                        if a["idempotency_key"] == key]})
                if len(parts) == 2 and parts[0] == "conversations" and parts[1] in state.conversations:
                    return self._json(200, _outward(state.conversations[parts[1]]))
                if len(parts) == 3 and parts[2] == "messages" and parts[1] in state.conversations:
                    key = query.get("idempotency_key")
                    found = [m for m in state.conversations[parts[1]]["messages"] if m.get("idempotency_key") == key]
                    return self._json(200, {"messages": [{"id": m["external_id"]} for m in found]})
            self._json(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self._body()
            if not self._authorised():
                return
            parts = [p for p in urlparse(self.path).path.split("/") if p]
            if parts == ["actions"]:
                return self._action(body)
            if len(parts) != 3 or parts[2] != "messages" or parts[1] not in state.conversations:
                return self._json(404, {"error": "not found"})
            with state.lock:
                failure = state.failures.pop(0) if state.failures else None
                if failure is not None and not failure.after_write:
                    return self._json(failure.status, {"error": "unavailable"}, failure.headers)
                messages = state.conversations[parts[1]]["messages"]
                message = {"external_id": f"{parts[1]}-{len(messages) + 1}", "author_role": "agent",
                           "body": body["text"], "public": bool(body.get("public", True)),
                           "created_at": datetime.now().astimezone().isoformat(),
                           "idempotency_key": body.get("idempotency_key")}
                messages.append(message)
                state.touch(parts[1])
            if failure is not None:
                return self._json(failure.status, {"error": "unavailable"}, failure.headers)
            self._json(201, {"id": message["external_id"]})

        def do_PATCH(self) -> None:  # noqa: N802 - http.server's naming
            body = self._body()
            if not self._authorised():
                return
            parts = [p for p in urlparse(self.path).path.split("/") if p]
            if len(parts) != 2 or parts[1] not in state.conversations:
                return self._json(404, {"error": "not found"})
            with state.lock:
                conversation = state.conversations[parts[1]]
                conversation["status"] = body.get("status", conversation["status"])
                conversation["tags"] = list(dict.fromkeys([*conversation["tags"], *body.get("tags", [])]))
                conversation["metadata"]["fields"].update(body.get("fields", {}))
                state.touch(parts[1])
            self._json(200, {"external_id": parts[1]})

        def _action(self, body: dict[str, Any]) -> None:
            with state.lock:
                failure = state.failures.pop(0) if state.failures else None
                if failure is not None and not failure.after_write:
                    return self._json(failure.status, {"error": "unavailable"}, failure.headers)
                action = {**body, "id": f"act-{len(state.actions) + 1}"}
                state.actions.append(action)
            if failure is not None:
                return self._json(failure.status, {"error": "unavailable"}, failure.headers)
            self._json(201, {"id": action["id"]})

        def _page(self, query: dict[str, str]) -> None:
            after = int(query.get("cursor") or 0)
            since = query.get("updated_since")
            limit = int(query.get("limit") or 100)
            ordered = sorted((seq, key) for key, seq in state.changed.items() if seq > after)
            if since is not None and after == 0:
                start = datetime.fromisoformat(since)
                ordered = [(seq, key) for seq, key in ordered if state.changed_at[key] >= start]
            page = ordered[:limit]
            cursor = str(page[-1][0]) if page else str(after or state.sequence)
            self._json(200, {"conversations": [_outward(state.conversations[k]) for _, k in page],
                             "next_cursor": cursor, "has_more": len(ordered) > limit})

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._json(401, {"error": "missing or wrong bearer token"})
                return False
            return True

        def _body(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length) or b"{}")  # type: ignore[no-any-return]

        def _json(self, status: int, data: dict[str, Any], headers: Mapping[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def _outward(conversation: dict[str, Any]) -> dict[str, Any]:
    """A conversation as the protocol sends it (the idempotency keys stay inside the in-house system)."""
    return {**conversation, "messages": [{k: v for k, v in m.items() if k != "idempotency_key"}
                                         for m in conversation["messages"]]}


@contextmanager
def bridge_server() -> Iterator[BridgeState]:
    """Serve an in-house system on a free loopback port; ``state.base_url`` is its API root."""
    state = BridgeState()
    with loopback_server(_handler(state)) as base_url:
        state.base_url = base_url
        yield state
