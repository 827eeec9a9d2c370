"""Freshdesk connector (REST API v2, https://developers.freshdesk.com/api/).

Authentication is HTTP Basic with the API key as user name and ``X`` as password. Documented endpoints used:

* ``GET /api/v2/tickets?updated_since=ISO&order_by=updated_at&order_type=asc&per_page=N&page=P
  &include=requester,description`` (List All Tickets; pages of at most 100, the ``link`` header carries the
  ``rel="next"`` page while there is one; without ``include=description`` newer accounts get no description);
* ``GET /api/v2/tickets/{id}?include=requester`` (View a Ticket) and ``GET /api/v2/tickets/{id}/conversations
  ?per_page=100&page=P`` (List All Conversations of a Ticket; ``include=conversations`` would stop at ten);
* ``POST /api/v2/tickets/{id}/reply`` ``{"body"}`` (Create a Reply) and ``POST /api/v2/tickets/{id}/notes``
  ``{"body", "private": true}`` (Create a Note);
* ``PUT /api/v2/tickets/{id}`` ``{"status", "tags", "priority", "type", "custom_fields"}`` (Update a Ticket);
* ``GET /api/v2/agents/me`` (View the currently authenticated agent) for ``check()``.

Statuses are 2 open, 3 pending, 4 resolved, 5 closed (custom statuses above 5 are read as pending); priorities
1 low to 4 urgent. Rate limits: every response carries ``X-Ratelimit-Total`` / ``X-Ratelimit-Remaining`` /
``X-Ratelimit-Used-CurrentRequest`` (kept in ``rate_limit``); a 429 carries ``Retry-After`` seconds, honoured by
``VendorHttp``. Errors have the documented body ``{"description", "errors": [{"field", "message", "code"}]}``.

Cursor: Freshdesk has no opaque cursor, so the cursor is ``updated_since=<ISO>&page=<n>``. After each page the
watermark moves to one second before the newest ``updated_at`` read (timestamps have one-second resolution and
whether ``updated_since`` is inclusive is not documented, so the overlap re-reads at most the last second, which
ingest ignores) and the page goes back to 1; only when a whole page shares the watermark's second does the page
number advance. This keeps requests far below the 300-page listing cap and loses nothing when tickets change
while a sync pages through them (a changed ticket moves to the end of the ascending order). A first sync with
neither cursor nor ``since`` reads the whole history (``updated_since`` 1970-01-01).

Exactly-once replies and notes: Freshdesk conversations have no metadata or external id, so the HTML ``body``
deskpilot writes carries a token, ``dp-`` and 32 hex digits of the SHA-256 of the idempotency key, twice: in the
class of the wrapping ``<div class="deskpilot-ref dp-…">`` and in a trailing ``<!-- deskpilot-ref dp-… -->``
comment (both invisible to the customer; two carriers in case Freshdesk's HTML sanitizer drops one). Before
writing, and after a write whose outcome is unknown, the connector lists the ticket's conversations (whose ``body``
is the stored HTML) and reuses the non-incoming reply or private note whose own text (quoted history cut off)
carries the token. Conversations carrying a token are read back as written by deskpilot (``author_role="ai"``).

Webhooks: Freshdesk automations ("Trigger webhook") send a JSON body the admin defines; deskpilot expects the
documented placeholder shape ``{"freshdesk_webhook": {"triggered_event": "{{triggered_event}}", "ticket_id":
"{{ticket.id}}", ...}}`` (``triggered_event`` renders as ``{ticket_action:created}``, ``{note_type:private}``,
``{status:{from:2,to:3}}``...). Freshdesk does not sign webhooks, so the request must pass through a signer (a
Freshworks serverless app or a relay) adding deskpilot's headers, the same scheme as the generic bridge:
``X-Deskpilot-Timestamp: <unix seconds>`` and ``X-Deskpilot-Signature: v1=<hex HMAC-SHA256(webhook_secret,
"{timestamp}.{raw body}")>`` (several comma-separated ``v1=`` values are accepted, for secret rotation), and
optionally ``X-Deskpilot-Delivery: <id>`` (otherwise the delivery id is a digest of timestamp and body, so an
exact replay is recognised). Timestamps further than ``webhook_tolerance_s`` from now are refused. Events whose
property is not in ``webhook_events`` (time entries, satisfaction feedback, ...) are accepted but name no ticket.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any, ClassVar, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from pydantic import Field, SecretStr, field_validator

from deskpilot.connectors.base import (
    Connector,
    ConnectorConfig,
    ConnectorError,
    FetchPage,
    WebhookEvent,
    WebhookRejected,
    exactly_once,
)
from deskpilot.connectors.generic.schema import (
    MAX_BODY_CHARS,
    MAX_MESSAGES,
    GenericConversation,
    GenericCustomer,
    GenericMessage,
)
from deskpilot.connectors.http import VendorHttp
from deskpilot.understand.text import html_to_text

log = logging.getLogger(__name__)

API = "/api/v2"
SIGNATURE = "x-deskpilot-signature"
TIMESTAMP = "x-deskpilot-timestamp"
DELIVERY = "x-deskpilot-delivery"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
OVERLAP = timedelta(seconds=1)
CONVERSATION_PAGE = 100
MAX_PAGES = 300  # the documented cap of list endpoints

Channel = Literal["email", "chat", "web_form", "social", "api"]
Status = Literal["new", "open", "pending", "solved", "closed"]
Role = Literal["customer", "agent", "ai", "system"]

STATUS_CODES = {"new": 2, "open": 2, "pending": 3, "solved": 4, "resolved": 4, "closed": 5}
STATUS_NAMES: dict[int, Status] = {2: "open", 3: "pending", 4: "solved", 5: "closed"}
PRIORITY_CODES = {"low": 1, "medium": 2, "high": 3, "urgent": 4}
PRIORITY_NAMES = {code: name for name, code in PRIORITY_CODES.items()}
TICKET_SOURCES = {1: "email", 2: "portal", 3: "phone", 7: "chat", 9: "feedback_widget", 10: "outbound_email"}
CHANNELS: dict[int, Channel] = {1: "email", 2: "web_form", 7: "chat", 9: "web_form", 10: "email"}
TOP_LEVEL_FIELDS = frozenset({"priority", "type", "group_id", "responder_id", "product_id"})
DEFAULT_WEBHOOK_EVENTS = ("ticket_action", "reply_sent", "note_type", "status", "priority")

_TOKEN = re.compile(r"\bdp-[0-9a-f]{32}\b")
_QUOTE = re.compile(r"<blockquote|class=[\"'][^\"']*quote", re.IGNORECASE)  # quoted history: freshdesk_quote...
_EVENT = re.compile(r"^\{\s*([A-Za-z0-9_]+)\s*:\s*(.*)\}$", re.DOTALL)


class FreshdeskConfig(ConnectorConfig):
    """Where the Freshdesk account is and the secrets deskpilot uses with it (as references)."""

    base_url: str = Field(min_length=1, description="the helpdesk URL, e.g. https://acme.freshdesk.com")
    api_key: SecretStr = Field(description="API key reference (env:NAME or file:/path); sent as Basic user, 'X'")
    webhook_secret: SecretStr | None = Field(default=None, description="HMAC secret reference for webhooks")
    timeout_s: float = Field(default=20.0, gt=0, le=300)
    per_page: int = Field(default=100, ge=1, le=100, description="tickets per listing page (Freshdesk max 100)")
    custom_field_names: dict[str, str] = Field(
        default_factory=dict, description="deskpilot field name -> Freshdesk custom field name, e.g. cf_order_id")
    webhook_events: list[str] = Field(
        default_factory=lambda: list(DEFAULT_WEBHOOK_EVENTS),
        description="triggered_event properties whose webhooks name their ticket (others are acknowledged only)")

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("base_url must be an http(s) URL such as https://acme.freshdesk.com")
        return value.strip().rstrip("/")


@dataclass(frozen=True)
class RateLimit:
    """The API budget Freshdesk reported on its last response."""

    total: int
    remaining: int
    used: int | None = None


@dataclass(frozen=True)
class Position:
    """Where a sync stands: tickets updated since ``since`` (UTC), listing page ``page``."""

    since: datetime
    page: int = 1

    @classmethod
    def parse(cls, cursor: str) -> Position:
        """Read a cursor written by ``encode`` (ConnectorError when it is not one)."""
        try:
            fields = parse_qs(cursor, strict_parsing=True)
            since = _timestamp(fields["updated_since"][0])
            page = int(fields.get("page", ["1"])[0])
        except (KeyError, ValueError, IndexError) as exc:
            raise ConnectorError(f"not a Freshdesk cursor: {cursor!r}") from exc
        if since is None or page < 1:
            raise ConnectorError(f"not a Freshdesk cursor: {cursor!r}")
        return cls(since, page)

    def encode(self) -> str:
        """The cursor string: ``updated_since=<ISO>&page=<n>``."""
        return urlencode({"updated_since": _iso(self.since), "page": self.page})

    def after(self, updated: list[datetime], more: bool) -> Position:
        """Where to continue after a page whose tickets were updated at ``updated``."""
        watermark = max(updated) - OVERLAP if updated else None
        if watermark is not None and watermark > self.since:
            return Position(watermark, 1)
        return Position(self.since, self.page + 1 if more else 1)


class FreshdeskConnector(Connector):
    """Freshdesk tickets and their conversations, replies and private notes, status, tags and custom fields."""

    kind: ClassVar[str] = "freshdesk"
    title: ClassVar[str] = "Freshdesk"
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[ConnectorConfig]] = FreshdeskConfig

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        super().__init__(name, config)
        if not isinstance(config, FreshdeskConfig):
            raise TypeError("the Freshdesk connector takes a FreshdeskConfig")
        self.settings: FreshdeskConfig = config
        self.rate_limit: RateLimit | None = None
        self._http: VendorHttp | None = None

    @property
    def http(self) -> VendorHttp:
        """The vendor client, built (and the API key read) on first use."""
        if self._http is None:
            self._http = VendorHttp(self.settings.base_url, auth=(self.settings.secret("api_key"), "X"),
                                    headers={"Accept": "application/json"}, timeout_s=self.settings.timeout_s)
            self._http.client.event_hooks = {"response": [self._observe]}
        return self._http

    # reading

    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """One page of tickets updated since the cursor (or ``since``), oldest change first, with conversations."""
        position = Position.parse(cursor) if cursor else Position(_utc(since) if since else EPOCH)
        response = self.http.request("GET", f"{API}/tickets", params={
            "updated_since": _iso(position.since), "order_by": "updated_at", "order_type": "asc",
            "per_page": self.settings.per_page, "page": position.page, "include": "requester,description"})
        tickets = _json_list(response)
        more = "next" in response.links and position.page < MAX_PAGES
        conversations = [c for c in (self._with_entries(ticket) for ticket in tickets) if c is not None]
        updated = [stamp for stamp in (_timestamp(t.get("updated_at")) for t in tickets) if stamp is not None]
        return FetchPage(conversations, position.after(updated, more).encode(), more)

    def get(self, external_id: str) -> GenericConversation:
        """One ticket with its requester and every conversation."""
        ticket_id = _ticket_id(external_id)
        ticket = self.http.json("GET", f"{API}/tickets/{ticket_id}", params={"include": "requester"})
        if not isinstance(ticket, dict):
            raise ConnectorError(f"Freshdesk returned no ticket {ticket_id}")
        return self.to_generic(ticket, list(self._entries(ticket_id)))

    def check(self) -> str:
        """Who the API key belongs to, and the API budget left."""
        agent = self.http.json("GET", f"{API}/agents/me")
        contact = agent.get("contact", {}) if isinstance(agent, dict) else {}
        who = contact.get("email") or contact.get("name") or "an agent"
        budget = f"; {self.rate_limit.remaining}/{self.rate_limit.total} API calls left" if self.rate_limit else ""
        return f"authenticated as {who}{budget}"

    def _with_entries(self, ticket: Mapping[str, Any]) -> GenericConversation | None:
        """A listed ticket with its conversations; None when it was deleted since the listing."""
        try:
            return self.to_generic(ticket, list(self._entries(_id(ticket))))
        except ConnectorError as exc:
            if exc.status != 404:
                raise
            log.info("Freshdesk %s: ticket %s disappeared during the sync", self.name, ticket.get("id"))
            return None

    def _entries(self, ticket_id: str) -> Iterator[dict[str, Any]]:
        """Every conversation of a ticket, page by page (oldest first)."""
        for page in range(1, MAX_PAGES + 1):
            response = self.http.request("GET", f"{API}/tickets/{ticket_id}/conversations",
                                         params={"per_page": CONVERSATION_PAGE, "page": page})
            yield from _json_list(response)
            if "next" not in response.links:
                return

    # mapping

    def to_generic(self, ticket: Mapping[str, Any], entries: list[dict[str, Any]]) -> GenericConversation:
        """A Freshdesk ticket and its conversation entries as a generic conversation."""
        created = _timestamp(ticket.get("created_at")) or EPOCH
        messages = [self._description(ticket, created)]
        messages += [self._message(ticket, entry) for entry in sorted(entries, key=_entry_order)]
        if len(messages) > MAX_MESSAGES:
            messages = messages[:1] + messages[-(MAX_MESSAGES - 1):]
        status: Status = STATUS_NAMES.get(_int(ticket.get("status")) or 2, "pending")
        if status == "open" and not any(m.public and m.author_role in ("agent", "ai") for m in messages):
            status = "new"
        return GenericConversation(
            source=self.name, external_id=str(_id(ticket)), channel=CHANNELS.get(_int(ticket.get("source")) or 0,
                                                                                   "api"),
            subject=_clip(ticket.get("subject"), 500), status=status, created_at=created,
            customer=_customer(ticket), category=_clip(ticket.get("type"), 64),
            tags=[str(tag) for tag in (ticket.get("tags") or [])][:50], messages=messages,
            metadata={"freshdesk": self._metadata(ticket)})

    def _description(self, ticket: Mapping[str, Any], created: datetime) -> GenericMessage:
        requester = ticket.get("requester") or {}
        outbound = _int(ticket.get("source")) == 10  # an outbound email is opened by an agent
        text = _text(ticket.get("description_text"), ticket.get("description"))
        body = _with_attachments(text, ticket.get("attachments")) or str(ticket.get("subject") or "") or "(no text)"
        return GenericMessage(
            external_id="description", author_role="agent" if outbound else "customer",
            author_name=None if outbound else _clip(requester.get("name"), 200), body=body[:MAX_BODY_CHARS],
            created_at=created, public=True)

    def _message(self, ticket: Mapping[str, Any], entry: Mapping[str, Any]) -> GenericMessage:
        raw = str(entry.get("body") or "")
        private = bool(entry.get("private"))
        requester = ticket.get("requester") or {}
        role: Role
        name: Any
        if not private and (entry.get("incoming") or entry.get("user_id") == ticket.get("requester_id")):
            role, name = "customer", requester.get("name")
        elif own_token(entry) is not None:
            role, name = "ai", "deskpilot"
        else:
            role, name = "agent", parseaddr(str(entry.get("from_email") or ""))[0] or None
        body = _with_attachments(_text(entry.get("body_text"), raw), entry.get("attachments")) or "(no text)"
        return GenericMessage(
            external_id=f"conversation:{_id(entry)}", author_role=role, author_name=_clip(name, 200),
            body=body[:MAX_BODY_CHARS], created_at=_timestamp(entry.get("created_at")) or EPOCH, public=not private)

    def _metadata(self, ticket: Mapping[str, Any]) -> dict[str, Any]:
        names = {vendor: ours for ours, vendor in self.settings.custom_field_names.items()}
        custom = {names.get(key, key): value for key, value in (ticket.get("custom_fields") or {}).items()}
        return {
            "id": _id(ticket), "url": f"{self.settings.base_url}/a/tickets/{_id(ticket)}",
            "status": ticket.get("status"), "priority": PRIORITY_NAMES.get(_int(ticket.get("priority")) or 0),
            "source": TICKET_SOURCES.get(_int(ticket.get("source")) or 0, ticket.get("source")),
            "group_id": ticket.get("group_id"), "responder_id": ticket.get("responder_id"),
            "company_id": ticket.get("company_id"), "updated_at": ticket.get("updated_at"), "custom_fields": custom}

    # writing

    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """A public reply (e-mailed to the requester), once per idempotency key."""
        return self._write(external_id, text, idempotency_key, note=False)

    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """A private note, once per idempotency key."""
        return self._write(external_id, text, idempotency_key, note=True)

    def _write(self, external_id: str, text: str, idempotency_key: str, *, note: bool) -> str:
        ticket_id = _ticket_id(external_id)
        token = marker_token(idempotency_key)

        def find() -> str | None:
            for entry in self._entries(ticket_id):
                if bool(entry.get("private")) == note and own_token(entry) == token:
                    return f"conversation:{_id(entry)}"
            return None

        def create() -> str:
            path = f"{API}/tickets/{ticket_id}/{'notes' if note else 'reply'}"
            payload: dict[str, Any] = {"body": marked_html(text, token)}
            if note:
                payload["private"] = True
            created = self.http.json("POST", path, json=payload, ok=(200, 201))
            if not isinstance(created, dict) or "id" not in created:
                raise ConnectorError(f"Freshdesk answered POST {path} without a conversation id", retryable=True)
            return f"conversation:{created['id']}"

        return exactly_once(find, create)

    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """Set the status, add tags (kept with the ticket's own: Freshdesk replaces the list) and set fields."""
        ticket_id = _ticket_id(external_id)
        body: dict[str, Any] = {}
        if status is not None:
            body["status"] = status_code(status)
        if fields:
            body.update(self._fields(fields))
        if tags:
            current = self.http.json("GET", f"{API}/tickets/{ticket_id}")
            existing = [str(t) for t in (current or {}).get("tags") or []]
            merged = existing + [t for t in dict.fromkeys(tags) if t not in existing]
            if merged != existing:
                body["tags"] = merged
        if body:
            self.http.request("PUT", f"{API}/tickets/{ticket_id}", json=body)

    def _fields(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Ticket properties and ``custom_fields`` of an update, named as Freshdesk names them."""
        top: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "priority":
                top[key] = priority_code(value)
            elif key in TOP_LEVEL_FIELDS:
                top[key] = value
            else:
                custom[self.settings.custom_field_names.get(key, key)] = value
        return {**top, **({"custom_fields": custom} if custom else {})}

    # webhooks

    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """Refuse a webhook without a valid, recent deskpilot signature."""
        if self.settings.webhook_secret is None or not self.settings.webhook_secret.get_secret_value():
            raise WebhookRejected("no webhook_secret is configured for this Freshdesk instance")
        lowered = {k.lower(): v for k, v in headers.items()}
        timestamp, signature = lowered.get(TIMESTAMP, "").strip(), lowered.get(SIGNATURE, "").strip()
        if not timestamp.isdigit() or not signature:
            raise WebhookRejected("missing X-Deskpilot-Timestamp or X-Deskpilot-Signature")
        if abs(now - int(timestamp)) > self.webhook_tolerance_s:
            raise WebhookRejected("the webhook timestamp is outside the accepted window (a replay?)")
        expected = sign(self.settings.secret("webhook_secret"), timestamp, body)
        if not any(hmac.compare_digest(expected, part.strip()) for part in signature.split(",")):
            raise WebhookRejected("the webhook signature does not match")

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """The ticket an automation webhook is about, or none for events deskpilot does not follow."""
        lowered = {k.lower(): v for k, v in headers.items()}
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise WebhookRejected("the webhook body is not JSON", status=400) from exc
        data = payload.get("freshdesk_webhook", payload) if isinstance(payload, dict) else None
        ticket = str(data.get("ticket_id", "")).strip() if isinstance(data, dict) else ""
        if not ticket.isdigit():
            raise WebhookRejected("the webhook names no Freshdesk ticket_id", status=400)
        assert isinstance(data, dict)
        prop, value = triggered_event(data.get("triggered_event"))
        delivery = lowered.get(DELIVERY, "").strip() or "fd-" + hashlib.sha256(
            lowered.get(TIMESTAMP, "").encode() + b"." + body).hexdigest()[:40]
        if len(delivery) > 200:
            raise WebhookRejected("the delivery id is longer than 200 characters", status=400)
        followed = prop in self.settings.webhook_events
        return WebhookEvent(delivery_id=delivery, kind=f"{prop}:{value}"[:100],
                            external_ids=[str(int(ticket))] if followed else [])

    def _observe(self, response: httpx.Response) -> None:
        """Keep the rate-limit budget Freshdesk reports on every response."""
        total, remaining = response.headers.get("x-ratelimit-total"), response.headers.get("x-ratelimit-remaining")
        if total is None or remaining is None:
            return
        try:
            used = response.headers.get("x-ratelimit-used-currentrequest")
            self.rate_limit = RateLimit(int(total), int(remaining), int(used) if used else None)
        except ValueError:
            return
        if self.rate_limit.remaining <= max(1, self.rate_limit.total // 10):
            log.warning("Freshdesk %s: %d of %d API calls left this minute", self.name, self.rate_limit.remaining,
                        self.rate_limit.total)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Deskpilot-Signature`` value of a body sent at a timestamp."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def marker_token(idempotency_key: str) -> str:
    """The token a write carries in its HTML body so a retry finds it: ``dp-`` and 32 hex digits."""
    return "dp-" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]


def own_token(entry: Mapping[str, Any]) -> str | None:
    """The token of a conversation deskpilot wrote: outgoing, and in its own text rather than quoted history."""
    if entry.get("incoming"):
        return None
    body = str(entry.get("body") or "")
    quote = _QUOTE.search(body)
    match = _TOKEN.search(body[:quote.start()] if quote else body)
    return match.group(0) if match else None


def marked_html(text: str, token: str) -> str:
    """Plain text as Freshdesk HTML (paragraphs, line breaks) wrapped in the invisible marker."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()] or [""]
    inner = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return f'<div class="deskpilot-ref {token}">{inner}</div><!-- deskpilot-ref {token} -->'


def triggered_event(value: Any) -> tuple[str, str]:
    """``{ticket_action:created}`` -> (ticket_action, created); ``{status:{from:2,to:3}}`` -> (status, changed)."""
    match = _EVENT.match(str(value or "").strip())
    if match is None:
        return ("ticket_action", "updated") if not value else ("unknown", "unknown")
    prop, rest = match.group(1), match.group(2).strip()
    return prop, "changed" if rest.startswith("{") else (rest or "unknown")


def status_code(status: str) -> int:
    """A Freshdesk status number from a deskpilot status, a Freshdesk name or a number."""
    key = str(status).strip().lower()
    if key in STATUS_CODES:
        return STATUS_CODES[key]
    if key.isdigit() and int(key) >= 2:
        return int(key)
    raise ConnectorError(f"no Freshdesk status for {status!r}")


def priority_code(priority: Any) -> int:
    """A Freshdesk priority number (1 low .. 4 urgent) from a name or number."""
    key = str(priority).strip().lower()
    if key in PRIORITY_CODES:
        return PRIORITY_CODES[key]
    if key.isdigit() and int(key) in PRIORITY_NAMES:
        return int(key)
    raise ConnectorError(f"no Freshdesk priority for {priority!r}")


def _customer(ticket: Mapping[str, Any]) -> GenericCustomer:
    """The requester (embedded with ``include=requester``, else known by ``requester_id`` only)."""
    requester = ticket.get("requester") or {}
    external = requester.get("id") or ticket.get("requester_id") or "unknown"
    return GenericCustomer(external_id=str(external), name=_clip(requester.get("name"), 200),
                           email=_clip(requester.get("email") or ticket.get("email"), 320),
                           phone=_clip(requester.get("phone") or requester.get("mobile"), 64))


def _text(plain: Any, markup: Any) -> str:
    """The vendor's plain text, else the HTML turned into text."""
    text = str(plain or "").strip()
    return text or (html_to_text(str(markup)) if markup else "")


def _with_attachments(text: str, attachments: Any) -> str:
    """The text followed by one ``[attachment: name (type, size)]`` line per attachment."""
    lines = []
    for item in attachments or []:
        size = item.get("size", item.get("file_size"))
        details = ", ".join(str(p) for p in (item.get("content_type"), f"{size} bytes" if size else None) if p)
        lines.append(f"[attachment: {item.get('name') or 'unnamed'}{f' ({details})' if details else ''}]")
    return "\n".join([text, *lines]).strip() if lines else text


def _entry_order(entry: Mapping[str, Any]) -> tuple[datetime, int]:
    return _timestamp(entry.get("created_at")) or EPOCH, _int(entry.get("id")) or 0


def _json_list(response: httpx.Response) -> list[dict[str, Any]]:
    """The JSON array a list endpoint answers."""
    data = response.json() if response.content else []
    if not isinstance(data, list):
        raise ConnectorError(f"Freshdesk returned {type(data).__name__} where a list was expected")
    return [item for item in data if isinstance(item, dict)]


def _id(item: Mapping[str, Any]) -> str:
    value = item.get("id")
    if value is None:
        raise ConnectorError("a Freshdesk object without an id")
    return str(value)


def _ticket_id(external_id: str) -> str:
    """A ticket id safe to put in a path (Freshdesk ids are numbers)."""
    value = str(external_id).strip()
    if not value.isdigit():
        raise ConnectorError(f"a Freshdesk ticket id is a number, not {external_id!r}")
    return value


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clip(value: Any, limit: int) -> str | None:
    return str(value)[:limit] if value not in (None, "") else None


def _timestamp(value: Any) -> datetime | None:
    """A Freshdesk timestamp (``2026-11-20T09:00:00Z``) as an aware UTC datetime."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return _utc(parsed)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")
