"""HubSpot connector: Service Hub tickets with their email and note engagements, read and written through the CRM
v3 objects API and the v4 associations API, with webhook signature v3 verification.

Documented endpoints used (https://developers.hubspot.com/docs/api/crm/tickets, .../crm/search,
.../crm/associations/associations-v4, .../crm/engagements/email, .../crm/engagements/notes):

- ``POST /crm/v3/objects/tickets/search``: tickets changed since a moment, a ``filterGroups`` filter on
  ``hs_lastmodifieddate`` (``GTE``, inclusive so tickets sharing the last-seen millisecond are not skipped; ingest is
  idempotent, so reading the boundary ticket twice is harmless), ``sorts`` ascending on that property, ``limit`` and
  the ``after`` token of ``paging.next.after``. The search API pages at most 10,000 results deep, so the cursor
  restarts from the last modification date seen after every page (keyset paging) and uses ``after`` only to page
  through tickets that share one millisecond.
- ``GET /crm/v3/objects/tickets/{id}`` and ``PATCH /crm/v3/objects/tickets/{id}`` (``hs_pipeline_stage``, the tags
  property, custom properties).
- ``GET /crm/v4/objects/tickets/{id}/associations/{emails|notes|contacts}`` (``results[].toObjectId``, paged by
  ``paging.next.after``).
- ``POST /crm/v3/objects/{emails|notes}/batch/read`` (``inputs``/``properties``; 207 Multi-Status when some ids are
  gone) and ``GET /crm/v3/objects/contacts/{id}?properties=email,firstname,lastname,phone``.
- ``POST /crm/v3/objects/emails`` (``hs_email_direction: EMAIL``) and ``POST /crm/v3/objects/notes``
  (``hs_note_body``), both with ``hs_timestamp`` and an inline ``associations`` entry to the ticket: HUBSPOT_DEFINED
  association type 224 (email to ticket) and 228 (note to ticket).

Exactly-once replies and notes: the HTML body (``hs_email_html`` / ``hs_note_body``) carries an HTML comment
``<!-- deskpilot-key:dpk… -->`` derived from the idempotency key; the plain text stays as written. Before writing,
the connector reads the ticket's associated emails or notes (associations API plus batch read) and looks for the
marker. CRM search with ``CONTAINS_TOKEN`` was not used for this: the search index lags behind writes by seconds,
while reading the associations sees a write as soon as it returned (or failed after it happened).

Auth is a private app access token sent as ``Authorization: Bearer``. Rate limits answer 429, with ``Retry-After``
or only the ``X-HubSpot-RateLimit-*`` headers; without ``Retry-After`` the connector waits one
``X-HubSpot-RateLimit-Interval-Milliseconds`` window. Errors carry ``{"status": "error", "message",
"correlationId", "category"}``.

Webhooks (https://developers.hubspot.com/docs/api/webhooks/validating-requests): ``X-HubSpot-Signature-v3`` is
base64(HMAC-SHA256(client secret, method + URI + body + ``X-HubSpot-Request-Timestamp``)), the URI being the public
``webhook_url`` with the documented URL-encoded characters decoded; timestamps (milliseconds) older than five
minutes are refused. The body is a JSON list of events (``eventId``, ``subscriptionType``, ``objectId``,
``occurredAt``); the delivery id is made of the event ids, and ticket creation, property change, restore, merge and
association change events name the tickets to fetch.

HubSpot tickets have no tags: ``tags_property`` names a ticket property holding them as ``;``-separated values,
normally a "multiple checkboxes" property whose options include the tags deskpilot sets (HubSpot refuses other
values), or a single-line text property.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, cast

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

SEARCH_PATH = "/crm/v3/objects/tickets/search"
TICKET_PROPERTIES = ("subject", "content", "hs_pipeline_stage", "hs_ticket_priority", "createdate",
                     "hs_lastmodifieddate", "source_type")
EMAIL_PROPERTIES = ("hs_email_text", "hs_email_html", "hs_email_direction", "hs_timestamp", "hs_email_from_email",
                    "hs_email_from_firstname", "hs_email_from_lastname", "hs_email_subject", "hs_attachment_ids")
NOTE_PROPERTIES = ("hs_note_body", "hs_timestamp", "hs_attachment_ids")
CONTACT_PROPERTIES = "email,firstname,lastname,phone"
EMAIL_TO_TICKET = 224  # HUBSPOT_DEFINED association type ids
NOTE_TO_TICKET = 228
INCOMING = "INCOMING_EMAIL"
BATCH_LIMIT = 100  # ids per batch read
ASSOCIATION_PAGE = 500
SEARCH_DEPTH = 10_000  # the search API refuses to page deeper
MARKER_PREFIX = "deskpilot-key:"
DEFAULT_STAGES = {"new": "1", "pending": "2", "open": "3", "solved": "4", "closed": "4"}  # default support pipeline
STATUSES = ("new", "open", "pending", "solved", "closed")
Channel = Literal["email", "chat", "web_form", "social", "api"]
Status = Literal["new", "open", "pending", "solved", "closed"]
CHANNELS: dict[str, Channel] = {"EMAIL": "email", "CHAT": "chat", "FORM": "web_form", "PHONE": "api"}
TICKET_EVENTS = frozenset({"ticket.creation", "ticket.propertyChange", "ticket.restore"})
OBJECT_EVENTS = frozenset({"object.creation", "object.propertyChange", "object.restore"})
TICKET_TYPE_ID = "0-5"
URI_DECODES = {"%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(",
               "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";"}
PROPERTY_NAME = r"^[a-z0-9_]+$"


class HubSpotConfig(ConnectorConfig):
    """Settings of a HubSpot portal: private app token, webhook client secret and URL, pipeline stage mapping."""

    base_url: str = "https://api.hubapi.com"
    access_token: SecretStr = Field(description="reference to the private app access token (Bearer)")
    client_secret: SecretStr | None = Field(default=None, description="reference to the app's client secret, "
                                            "used to verify X-HubSpot-Signature-v3")
    webhook_url: str | None = Field(default=None, description="the public URL HubSpot posts webhooks to (signed)")
    timeout_s: float = Field(default=20.0, gt=0, le=120)
    page_size: int = Field(default=50, ge=1, le=100)
    tags_property: str | None = Field(default=None, pattern=PROPERTY_NAME,
                                      description="ticket property holding tags as ';'-separated values")
    status_stages: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_STAGES),
                                          description="deskpilot status -> hs_pipeline_stage id")

    @field_validator("base_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("status_stages")
    @classmethod
    def _known_statuses(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(STATUSES))
        if unknown:
            raise ValueError(f"unknown statuses {unknown}; use {', '.join(STATUSES)}")
        return value


@dataclass(frozen=True)
class SearchCursor:
    """Where a sync resumes: tickets modified at or after ``since_ms``, past the ``after`` token when set."""

    since_ms: int
    after: str | None = None

    def encode(self) -> str:
        """The cursor as stored between syncs."""
        return f"{self.since_ms}:{self.after or ''}"

    @classmethod
    def decode(cls, cursor: str) -> SearchCursor:
        """Read a stored cursor (ConnectorError when it is not one of ours)."""
        since, _, after = cursor.partition(":")
        if not since.isdigit():
            raise ConnectorError(f"unreadable HubSpot cursor {cursor[:40]!r}")
        return cls(int(since), after or None)


class HubSpotConnector(Connector):
    """HubSpot Service Hub tickets: emails are the public thread, notes are internal."""

    kind = "hubspot"
    title = "HubSpot"
    config_model = HubSpotConfig

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        if not isinstance(config, HubSpotConfig):
            raise TypeError("HubSpotConnector needs a HubSpotConfig")
        super().__init__(name, config)
        self.settings = config
        self._http: VendorHttp | None = None

    @property
    def http(self) -> VendorHttp:
        """The portal's REST API (built on first use, when the token is read)."""
        if self._http is None:
            token = self.settings.secret("access_token")
            self._http = VendorHttp(self.settings.base_url, timeout_s=self.settings.timeout_s,
                                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
            self._http.client.event_hooks = {"request": [], "response": [rate_limit_retry_after]}
        return self._http

    # reading

    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """One page of tickets modified since the cursor (or ``since``), oldest change first."""
        start = SearchCursor.decode(cursor) if cursor else SearchCursor(to_ms(since) if since else 0)
        page = self._search(start, self.settings.page_size)
        tickets = page.get("results") or []
        conversations = [self._conversation(ticket) for ticket in tickets]
        last_ms = max([start.since_ms, *(modified_ms(t) for t in tickets)])
        next_after = ((page.get("paging") or {}).get("next") or {}).get("after")
        if next_after is None:
            return FetchPage(conversations, SearchCursor(last_ms).encode(), more=False)
        if last_ms > start.since_ms:  # restart from the last change seen: the search never pages too deep
            return FetchPage(conversations, SearchCursor(last_ms).encode(), more=True)
        return FetchPage(conversations, SearchCursor(start.since_ms, str(next_after)).encode(), more=True)

    def get(self, external_id: str) -> GenericConversation:
        """One ticket with its emails, notes and contact."""
        ticket = self.http.json("GET", f"/crm/v3/objects/tickets/{_id(external_id)}",
                                params={"properties": ",".join(self._ticket_properties())})
        return self._conversation(ticket)

    def check(self) -> str:
        """One search call (a single ticket, no associations) proving the token and scopes work."""
        page = self._search(SearchCursor(0), 1)
        return f"HubSpot answered: {page.get('total', 0)} ticket(s) visible"

    def _search(self, cursor: SearchCursor, limit: int) -> dict[str, Any]:
        body: dict[str, Any] = {
            "filterGroups": [{"filters": [{"propertyName": "hs_lastmodifieddate", "operator": "GTE",
                                           "value": str(cursor.since_ms)}]}],
            "sorts": [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
            "properties": self._ticket_properties(), "limit": limit}
        if cursor.after:
            body["after"] = cursor.after
        result = self.http.json("POST", SEARCH_PATH, json=body, idempotent=True)
        return result if isinstance(result, dict) else {}

    def _ticket_properties(self) -> list[str]:
        extra = [self.settings.tags_property] if self.settings.tags_property else []
        return [*TICKET_PROPERTIES, *extra]

    def _conversation(self, ticket: Mapping[str, Any]) -> GenericConversation:
        ticket_id = str(ticket["id"])
        emails = self._batch_read("emails", self._associated(ticket_id, "emails"), EMAIL_PROPERTIES)
        notes = self._batch_read("notes", self._associated(ticket_id, "notes"), NOTE_PROPERTIES)
        contact_ids = self._associated(ticket_id, "contacts")
        contact = self._contact(contact_ids[0]) if contact_ids else None
        return build_conversation(self.name, ticket, emails, notes, contact, stages=self.settings.status_stages,
                                  tags_property=self.settings.tags_property)

    def _associated(self, ticket_id: str, to_type: str) -> list[str]:
        ids: list[str] = []
        after: str | None = None
        while True:
            params: dict[str, Any] = {"limit": ASSOCIATION_PAGE, **({"after": after} if after else {})}
            page = self.http.json("GET", f"/crm/v4/objects/tickets/{_id(ticket_id)}/associations/{to_type}",
                                  params=params) or {}
            ids += [str(r["toObjectId"]) for r in page.get("results") or [] if r.get("toObjectId") is not None]
            after = ((page.get("paging") or {}).get("next") or {}).get("after")
            if not after:
                return list(dict.fromkeys(ids))

    def _batch_read(self, object_type: str, ids: list[str], properties: Iterable[str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for start in range(0, len(ids), BATCH_LIMIT):
            body = {"inputs": [{"id": i} for i in ids[start:start + BATCH_LIMIT]], "properties": list(properties),
                    "propertiesWithHistory": []}
            page = self.http.json("POST", f"/crm/v3/objects/{object_type}/batch/read", json=body, ok=(200, 207),
                                  idempotent=True) or {}
            found += [r for r in page.get("results") or [] if isinstance(r, dict)]  # 207: some were deleted
        return found

    def _contact(self, contact_id: str) -> dict[str, Any] | None:
        try:
            contact = self.http.json("GET", f"/crm/v3/objects/contacts/{_id(contact_id)}",
                                     params={"properties": CONTACT_PROPERTIES})
        except ConnectorError as exc:
            if exc.status == 404:  # merged or deleted since it was associated
                return None
            raise
        return contact if isinstance(contact, dict) else None

    # writing

    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Log the reply as an outgoing email on the ticket, once per idempotency key; returns ``email-<id>``."""
        marker = idempotency_marker(idempotency_key)
        properties = {"hs_email_direction": "EMAIL", "hs_email_text": text,
                      "hs_email_html": text_to_html(text) + marker}
        return exactly_once(lambda: self._find_marked(external_id, "emails", "hs_email_html", marker),
                            lambda: self._create("emails", external_id, properties, EMAIL_TO_TICKET))

    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Add an internal note to the ticket, once per idempotency key; returns ``note-<id>``."""
        marker = idempotency_marker(idempotency_key)
        properties = {"hs_note_body": text_to_html(text) + marker}
        return exactly_once(lambda: self._find_marked(external_id, "notes", "hs_note_body", marker),
                            lambda: self._create("notes", external_id, properties, NOTE_TO_TICKET))

    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """Set the stage mapped to ``status``, add ``tags`` and set ``fields`` (property names) in one PATCH."""
        properties = {name: property_value(value) for name, value in (fields or {}).items()}
        if status is not None:
            properties["hs_pipeline_stage"] = self._stage(status)
        if tags is not None:
            properties.update(self._tag_update(external_id, tags))
        if properties:
            self.http.request("PATCH", f"/crm/v3/objects/tickets/{_id(external_id)}",
                              json={"properties": properties}, idempotent=True)

    def _stage(self, status: str) -> str:
        stage = self.settings.status_stages.get(status)
        if stage is None:
            raise ConnectorError(f"no HubSpot pipeline stage is configured for status {status!r}")
        return stage

    def _tag_update(self, external_id: str, tags: list[str]) -> dict[str, str]:
        name = self.settings.tags_property
        if name is None:
            raise ConnectorError("HubSpot tickets have no tags: set tags_property to a ticket property to use")
        if any(";" in tag for tag in tags):
            raise ConnectorError("HubSpot separates tag values with ';': a tag cannot contain one")
        ticket = self.http.json("GET", f"/crm/v3/objects/tickets/{_id(external_id)}", params={"properties": name})
        current = split_tags((ticket.get("properties") or {}).get(name))
        merged = list(dict.fromkeys([*current, *(t.strip() for t in tags if t.strip())]))
        return {name: ";".join(merged)}

    def _create(self, object_type: str, ticket_id: str, properties: dict[str, str], association_type: int) -> str:
        body = {"properties": {**properties, "hs_timestamp": str(to_ms(datetime.now(UTC)))},
                "associations": [{"to": {"id": _id(ticket_id)}, "types": [
                    {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": association_type}]}]}
        created = self.http.json("POST", f"/crm/v3/objects/{object_type}", json=body, ok=(200, 201))
        if not isinstance(created, dict) or not created.get("id"):
            raise ConnectorError(f"HubSpot created a {object_type[:-1]} without answering its id", retryable=True)
        return f"{object_type[:-1]}-{created['id']}"

    def _find_marked(self, ticket_id: str, object_type: str, body_property: str, marker: str) -> str | None:
        for engagement in self._batch_read(object_type, self._associated(ticket_id, object_type), (body_property,)):
            if marker in str((engagement.get("properties") or {}).get(body_property) or ""):
                return f"{object_type[:-1]}-{engagement['id']}"
        return None

    # webhooks

    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """Check ``X-HubSpot-Signature-v3`` against the client secret and refuse timestamps outside five minutes."""
        lowered = {k.lower(): v for k, v in headers.items()}
        if self.settings.client_secret is None or not self.settings.webhook_url:
            raise WebhookRejected("HubSpot webhooks need client_secret and webhook_url in the settings")
        signature = lowered.get("x-hubspot-signature-v3", "").strip()
        timestamp = lowered.get("x-hubspot-request-timestamp", "").strip()
        if not signature or not timestamp:
            raise WebhookRejected("missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp")
        if not timestamp.isdigit():
            raise WebhookRejected("X-HubSpot-Request-Timestamp is not milliseconds since the epoch")
        if abs(now - int(timestamp) / 1000) > self.webhook_tolerance_s:
            raise WebhookRejected("X-HubSpot-Request-Timestamp is outside the five-minute window (replay?)")
        expected = signature_v3(self.settings.secret("client_secret"), "POST", self.settings.webhook_url, body,
                                timestamp)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise WebhookRejected("X-HubSpot-Signature-v3 does not match")

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """The events' ids as the delivery id, their subscription types, and the tickets they name."""
        events = read_events(body)
        kinds = list(dict.fromkeys(str(e.get("subscriptionType") or "unknown") for e in events))
        tickets = [t for t in (event_ticket(e) for e in events) if t is not None]
        return WebhookEvent(delivery_id=delivery_id(events), kind=",".join(kinds)[:100],
                            external_ids=list(dict.fromkeys(tickets)))


# mapping


def build_conversation(source: str, ticket: Mapping[str, Any], emails: list[dict[str, Any]],
                       notes: list[dict[str, Any]], contact: Mapping[str, Any] | None, *,
                       stages: Mapping[str, str], tags_property: str | None) -> GenericConversation:
    """A ticket, its email and note engagements and its contact as one generic conversation."""
    ticket_id = str(ticket["id"])
    props = ticket.get("properties") or {}
    created = parse_time(props.get("createdate") or ticket.get("createdAt")) or datetime.now(UTC)
    messages = sorted([m for m in (*map(email_message, emails), *map(note_message, notes)) if m is not None],
                      key=lambda m: (m.created_at, m.external_id))
    if not any(m.author_role == "customer" for m in messages):
        messages.insert(0, content_message(ticket_id, props, created))
    if len(messages) > MAX_MESSAGES:  # keep the opening message and the latest ones
        messages = messages[:1] + messages[-(MAX_MESSAGES - 1):]
    metadata = {key: props[name] for key, name in (("priority", "hs_ticket_priority"),
                                                   ("pipeline_stage", "hs_pipeline_stage")) if props.get(name)}
    return GenericConversation(
        source=source, external_id=ticket_id, channel=CHANNELS.get(str(props.get("source_type") or ""), "email"),
        subject=_clip(props.get("subject"), 500), status=ticket_status(props.get("hs_pipeline_stage"), stages),
        created_at=created, customer=ticket_customer(ticket_id, contact, emails),
        tags=split_tags(props.get(tags_property) if tags_property else None)[:50], messages=messages,
        metadata={"hubspot": metadata} if metadata else {})


def email_message(email: Mapping[str, Any]) -> GenericMessage | None:
    """An email engagement: incoming ones are the customer's, the others (sent, forwarded) an agent's."""
    props = email.get("properties") or {}
    text = str(props.get("hs_email_text") or "").strip() or html_to_text(str(props.get("hs_email_html") or ""))
    body = with_attachments(text, props.get("hs_attachment_ids"))
    created = parse_time(props.get("hs_timestamp") or email.get("createdAt"))
    if not body or created is None:
        return None
    name = " ".join(str(props.get(k)) for k in ("hs_email_from_firstname", "hs_email_from_lastname") if props.get(k))
    return GenericMessage(external_id=f"email-{email['id']}",
                          author_role="customer" if props.get("hs_email_direction") == INCOMING else "agent",
                          author_name=_clip(name or props.get("hs_email_from_email"), 200), body=body,
                          created_at=created, public=True)


def note_message(note: Mapping[str, Any]) -> GenericMessage | None:
    """A note engagement: internal, written by an agent."""
    props = note.get("properties") or {}
    body = with_attachments(html_to_text(str(props.get("hs_note_body") or "")), props.get("hs_attachment_ids"))
    created = parse_time(props.get("hs_timestamp") or note.get("createdAt"))
    if not body or created is None:
        return None
    return GenericMessage(external_id=f"note-{note['id']}", author_role="agent", body=body, created_at=created,
                          public=False)


def content_message(ticket_id: str, props: Mapping[str, Any], created: datetime) -> GenericMessage:
    """The ticket's description as the opening customer message (tickets from forms or the API have no email)."""
    body = html_to_text(str(props.get("content") or "")) or str(props.get("subject") or "").strip() or "(no text)"
    return GenericMessage(external_id=f"ticket-{ticket_id}", author_role="customer", body=body[:MAX_BODY_CHARS],
                          created_at=created, public=True)


def ticket_customer(ticket_id: str, contact: Mapping[str, Any] | None,
                    emails: list[dict[str, Any]]) -> GenericCustomer:
    """The ticket's contact, or the sender of its first incoming email when no contact is associated."""
    if contact is not None:
        props = contact.get("properties") or {}
        name = " ".join(str(props[k]) for k in ("firstname", "lastname") if props.get(k))
        return GenericCustomer(external_id=f"contact-{contact['id']}", name=_clip(name, 200),
                               email=_clip(props.get("email"), 320), phone=_clip(props.get("phone"), 64))
    incoming = [e.get("properties") or {} for e in emails
                if (e.get("properties") or {}).get("hs_email_direction") == INCOMING]
    sender = next((str(p["hs_email_from_email"]) for p in incoming if p.get("hs_email_from_email")), None)
    if sender:
        return GenericCustomer(external_id=f"email:{sender.lower()}"[:200], email=sender[:320])
    return GenericCustomer(external_id=f"ticket-{ticket_id}")


def ticket_status(stage: Any, stages: Mapping[str, str]) -> Status:
    """The deskpilot status of a pipeline stage id (the first status mapped to it; unknown stages are open)."""
    for status, stage_id in stages.items():
        if stage_id == str(stage) and status in STATUSES:
            return cast(Status, status)
    return "open"


def with_attachments(text: str, attachment_ids: Any) -> str:
    """The text followed by one ``[attachment: …]`` line per HubSpot file id, clipped to the body limit."""
    ids = [i.strip() for i in str(attachment_ids or "").split(";") if i.strip()]
    lines = [f"[attachment: HubSpot file {i}]" for i in ids]
    return "\n".join([text, *lines] if text else lines).strip()[:MAX_BODY_CHARS]


def split_tags(value: Any) -> list[str]:
    """Tag values of a ``;``-separated property value."""
    return list(dict.fromkeys(t.strip() for t in str(value or "").split(";") if t.strip()))


def property_value(value: Any) -> str:
    """A Python value as a HubSpot property value (booleans as true/false, lists ``;``-separated)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return str(to_ms(value))
    if isinstance(value, list | tuple | set):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs (line breaks kept)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()] or [text]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def idempotency_marker(key: str) -> str:
    """The HTML comment that marks a write made for an idempotency key (the key is hashed: comments are fragile)."""
    return f"<!-- {MARKER_PREFIX}dpk{hashlib.sha256(key.encode()).hexdigest()[:32]} -->"


def parse_time(value: Any) -> datetime | None:
    """A HubSpot date-time: ISO 8601 (``…Z``) or milliseconds since the epoch."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text) / 1000, UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch (naive moments are UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(aware.timestamp() * 1000)


def modified_ms(ticket: Mapping[str, Any]) -> int:
    """A search result's ``hs_lastmodifieddate`` in milliseconds (0 when absent)."""
    moment = parse_time((ticket.get("properties") or {}).get("hs_lastmodifieddate") or ticket.get("updatedAt"))
    return to_ms(moment) if moment else 0


def _clip(value: Any, limit: int) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text[:limit] or None


def _id(value: str) -> str:
    if not str(value).isdigit():
        raise ConnectorError(f"HubSpot object ids are numeric, not {str(value)[:40]!r}")
    return str(value)


# rate limits and webhooks


def rate_limit_retry_after(response: httpx.Response) -> None:
    """Give a 429 without ``Retry-After`` one: a rate-limit window when its headers say nothing is left."""
    if response.status_code != 429 or "retry-after" in response.headers:
        return
    headers = response.headers
    if headers.get("x-hubspot-ratelimit-daily-remaining", "").strip() == "0":
        response.headers["Retry-After"] = "3600"  # the daily limit: longer than any in-call wait
        return
    interval = headers.get("x-hubspot-ratelimit-interval-milliseconds", "").strip()
    if interval.isdigit():
        response.headers["Retry-After"] = str(max(1, math.ceil(int(interval) / 1000)))


def decoded_uri(uri: str) -> str:
    """The request URI as HubSpot signs it: the documented URL-encoded characters decoded."""
    return re.sub(r"%[0-9A-Fa-f]{2}", lambda m: URI_DECODES.get(m.group(0).upper(), m.group(0)), uri)


def signature_v3(secret: str, method: str, uri: str, body: bytes, timestamp: str) -> str:
    """base64(HMAC-SHA256(secret, method + URI + body + timestamp)), HubSpot's v3 request signature."""
    message = method.upper().encode() + decoded_uri(uri).encode() + body + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def read_events(body: bytes) -> list[dict[str, Any]]:
    """The webhook's events (WebhookRejected 400 unless a JSON list of objects carrying ``eventId``)."""
    try:
        events = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WebhookRejected("the webhook body is not JSON", status=400) from exc
    if not isinstance(events, list) or not events:
        raise WebhookRejected("a HubSpot webhook body is a non-empty list of events", status=400)
    if not all(isinstance(e, dict) and e.get("eventId") is not None for e in events):
        raise WebhookRejected("every HubSpot webhook event carries an eventId", status=400)
    return events


def delivery_id(events: list[dict[str, Any]]) -> str:
    """The events' ids, sorted and joined (hashed when too long to store)."""
    ids = sorted({str(e["eventId"]) for e in events}, key=lambda i: (len(i), i))
    joined = ",".join(ids)
    return joined if len(joined) <= 200 else "sha256:" + hashlib.sha256(joined.encode()).hexdigest()


def event_ticket(event: Mapping[str, Any]) -> str | None:
    """The ticket an event is about, for the events deskpilot processes (None for deletions and other objects)."""
    kind = str(event.get("subscriptionType") or "")
    ticket: Any = None
    if kind in TICKET_EVENTS or (kind in OBJECT_EVENTS and str(event.get("objectTypeId")) == TICKET_TYPE_ID):
        ticket = event.get("objectId")
    elif kind == "ticket.merge":
        ticket = event.get("primaryObjectId") or event.get("objectId")
    elif kind == "ticket.associationChange":
        ticket = _association_ticket(event)
    return str(ticket) if ticket is not None and str(ticket).isdigit() else None


def _association_ticket(event: Mapping[str, Any]) -> Any:
    association = str(event.get("associationType") or "").upper()
    if association.startswith("TICKET_TO_"):
        return event.get("fromObjectId")
    if association.endswith("_TO_TICKET"):
        return event.get("toObjectId")
    return None
