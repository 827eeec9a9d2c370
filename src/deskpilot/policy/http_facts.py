"""Facts from a company's own order system over HTTP: a generic FactsProvider for real deployments.

Contract (the deployment exposes two read-only endpoints; JSON, UTF-8):

``GET {base_url}/orders/{order_id}`` (the id URL-encoded: ``#W1234567`` → ``%23W1234567``)
    200 with an *order* object; 404 when there is no such order.
``GET {base_url}/customers/{customer_id}/orders``
    200 with ``{"orders": [order, ...]}`` (a bare list is accepted too); 404 means no orders.

An *order* object::

    {
      "order_id": "#W1234567",                 # required, string
      "customer_id": "cust-42",                # optional; if given it must be the conversation's customer
      "status": "delivered",                   # required: pending / processed / shipped / delivered / cancelled ...
      "total_eur": 129.90,                     # required, number
      "items": [{"name": "Laptop"}, "Mouse"],  # required: objects with "name", or plain names
      "ordered_at": "2026-10-01T10:00:00Z",    # optional ISO 8601; likewise "shipped_at", "delivered_at"
      "tracking_ids": ["1Z999"],               # optional
      "country": "DE",                         # optional, ISO 3166 alpha-2
      "payment_method": "card"                 # optional: card / paypal / gift_card / bank_transfer ...
    }

Requests carry ``Authorization: Bearer <token>`` (when a token is given) and ``Accept: application/json``.
Timeouts, connection errors, 429 and 5xx are retried ``retries`` times with exponential backoff (a numeric
``Retry-After`` is honoured up to ``max_backoff`` seconds); after that, and at once for 401/403, other 4xx
and malformed responses, :class:`FactsUnavailable` is raised (the pipeline escalates with "tool_failure").
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from deskpilot.domain.models import Conversation
from deskpilot.policy.facts import Facts, OrderFacts, find_order_reference

DEFAULT_ORDER_PATTERN = re.compile(r"#\s?[A-Z]{0,3}\d{4,12}\b", re.IGNORECASE)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FactsUnavailable(RuntimeError):
    """The order system could not be asked or gave an unusable answer."""

    reason = "tool_failure"


class HttpFactsProvider:
    """Looks orders up in a company's order system over HTTP (see the module docstring for the contract)."""

    name = "http"

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 5.0, *, retries: int = 2,
                 backoff: float = 0.5, max_backoff: float = 5.0, order_pattern: re.Pattern[str] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        headers = {"Accept": "application/json", "User-Agent": "deskpilot-facts/1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.base_url = base_url.rstrip("/")
        self.retries, self.backoff, self.max_backoff = max(0, retries), backoff, max_backoff
        self.order_pattern = order_pattern or DEFAULT_ORDER_PATTERN
        self._sleep = sleep
        self._client = httpx.Client(base_url=self.base_url, headers=headers, timeout=httpx.Timeout(timeout))

    def lookup(self, conversation: Conversation, text: str) -> Facts:
        """Facts for the order quoted in the text (if it is the customer's), else the customer's latest order."""
        customer_id = conversation.customer.external_id if conversation.customer else None
        reference = find_order_reference(text, self.order_pattern)
        if reference:
            found = self.order_with_owner(reference)
            if found is None or (found[1] is not None and found[1] != customer_id):
                return Facts(source=self.name, order_reference=reference, how="not_found_for_customer")
            return Facts(source=self.name, order=found[0], order_reference=reference, how="quoted")
        if customer_id:
            orders = self.orders_of(customer_id)
            if orders:
                latest = max(orders, key=lambda o: (o.ordered_at.timestamp() if o.ordered_at else float("-inf"),
                                                     o.order_id))
                return Facts(source=self.name, order=latest, how="most_recent")
        return Facts(source=self.name)

    def order(self, order_id: str) -> OrderFacts | None:
        """The order with this id, or None if the order system does not know it."""
        found = self.order_with_owner(order_id)
        return found[0] if found else None

    def order_with_owner(self, order_id: str) -> tuple[OrderFacts, str | None] | None:
        """The order and its customer id (None if the system does not say), or None if unknown."""
        data = self._get(f"/orders/{quote(order_id, safe='')}")
        return None if data is None else parse_order(data)

    def orders_of(self, customer_id: str) -> list[OrderFacts]:
        """A customer's orders (empty if the order system knows none)."""
        data = self._get(f"/customers/{quote(customer_id, safe='')}/orders")
        if data is None:
            return []
        rows = data.get("orders") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise FactsUnavailable("order system: customer orders must be a list or {\"orders\": [...]}")
        return [parse_order(row)[0] for row in rows]

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def __enter__(self) -> HttpFactsProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _get(self, path: str) -> Any:
        """The JSON body of a GET, None on 404; retries transient failures, else raises FactsUnavailable."""
        problem = ""
        for attempt in range(self.retries + 1):
            delay = min(self.backoff * 2 ** attempt, self.max_backoff)
            try:
                response = self._client.get(path)
            except httpx.TimeoutException:
                problem = "timed out"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
            else:
                if response.status_code == 404:
                    return None
                if response.status_code in (401, 403):
                    raise FactsUnavailable(f"order system GET {path}: HTTP {response.status_code} (check the token)")
                if response.status_code in RETRY_STATUSES:
                    problem = f"HTTP {response.status_code}"
                    delay = _retry_after(response, delay, self.max_backoff)
                elif response.status_code >= 400:
                    raise FactsUnavailable(f"order system GET {path}: HTTP {response.status_code}")
                else:
                    try:
                        return response.json()
                    except ValueError as exc:
                        raise FactsUnavailable(f"order system GET {path}: response is not JSON") from exc
            if attempt < self.retries:
                self._sleep(delay)
        raise FactsUnavailable(f"order system GET {path}: {problem} after {self.retries + 1} attempt(s)")


def parse_order(data: Any) -> tuple[OrderFacts, str | None]:
    """An order object of the contract as OrderFacts plus its customer id; FactsUnavailable if malformed."""
    if not isinstance(data, dict):
        raise FactsUnavailable("order system: an order must be a JSON object")
    try:
        items = [str(i["name"]) if isinstance(i, dict) else str(i) for i in data["items"]]
        facts = OrderFacts(
            order_id=str(data["order_id"]), status=str(data["status"]), total_eur=float(data["total_eur"]),
            items=items, ordered_at=_when(data.get("ordered_at")), shipped_at=_when(data.get("shipped_at")),
            delivered_at=_when(data.get("delivered_at")),
            tracking_ids=[str(t) for t in data.get("tracking_ids") or []],
            country=_opt(data.get("country")), payment_method=_opt(data.get("payment_method")))
    except (KeyError, TypeError, ValueError) as exc:
        raise FactsUnavailable(f"order system: malformed order ({type(exc).__name__}: {exc})") from exc
    return facts, _opt(data.get("customer_id"))


def _when(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _retry_after(response: httpx.Response, default: float, cap: float) -> float:
    try:
        return min(max(float(response.headers.get("Retry-After", "")), 0.0), cap)
    except ValueError:
        return default
