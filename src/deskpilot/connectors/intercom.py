"""Intercom: conversations in, admin replies, notes, state, tags and custom attributes out, signed webhooks.

Documented REST API (https://developers.intercom.com/docs/references/rest-api/, version 2.11, the OpenAPI
description in github.com/intercom/Intercom-OpenAPI ``descriptions/2.11``) used here:

- every call carries ``Authorization: Bearer <access token>``, ``Accept: application/json`` and
  ``Intercom-Version`` (the configured API version);
- ``POST /conversations/search`` with ``{"query": {"field": "updated_at", "operator": ">", "value": <unix>},
  "pagination": {"per_page": n, "starting_after": cursor}, "sort": {"field": "updated_at", "order": "ascending"}}``;
  the answer is a ``conversation.list`` whose ``pages.next.starting_after`` names the next page (``>`` is documented
  as "greater or equal"; ``sort`` is described in the pagination/sorting guide though missing from the OpenAPI
  file, and the cursor keeps the newest ``updated_at`` seen, so the order is not relied on; search results carry no
  parts, so each conversation is then read whole);
- ``GET /conversations/{id}``: ``source`` (the opening message), ``conversation_parts.conversation_parts`` (at most
  500: ``part_type`` comment / note / close / open / assignment …, HTML ``body``, ``author.type`` user / lead /
  admin / bot, ``created_at`` unix seconds, ``attachments``), ``contacts.contacts``, ``state`` open / closed /
  snoozed, ``tags.tags``, ``custom_attributes``;
- ``GET /contacts/{id}`` for the customer's e-mail, name, phone and language;
- ``POST /conversations/{id}/reply`` with ``{"message_type": "comment" | "note", "type": "admin", "admin_id",
  "body"}`` (answers with the conversation and the new part);
- ``POST /conversations/{id}/parts`` with ``message_type`` close / open / snoozed (``snoozed_until``);
- ``POST /tags`` (``{"name"}``, creates or returns the tag) and ``POST /conversations/{id}/tags`` (``{"id",
  "admin_id"}``);
- ``PUT /conversations/{id}`` with ``{"custom_attributes": {...}}``;
- ``GET /me`` and ``GET /admins/{id}`` for the settings check;
- errors are ``{"type": "error.list", "errors": [{"code", "message"}]}``; a rate-limited call is answered 429 with
  ``X-RateLimit-Limit`` / ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset`` (unix seconds), which ``VendorHttp``
  honours.

Mapping: ``state`` open → open, snoozed → pending, closed → solved; written back, new/open → open, pending →
snoozed for 24 hours (Intercom wakes it when the customer writes), solved/closed → close. Tags are added, never
removed. Parts by users and leads are the customer's, by admins an agent's (``ai`` when they carry deskpilot's
marker), by bots (Operator, Fin) ``system``; notes are internal; body-less parts (assignments, state changes) are
left out; attachments are listed as ``[attachment: name (type, size)]`` lines.

Exactly-once replies and notes: a conversation part has a read-only ``external_id``, and the reply request has no
field for an external id or metadata, so the marker travels in the body: each reply or note ends with an invisible
run of zero-width characters encoding a hash of the idempotency key (``\\u2063`` + 64 of ``\\u200b``/``\\u200c`` +
``\\u2063``). Before writing, and again after a write whose outcome is unknown, the conversation's parts are searched
for a part by the configured admin carrying that marker. The marker is written in the same call as the text (no
second, separately failing write) and is stripped again when parts are read.

Webhooks (https://developers.intercom.com/docs/webhooks/): ``X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body
keyed by the app's client secret>``; the body is a ``notification_event`` with ``id`` (the delivery id, the same on
redelivery), ``topic``, ``created_at`` (unix seconds) and ``data.item``. The signature carries no timestamp, so a
notification whose signed ``created_at`` is more than ``webhook_tolerance_s`` away from now is refused as a replay.
Conversation topics name the conversation, which is then read whole (a notification holds only the newest parts and
no contact e-mail); other topics are accepted and name nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Literal
from urllib.parse import quote

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

Role = Literal["customer", "agent", "ai", "system"]
Channel = Literal["email", "chat", "web_form", "social", "api"]
Status = Literal["new", "open", "pending", "solved", "closed"]

CUSTOMER_AUTHORS = frozenset({"user", "lead", "contact"})
NOTE_PARTS = frozenset({"note", "note_and_reopen"})
CHANNELS: dict[str, Channel] = {
    "conversation": "chat", "push": "chat", "sms": "chat", "email": "email", "facebook": "social",
    "instagram": "social", "twitter": "social", "whatsapp": "social"}
STATUS_FROM_STATE: dict[str, Status] = {"open": "open", "snoozed": "pending", "closed": "solved"}
MESSAGE_TYPE_FOR_STATE = {"open": "open", "snoozed": "snoozed", "closed": "close"}  # POST /conversations/{id}/parts
STATE_FROM_STATUS = {"new": "open", "open": "open", "pending": "snoozed", "solved": "closed", "closed": "closed"}
CONVERSATION_TOPICS = frozenset({
    "conversation.user.created", "conversation.user.replied", "conversation.admin.replied",
    "conversation.admin.single.created", "conversation.admin.noted", "conversation.admin.closed",
    "conversation.admin.opened", "conversation.admin.snoozed", "conversation.admin.unsnoozed",
    "conversation.admin.assigned", "conversation.operator.replied", "conversation_part.tag.created",
    "conversation_part.redacted",
})
SNOOZE_PENDING_S = 24 * 3600  # "pending" snoozes the conversation; Intercom reopens it when the customer writes
SEARCH_OVERLAP_S = 60  # a resumed search starts this far before the newest change seen (search index lag)

_FRAME, _ZERO, _ONE = "\u2063", "\u200b", "\u200c"
_MARKER = re.compile(f"{_FRAME}[{_ZERO}{_ONE}]+{_FRAME}")


def write_marker(idempotency_key: str) -> str:
    """The invisible marker a reply or note written for this idempotency key ends with."""
    digest = hashlib.sha256(f"deskpilot:{idempotency_key}".encode()).digest()[:8]
    bits = "".join(f"{byte:08b}" for byte in digest)
    return _FRAME + "".join(_ONE if bit == "1" else _ZERO for bit in bits) + _FRAME


def strip_markers(text: str) -> str:
    """Text without deskpilot's invisible write markers."""
    return _MARKER.sub("", text)


def text_to_html(text: str, marker: str = "") -> str:
    """Plain text as Intercom body HTML: paragraphs for blank-line blocks, ``<br>`` for line breaks."""
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text.strip())] or [""]
    paragraphs = [html.escape(b).replace("\n", "<br>") for b in blocks]
    paragraphs[-1] += marker
    return "".join(f"<p>{p}</p>" for p in paragraphs)


class IntercomConfig(ConnectorConfig):
    """Settings of an Intercom workspace: API token, webhook client secret, and the admin deskpilot writes as."""

    base_url: str = "https://api.intercom.io"
    access_token: SecretStr = Field(description="reference to the access token (env:NAME or file:/path)")
    client_secret: SecretStr | None = Field(default=None, description="reference to the app's client secret, which "
                                                                      "signs webhooks")
    admin_id: str = Field(min_length=1, max_length=32, description="the admin replies and notes are written as")
    api_version: str = Field(default="2.11", pattern=r"^(\d+\.\d+|Unstable)$")
    timeout_s: float = Field(default=20.0, gt=0, le=120)
    page_size: int = Field(default=20, ge=1, le=150)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("base_url must be an http(s) URL")
        return value.rstrip("/")

    @field_validator("admin_id", mode="before")
    @classmethod
    def _admin_id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


@dataclass(frozen=True)
class _Cursor:
    """Where a sync stands: changes since ``since``, the next search page, the newest change seen so far."""

    since: int
    after: str | None = None
    newest: int | None = None

    def encode(self) -> str:
        return json.dumps({"since": self.since, "after": self.after, "newest": self.newest}, separators=(",", ":"))

    @classmethod
    def decode(cls, text: str) -> _Cursor:
        try:
            data = json.loads(text)
            return cls(int(data["since"]), data.get("after"), data.get("newest"))
        except (ValueError, TypeError, KeyError) as exc:
            raise ConnectorError(f"unreadable Intercom sync cursor {text[:80]!r}") from exc


def _at(seconds: Any) -> datetime:
    return datetime.fromtimestamp(int(seconds or 0), tz=UTC)


def _attachment_lines(attachments: list[dict[str, Any]] | None) -> list[str]:
    lines = []
    for item in attachments or []:
        details = [str(item.get("content_type") or "file")]
        if item.get("filesize") is not None:
            details.append(f"{item['filesize']} bytes")
        lines.append(f"[attachment: {item.get('name') or 'file'} ({', '.join(details)})]")
    return lines


def _body(markup: str | None, attachments: list[dict[str, Any]] | None) -> str:
    text = strip_markers(html_to_text(markup or "")) if markup else ""
    return "\n".join([text, *_attachment_lines(attachments)] if text else _attachment_lines(attachments))


def _role(author: Mapping[str, Any], marked: bool) -> Role:
    kind = author.get("type")
    if kind in CUSTOMER_AUTHORS:
        return "customer"
    if marked:
        return "ai"
    return "agent" if kind == "admin" else "system"  # bots: Intercom's Operator and Fin


def _message(external_id: str, part: Mapping[str, Any], *, public: bool) -> GenericMessage | None:
    body = _body(part.get("body"), part.get("attachments"))
    if not body.strip():
        return None
    author = part.get("author") or {}
    marked = bool(part.get("body")) and _MARKER.search(html.unescape(str(part["body"]))) is not None
    name = str(author["name"])[:200] if author.get("name") else None
    return GenericMessage(external_id=external_id, author_role=_role(author, marked),
                          author_name=name, body=body[:MAX_BODY_CHARS], created_at=_at(part.get("created_at")),
                          public=public)


def _messages(conversation: Mapping[str, Any]) -> list[GenericMessage]:
    source = {**(conversation.get("source") or {}), "created_at": conversation.get("created_at")}
    opening = _message(f"source-{source.get('id') or conversation['id']}", source, public=True)
    messages = [opening] if opening is not None else []
    for part in (conversation.get("conversation_parts") or {}).get("conversation_parts") or []:
        message = _message(str(part["id"]), part, public=part.get("part_type") not in NOTE_PARTS)
        if message is not None:
            messages.append(message)
    if len(messages) > MAX_MESSAGES:  # keep the opening message and the newest parts
        messages = messages[:1] + messages[-(MAX_MESSAGES - 1):]
    return messages


def _customer(conversation: Mapping[str, Any], contact: Mapping[str, Any] | None) -> GenericCustomer:
    author = (conversation.get("source") or {}).get("author") or {}
    first = contact or {}
    external_id = first.get("id") or author.get("id") or f"conversation-{conversation['id']}"
    from_author = author if author.get("type") in CUSTOMER_AUTHORS else {}
    name = first.get("name") or from_author.get("name")
    email = first.get("email") or from_author.get("email")
    return GenericCustomer(external_id=str(external_id), name=str(name)[:200] if name else None,
                           email=str(email)[:320] if email else None,
                           phone=str(first["phone"])[:64] if first.get("phone") else None)


def to_generic(source: str, conversation: Mapping[str, Any],
               contact: Mapping[str, Any] | None = None) -> GenericConversation:
    """A retrieved Intercom conversation (and its first contact) in the generic format."""
    messages = _messages(conversation)
    if not messages:
        messages = [GenericMessage(external_id=f"source-{conversation['id']}", author_role="system",
                                   body="(empty conversation)", created_at=_at(conversation.get("created_at")))]
    first = conversation.get("source") or {}
    locale = (contact or {}).get("language_override") or (contact or {}).get("browser_language")
    return GenericConversation(
        source=source, external_id=str(conversation["id"]),
        channel=CHANNELS.get(str(first.get("type")), "api"),
        subject=html_to_text(first.get("subject") or "")[:500] or conversation.get("title") or None,
        locale=str(locale)[:8] if locale else None,
        status=STATUS_FROM_STATE.get(str(conversation.get("state")), "open"),
        created_at=_at(conversation.get("created_at")), customer=_customer(conversation, contact),
        tags=[str(t["name"]) for t in (conversation.get("tags") or {}).get("tags") or [] if t.get("name")][:50],
        messages=messages, metadata=_metadata(conversation))


def _metadata(conversation: Mapping[str, Any]) -> dict[str, Any]:
    source = conversation.get("source") or {}
    return {"intercom": {
        "state": conversation.get("state"), "priority": conversation.get("priority"),
        "admin_assignee_id": conversation.get("admin_assignee_id"),
        "team_assignee_id": conversation.get("team_assignee_id"),
        "custom_attributes": conversation.get("custom_attributes") or {},
        "delivered_as": source.get("delivered_as"), "source_type": source.get("type"), "url": source.get("url"),
        "updated_at": conversation.get("updated_at")}}


def find_marked_part(conversation: Mapping[str, Any], marker: str, admin_id: str) -> str | None:
    """The id of the configured admin's part whose body carries the marker, if there is one."""
    for part in (conversation.get("conversation_parts") or {}).get("conversation_parts") or []:
        author = part.get("author") or {}
        if author.get("type") == "admin" and str(author.get("id")) == admin_id \
                and marker in html.unescape(str(part.get("body") or "")):
            return str(part["id"])
    return None


def signature(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature`` value Intercom sends for a body."""
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


class IntercomConnector(Connector):
    """Intercom conversations through the REST API, written back as the configured admin."""

    kind: ClassVar[str] = "intercom"
    title: ClassVar[str] = "Intercom"
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[ConnectorConfig]] = IntercomConfig
    config: IntercomConfig

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        if not isinstance(config, IntercomConfig):
            raise TypeError("IntercomConnector needs an IntercomConfig")
        super().__init__(name, config)
        self._http: VendorHttp | None = None
        self._tag_ids: dict[str, str] = {}

    @property
    def http(self) -> VendorHttp:
        """The API client (built on first use, when the access token is read)."""
        if self._http is None:
            try:
                token = self.config.secret("access_token")
            except SecretError as exc:
                raise ConnectorError(str(exc)) from exc
            self._http = VendorHttp(self.config.base_url, timeout_s=self.config.timeout_s, headers={
                "Authorization": f"Bearer {token}", "Accept": "application/json",
                "Intercom-Version": self.config.api_version, "User-Agent": "deskpilot-intercom/1"})
        return self._http

    # reading

    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """Conversations updated since the cursor (or ``since``), one search page, each read whole."""
        state = _Cursor.decode(cursor) if cursor else _Cursor(int(since.timestamp()) if since else 0)
        try:
            found = self._search(state.since, state.after)
        except ConnectorError as exc:
            if not state.after or exc.status not in (400, 404):
                raise
            found = self._search(state.since, None)  # the page cursor expired: search again from the start
        listed = found.get("conversations") or []
        contacts: dict[str, dict[str, Any] | None] = {}
        conversations = [c for c in (self._read(str(item["id"]), contacts) for item in listed) if c is not None]
        stamps = [int(item["updated_at"]) for item in listed if item.get("updated_at") is not None]
        newest = max([*stamps, *([state.newest] if state.newest is not None else [])], default=None)
        following = ((found.get("pages") or {}).get("next") or {}).get("starting_after")
        if following and listed:
            return FetchPage(conversations, _Cursor(state.since, str(following), newest).encode(), True)
        resume = state.since if newest is None else max(state.since, newest - SEARCH_OVERLAP_S)
        return FetchPage(conversations, _Cursor(resume).encode(), False)

    def _search(self, since: int, after: str | None) -> dict[str, Any]:
        pagination: dict[str, Any] = {"per_page": self.config.page_size}
        if after:
            pagination["starting_after"] = after
        found = self.http.json("POST", "/conversations/search", idempotent=True, json={
            "query": {"field": "updated_at", "operator": ">", "value": since},
            "pagination": pagination, "sort": {"field": "updated_at", "order": "ascending"}})
        return found if isinstance(found, dict) else {}

    def get(self, external_id: str) -> GenericConversation:
        """One conversation with all its parts and its first contact."""
        conversation = self._conversation(external_id)
        return to_generic(self.name, conversation, self._first_contact(conversation, {}))

    def _read(self, external_id: str, contacts: dict[str, dict[str, Any] | None]) -> GenericConversation | None:
        try:
            conversation = self._conversation(external_id)
        except ConnectorError as exc:
            if exc.status == 404:  # deleted between the search and the read
                return None
            raise
        return to_generic(self.name, conversation, self._first_contact(conversation, contacts))

    def _conversation(self, external_id: str) -> dict[str, Any]:
        data = self.http.json("GET", f"/conversations/{quote(external_id, safe='')}")
        if not isinstance(data, dict) or "id" not in data:
            raise ConnectorError(f"Intercom returned no conversation for {external_id}")
        return data

    def _first_contact(self, conversation: Mapping[str, Any],
                       cache: dict[str, dict[str, Any] | None]) -> dict[str, Any] | None:
        listed = (conversation.get("contacts") or {}).get("contacts") or []
        if not listed:
            return None
        contact_id = str(listed[0]["id"])
        if contact_id not in cache:
            try:
                cache[contact_id] = self.http.json("GET", f"/contacts/{quote(contact_id, safe='')}")
            except ConnectorError as exc:
                if exc.status != 404:
                    raise
                cache[contact_id] = {"id": contact_id}
        return cache[contact_id]

    # writing

    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """A public admin comment, once per idempotency key; returns the part id."""
        return self._write(external_id, text, idempotency_key, "comment")

    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """An internal admin note, once per idempotency key; returns the part id."""
        return self._write(external_id, text, idempotency_key, "note")

    def _write(self, external_id: str, text: str, idempotency_key: str, message_type: str) -> str:
        if not text.strip():
            raise ConnectorError(f"an Intercom {message_type} needs a body")
        marker = write_marker(idempotency_key)
        admin_id = self.config.admin_id
        path = f"/conversations/{quote(external_id, safe='')}"

        def find() -> str | None:
            return find_marked_part(self._conversation(external_id), marker, admin_id)

        def create() -> str:
            answer = self.http.json("POST", f"{path}/reply", json={
                "message_type": message_type, "type": "admin", "admin_id": admin_id,
                "body": text_to_html(text, marker)}) or {}
            # the write succeeded: never write again, even if the answer does not show the new part
            key_digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
            return find_marked_part(answer, marker, admin_id) or f"{external_id}/{message_type}/{key_digest}"

        return exactly_once(find, create)

    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """Move the conversation to the status's state, add the tags it lacks, set custom attributes."""
        path = f"/conversations/{quote(external_id, safe='')}"
        if status is not None or tags:
            conversation = self._conversation(external_id)
            if status is not None:
                self._set_state(path, conversation, status)
            if tags:
                self._add_tags(path, conversation, tags)
        if fields:
            self.http.json("PUT", path, json={"custom_attributes": dict(fields)})

    def _set_state(self, path: str, conversation: Mapping[str, Any], status: str) -> None:
        state = STATE_FROM_STATUS.get(status)
        if state is None:
            raise ConnectorError(f"Intercom has no state for the status {status!r}")
        if conversation.get("state") == state:
            return
        body: dict[str, Any] = {"message_type": MESSAGE_TYPE_FOR_STATE[state], "type": "admin",
                                "admin_id": self.config.admin_id}
        if state == "snoozed":
            body["snoozed_until"] = snooze_until()
        self.http.json("POST", f"{path}/parts", json=body)

    def _add_tags(self, path: str, conversation: Mapping[str, Any], tags: list[str]) -> None:
        present = {str(t.get("name", "")).casefold() for t in (conversation.get("tags") or {}).get("tags") or []}
        for name in dict.fromkeys(t.strip() for t in tags if t.strip()):
            if name.casefold() in present:
                continue
            self.http.json("POST", f"{path}/tags", idempotent=True,
                           json={"id": self._tag_id(name), "admin_id": self.config.admin_id})
            present.add(name.casefold())

    def _tag_id(self, name: str) -> str:
        if name not in self._tag_ids:
            tag = self.http.json("POST", "/tags", idempotent=True, json={"name": name}) or {}
            if not tag.get("id"):
                raise ConnectorError(f"Intercom returned no id for the tag {name!r}")
            self._tag_ids[name] = str(tag["id"])
        return self._tag_ids[name]

    # webhooks

    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """Check ``X-Hub-Signature`` (HMAC-SHA1 of the raw body) and that the signed ``created_at`` is recent."""
        if self.config.client_secret is None or not self.config.client_secret.get_secret_value():
            raise WebhookRejected("no client_secret is configured to verify Intercom webhooks")
        try:
            secret = self.config.secret("client_secret")
        except (SecretError, ConnectorError) as exc:
            raise WebhookRejected(f"the client secret cannot be read: {exc}") from exc
        given = {k.lower(): v for k, v in headers.items()}.get("x-hub-signature", "").strip()
        if not given:
            raise WebhookRejected("missing X-Hub-Signature header")
        if not hmac.compare_digest(signature(secret, body), given.lower()):
            raise WebhookRejected("X-Hub-Signature does not match the body")
        created = _notification(body).get("created_at")
        if not isinstance(created, int | float) or isinstance(created, bool):
            raise WebhookRejected("the notification has no created_at")
        age = now - float(created)
        if age > self.webhook_tolerance_s:
            raise WebhookRejected(f"the notification was created {int(age)} s ago: a replay")
        if -age > self.webhook_tolerance_s:
            raise WebhookRejected(f"the notification is dated {int(-age)} s in the future")

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """The notification's id, topic and, for conversation topics, the conversation it is about."""
        notification = _notification(body)
        delivery_id, topic = notification.get("id"), notification.get("topic")
        if not isinstance(delivery_id, str) or not delivery_id or not isinstance(topic, str):
            raise WebhookRejected("the notification has no id or topic", status=400)
        item = (notification.get("data") or {}).get("item") or {}
        if topic in CONVERSATION_TOPICS and isinstance(item, dict) and item.get("type") == "conversation" \
                and item.get("id"):
            return WebhookEvent(delivery_id, topic, [str(item["id"])])
        return WebhookEvent(delivery_id, topic, [])

    def check(self) -> str:
        """Who the token belongs to, and that the configured admin exists."""
        me = self.http.json("GET", "/me") or {}
        admin = self.http.json("GET", f"/admins/{quote(self.config.admin_id, safe='')}") or {}
        workspace = (me.get("app") or {}).get("name") or "?"
        return f"workspace {workspace}: token of {me.get('name') or me.get('id')}, replies as {admin.get('name')}"


def _notification(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise WebhookRejected("the body is not JSON", status=400) from exc
    if not isinstance(data, dict) or data.get("type") != "notification_event":
        raise WebhookRejected("the body is not an Intercom notification_event", status=400)
    return data


def snooze_until(now: datetime | None = None) -> int:
    """When a conversation set to "pending" wakes up again (unix seconds)."""
    return int(((now or datetime.now(UTC)) + timedelta(seconds=SNOOZE_PENDING_S)).timestamp())
