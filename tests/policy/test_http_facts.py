"""HttpFactsProvider against a real HTTP server on 127.0.0.1: auth, contract, retries, timeouts and errors."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import pytest

from deskpilot.domain.enums import Channel, ConversationStatus
from deskpilot.domain.models import Conversation, Customer
from deskpilot.policy.engine import evaluate
from deskpilot.policy.http_facts import FactsUnavailable, HttpFactsProvider
from deskpilot.policy.rules import builtin_policy

TOKEN = "s3cret"
ORDER = {"order_id": "#W1234567", "customer_id": "cust-1", "status": "pending", "total_eur": 59.9,
         "items": [{"name": "Desk Lamp", "sku": "x"}, "Notebook"], "ordered_at": "2026-10-03T09:00:00Z",
         "tracking_ids": [], "country": "DE", "payment_method": "card"}
OLDER = {**ORDER, "order_id": "#W1111111", "status": "delivered", "ordered_at": "2026-09-01T09:00:00",
         "delivered_at": "2026-09-04T12:00:00+02:00"}


class Handler(BaseHTTPRequestHandler):
    """Routes of a fake order system; `hits` counts requests per path."""

    hits: Counter[str] = Counter()

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 — http.server's naming
        if not self.path.startswith("/api/"):  # the provider keeps the base URL's path
            return self._send(404, {"error": "outside /api"})
        path = unquote(self.path[len("/api"):])
        Handler.hits[path] += 1
        n = Handler.hits[path]
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(401, {"error": "unauthorised"})
        routes: dict[str, tuple[int, Any]] = {
            "/orders/#W1234567": (200, ORDER),
            "/orders/#W1111111": (200, OLDER),
            "/orders/#W2222222": (200, {**ORDER, "order_id": "#W2222222", "customer_id": "someone-else"}),
            "/orders/#W5000503": (503, {}) if n <= 2 else (200, {**ORDER, "order_id": "#W5000503"}),
            "/orders/#W5999999": (502, {}),
            "/orders/#W9999999": (200, {"order_id": "#W9999999", "total_eur": 1, "items": []}),  # no status
            "/customers/cust-1/orders": (200, {"orders": [OLDER, ORDER]}),
            "/customers/cust-2/orders": (200, []),
        }
        if path == "/orders/#W4290000" and n == 1:
            return self._send(429, {}, {"Retry-After": "0"})
        if path == "/orders/#W4290000":
            return self._send(200, {**ORDER, "order_id": "#W4290000"})
        if path == "/orders/#W7777777":
            time.sleep(0.6)
        if path == "/orders/#W8888888":
            return self._send(200, b"<html>oops</html>")
        status, body = routes.get(path, (404, {"error": "not found"}))
        self._send(status, body)

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def provider(server: str) -> Iterator[HttpFactsProvider]:
    sleeps: list[float] = []
    with HttpFactsProvider(server + "/", TOKEN, timeout=2.0, retries=2, backoff=0.01,
                           sleep=sleeps.append) as p:
        p.sleeps = sleeps  # type: ignore[attr-defined]
        yield p


def conversation(customer_id: str | None) -> Conversation:
    customer = Customer(source="email", external_id=customer_id) if customer_id else None
    return Conversation(source="email", external_id="c1", channel=Channel.EMAIL, status=ConversationStatus.NEW,
                        created_at=datetime(2026, 10, 5, tzinfo=UTC), customer=customer)


def test_quoted_order_follows_the_contract(provider: HttpFactsProvider) -> None:
    facts = provider.lookup(conversation("cust-1"), "Where is my order # W1234567 please?")
    assert (facts.source, facts.how, facts.order_reference) == ("http", "quoted", "#W1234567")
    order = facts.order
    assert order is not None
    assert (order.order_id, order.status, order.total_eur, order.items) == ("#W1234567", "pending", 59.9,
                                                                            ["Desk Lamp", "Notebook"])
    assert order.ordered_at == datetime(2026, 10, 3, 9, tzinfo=UTC) and order.delivered_at is None
    assert (order.country, order.payment_method) == ("DE", "card")
    decision = evaluate(builtin_policy("lumio"), "cancel", facts, date(2026, 10, 5))
    assert decision.eligible and decision.clauses == ("en/change-or-cancel-order#1.1",
                                                      "en/change-or-cancel-order#1.4")


def test_other_customers_and_unknown_orders_are_not_disclosed(provider: HttpFactsProvider) -> None:
    mine = conversation("cust-1")
    assert provider.lookup(mine, "order #W2222222").how == "not_found_for_customer"
    unknown = provider.lookup(mine, "order #W0000404")
    assert (unknown.how, unknown.order) == ("not_found_for_customer", None)
    assert provider.order("#W0000404") is None


def test_most_recent_order_without_a_reference(provider: HttpFactsProvider) -> None:
    facts = provider.lookup(conversation("cust-1"), "my parcel has not arrived")
    assert facts.how == "most_recent" and facts.order is not None and facts.order.order_id == "#W1234567"
    older = provider.orders_of("cust-1")[0]
    assert older.delivered_at == datetime(2026, 9, 4, 10, tzinfo=UTC)  # +02:00 normalised
    assert older.ordered_at is not None and older.ordered_at.tzinfo is not None  # naive → UTC
    assert provider.lookup(conversation("cust-2"), "hello").how == "none"
    assert provider.lookup(conversation(None), "hello").order is None


def test_transient_failures_are_retried(provider: HttpFactsProvider) -> None:
    Handler.hits.clear()
    assert provider.order("#W5000503") is not None
    assert Handler.hits["/orders/#W5000503"] == 3
    assert provider.sleeps == [0.01, 0.02]  # type: ignore[attr-defined]
    assert provider.order("#W4290000") is not None  # 429 with Retry-After: 0
    assert provider.sleeps[-1] == 0.0  # type: ignore[attr-defined]


def test_persistent_failures_raise_tool_failure(provider: HttpFactsProvider) -> None:
    Handler.hits.clear()
    with pytest.raises(FactsUnavailable, match="HTTP 502 after 3 attempt") as caught:
        provider.order("#W5999999")
    assert caught.value.reason == "tool_failure" and Handler.hits["/orders/#W5999999"] == 3
    with pytest.raises(FactsUnavailable, match="not JSON"):
        provider.order("#W8888888")
    with pytest.raises(FactsUnavailable, match="malformed order"):
        provider.order("#W9999999")


def test_bad_token_fails_at_once(server: str) -> None:
    Handler.hits.clear()
    with HttpFactsProvider(server, "wrong", retries=3, backoff=0) as p, \
            pytest.raises(FactsUnavailable, match="HTTP 401 \\(check the token\\)"):
        p.order("#W1234567")
    assert Handler.hits["/orders/#W1234567"] == 1


def test_timeouts_and_refused_connections(server: str) -> None:
    with HttpFactsProvider(server, TOKEN, timeout=0.2, retries=0) as p, \
            pytest.raises(FactsUnavailable, match="timed out after 1 attempt"):
        p.order("#W7777777")
    with HttpFactsProvider("http://127.0.0.1:9", TOKEN, timeout=0.5, retries=1, backoff=0) as p, \
            pytest.raises(FactsUnavailable, match="connection failed"):
        p.order("#W1234567")
