"""Zendesk Support: tickets and their comments in, public replies, internal notes, status, tags and custom fields
out, and event-subscription webhooks verified against the webhook's signing secret.

Documented Zendesk API parts this connector implements (developer.zendesk.com):

- Auth: HTTP Basic with ``{email}/token:{api_token}`` ("API token" authentication, Ticketing API introduction).
- Read: the cursor-based Incremental Ticket Export ``GET /api/v2/incremental/tickets/cursor.json`` with
  ``start_time`` (Unix seconds) on the first request and ``cursor=<after_cursor>`` afterwards, ``per_page`` and
  ``include=users``; the response carries ``tickets``, ``users``, ``after_cursor`` and ``end_of_stream``
  ("Incremental Exports" reference and "Using the Incremental Export API"). The last ``after_cursor`` is the saved
  sync cursor, so the next sync asks only for tickets changed since. Tickets with status ``deleted`` are skipped.
- Each ticket's thread: ``GET /api/v2/tickets/{id}/comments.json?include=users`` (``comments`` with ``id``,
  ``author_id``, ``body``, ``html_body``, ``plain_body``, ``public``, ``attachments``, ``via``, ``created_at``),
  following ``next_page`` (offset pagination) or ``links.next`` while ``meta.has_more`` (cursor pagination), only on
  the configured host; ``GET /api/v2/tickets/{id}.json?include=users`` for one ticket; ``GET /api/v2/users/{id}.json``
  for an author the side-load missed. A user's ``role`` decides the message's author: ``end-user`` is the customer,
  ``agent``/``admin`` an agent; comments added by business rules (``via.channel`` ``rule``/``system``) are system
  messages. Ticket ``status`` new/open/pending/hold/solved/closed maps to new/open/pending/pending/solved/closed.
- Write: ``PUT /api/v2/tickets/{id}.json`` with ``{"ticket": {"comment": {"body", "public"}, "metadata": {...}}}``
  for replies (``public: true``) and internal notes (``public: false``). Custom audit metadata goes in the ticket
  object's ``metadata`` and comes back as the audit's ``metadata.custom`` (Tickets reference, "Setting Metadata"), so
  every comment deskpilot writes carries ``deskpilot_key``; ``GET /api/v2/tickets/{id}/audits.json`` (cursor
  pagination, ``page[size]``) finds an earlier write with the same key before writing again (exactly once). The
  write is not retried blindly on 5xx or time-outs. Status, tags and custom fields (``custom_fields: [{id,
  value}]``, ids from ``custom_field_ids``) go through the same PUT, which is idempotent and retried.
- Rate limits: 429 with ``Retry-After`` seconds ("Rate limits"), honoured by ``VendorHttp``.
- Webhooks: ``X-Zendesk-Webhook-Signature`` = base64(HMAC-SHA256(signing secret, ``X-Zendesk-Webhook-Signature-
  Timestamp`` + raw body)) ("Verifying webhook authenticity"); the timestamp (ISO 8601) must lie within
  ``webhook_tolerance_s`` of now. Event-subscription payloads (``type`` ``zen:event-type:ticket.*``, ``detail.id``
  the ticket id, ``subject`` ``zen:ticket:{id}``, ``id`` the event id, used as the delivery id) name the ticket to
  fetch; other event types are accepted and name nothing. Trigger/automation webhooks whose JSON body carries
  ``ticket_id`` or ``ticket.id`` are accepted too, with ``X-Zendesk-Webhook-Invocation-Id`` as the delivery id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

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
from deskpilot.secrets import SecretError
from deskpilot.understand.text import html_to_text

log = logging.getLogger(__name__)

EXPORT_PATH = "/api/v2/incremental/tickets/cursor.json"
KEY_FIELD = "deskpilot_key"  # the audit metadata entry marking a comment deskpilot wrote
START_PREFIX = "start_time:"  # a sync cursor before Zendesk handed out one
MAX_PAGES = 200  # comment and audit pages followed for one ticket
SIGNATURE_HEADER = "x-zendesk-webhook-signature"
TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp"
INVOCATION_HEADER = "x-zendesk-webhook-invocation-id"
EVENT_PREFIX = "zen:event-type:"
TICKET_EVENT_PREFIX = "zen:event-type:ticket."
SKIPPED_TICKET_EVENTS = frozenset({"zen:event-type:ticket.soft_deleted", "zen:event-type:ticket.permanently_deleted",
                                   "zen:event-type:ticket.marked_as_spam"})

Status = Literal["new", "open", "pending", "solved", "closed"]
Channel = Literal["email", "chat", "web_form", "social", "api"]
Role = Literal["customer", "agent", "ai", "system"]

STATUS_IN: dict[str, Status] = {"new": "new", "open": "open", "pending": "pending", "hold": "pending",
                                "solved": "solved", "closed": "closed"}
STATUS_OUT = frozenset({"new", "open", "pending", "hold", "solved", "closed"})
CHANNELS: dict[str, Channel] = {
    "email": "email",
    "chat": "chat", "chat_transcript": "chat", "native_messaging": "chat", "messaging": "chat", "mobile_sdk": "chat",
    "sunshine_conversations_api": "chat", "web_messaging": "chat",
    "web": "web_form", "web_form": "web_form", "web_widget": "web_form", "help_center": "web_form",
    "mobile": "web_form",
    "twitter": "social", "facebook": "social", "instagram_dm": "social", "whatsapp": "social", "line": "social",
    "wechat": "social", "messenger": "social", "telegram": "social", "viber": "social", "kakaotalk": "social",
    "sms": "social", "any_channel": "social",
}
SYSTEM_VIA = frozenset({"rule", "system"})

JsonObject = dict[str, Any]


class ZendeskConfig(ConnectorConfig):
    """Settings of a Zendesk Support account: its URL, the API user and token, the webhook signing secret."""

    base_url: str = Field(description="e.g. https://acme.zendesk.com")
    email: str = Field(min_length=3, max_length=320, description="the API user's e-mail address")
    api_token: SecretStr = Field(description="reference to the API token: env:NAME or file:/path")
    webhook_secret: SecretStr | None = Field(default=None, description="reference to the webhook signing secret")
    timeout_s: float = Field(default=20.0, gt=0, le=300)
    page_size: int = Field(default=100, ge=1, le=1000, description="tickets per incremental-export page")
    custom_field_ids: dict[str, int] = Field(default_factory=dict,
                                             description="deskpilot field name -> Zendesk custom field id")

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError("base_url must be an http(s) URL such as https://acme.zendesk.com")
        return value.strip().rstrip("/")

    @field_validator("email")
    @classmethod
    def _looks_like_email(cls, value: str) -> str:
        if "@" not in value or value.strip() != value:
            raise ValueError("email must be the API user's e-mail address")
        return value

    @field_validator("api_token")
    @classmethod
    def _token_given(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("api_token is required (env:NAME or file:/path)")
        return value

    @field_validator("custom_field_ids")
    @classmethod
    def _positive_ids(cls, value: dict[str, int]) -> dict[str, int]:
        if any(field_id <= 0 for field_id in value.values()):
            raise ValueError("custom field ids are positive integers")
        return value


class ZendeskConnector(Connector):
    """Zendesk Support through its REST API (v2)."""

    kind: ClassVar[str] = "zendesk"
    title: ClassVar[str] = "Zendesk Support"
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[ConnectorConfig]] = ZendeskConfig
    webhook_tolerance_s: ClassVar[float] = 300.0

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        if not isinstance(config, ZendeskConfig):
            raise TypeError("ZendeskConnector needs a ZendeskConfig")
        super().__init__(name, config)
        self.settings = config
        self._http: VendorHttp | None = None

    @property
    def http(self) -> VendorHttp:
        """The account's HTTP client (built on first use, when the API token is read)."""
        if self._http is None:
            token = self.settings.secret("api_token")
            self._http = VendorHttp(self.settings.base_url, auth=(f"{self.settings.email}/token", token),
                                    headers={"Accept": "application/json", "User-Agent": "deskpilot-zendesk/1"},
                                    timeout_s=self.settings.timeout_s)
        return self._http

    # --- reading ---

    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """One incremental-export page of tickets changed since the cursor (or ``since``), with their comments."""
        params: dict[str, Any] = {"per_page": self.settings.page_size, "include": "users"}
        if cursor and not cursor.startswith(START_PREFIX):
            params["cursor"] = cursor
        else:
            params["start_time"] = _start_time(cursor, since)
        data = self._get(EXPORT_PATH, params)
        users = _by_id(data.get("users"))
        conversations = [c for t in data.get("tickets") or [] if (c := self._exported(t, users)) is not None]
        after = data.get("after_cursor")
        next_cursor = str(after) if after else cursor or f"{START_PREFIX}{params.get('start_time', 0)}"
        return FetchPage(conversations, next_cursor, more=bool(after) and data.get("end_of_stream") is False)

    def get(self, external_id: str) -> GenericConversation:
        """One ticket with all its comments."""
        ticket_id = _ticket_id(external_id)
        data = self._get(f"/api/v2/tickets/{ticket_id}.json", {"include": "users"})
        ticket = data.get("ticket")
        if not isinstance(ticket, dict):
            raise ConnectorError(f"Zendesk answered without a ticket for {ticket_id}")
        users = _by_id(data.get("users"))
        conversation = self.conversation(ticket, self._comments(ticket, users), users)
        if conversation is None:
            raise ConnectorError(f"Zendesk ticket {ticket_id} has no comment to read")
        return conversation

    def check(self) -> str:
        """Who the API token authenticates as (``GET /api/v2/users/me.json``)."""
        user = _obj(self._get("/api/v2/users/me.json").get("user"))
        if not user.get("id") or user.get("role") not in ("agent", "admin"):
            raise ConnectorError("the Zendesk credentials do not belong to an agent or admin")
        return f"authenticated as {user.get('name')} <{user.get('email')}> ({user.get('role')})"

    def conversation(self, ticket: JsonObject, comments: list[JsonObject],
                     users: Mapping[int, JsonObject]) -> GenericConversation | None:
        """A Zendesk ticket, its comments and the users they name as a generic conversation (None without a
        readable comment)."""
        ticket_id = int(ticket["id"])
        requester = _int_or_none(ticket.get("requester_id"))
        messages = [m for c in comments if (m := _message(c, users, requester)) is not None]
        if not messages and str(ticket.get("description") or "").strip():
            messages = [GenericMessage(external_id=f"{ticket_id}-description", author_role="customer",
                                       body=str(ticket["description"])[:MAX_BODY_CHARS],
                                       created_at=_timestamp(ticket["created_at"]))]
        if not messages:
            return None
        if len(messages) > MAX_MESSAGES:  # the opening message and the most recent ones
            messages = messages[:1] + messages[-(MAX_MESSAGES - 1):]
        person = users.get(requester or 0, {})
        fields = self._custom_fields(ticket)
        category = fields.get("category")
        return GenericConversation(
            source=self.name, external_id=str(ticket_id), channel=_channel(ticket),
            subject=(str(ticket.get("subject") or "").strip()[:500] or None), locale=_locale(person),
            status=STATUS_IN.get(str(ticket.get("status")), "open"),
            created_at=_timestamp(ticket["created_at"]), customer=_customer(requester, person),
            category=str(category)[:64] if category not in (None, "") else None,
            tags=[str(t) for t in ticket.get("tags") or []][:50], messages=messages,
            metadata={"zendesk": _ticket_metadata(ticket, fields)})

    def _exported(self, ticket: JsonObject, users: dict[int, JsonObject]) -> GenericConversation | None:
        if ticket.get("status") == "deleted":
            return None
        try:
            comments = self._comments(ticket, users)
        except ConnectorError as exc:
            if exc.status == 404:  # deleted since the export was taken
                return None
            raise
        conversation = self.conversation(ticket, comments, users)
        if conversation is None:
            log.warning("Zendesk ticket %s has no readable comment and is skipped", ticket.get("id"))
        return conversation

    def _comments(self, ticket: JsonObject, users: dict[int, JsonObject]) -> list[JsonObject]:
        """The ticket's comments, oldest first; ``users`` gains their authors and the requester."""
        comments: list[JsonObject] = []
        for page in self._pages(f"/api/v2/tickets/{int(ticket['id'])}/comments.json", {"include": "users"}):
            users.update(_by_id(page.get("users")))
            comments.extend(c for c in page.get("comments") or [] if isinstance(c, dict))
        named = [_int_or_none(c.get("author_id")) for c in comments] + [_int_or_none(ticket.get("requester_id"))]
        for user_id in sorted({i for i in named if i is not None and i > 0 and i not in users}):
            users[user_id] = self._user(user_id)
        return comments

    def _user(self, user_id: int) -> JsonObject:
        try:
            return dict(self._get(f"/api/v2/users/{user_id}.json").get("user") or {})
        except ConnectorError as exc:
            if exc.status == 404:  # a deleted user
                return {}
            raise

    def _custom_fields(self, ticket: JsonObject) -> dict[str, Any]:
        values = {_int_or_none(f.get("id")): f.get("value") for f in ticket.get("custom_fields") or []
                  if isinstance(f, dict)}
        return {name: values[field_id] for name, field_id in self.settings.custom_field_ids.items()
                if field_id in values}

    # --- writing ---

    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Add a public comment once per idempotency key; returns the comment id."""
        return self._comment_once(external_id, text, public=True, idempotency_key=idempotency_key)

    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Add a private comment (internal note) once per idempotency key; returns the comment id."""
        return self._comment_once(external_id, text, public=False, idempotency_key=idempotency_key)

    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """Set the ticket's status, tags (replacing them) and custom fields in one update."""
        ticket_id = _ticket_id(external_id)
        changes: JsonObject = {}
        if status is not None:
            if status not in STATUS_OUT:
                raise ConnectorError(f"unknown Zendesk status {status!r}; use one of {', '.join(sorted(STATUS_OUT))}")
            changes["status"] = status
        if tags is not None:
            changes["tags"] = list(dict.fromkeys(t for t in (_tag(t) for t in tags) if t))
        if fields:
            changes["custom_fields"] = [{"id": self._field_id(name), "value": value} for name, value in fields.items()]
        if changes:
            self.http.request("PUT", f"/api/v2/tickets/{ticket_id}.json", json={"ticket": changes})

    def _field_id(self, name: str) -> int:
        if name in self.settings.custom_field_ids:
            return self.settings.custom_field_ids[name]
        if name.isdigit():
            return int(name)
        raise ConnectorError(f"no Zendesk custom field id configured for {name!r} (custom_field_ids)")

    def _comment_once(self, external_id: str, text: str, *, public: bool, idempotency_key: str) -> str:
        ticket_id = _ticket_id(external_id)
        if not text.strip():
            raise ConnectorError("a Zendesk comment needs a body")
        if not idempotency_key or len(idempotency_key) > 500:
            raise ConnectorError("an idempotency key of 1 to 500 characters is required")
        return exactly_once(lambda: self._written(ticket_id, idempotency_key),
                            lambda: self._write_comment(ticket_id, text, public, idempotency_key))

    def _write_comment(self, ticket_id: int, text: str, public: bool, key: str) -> str:
        body = {"ticket": {"comment": {"body": text, "public": public},
                           "metadata": {KEY_FIELD: key, "deskpilot_kind": "reply" if public else "note"}}}
        data = _obj(self.http.json("PUT", f"/api/v2/tickets/{ticket_id}.json", json=body, idempotent=False))
        reference = _comment_reference(_obj(data.get("audit")))
        if reference is None:  # no audit in the answer: look it up
            reference = self._written(ticket_id, key)
        if reference is None:
            raise ConnectorError(f"Zendesk accepted the comment on ticket {ticket_id} but shows no audit for it",
                                 retryable=True)
        return reference

    def _written(self, ticket_id: int, key: str) -> str | None:
        """The comment an earlier write with this key created, from the ticket's audits."""
        for page in self._pages(f"/api/v2/tickets/{ticket_id}/audits.json", {"page[size]": 100}):
            for audit in (a for a in page.get("audits") or [] if isinstance(a, dict)):
                if str(_obj(_obj(audit.get("metadata")).get("custom")).get(KEY_FIELD)) == key:
                    return _comment_reference(audit) or f"audit:{audit.get('id')}"
        return None

    # --- webhooks ---

    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """Check ``X-Zendesk-Webhook-Signature`` over timestamp + body and that the timestamp is recent."""
        lowered = {k.lower(): v for k, v in headers.items()}
        signature, stamp = lowered.get(SIGNATURE_HEADER), lowered.get(TIMESTAMP_HEADER)
        if not signature or not stamp:
            raise WebhookRejected("missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp")
        expected = base64.b64encode(hmac.new(self._webhook_secret().encode(), stamp.encode() + body,
                                             hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
            raise WebhookRejected("the webhook signature does not match")
        signed_at = _signature_time(stamp)
        if signed_at is None:
            raise WebhookRejected("unreadable X-Zendesk-Webhook-Signature-Timestamp")
        if abs(now - signed_at) > self.webhook_tolerance_s:
            raise WebhookRejected("the webhook signature timestamp is outside the accepted window (replay?)")

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """The ticket a Zendesk event (or trigger webhook) names, keyed by the event id."""
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, ValueError) as exc:
            raise WebhookRejected("the webhook body is not JSON", status=400) from exc
        if not isinstance(payload, dict):
            raise WebhookRejected("the webhook body is not a JSON object", status=400)
        event_type = payload.get("type")
        if isinstance(event_type, str) and event_type.startswith(EVENT_PREFIX):
            return _subscription_event(payload, event_type)
        return _trigger_event(payload, {k.lower(): v for k, v in headers.items()})

    def _webhook_secret(self) -> str:
        reference = self.settings.webhook_secret
        if reference is None or not reference.get_secret_value():
            raise WebhookRejected("no webhook_secret is configured for this Zendesk connector", status=503)
        try:
            return self.settings.secret("webhook_secret")
        except (ConnectorError, SecretError) as exc:
            raise WebhookRejected(f"the webhook secret cannot be read: {exc}", status=503) from exc

    # --- HTTP helpers ---

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> JsonObject:
        # httpx replaces a URL's query with ``params`` even when empty: a next-page URL keeps its own query
        data = self.http.json("GET", path, params=dict(params) if params is not None else None)
        if not isinstance(data, dict):
            raise ConnectorError(f"GET {path}: Zendesk answered without a JSON object")
        return data

    def _pages(self, path: str, params: Mapping[str, Any]) -> Iterator[JsonObject]:
        """Every page of a list, following ``next_page`` (offset) or ``links.next`` (cursor pagination)."""
        target: str | None = path
        query: Mapping[str, Any] | None = params
        for _ in range(MAX_PAGES):
            assert target is not None
            data = self._get(target, query)
            yield data
            target, query = self._next_page(data), None
            if target is None:
                return
        raise ConnectorError(f"GET {path}: more than {MAX_PAGES} pages")

    def _next_page(self, data: JsonObject) -> str | None:
        """The next page's path and query, only when it is on the configured host (the auth goes with it)."""
        links = _obj(data.get("links"))
        meta = _obj(data.get("meta"))
        url = links.get("next") if meta.get("has_more") else data.get("next_page")
        if not url:
            return None
        parts, base = urlsplit(str(url)), urlsplit(self.settings.base_url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            raise ConnectorError(f"Zendesk pointed the next page at another host: {parts.netloc}")
        return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _obj(value: Any) -> JsonObject:
    return value if isinstance(value, dict) else {}


def _start_time(cursor: str | None, since: datetime | None) -> int:
    if cursor and cursor.startswith(START_PREFIX):
        value = cursor.removeprefix(START_PREFIX)
        if value.isdigit():
            return int(value)
    return max(0, int(since.timestamp())) if since is not None else 0


def _ticket_id(external_id: str) -> int:
    value = str(external_id).strip()
    if not value.isdigit():
        raise ConnectorError(f"{external_id!r} is not a Zendesk ticket id")
    return int(value)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _by_id(users: Any) -> dict[int, JsonObject]:
    return {int(u["id"]): u for u in users or [] if isinstance(u, dict) and _int_or_none(u.get("id")) is not None}


def _timestamp(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConnectorError(f"Zendesk sent an unreadable timestamp {value!r}") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _signature_time(stamp: str) -> float | None:
    value = stamp.strip()
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        return _timestamp(value).timestamp()
    except ConnectorError:
        return None


def _role(comment: JsonObject, author: JsonObject, requester: int | None) -> Role:
    if str((comment.get("via") or {}).get("channel")) in SYSTEM_VIA:
        return "system"
    role = author.get("role")
    if role == "end-user":
        return "customer"
    if role in ("agent", "admin"):
        return "agent"
    return "customer" if _int_or_none(comment.get("author_id")) == requester else "system"


def _comment_text(comment: JsonObject) -> str:
    text = str(comment.get("body") or comment.get("plain_body") or "").strip()
    if not text and comment.get("html_body"):
        text = html_to_text(str(comment["html_body"]))
    lines = [_attachment_line(a) for a in comment.get("attachments") or [] if isinstance(a, dict)]
    return "\n\n".join(part for part in (text, "\n".join(lines)) if part)


def _attachment_line(attachment: JsonObject) -> str:
    name = attachment.get("file_name") or "attachment"
    kind = attachment.get("content_type") or "application/octet-stream"
    size = attachment.get("size")
    return f"[attachment: {name} ({kind}, {size} bytes)]" if size is not None else f"[attachment: {name} ({kind})]"


def _message(comment: JsonObject, users: Mapping[int, JsonObject], requester: int | None) -> GenericMessage | None:
    body = _comment_text(comment)
    if not body or comment.get("id") is None:
        return None
    author = users.get(_int_or_none(comment.get("author_id")) or 0, {})
    name = author.get("name")
    return GenericMessage(external_id=str(comment["id"]), author_role=_role(comment, author, requester),
                          author_name=str(name)[:200] if name else None, body=body[:MAX_BODY_CHARS],
                          created_at=_timestamp(comment.get("created_at")), public=bool(comment.get("public", True)))


def _customer(requester: int | None, person: JsonObject) -> GenericCustomer:
    name, email, phone = person.get("name"), person.get("email"), person.get("phone")
    return GenericCustomer(external_id=str(requester) if requester is not None else "unknown",
                           name=str(name)[:200] if name else None, email=str(email)[:320] if email else None,
                           phone=str(phone)[:64] if phone else None)


def _locale(person: JsonObject) -> str | None:
    locale = person.get("locale")
    return str(locale) if isinstance(locale, str) and 0 < len(locale) <= 8 else None


def _channel(ticket: JsonObject) -> Channel:
    via = _obj(ticket.get("via"))
    return CHANNELS.get(str(via.get("channel") or ""), "api")


def _ticket_metadata(ticket: JsonObject, fields: Mapping[str, Any]) -> JsonObject:
    via = _obj(ticket.get("via"))
    keys = ("priority", "type", "assignee_id", "group_id", "organization_id", "brand_id", "updated_at", "external_id")
    return {"ticket_id": ticket["id"], "status": ticket.get("status"), "via_channel": via.get("channel"),
            **{k: ticket.get(k) for k in keys}, "custom_fields": dict(fields)}


def _comment_reference(audit: JsonObject) -> str | None:
    for event in audit.get("events") or []:
        if isinstance(event, dict) and event.get("type") == "Comment" and event.get("id") is not None:
            return str(event["id"])
    return None


def _tag(value: str) -> str:
    return re.sub(r"\s+", "_", str(value).strip()).lower()


def _subscription_event(payload: JsonObject, event_type: str) -> WebhookEvent:
    delivery = payload.get("id")
    if not delivery:
        raise WebhookRejected("the Zendesk event has no id", status=400)
    external_ids: list[str] = []
    if event_type.startswith(TICKET_EVENT_PREFIX) and event_type not in SKIPPED_TICKET_EVENTS:
        detail = _obj(payload.get("detail"))
        subject = str(payload.get("subject") or "")
        ticket = str(detail.get("id") or subject.removeprefix("zen:ticket:"))
        if not ticket.isdigit():
            raise WebhookRejected("the Zendesk ticket event names no ticket", status=400)
        external_ids = [ticket]
    return WebhookEvent(delivery_id=str(delivery)[:200], kind=event_type[:100], external_ids=external_ids)


def _trigger_event(payload: JsonObject, headers: Mapping[str, str]) -> WebhookEvent:
    delivery = headers.get(INVOCATION_HEADER)
    if not delivery:
        raise WebhookRejected("neither an event id nor X-Zendesk-Webhook-Invocation-Id", status=400)
    ticket = _obj(payload.get("ticket"))
    ticket_id = str(payload.get("ticket_id") or ticket.get("id") or "")
    return WebhookEvent(delivery_id=str(delivery)[:200], kind="trigger",
                        external_ids=[ticket_id] if ticket_id.isdigit() else [])
