"""A loopback server speaking Freshdesk's REST API v2 wire format, for the Freshdesk connector's tests.

It answers, with HTTP Basic auth (API key as user name, any password; 401 ``{"code": "invalid_credentials"}``
otherwise):

* ``GET /api/v2/tickets`` with ``updated_since``, ``order_by`` (created_at, due_by, updated_at, status),
  ``order_type`` (asc, desc; default desc), ``per_page`` (default 30, at most 100), ``page`` and ``include``
  (requester, description, stats); without ``updated_since`` only tickets created in the last 30 days; a
  ``link: <url>; rel="next"`` header while there are more pages;
* ``GET /api/v2/tickets/{id}`` with ``include`` (requester, conversations: the first ten, stats);
* ``GET /api/v2/tickets/{id}/conversations`` (paged like the listing);
* ``POST /api/v2/tickets/{id}/reply`` and ``POST /api/v2/tickets/{id}/notes`` (201 with the conversation and a
  ``Location`` header); ``PUT /api/v2/tickets/{id}`` (status, priority, tags, type, custom fields, ...);
* ``GET /api/v2/agents/me``.

Every response carries ``X-Ratelimit-Total``, ``X-Ratelimit-Remaining`` and ``X-Ratelimit-Used-CurrentRequest``
(includes cost extra credits as documented); an exhausted budget answers 429 with ``Retry-After``. Errors use the
documented body ``{"description": ..., "errors": [{"field", "message", "code"}]}``. Tickets and conversations are
built in the shape of the recorded payloads under ``tests/connectors/payloads/freshdesk/``. Webhooks are signed
as the connector's documentation says: ``X-Deskpilot-Timestamp`` and ``X-Deskpilot-Signature: v1=<hex
HMAC-SHA256(secret, "{timestamp}.{body}")>`` with ``X-Deskpilot-Delivery``, around a ``freshdesk_webhook`` body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from deskpilot.testing.loopback import QuietHandler, loopback_server
from deskpilot.understand.text import html_to_text

STATUSES = {2: "open", 3: "pending", 4: "resolved", 5: "closed"}
PRIORITIES = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
CUSTOM_FIELDS = ("cf_order_number", "cf_refund_reason")  # the account's custom ticket fields
AGENT_ID = 60001112223
SUPPORT_EMAIL = "support@acme.freshdesk.com"
ORDERS = ("created_at", "due_by", "updated_at", "status")
UPDATABLE = frozenset({"name", "email", "subject", "type", "status", "priority", "description", "responder_id",
                       "group_id", "company_id", "product_id", "due_by", "fr_due_by", "cc_emails", "tags",
                       "custom_fields"})
REPLY_FIELDS = frozenset({"body", "from_email", "user_id", "cc_emails", "bcc_emails"})
NOTE_FIELDS = frozenset({"body", "private", "incoming", "notify_emails", "user_id"})


class FreshdeskError(Exception):
    """An API error answered with Freshdesk's error body."""

    def __init__(self, status: int, description: str, *, code: str = "invalid_value", field_name: str | None = None,
                 message: str | None = None, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.code = code
        self.field_name = field_name
        self.message = message or description
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The documented error body."""
        item: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.field_name is not None:
            item = {"field": self.field_name, **item}
        return {"description": self.description, "errors": [item]}


@dataclass
class Failure:
    """A scripted failure of the next write."""

    status: int
    headers: dict[str, str]
    after_write: bool


@dataclass
class Received:
    """A request the server got (after authentication)."""

    method: str
    path: str
    query: dict[str, str]
    body: Any = None


@dataclass
class FreshdeskServer:
    """The account's state: contacts, tickets, conversations, rate-limit budget, scripted failures."""

    api_key: str = "fd-test-api-key"
    webhook_secret: str = "fd-webhook-secret"
    base_url: str = ""
    rate_total: int = 700
    rate_remaining: int = 700
    retry_after_s: int = 30
    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    _next_id: int = 60098700000
    _clock: datetime = datetime(2000, 1, 1, tzinfo=UTC)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # the VendorHarness protocol

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """Create a ticket opened by a customer by e-mail."""
        with self._lock:
            contact = self._contact(email)
            stamp = self._stamp(created_at)
            ticket_id = int(external_id)
            self.tickets[ticket_id] = ticket_payload(ticket_id, contact, customer_text, stamp)
            self.conversations[ticket_id] = []

    def add_customer_message(self, external_id: str, text: str, *, at: datetime, markup: str | None = None) -> None:
        """The requester replies by e-mail (which reopens a pending or resolved ticket); ``markup`` is the HTML."""
        with self._lock:
            ticket = self.tickets[int(external_id)]
            contact = self.contacts[ticket["requester_id"]]
            stamp = self._stamp(at)
            body = markup or f"<div>{html.escape(text)}</div>"
            entry = conversation_payload(self._new_id(), ticket["id"], body, stamp,
                                         private=False, incoming=True, user_id=contact["id"], source=0,
                                         from_email=f"{contact['name']} <{contact['email']}>",
                                         to_emails=[SUPPORT_EMAIL])
            self.conversations[ticket["id"]].append(entry)
            ticket.update(status=2, updated_at=_iso(stamp))

    def public_replies(self, external_id: str) -> list[str]:
        """Texts of the public agent replies."""
        return [e["body_text"] for e in self.conversations.get(int(external_id), [])
                if e["source"] == 0 and not e["private"] and not e["incoming"]]

    def notes(self, external_id: str) -> list[str]:
        """Texts of the private notes."""
        return [e["body_text"] for e in self.conversations.get(int(external_id), []) if e["private"]]

    def tags(self, external_id: str) -> list[str]:
        """The ticket's tags."""
        return list(self.tickets[int(external_id)]["tags"])

    def status(self, external_id: str) -> str | None:
        """The ticket's status name (open, pending, resolved, closed)."""
        return STATUSES.get(self.tickets[int(external_id)]["status"])

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Fail the next ``count`` POST/PUT calls; with ``after_write`` the write happens first."""
        with self._lock:
            self.failures.extend(Failure(status, dict(headers or {}), after_write) for _ in range(count))

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime, secret: str | None = None,
                       event: str = "{ticket_action:created}") -> tuple[dict[str, str], bytes]:
        """An automation webhook about a ticket, signed with the shared secret (or ``secret``)."""
        ticket = self.tickets[int(external_id)]
        contact = self.contacts[ticket["requester_id"]]
        body = json.dumps({"freshdesk_webhook": webhook_payload(ticket, contact, event, self.base_url)}).encode()
        timestamp = str(int(at.timestamp()))
        digest = hmac.new((secret or self.webhook_secret).encode(), timestamp.encode() + b"." + body,
                          hashlib.sha256).hexdigest()
        return ({"Content-Type": "application/json", "X-Deskpilot-Timestamp": timestamp,
                 "X-Deskpilot-Signature": f"v1={digest}", "X-Deskpilot-Delivery": delivery_id}, body)

    # extras for vendor-specific tests

    def load(self, ticket: Mapping[str, Any], conversations: list[dict[str, Any]]) -> None:
        """Store a recorded ticket (with its ``requester``) and its conversations as they are."""
        with self._lock:
            stored = json.loads(json.dumps(ticket))
            requester = stored.pop("requester", None)
            if requester:
                self.contacts[requester["id"]] = requester
            self.tickets[stored["id"]] = stored
            self.conversations[stored["id"]] = json.loads(json.dumps(conversations))
            for item in (stored["created_at"], stored["updated_at"]):
                self._stamp(datetime.fromisoformat(item.replace("Z", "+00:00")))

    def add_agent_reply(self, external_id: str, text: str, *, at: datetime, private: bool = False,
                        markup: str | None = None) -> None:
        """An agent replies (or adds a private note) in the Freshdesk UI; ``markup`` is the HTML body as is."""
        with self._lock:
            self._append(int(external_id), markup or f"<div>{html.escape(text)}</div>", private=private,
                         user_id=AGENT_ID, stamp=self._stamp(at))

    def delete(self, external_id: str) -> None:
        """Remove a ticket for good (later requests about it answer 404)."""
        with self._lock:
            self.tickets.pop(int(external_id), None)
            self.conversations.pop(int(external_id), None)

    def set_rate_limit(self, total: int, remaining: int) -> None:
        """Set the API budget of the current minute."""
        with self._lock:
            self.rate_total, self.rate_remaining = total, remaining

    # internals

    def _contact(self, email: str) -> dict[str, Any]:
        for contact in self.contacts.values():
            if contact["email"] == email:
                return contact
        contact = {"email": email, "id": 60012300000 + len(self.contacts), "mobile": None,
                   "name": email.split("@")[0].replace(".", " ").title(), "phone": None}
        self.contacts[contact["id"]] = contact
        return contact

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _stamp(self, at: datetime | None = None) -> datetime:
        """A timestamp (whole seconds, UTC) never earlier than the last one handed out."""
        if at is None:
            at = max(datetime.now(UTC), self._clock + timedelta(seconds=1))
        at = at.astimezone(UTC).replace(microsecond=0)
        self._clock = max(self._clock, at)
        return at

    def _append(self, ticket_id: int, body: str, *, private: bool, user_id: int, stamp: datetime,
                source: int | None = None) -> dict[str, Any]:
        ticket = self.tickets[ticket_id]
        contact = self.contacts.get(ticket["requester_id"], {})
        public_reply = source == 0 or (source is None and not private)
        entry = conversation_payload(
            self._new_id(), ticket_id, body, stamp, private=private, incoming=False, user_id=user_id,
            source=0 if public_reply else 2, from_email=f"Acme Support <{SUPPORT_EMAIL}>" if public_reply else None,
            to_emails=[contact.get("email")] if public_reply else [])
        self.conversations[ticket_id].append(entry)
        ticket["updated_at"] = _iso(stamp)
        return entry

    def charge(self, credits: int) -> tuple[dict[str, str], FreshdeskError | None]:
        """Spend API credits; the rate-limit headers, and the 429 error when the budget is exhausted."""
        with self._lock:
            if self.rate_remaining < credits:
                error = FreshdeskError(429, "You have exceeded the limit of requests per minute", code="rate_limit",
                                       headers={"Retry-After": str(self.retry_after_s)})
                return self._limit_headers(0), error
            self.rate_remaining -= credits
            return self._limit_headers(credits), None

    def _limit_headers(self, used: int) -> dict[str, str]:
        return {"X-Ratelimit-Total": str(self.rate_total), "X-Ratelimit-Remaining": str(self.rate_remaining),
                "X-Ratelimit-Used-CurrentRequest": str(used), "X-Freshdesk-API-Version": "latest=v2; requested=v2"}

    def next_failure(self) -> Failure | None:
        """The scripted failure of this write, if any."""
        with self._lock:
            return self.failures.pop(0) if self.failures else None

    # the API

    def list_tickets(self, query: Mapping[str, str]) -> tuple[list[dict[str, Any]], bool]:
        """A page of tickets and whether there is another."""
        includes = _includes(query, {"requester", "description", "stats"})
        order_by, order_type = query.get("order_by", "created_at"), query.get("order_type", "desc")
        if order_by not in ORDERS:
            raise FreshdeskError(400, "Validation failed", field_name="order_by",
                                 message=f"It should be one of these values: '{','.join(ORDERS)}'")
        if order_type not in ("asc", "desc"):
            raise FreshdeskError(400, "Validation failed", field_name="order_type",
                                 message="It should be one of these values: 'asc,desc'")
        with self._lock:
            tickets = [t for t in self.tickets.values() if not t.get("spam")]
            since = _date_param(query, "updated_since")
            if since is not None:
                tickets = [t for t in tickets if _parse(t["updated_at"]) >= since]
            else:
                tickets = [t for t in tickets if _parse(t["created_at"]) >= self._clock - timedelta(days=30)]
            tickets.sort(key=lambda t: (t.get(order_by) or "", t["id"]), reverse=order_type == "desc")
            page, more = _page(tickets, query)
            return [self.ticket_view(t, includes, listing=True) for t in page], more

    def ticket_view(self, ticket: dict[str, Any], includes: set[str], *, listing: bool = False) -> dict[str, Any]:
        """A ticket as the API returns it, with what ``include`` asked for."""
        view = dict(ticket)
        if listing and "description" not in includes:
            view.pop("description", None)
            view.pop("description_text", None)
        if "requester" in includes:
            view["requester"] = dict(self.contacts.get(ticket["requester_id"], {}))
        if "conversations" in includes:
            view["conversations"] = [dict(e) for e in self.conversations.get(ticket["id"], [])[:10]]
        if "stats" in includes:
            view["stats"] = {"agent_responded_at": None, "requester_responded_at": None, "first_responded_at": None,
                             "status_updated_at": ticket["updated_at"], "reopened_at": None, "resolved_at": None,
                             "closed_at": None, "pending_since": None}
        return view

    def find_ticket(self, ticket_id: int) -> dict[str, Any]:
        """A ticket, or the 404 error."""
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise FreshdeskError(404, "Resource not found", code="not_found", message="Ticket not found")
        return ticket

    def create_conversation(self, ticket_id: int, body: Any, *, note: bool) -> dict[str, Any]:
        """Create a Reply or Create a Note."""
        allowed = NOTE_FIELDS if note else REPLY_FIELDS
        payload = _object(body)
        _no_unknown(payload, allowed)
        text = payload.get("body")
        if not isinstance(text, str) or not text.strip():
            raise FreshdeskError(400, "Validation failed", code="missing_field", field_name="body",
                                 message="It should be a/an String")
        with self._lock:
            self.find_ticket(ticket_id)
            private = bool(payload.get("private", True)) if note else False
            return self._append(ticket_id, text, private=private, user_id=int(payload.get("user_id") or AGENT_ID),
                                stamp=self._stamp(), source=2 if note else 0)

    def update_ticket(self, ticket_id: int, body: Any) -> dict[str, Any]:
        """Update a Ticket."""
        payload = _object(body)
        _no_unknown(payload, UPDATABLE)
        if "status" in payload and payload["status"] not in STATUSES:
            raise FreshdeskError(400, "Validation failed", field_name="status",
                                 message="It should be one of these values: '2,3,4,5'")
        if "priority" in payload and payload["priority"] not in PRIORITIES:
            raise FreshdeskError(400, "Validation failed", field_name="priority",
                                 message="It should be one of these values: '1,2,3,4'")
        tags = payload.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise FreshdeskError(400, "Validation failed", code="datatype_mismatch", field_name="tags",
                                 message="It should be a/an Array")
        custom = payload.get("custom_fields", {})
        if not isinstance(custom, dict):
            raise FreshdeskError(400, "Validation failed", code="datatype_mismatch", field_name="custom_fields",
                                 message="It should be a/an key/value pair")
        _no_unknown(custom, frozenset(CUSTOM_FIELDS))
        with self._lock:
            ticket = self.find_ticket(ticket_id)
            ticket.update({k: v for k, v in payload.items() if k != "custom_fields"})
            ticket["custom_fields"] = {**ticket.get("custom_fields", {}), **custom}
            ticket["updated_at"] = _iso(self._stamp())
            return dict(ticket)


def ticket_payload(ticket_id: int, contact: Mapping[str, Any], text: str, stamp: datetime) -> dict[str, Any]:
    """A ticket opened by e-mail, in the shape of the recorded ``ticket.json`` (without ``requester``)."""
    return {
        "cc_emails": [], "fwd_emails": [], "reply_cc_emails": [], "email_config_id": None, "fr_escalated": False,
        "group_id": None, "priority": 1, "requester_id": contact["id"], "responder_id": None, "source": 1,
        "spam": False, "status": 2, "subject": text.split("?")[0][:80], "company_id": None, "id": ticket_id,
        "type": None, "to_emails": [SUPPORT_EMAIL], "product_id": None, "created_at": _iso(stamp),
        "updated_at": _iso(stamp), "due_by": _iso(stamp + timedelta(days=2)),
        "fr_due_by": _iso(stamp + timedelta(hours=8)), "is_escalated": False, "association_type": None,
        "description_text": text, "description": f"<div>{html.escape(text)}</div>",
        "custom_fields": dict.fromkeys(CUSTOM_FIELDS), "tags": [], "attachments": [],
    }


def conversation_payload(conversation_id: int, ticket_id: int, body: str, stamp: datetime, *, private: bool,
                         incoming: bool, user_id: int, source: int, from_email: str | None,
                         to_emails: list[Any]) -> dict[str, Any]:
    """A conversation entry in the shape of the recorded ``conversations.json``."""
    return {
        "body": body, "body_text": html_to_text(body), "id": conversation_id, "incoming": incoming,
        "private": private, "user_id": user_id, "support_email": None if private else SUPPORT_EMAIL,
        "source": source, "ticket_id": ticket_id, "to_emails": to_emails, "from_email": from_email,
        "cc_emails": [], "bcc_emails": None, "created_at": _iso(stamp), "updated_at": _iso(stamp),
        "attachments": [], "last_edited_at": None, "last_edited_user_id": None,
    }


def webhook_payload(ticket: Mapping[str, Any], contact: Mapping[str, Any], event: str,
                    base_url: str) -> dict[str, Any]:
    """The ``freshdesk_webhook`` object of an automation, as in the recorded webhook payloads."""
    return {
        "triggered_event": event, "ticket_id": str(ticket["id"]),
        "ticket_url": f"{base_url}/helpdesk/tickets/{ticket['id']}", "ticket_type": ticket.get("type") or "",
        "ticket_subject": ticket.get("subject") or "", "ticket_description": ticket.get("description") or "",
        "ticket_status": STATUSES.get(ticket["status"], "open").title(),
        "ticket_priority": PRIORITIES.get(ticket["priority"], "Low"), "requester_name": contact.get("name") or "",
        "requester_email": contact.get("email") or "",
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _date_param(query: Mapping[str, str], name: str) -> datetime | None:
    value = query.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise FreshdeskError(400, "Validation failed", field_name=name,
                             message="It should be in the 'valid date time' format") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _includes(query: Mapping[str, str], allowed: set[str]) -> set[str]:
    wanted = {part.strip() for part in query.get("include", "").split(",") if part.strip()}
    if wanted - allowed:
        raise FreshdeskError(400, "Validation failed", field_name="include",
                             message=f"It should be one of these values: '{','.join(sorted(allowed))}'")
    return wanted


def _page(items: list[dict[str, Any]], query: Mapping[str, str]) -> tuple[list[dict[str, Any]], bool]:
    try:
        per_page, page = int(query.get("per_page", "30")), int(query.get("page", "1"))
    except ValueError as exc:
        raise FreshdeskError(400, "Validation failed", code="datatype_mismatch", field_name="per_page",
                             message="It should be a/an Positive Integer") from exc
    if not 1 <= per_page <= 100:
        raise FreshdeskError(400, "Validation failed", field_name="per_page",
                             message="It should be a Positive Integer less than or equal to 100")
    if page < 1:
        raise FreshdeskError(400, "Validation failed", field_name="page", message="It should be a Positive Integer")
    start = (page - 1) * per_page
    return items[start:start + per_page], len(items) > start + per_page


def _credits(route: str | None, query: Mapping[str, str]) -> int:
    """API calls a request costs: each embedded resource costs two more on the listing, one more elsewhere."""
    embedded = len([part for part in query.get("include", "").split(",") if part.strip()])
    return 1 + embedded * (2 if route == "list" else 1)


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise FreshdeskError(400, "Validation failed", code="invalid_json", message="Request body has invalid json")
    return body


def _no_unknown(payload: Mapping[str, Any], allowed: frozenset[str]) -> None:
    for key in payload:
        if key not in allowed:
            raise FreshdeskError(400, "Validation failed", code="invalid_field", field_name=key,
                                 message="Unexpected/invalid field in request")


_ROUTES = {
    ("GET", re.compile(r"^/api/v2/tickets$")): "list",
    ("GET", re.compile(r"^/api/v2/tickets/(\d+)$")): "view",
    ("GET", re.compile(r"^/api/v2/tickets/(\d+)/conversations$")): "conversations",
    ("POST", re.compile(r"^/api/v2/tickets/(\d+)/reply$")): "reply",
    ("POST", re.compile(r"^/api/v2/tickets/(\d+)/notes$")): "note",
    ("PUT", re.compile(r"^/api/v2/tickets/(\d+)$")): "update",
    ("GET", re.compile(r"^/api/v2/agents/me$")): "me",
}


def _handler(state: FreshdeskServer) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def serve(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if not self._authenticated():
                return self._send(401, {"code": "invalid_credentials",
                                        "message": "You have to be logged in to perform this action."})
            route, match = self._route(method, url.path)
            limits, limited = state.charge(_credits(route, query))
            if limited is not None:
                return self._fail(limited, limits)
            try:
                body = self._body(method, raw)
                state.received.append(Received(method, url.path, query, body))
                if route is None or match is None:
                    raise FreshdeskError(404, "Resource not found", code="not_found",
                                         message="The requested URL was not found")
                self._dispatch(route, match, query, body, limits)
            except FreshdeskError as error:
                self._fail(error, limits)

        def _dispatch(self, route: str, match: re.Match[str], query: dict[str, str], body: Any,
                      limits: dict[str, str]) -> None:
            if route in ("reply", "note", "update"):
                return self._write(route, int(match.group(1)), body, limits)
            if route == "list":
                tickets, more = state.list_tickets(query)
                return self._send(200, tickets, {**limits, **self._link(query, more)})
            if route == "view":
                includes = _includes(query, {"requester", "conversations", "stats", "company"})
                return self._send(200, state.ticket_view(state.find_ticket(int(match.group(1))), includes), limits)
            if route == "conversations":
                ticket_id = int(match.group(1))
                state.find_ticket(ticket_id)
                page, more = _page(state.conversations.get(ticket_id, []), query)
                return self._send(200, page, {**limits, **self._link(query, more)})
            self._send(200, {"available": True, "occasional": False, "id": AGENT_ID, "ticket_scope": 1,
                             "contact": {"active": True, "email": "marta@acme.example", "name": "Marta Ruiz",
                                         "language": "en", "time_zone": "Madrid"}}, limits)

        def _write(self, route: str, ticket_id: int, body: Any, limits: dict[str, str]) -> None:
            failure = state.next_failure()
            if failure is not None and not failure.after_write:
                return self._fail(FreshdeskError(failure.status, "Scripted failure", code="scripted",
                                                 headers=failure.headers), limits)
            if route == "update":
                result, status = state.update_ticket(ticket_id, body), 200
            else:
                result, status = state.create_conversation(ticket_id, body, note=route == "note"), 201
            if failure is not None:
                return self._fail(FreshdeskError(failure.status, "Scripted failure after the write",
                                                 code="scripted", headers=failure.headers), limits)
            location = {} if status == 200 else {"Location": f"{state.base_url}/api/v2/conversations/{result['id']}"}
            self._send(status, result, {**limits, **location})

        def _authenticated(self) -> bool:
            scheme, _, value = (self.headers.get("Authorization") or "").partition(" ")
            if scheme.lower() != "basic":
                return False
            try:
                user = base64.b64decode(value.strip()).decode().partition(":")[0]
            except ValueError:
                return False
            return hmac.compare_digest(user, state.api_key)

        def _route(self, method: str, path: str) -> tuple[str | None, re.Match[str] | None]:
            for (verb, pattern), name in _ROUTES.items():
                match = pattern.match(path)
                if match and verb == method:
                    return name, match
            return None, None

        def _body(self, method: str, raw: bytes) -> Any:
            if method == "GET":
                return None
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                raise FreshdeskError(415, "Content-Type header is not application/json", code="invalid_content_type")
            try:
                return json.loads(raw or b"null")
            except ValueError as exc:
                raise FreshdeskError(400, "Validation failed", code="invalid_json",
                                     message="Request body has invalid json format") from exc

        def _link(self, query: dict[str, str], more: bool) -> dict[str, str]:
            if not more:
                return {}
            following = {**query, "page": str(int(query.get("page", "1")) + 1)}
            return {"Link": f'<{state.base_url}{urlsplit(self.path).path}?{urlencode(following)}>; rel="next"'}

        def _fail(self, error: FreshdeskError, limits: dict[str, str]) -> None:
            self._send(error.status, error.body(), {**limits, **error.headers})

        def _send(self, status: int, data: Any, headers: Mapping[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def freshdesk_server(api_key: str = "fd-test-api-key",
                     webhook_secret: str = "fd-webhook-secret") -> Iterator[FreshdeskServer]:
    """Serve a Freshdesk account on a free loopback port until the block ends."""
    state = FreshdeskServer(api_key=api_key, webhook_secret=webhook_secret)
    with loopback_server(_handler(state)) as base_url:
        state.base_url = base_url
        yield state
