"""A loopback HTTP server speaking HubSpot's CRM wire format, for the HubSpot connector's tests.

It keeps tickets, emails, notes and contacts in memory as CRM v3 objects (``{"id", "properties", "createdAt",
"updatedAt", "archived"}``, date-times as ISO 8601 with milliseconds and ``Z``) and answers:

- ``POST /crm/v3/objects/tickets/search`` (``filterGroups`` with EQ/NEQ/GT/GTE/LT/LTE/HAS_PROPERTY, ``sorts``,
  ``limit`` up to 200, ``after`` offsets up to 10,000, ``{"total", "results", "paging": {"next": {"after",
  "link"}}}``);
- ``GET``/``PATCH /crm/v3/objects/tickets/{id}``, ``GET /crm/v3/objects/contacts/{id}`` (``properties=a,b``);
- ``GET /crm/v4/objects/tickets/{id}/associations/{emails|notes|contacts}`` (``toObjectId``/``associationTypes``,
  ``limit``/``after`` paging);
- ``POST /crm/v3/objects/{emails|notes}/batch/read`` (207 Multi-Status with ``errors`` when ids are missing);
- ``POST /crm/v3/objects/{emails|notes}`` with inline ``associations`` (type 224 email to ticket, 228 note to
  ticket, HUBSPOT_DEFINED; ``hs_timestamp`` required). A new engagement updates the ticket's
  ``hs_lastmodifieddate``, as HubSpot's activity properties on the ticket change with it.

Every request needs ``Authorization: Bearer <access_token>`` (401 otherwise); every answer carries the
``X-HubSpot-RateLimit-*`` headers; errors have HubSpot's ``{"status": "error", "message", "correlationId",
"category"}`` body. ``fail_writes`` fails the next creates/PATCHes; ``signed_webhook`` and ``signed_events`` sign
event lists with signature v3 (and v1, as HubSpot also sends it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import itertools
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from deskpilot.testing.loopback import QuietHandler, loopback_server
from deskpilot.understand.text import html_to_text

DATETIME_PROPERTIES = frozenset({"createdate", "hs_lastmodifieddate", "hs_timestamp", "hs_createdate",
                                 "lastmodifieddate", "closed_date"})
DEFAULT_PROPERTIES = {"tickets": ("createdate", "hs_lastmodifieddate", "hs_object_id"),
                      "emails": ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
                      "notes": ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
                      "contacts": ("createdate", "lastmodifieddate", "hs_object_id")}
ASSOCIATION_TYPES = {"emails": 223, "notes": 227, "contacts": 16}  # ticket to X, HUBSPOT_DEFINED
WRITE_TYPES = {"emails": 224, "notes": 228}  # X to ticket
PIPELINE_STAGES = frozenset({"1", "2", "3", "4"})  # default support pipeline: new, waiting on contact/us, closed
RATE_MAX, RATE_INTERVAL_MS, DAILY_MAX = 190, 10_000, 250_000
SEARCH_DEPTH, SEARCH_LIMIT, BATCH_LIMIT = 10_000, 200, 100
URI_DECODES = {"%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(",
               "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";"}


def iso(moment: datetime) -> str:
    """HubSpot's date-time format: ``2026-11-20T09:00:00.000Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_moment(value: Any) -> datetime | None:
    """A date-time property or filter value (ISO 8601 or epoch milliseconds)."""
    text = str(value or "").strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text) / 1000, UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def signature_v3(secret: str, method: str, uri: str, body: bytes, timestamp: str) -> str:
    """base64(HMAC-SHA256(secret, method + decoded uri + body + timestamp)), as HubSpot signs webhooks."""
    for encoded, plain in URI_DECODES.items():
        uri = re.sub(encoded, plain, uri, flags=re.IGNORECASE)
    message = method.encode() + uri.encode() + body + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


class HubSpotError(Exception):
    """An error answer in HubSpot's body shape."""

    def __init__(self, status: int, message: str, category: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.category = category
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The JSON body HubSpot sends with this error."""
        return {"status": "error", "message": str(self), "correlationId": str(uuid.uuid4()),
                "category": self.category}


@dataclass
class _Failure:
    remaining: int = 0
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    after_write: bool = False


class HubSpotServer:
    """The portal's state and the harness methods the contract tests use."""

    def __init__(self, *, access_token: str = "pat-na1-test-token", client_secret: str = "hs-client-secret",
                 webhook_url: str = "https://deskpilot.example.com/webhooks/vendor-under-test",
                 tags_property: str = "deskpilot_tags", clock: Callable[[], datetime] | None = None) -> None:
        self.access_token = access_token
        self.client_secret = client_secret
        self.webhook_url = webhook_url
        self.tags_property = tags_property
        self.clock = clock or (lambda: datetime.now(UTC))
        self.base_url = ""
        self.objects: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in DEFAULT_PROPERTIES}
        self.links: dict[tuple[str, str], list[str]] = {}  # (ticket id, "emails"|"notes"|"contacts") -> ids
        self.requests: list[tuple[str, str, Any]] = []  # method, path with query, JSON body
        self._ids = itertools.count(52_000_000_001)
        self._failure = _Failure()
        self._calls: list[float] = []
        self._total_calls = 0
        self.lock = threading.RLock()

    # harness API

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """A ticket opened by an incoming email from a contact."""
        with self.lock:
            contact_id = self._contact_for(email, created_at)
            subject = customer_text.split("?")[0][:80]
            self.objects["tickets"][external_id] = self._object(external_id, created_at, {
                "subject": subject, "content": customer_text, "hs_pipeline": "0", "hs_pipeline_stage": "1",
                "hs_ticket_priority": "MEDIUM", "source_type": "EMAIL", "createdate": iso(created_at)})
            self.links[(external_id, "contacts")] = [contact_id]
            self.links[(external_id, "emails")] = []
            self.links[(external_id, "notes")] = []
            self._incoming_email(external_id, customer_text, email, created_at, subject, touch=False)

    def add_customer_message(self, external_id: str, text: str, *, at: datetime) -> None:
        """The customer answers by email; the ticket's last modification moves to ``at``."""
        with self.lock:
            contact = self.objects["contacts"][self.links[(external_id, "contacts")][0]]
            subject = self.objects["tickets"][external_id]["properties"].get("subject") or ""
            self._incoming_email(external_id, text, contact["properties"]["email"], at, f"Re: {subject}")

    def load(self, ticket: dict[str, Any], *, emails: list[dict[str, Any]] | None = None,
             notes: list[dict[str, Any]] | None = None, contact: dict[str, Any] | None = None) -> None:
        """Store recorded objects (in HubSpot's v3 shape) and associate them with the ticket."""
        with self.lock:
            ticket_id = str(ticket["id"])
            self.objects["tickets"][ticket_id] = json.loads(json.dumps(ticket))
            linked = (("emails", emails or []), ("notes", notes or []), ("contacts", [contact] if contact else []))
            for kind, items in linked:
                for item in items:
                    self.objects[kind][str(item["id"])] = json.loads(json.dumps(item))
                self.links[(ticket_id, kind)] = [str(item["id"]) for item in items]

    def public_replies(self, external_id: str) -> list[str]:
        """Texts of the outgoing (``EMAIL``) emails on the ticket, in the order they were associated."""
        with self.lock:
            emails = [self.objects["emails"][i]["properties"] for i in self.links.get((external_id, "emails"), [])]
        return [str(p.get("hs_email_text") or html_to_text(str(p.get("hs_email_html") or "")))
                for p in emails if p.get("hs_email_direction") == "EMAIL"]

    def notes(self, external_id: str) -> list[str]:
        """Texts of the notes on the ticket."""
        with self.lock:
            notes = [self.objects["notes"][i]["properties"] for i in self.links.get((external_id, "notes"), [])]
        return [html_to_text(str(p.get("hs_note_body") or "")) for p in notes]

    def tags(self, external_id: str) -> list[str]:
        """Values of the ticket's tags property."""
        with self.lock:
            value = self.objects["tickets"][external_id]["properties"].get(self.tags_property)
        return [t for t in str(value or "").split(";") if t]

    def status(self, external_id: str) -> str | None:
        """The ticket's ``hs_pipeline_stage``."""
        with self.lock:
            stage = self.objects["tickets"][external_id]["properties"].get("hs_pipeline_stage")
        return None if stage is None else str(stage)

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Fail the next ``count`` creates and PATCHes; with ``after_write`` they happen before the error."""
        with self.lock:
            self._failure = _Failure(count, status, dict(headers or {}), after_write)

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime,
                       secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """A ``ticket.propertyChange`` event about the ticket, signed (``delivery_id`` becomes the event id)."""
        event_id = int(delivery_id) if delivery_id.isdigit() else int(hashlib.sha256(delivery_id.encode())
                                                                       .hexdigest()[:12], 16)
        return self.signed_events([{
            "eventId": event_id, "subscriptionId": 2_345_678, "portalId": 12_345_678, "appId": 987_654,
            "occurredAt": int(at.timestamp() * 1000), "subscriptionType": "ticket.propertyChange",
            "attemptNumber": 0, "objectId": int(external_id), "propertyName": "hs_pipeline_stage",
            "propertyValue": "2", "changeSource": "CRM_UI", "sourceId": "userId:45678"}], at=at, secret=secret)

    def signed_events(self, events: list[dict[str, Any]], *, at: datetime,
                      secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """Headers and body of a webhook request carrying ``events``, signed with v3 (and v1) at ``at``."""
        key = self.client_secret if secret is None else secret
        body = json.dumps(events, separators=(",", ":")).encode()
        timestamp = str(int(at.timestamp() * 1000))
        return {"Content-Type": "application/json", "X-HubSpot-Request-Timestamp": timestamp,
                "X-HubSpot-Signature-v3": signature_v3(key, "POST", self.webhook_url, body, timestamp),
                "X-HubSpot-Signature-Version": "v1",
                "X-HubSpot-Signature": hashlib.sha256(key.encode() + body).hexdigest(),
                "User-Agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/)"}, body

    # state helpers

    def _object(self, object_id: str, created: datetime, properties: dict[str, Any]) -> dict[str, Any]:
        stamp = iso(created)
        props = {**properties, "hs_object_id": object_id, "hs_lastmodifieddate": stamp}
        return {"id": object_id, "properties": props, "createdAt": stamp, "updatedAt": stamp, "archived": False}

    def _contact_for(self, email: str, created: datetime) -> str:
        for contact_id, contact in self.objects["contacts"].items():
            if contact["properties"].get("email") == email:
                return contact_id
        contact_id = str(next(self._ids))
        first = re.sub(r"\d+$", "", email.split("@")[0]).capitalize() or None
        self.objects["contacts"][contact_id] = self._object(contact_id, created, {
            "email": email, "firstname": first, "lastname": None, "phone": None, "createdate": iso(created),
            "lastmodifieddate": iso(created)})
        return contact_id

    def _incoming_email(self, ticket_id: str, text: str, sender: str, at: datetime, subject: str, *,
                        touch: bool = True) -> None:
        email_id = str(next(self._ids))
        self.objects["emails"][email_id] = self._object(email_id, at, {
            "hs_email_direction": "INCOMING_EMAIL", "hs_email_text": text,
            "hs_email_html": f"<div dir=\"ltr\">{html.escape(text)}</div>", "hs_email_subject": subject,
            "hs_email_from_email": sender, "hs_email_status": "SENT", "hs_timestamp": iso(at),
            "hs_createdate": iso(at)})
        self.links[(ticket_id, "emails")].append(email_id)
        if touch:
            self._touch(ticket_id, at)

    def _touch(self, ticket_id: str, at: datetime | None = None) -> None:
        ticket = self.objects["tickets"][ticket_id]
        previous = parse_moment(ticket["properties"].get("hs_lastmodifieddate")) or datetime.min.replace(tzinfo=UTC)
        moment = max(at or self.clock(), previous + timedelta(milliseconds=1))
        ticket["properties"]["hs_lastmodifieddate"] = ticket["updatedAt"] = iso(moment)

    def rate_headers(self) -> dict[str, str]:
        """The ``X-HubSpot-RateLimit-*`` headers of the current ten-second window."""
        with self.lock:
            now = time.monotonic()
            self._calls = [t for t in self._calls if now - t < RATE_INTERVAL_MS / 1000] + [now]
            self._total_calls += 1
            used, total = len(self._calls), self._total_calls
        return {"X-HubSpot-RateLimit-Max": str(RATE_MAX), "X-HubSpot-RateLimit-Remaining": str(max(0, RATE_MAX - used)),
                "X-HubSpot-RateLimit-Interval-Milliseconds": str(RATE_INTERVAL_MS),
                "X-HubSpot-RateLimit-Daily": str(DAILY_MAX),
                "X-HubSpot-RateLimit-Daily-Remaining": str(max(0, DAILY_MAX - total))}

    def take_failure(self) -> _Failure | None:
        """The failure planned for this write, if any (counts it down)."""
        with self.lock:
            if self._failure.remaining <= 0:
                return None
            self._failure.remaining -= 1
            return self._failure

    # API operations

    def render(self, kind: str, obj: dict[str, Any], wanted: list[str] | None) -> dict[str, Any]:
        """An object as the API returns it: the requested properties (null when unset) and the defaults."""
        props = obj["properties"]
        names = list(dict.fromkeys([*DEFAULT_PROPERTIES[kind], *wanted])) if wanted else list(props)
        return {"id": obj["id"], "properties": {name: props.get(name) for name in names},
                "createdAt": obj["createdAt"], "updatedAt": obj["updatedAt"], "archived": obj.get("archived", False)}

    def search(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /crm/v3/objects/tickets/search``."""
        limit = int(body.get("limit") or 10)
        after = str(body.get("after") or "0")
        if not after.isdigit() or limit < 1 or limit > SEARCH_LIMIT:
            raise HubSpotError(400, f"limit must be 1..{SEARCH_LIMIT} and after an offset", "VALIDATION_ERROR")
        offset = int(after)
        if offset + limit > SEARCH_DEPTH:
            raise HubSpotError(400, "The search API pages at most 10000 results deep", "VALIDATION_ERROR")
        with self.lock:
            tickets = _sorted([t for t in self.objects["tickets"].values()
                               if _matches(t, body.get("filterGroups") or [])], body.get("sorts") or [])
            page = [self.render("tickets", t, list(body.get("properties") or [])) for t in
                    tickets[offset:offset + limit]]
        result: dict[str, Any] = {"total": len(tickets), "results": page}
        if offset + limit < len(tickets):
            nxt = str(offset + limit)
            result["paging"] = {"next": {"after": nxt, "link": f"?after={nxt}"}}
        return result

    def get(self, kind: str, object_id: str, wanted: list[str] | None) -> dict[str, Any]:
        """``GET /crm/v3/objects/{kind}/{id}``."""
        with self.lock:
            obj = self.objects[kind].get(object_id)
            if obj is None:
                raise HubSpotError(404, "Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND")
            return self.render(kind, obj, wanted)

    def patch_ticket(self, ticket_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """``PATCH /crm/v3/objects/tickets/{id}``."""
        properties = body.get("properties")
        if not isinstance(properties, dict):
            raise HubSpotError(400, "Invalid input JSON: properties is required", "VALIDATION_ERROR")
        stage = properties.get("hs_pipeline_stage")
        if stage is not None and str(stage) not in PIPELINE_STAGES:
            raise HubSpotError(400, f"Property values were not valid: {stage!r} is not a valid pipeline stage",
                               "VALIDATION_ERROR")
        with self.lock:
            ticket = self.objects["tickets"].get(ticket_id)
            if ticket is None:
                raise HubSpotError(404, "Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND")
            ticket["properties"].update({k: None if v is None else str(v) for k, v in properties.items()})
            self._touch(ticket_id)
            return self.render("tickets", ticket, None)

    def associations(self, ticket_id: str, kind: str, query: dict[str, list[str]]) -> dict[str, Any]:
        """``GET /crm/v4/objects/tickets/{id}/associations/{kind}``."""
        with self.lock:
            if ticket_id not in self.objects["tickets"]:
                raise HubSpotError(404, "Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND")
            ids = list(self.links.get((ticket_id, kind), []))
        offset = int((query.get("after") or ["0"])[0] or 0)
        limit = min(500, int((query.get("limit") or ["500"])[0]))
        results = [{"toObjectId": int(i), "associationTypes": [
            {"category": "HUBSPOT_DEFINED", "typeId": ASSOCIATION_TYPES[kind], "label": None}]}
            for i in ids[offset:offset + limit]]
        page: dict[str, Any] = {"results": results}
        if offset + limit < len(ids):
            nxt = str(offset + limit)
            page["paging"] = {"next": {"after": nxt, "link": f"?after={nxt}"}}
        return page

    def batch_read(self, kind: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """``POST /crm/v3/objects/{kind}/batch/read`` (207 when some ids are unknown)."""
        inputs = body.get("inputs")
        if not isinstance(inputs, list) or len(inputs) > BATCH_LIMIT:
            raise HubSpotError(400, f"inputs must be a list of at most {BATCH_LIMIT} ids", "VALIDATION_ERROR")
        now = iso(self.clock())
        with self.lock:
            ids = [str(i.get("id")) for i in inputs]
            found = [self.render(kind, self.objects[kind][i], list(body.get("properties") or []))
                     for i in ids if i in self.objects[kind]]
            missing = [i for i in ids if i not in self.objects[kind]]
        result: dict[str, Any] = {"status": "COMPLETE", "results": found, "startedAt": now, "completedAt": now}
        if not missing:
            return 200, result
        singular = kind[:-1].upper()
        return 207, {**result, "numErrors": 1, "errors": [{
            "status": "error", "category": "OBJECT_NOT_FOUND", "context": {"ids": missing},
            "message": f"Could not get some {singular} objects, they may be deleted or not exist."}]}

    def create(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /crm/v3/objects/{emails|notes}`` with inline associations to tickets."""
        properties = body.get("properties")
        if not isinstance(properties, dict) or not properties.get("hs_timestamp"):
            raise HubSpotError(400, "Property values were not valid: hs_timestamp is required", "VALIDATION_ERROR")
        tickets = self._association_targets(kind, body.get("associations") or [])
        moment = parse_moment(properties["hs_timestamp"])
        if moment is None:
            raise HubSpotError(400, "Property values were not valid: hs_timestamp", "VALIDATION_ERROR")
        with self.lock:
            object_id = str(next(self._ids))
            stored = {k: None if v is None else str(v) for k, v in properties.items()}
            now = iso(self.clock())
            obj = self._object(object_id, self.clock(), {**stored, "hs_timestamp": iso(moment), "hs_createdate": now})
            self.objects[kind][object_id] = obj
            for ticket_id in tickets:
                self.links.setdefault((ticket_id, kind), []).append(object_id)
                self._touch(ticket_id)
            return self.render(kind, obj, None)

    def _association_targets(self, kind: str, associations: list[dict[str, Any]]) -> list[str]:
        targets = []
        for association in associations:
            target = str((association.get("to") or {}).get("id"))
            types = association.get("types") or []
            if not any(t.get("associationCategory") == "HUBSPOT_DEFINED"
                       and t.get("associationTypeId") == WRITE_TYPES[kind] for t in types):
                raise HubSpotError(400, f"invalid association type for {kind} to ticket {types!r}",
                                   "VALIDATION_ERROR")
            with self.lock:
                if target not in self.objects["tickets"]:
                    raise HubSpotError(400, f"No ticket with id {target} exists", "VALIDATION_ERROR")
            targets.append(target)
        return targets


def _matches(ticket: dict[str, Any], groups: list[dict[str, Any]]) -> bool:
    if not groups:
        return True
    return any(all(_filter(ticket["properties"], f) for f in g.get("filters") or []) for g in groups)


def _filter(props: dict[str, Any], spec: dict[str, Any]) -> bool:
    name, operator = spec.get("propertyName"), spec.get("operator", "EQ")
    value = props.get(str(name))
    if operator == "HAS_PROPERTY":
        return value not in (None, "")
    if operator == "NOT_HAS_PROPERTY":
        return value in (None, "")
    if value in (None, ""):
        return False
    left, right = _sort_key(value, str(name)), _sort_key(spec.get("value"), str(name))
    comparisons: dict[str, Callable[[Any, Any], bool]] = {
        "EQ": lambda a, b: a == b, "NEQ": lambda a, b: a != b, "GT": lambda a, b: a > b,
        "GTE": lambda a, b: a >= b, "LT": lambda a, b: a < b, "LTE": lambda a, b: a <= b}
    if operator not in comparisons:
        raise HubSpotError(400, f"operator {operator} is not supported by this server", "VALIDATION_ERROR")
    return comparisons[operator](left, right)


def _sorted(tickets: list[dict[str, Any]], sorts: list[Any]) -> list[dict[str, Any]]:
    ordered = sorted(tickets, key=lambda t: int(t["id"]))
    for sort in reversed(sorts):  # stable sorts: the first sort wins, ids break ties
        name, direction = _sort_spec(sort)
        ordered.sort(key=lambda t: _sort_key(t["properties"].get(name), name), reverse=direction == "DESCENDING")
    return ordered


def _sort_spec(sort: Any) -> tuple[str, str]:
    if isinstance(sort, str):  # the short form: "prop" or "-prop"
        return sort.lstrip("-"), "DESCENDING" if sort.startswith("-") else "ASCENDING"
    return str(sort.get("propertyName")), str(sort.get("direction") or "ASCENDING")


def _sort_key(value: Any, name: str) -> Any:
    if name in DATETIME_PROPERTIES:
        moment = parse_moment(value)
        return int(moment.timestamp() * 1000) if moment else 0
    return str(value or "")


def _handler(state: HubSpotServer) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        """One HubSpot API request."""
        def serve(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                return self._error(HubSpotError(400, "Invalid input JSON", "VALIDATION_ERROR"))
            split = urlsplit(self.path)
            with state.lock:
                state.requests.append((method, self.path, body))
            if self.headers.get("Authorization") != f"Bearer {state.access_token}":
                return self._error(HubSpotError(401, "Authentication credentials not found. This API supports "
                                                "OAuth 2.0 authentication.", "INVALID_AUTHENTICATION"))
            try:
                status, answer = self._route(method, split.path, parse_qs(split.query), body)
            except HubSpotError as exc:
                return self._error(exc)
            self._json(status, answer)

        def _route(self, method: str, path: str, query: dict[str, list[str]],
                   body: Any) -> tuple[int, dict[str, Any]]:
            wanted = [p for v in query.get("properties", []) for p in v.split(",") if p] or None
            if method == "POST" and path == "/crm/v3/objects/tickets/search":
                return 200, state.search(body)
            if match := re.fullmatch(r"/crm/v3/objects/(tickets|contacts)/(\d+)", path):
                kind, object_id = match[1], match[2]
                if method == "GET":
                    return 200, state.get(kind, object_id, wanted)
                if method == "PATCH" and kind == "tickets":
                    return self._write(lambda: (200, state.patch_ticket(object_id, body)))
            if method == "GET" and (match := re.fullmatch(
                    r"/crm/v4/objects/tickets/(\d+)/associations/(emails|notes|contacts)", path)):
                return 200, state.associations(match[1], match[2], query)
            if method == "POST" and (match := re.fullmatch(r"/crm/v3/objects/(emails|notes)/batch/read", path)):
                return state.batch_read(match[1], body)
            if method == "POST" and (match := re.fullmatch(r"/crm/v3/objects/(emails|notes)", path)):
                engagement = match[1]
                return self._write(lambda: (201, state.create(engagement, body)))
            raise HubSpotError(404, f"No route for {method} {path}", "OBJECT_NOT_FOUND")

        def _write(self, perform: Callable[[], tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]]:
            failure = state.take_failure()
            if failure is None:
                return perform()
            if failure.after_write:
                perform()
            headers = {"X-HubSpot-RateLimit-Remaining": "0"} if failure.status == 429 else {}
            raise HubSpotError(failure.status, _failure_message(failure.status), _failure_category(failure.status),
                               {**headers, **failure.headers})

        def _json(self, status: int, data: dict[str, Any], headers: Mapping[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in {**state.rate_headers(), **(headers or {})}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

        def _error(self, error: HubSpotError) -> None:
            body = error.body()
            if error.status == 429:
                body.update(errorType="RATE_LIMIT", policyName="TEN_SECONDLY_ROLLING")
            self._json(error.status, body, error.headers)

    return Handler


def _failure_message(status: int) -> str:
    if status == 429:
        return "You have reached your ten_secondly_rolling limit."
    return "internal error" if status >= 500 else f"request failed with {status}"


def _failure_category(status: int) -> str:
    return {429: "RATE_LIMITS", 401: "INVALID_AUTHENTICATION", 404: "OBJECT_NOT_FOUND"}.get(
        status, "INTERNAL_ERROR" if status >= 500 else "VALIDATION_ERROR")


@contextmanager
def hubspot_server(**options: Any) -> Iterator[HubSpotServer]:
    """Serve a HubSpot portal on a free loopback port until the block ends (options go to HubSpotServer)."""
    state = HubSpotServer(**options)
    with loopback_server(_handler(state)) as base_url:
        state.base_url = base_url
        yield state
