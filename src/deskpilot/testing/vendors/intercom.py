"""A local Intercom REST API (the 2.11 wire format) for connector tests, kept in memory.

It answers ``GET /me``, ``GET /admins/{id}``, ``POST /conversations/search`` (``query`` with single or nested
AND/OR filters, ``pagination.per_page`` up to 150 and ``starting_after``, ``sort``; answers a ``conversation.list``
whose ``pages.next.starting_after`` is an opaque search-after cursor), ``GET /conversations/{id}`` (with
``conversation_parts``), ``POST /conversations/{id}/reply``, ``POST /conversations/{id}/parts`` (close / open /
snoozed / assignment), ``POST /tags``, ``POST /conversations/{id}/tags``, ``PUT /conversations/{id}``
(``custom_attributes``) and ``GET /contacts/{id}``, in the shapes of the recorded payloads in
``tests/connectors/payloads/intercom``. Calls without ``Authorization: Bearer <token>`` get 401; errors carry
``{"type": "error.list", "request_id", "errors": [{"code", "message"}]}``; a 429 carries ``X-RateLimit-Limit``,
``X-RateLimit-Remaining`` and ``X-RateLimit-Reset``. Webhook notifications are signed like Intercom's:
``X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body keyed by the client secret>``.
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
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from deskpilot.testing.loopback import QuietHandler, loopback_server
from deskpilot.understand.text import html_to_text

TOKEN = "intercom-test-token"
CLIENT_SECRET = "intercom-test-client-secret"
ADMIN_ID = "5017690"
APP_ID = "ecahpwf5"
MAX_PER_PAGE = 150
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u2063]")
_ERROR_CODES = {400: "parameter_invalid", 401: "unauthorized", 403: "api_plan_restricted", 404: "not_found",
                409: "conflict", 422: "parameter_invalid", 429: "rate_limit_exceeded", 500: "server_error",
                502: "bad_gateway", 503: "service_unavailable", 504: "gateway_timeout"}


class ApiError(Exception):
    """An error answer in Intercom's ``error.list`` shape."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class Received:
    """A request the server got."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class _Failure:
    status: int
    headers: dict[str, str]
    after_write: bool


def _now(floor: int = 0) -> int:
    return max(int(time.time()), floor)


def _visible_text(body: str | None) -> str:
    return _INVISIBLE.sub("", html_to_text(body or "")).strip()


def _contact_id(email: str) -> str:
    return hashlib.sha1(email.encode()).hexdigest()[:24]


def _lookup(item: Mapping[str, Any], dotted: str) -> Any:
    value: Any = item
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _compare(value: Any, operator: str, wanted: Any) -> bool:
    if operator in ("IN", "NIN"):
        found = str(value) in {str(w) for w in (wanted or [])}
        return found if operator == "IN" else not found
    if operator in (">", "<"):  # documented as "greater (or equal)" and "lower (or equal)"
        if value is None:
            return False
        return float(value) >= float(wanted) if operator == ">" else float(value) <= float(wanted)
    text, target = str(value if value is not None else ""), str(wanted)
    checks: dict[str, Callable[[], bool]] = {
        "=": lambda: text == target, "!=": lambda: text != target, "~": lambda: target in text,
        "!~": lambda: target not in text, "^": lambda: text.startswith(target), "$": lambda: text.endswith(target)}
    if operator not in checks:
        raise ApiError(400, "parameter_invalid", f"operator {operator!r} is not supported")
    return checks[operator]()


def matches(item: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
    """Whether a conversation matches a search query (single filter, or AND/OR of nested filters)."""
    operator = query.get("operator")
    if operator in ("AND", "OR"):
        parts = query.get("value")
        if not isinstance(parts, list) or not parts:
            raise ApiError(400, "parameter_invalid", "AND/OR queries need a list of filters")
        results = [matches(item, part) for part in parts]
        return all(results) if operator == "AND" else any(results)
    if not isinstance(query.get("field"), str) or not isinstance(operator, str):
        raise ApiError(400, "parameter_invalid", "a query needs field, operator and value")
    return _compare(_lookup(item, query["field"]), operator, query.get("value"))


def _encode_after(sort_value: Any, conversation_id: str, page: int) -> str:
    return base64.b64encode(json.dumps([sort_value, conversation_id, page]).encode()).decode()


def _decode_after(cursor: str) -> tuple[Any, str, int]:
    try:
        value, conversation_id, page = json.loads(base64.b64decode(cursor.encode(), validate=True))
        return value, str(conversation_id), int(page)
    except (ValueError, TypeError) as exc:
        raise ApiError(400, "parameter_invalid", "starting_after is not a valid cursor") from exc


@dataclass
class IntercomState:
    """The workspace: admins, contacts, conversations, tags, requests received and failures to produce."""

    base_url: str = ""
    token: str = TOKEN
    client_secret: str = CLIENT_SECRET
    admin: dict[str, Any] = field(default_factory=lambda: {
        "type": "admin", "id": ADMIN_ID, "name": "deskpilot", "email": "deskpilot@shop.example.com",
        "away_mode_enabled": False, "away_mode_reassign": False, "has_inbox_seat": True, "team_ids": []})
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[str, dict[str, Any]] = field(default_factory=dict)
    tag_list: dict[str, dict[str, Any]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    failures: list[_Failure] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(31874530001))

    # the harness side (VendorHarness)

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """A conversation a user opened from the Messenger."""
        at = int(created_at.timestamp())
        with self.lock:
            contact = self._contact(email, at)
            self.conversations[external_id] = _conversation(external_id, str(next(self._ids)), contact,
                                                            f"<p>{html.escape(customer_text)}</p>", at)

    def add_customer_message(self, external_id: str, text: str, *, at: datetime) -> None:
        """The user writes again (a closed or snoozed conversation opens again)."""
        with self.lock:
            conversation = self.conversations[external_id]
            contact = self.contacts[conversation["contacts"]["contacts"][0]["id"]]
            author = {"id": contact["id"], "type": "user", "name": contact["name"], "email": contact["email"]}
            self.add_part(external_id, "comment", f"<p>{html.escape(text)}</p>", author, at=int(at.timestamp()))
            conversation.update(state="open", open=True, snoozed_until=None)

    def add_part(self, external_id: str, part_type: str, body: str | None, author: Mapping[str, Any], *,
                 at: int | None = None, attachments: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Append a conversation part; the conversation's ``updated_at`` moves with it."""
        with self.lock:
            conversation = self.conversations[external_id]
            when = at if at is not None else _now(conversation["updated_at"])
            part = {"type": "conversation_part", "id": str(next(self._ids)), "part_type": part_type, "body": body,
                    "created_at": when, "updated_at": when, "notified_at": when, "assigned_to": None,
                    "author": dict(author), "attachments": list(attachments or []), "external_id": None,
                    "redacted": False}
            parts = conversation["conversation_parts"]
            parts["conversation_parts"].append(part)
            parts["total_count"] = len(parts["conversation_parts"])
            conversation["updated_at"] = max(conversation["updated_at"], when)
            return part

    def _written(self, external_id: str, *, note: bool) -> list[str]:
        with self.lock:
            parts = self.conversations[external_id]["conversation_parts"]["conversation_parts"]
            return [_visible_text(p["body"]) for p in parts if p["body"] and p["author"]["type"] in ("admin", "bot")
                    and (p["part_type"] == "note") is note]

    def public_replies(self, external_id: str) -> list[str]:
        """What admins and bots said to the customer, as the customer reads it."""
        return self._written(external_id, note=False)

    def notes(self, external_id: str) -> list[str]:
        """The internal notes, as teammates read them."""
        return self._written(external_id, note=True)

    def tags(self, external_id: str) -> list[str]:
        """Names of the conversation's tags."""
        with self.lock:
            return [t["name"] for t in self.conversations[external_id]["tags"]["tags"]]

    def status(self, external_id: str) -> str | None:
        """The conversation's state: open, closed or snoozed."""
        with self.lock:
            return str(self.conversations[external_id]["state"])

    def custom_attributes(self, external_id: str) -> dict[str, Any]:
        """The conversation's custom attributes."""
        with self.lock:
            return dict(self.conversations[external_id]["custom_attributes"])

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Answer the next ``count`` writes with ``status``; with ``after_write`` the write happens first."""
        with self.lock:
            self.failures.extend(_Failure(status, dict(headers or {}), after_write) for _ in range(count))

    def notification(self, topic: str, item: Mapping[str, Any], *, delivery_id: str, at: datetime) -> bytes:
        """The body of a webhook notification about an item."""
        created = int(at.timestamp())
        return json.dumps({
            "type": "notification_event", "app_id": APP_ID,
            "data": {"type": "notification_event_data", "item": dict(item)}, "links": {}, "id": delivery_id,
            "topic": topic, "delivery_status": "pending", "delivery_attempts": 1, "delivered_at": 0,
            "first_sent_at": created, "created_at": created, "self": None}).encode()

    def sign(self, body: bytes, secret: str | None = None) -> dict[str, str]:
        """Webhook headers for a body, signed with the app's client secret (or another one)."""
        digest = hmac.new((secret or self.client_secret).encode(), body, hashlib.sha1).hexdigest()
        return {"Content-Type": "application/json", "X-Hub-Signature": f"sha1={digest}"}

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime,
                       secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """A signed ``conversation.user.replied`` (or ``.created``) notification carrying the newest part."""
        with self.lock:
            item = json.loads(json.dumps(self.conversations[external_id]))
        parts = item["conversation_parts"]["conversation_parts"][-1:]
        item["conversation_parts"] = {"type": "conversation_part.list", "conversation_parts": parts,
                                      "total_count": len(parts)}
        topic = "conversation.user.replied" if parts else "conversation.user.created"
        body = self.notification(topic, item, delivery_id=delivery_id, at=at)
        return self.sign(body, secret), body

    def _contact(self, email: str, at: int) -> dict[str, Any]:
        contact_id = _contact_id(email)
        if contact_id not in self.contacts:
            name = email.split("@")[0].capitalize()
            self.contacts[contact_id] = _contact(contact_id, email, name, at)
        return self.contacts[contact_id]

    # the API side

    def take_failure(self) -> _Failure | None:
        """The failure the next write must produce, if any."""
        with self.lock:
            return self.failures.pop(0) if self.failures else None

    def conversation(self, external_id: str) -> dict[str, Any]:
        """A conversation as ``GET /conversations/{id}`` answers it."""
        if external_id not in self.conversations:
            raise ApiError(404, "not_found", "Resource Not Found")
        return json.loads(json.dumps(self.conversations[external_id]))

    def contact(self, contact_id: str) -> dict[str, Any]:
        """A contact as ``GET /contacts/{id}`` answers it."""
        if contact_id not in self.contacts:
            raise ApiError(404, "not_found", "User Not Found")
        return dict(self.contacts[contact_id])

    def search(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /conversations/search``."""
        query, pagination = body.get("query"), body.get("pagination") or {}
        if not isinstance(query, dict):
            raise ApiError(400, "parameter_not_found", "query is required")
        per_page = int(pagination.get("per_page") or 20)
        if not 0 < per_page <= MAX_PER_PAGE:
            raise ApiError(400, "parameter_invalid", f"per_page must be between 1 and {MAX_PER_PAGE}")
        sort = body.get("sort") or {}
        sort_field, descending = str(sort.get("field") or "id"), sort.get("order") == "descending"
        found = sorted((c for c in self.conversations.values() if matches(c, query)),
                       key=lambda c: (_lookup(c, sort_field) or 0, c["id"]), reverse=descending)
        page, remaining = 1, found
        if pagination.get("starting_after"):
            value, last_id, page = _decode_after(str(pagination["starting_after"]))
            remaining = [c for c in found if ((_lookup(c, sort_field) or 0, c["id"]) < (value, last_id)
                                              if descending else (_lookup(c, sort_field) or 0, c["id"]) > (value,
                                                                                                           last_id))]
        chosen = remaining[:per_page]
        pages: dict[str, Any] = {"type": "pages", "page": page, "per_page": per_page,
                                 "total_pages": max(1, -(-len(found) // per_page))}
        if len(remaining) > per_page:
            last = chosen[-1]
            pages["next"] = {"page": page + 1,
                             "starting_after": _encode_after(_lookup(last, sort_field) or 0, last["id"], page + 1)}
        listed = [{k: v for k, v in c.items() if k != "conversation_parts"} for c in chosen]
        return {"type": "conversation.list", "pages": pages, "total_count": len(found),
                "conversations": json.loads(json.dumps(listed))}

    def reply(self, external_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /conversations/{id}/reply``: an admin comment or note, or a user comment."""
        conversation = self.conversation(external_id)
        message_type, kind = body.get("message_type"), body.get("type")
        if message_type not in ("comment", "note") or kind not in ("admin", "user"):
            raise ApiError(400, "parameter_invalid", "message_type must be comment or note, type admin or user")
        if not body.get("body"):
            raise ApiError(400, "parameter_not_found", "Body is required")
        if kind == "admin":
            author = self._admin_author(body.get("admin_id"))
        else:
            author = {"id": conversation["contacts"]["contacts"][0]["id"], "type": "user"}
        part = self.add_part(external_id, str(message_type), str(body["body"]), author)
        return self._with_part(external_id, part)

    def manage(self, external_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /conversations/{id}/parts``: close, open, snooze or assign."""
        self.conversation(external_id)
        message_type = body.get("message_type")
        author = self._admin_author(body.get("admin_id"))
        changes: dict[str, dict[str, Any]] = {
            "close": {"state": "closed", "open": False, "snoozed_until": None},
            "open": {"state": "open", "open": True, "snoozed_until": None},
            "snoozed": {"state": "snoozed", "open": True, "snoozed_until": body.get("snoozed_until")},
            "assignment": {"admin_assignee_id": body.get("assignee_id")}}
        if message_type not in changes:
            raise ApiError(400, "parameter_invalid", "message_type must be close, open, snoozed or assignment")
        if message_type == "snoozed" and not isinstance(body.get("snoozed_until"), int):
            raise ApiError(400, "parameter_not_found", "snoozed_until is required")
        part = self.add_part(external_id, str(message_type), body.get("body"), author)
        self.conversations[external_id].update(changes[str(message_type)])
        return self._with_part(external_id, part)

    def create_tag(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /tags``: create a tag, or return the one with that name."""
        name = str(body.get("name") or "").strip()
        if not name:
            raise ApiError(400, "parameter_not_found", "name is required")
        for tag in self.tag_list.values():
            if tag["name"] == name:
                return dict(tag)
        tag = {"type": "tag", "id": str(8811270 + len(self.tag_list) + 1), "name": name}
        self.tag_list[tag["id"]] = tag
        return dict(tag)

    def tag_conversation(self, external_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /conversations/{id}/tags``: attach a tag (once)."""
        self.conversation(external_id)
        admin = self._admin_author(body.get("admin_id"))
        tag = self.tag_list.get(str(body.get("id")))
        if tag is None:
            raise ApiError(404, "tag_not_found", "Tag not found")
        applied = self.conversations[external_id]["tags"]["tags"]
        if all(t["id"] != tag["id"] for t in applied):
            applied.append({**tag, "applied_at": _now(), "applied_by": {"type": "admin", "id": admin["id"]}})
            self.conversations[external_id]["updated_at"] = _now(self.conversations[external_id]["updated_at"])
        return dict(tag)

    def update_conversation(self, external_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """``PUT /conversations/{id}``: read flag, title and custom attributes."""
        self.conversation(external_id)
        conversation = self.conversations[external_id]
        attributes = body.get("custom_attributes")
        if attributes is not None and not isinstance(attributes, dict):
            raise ApiError(400, "parameter_invalid", "custom_attributes must be an object")
        conversation["custom_attributes"].update(attributes or {})
        for key in ("read", "title"):
            if key in body:
                conversation[key] = body[key]
        conversation["updated_at"] = _now(conversation["updated_at"])
        return self.conversation(external_id)

    def me(self) -> dict[str, Any]:
        """``GET /me``: the admin the token belongs to, with the workspace."""
        return {**self.admin, "email_verified": True, "app": {
            "type": "app", "id_code": APP_ID, "name": "Shop Example", "created_at": 1700000000, "secure": False,
            "identity_verification": False, "timezone": "Europe/Lisbon", "region": "EU"}}

    def admin_by_id(self, admin_id: str) -> dict[str, Any]:
        """``GET /admins/{id}``."""
        if admin_id != self.admin["id"]:
            raise ApiError(404, "admin_not_found", "Admin not found")
        return dict(self.admin)

    def _admin_author(self, admin_id: Any) -> dict[str, Any]:
        if str(admin_id) != self.admin["id"]:
            raise ApiError(404, "admin_not_found", "Admin not found")
        return {"id": self.admin["id"], "type": "admin", "name": self.admin["name"], "email": self.admin["email"]}

    def _with_part(self, external_id: str, part: Mapping[str, Any]) -> dict[str, Any]:
        answer = self.conversation(external_id)
        answer["conversation_parts"] = {"type": "conversation_part.list", "conversation_parts": [dict(part)],
                                        "total_count": 1}
        return answer


def _contact(contact_id: str, email: str, name: str, at: int) -> dict[str, Any]:
    lists = {key: {"type": "list", "data": [], "url": f"/contacts/{contact_id}/{key}", "total_count": 0,
                   "has_more": False} for key in ("tags", "notes", "companies")}
    return {"type": "contact", "id": contact_id, "workspace_id": APP_ID, "external_id": None, "role": "user",
            "email": email, "email_domain": email.split("@")[-1], "phone": None, "formatted_phone": None,
            "name": name, "owner_id": None, "has_hard_bounced": False, "marked_email_as_spam": False,
            "unsubscribed_from_emails": False, "created_at": at, "updated_at": at, "signed_up_at": at,
            "last_seen_at": at, "last_replied_at": at, "last_contacted_at": None, "last_email_opened_at": None,
            "last_email_clicked_at": None, "language_override": None, "browser": "chrome",
            "browser_version": "131.0.0.0", "browser_language": "en-GB", "os": "OS X 14.5",
            "custom_attributes": {}, "avatar": None, **lists,
            "location": {"type": "location", "country": None, "region": None, "city": None, "country_code": None,
                         "continent_code": None}, "social_profiles": {"type": "list", "data": []}}


def _conversation(external_id: str, source_id: str, contact: Mapping[str, Any], body: str,
                  at: int) -> dict[str, Any]:
    author = {"type": "user", "id": contact["id"], "name": contact["name"], "email": contact["email"]}
    return {
        "type": "conversation", "id": external_id, "created_at": at, "updated_at": at, "waiting_since": at,
        "snoozed_until": None,
        "source": {"type": "conversation", "id": source_id, "delivered_as": "customer_initiated", "subject": "",
                   "body": body, "author": author, "attachments": [], "url": None, "redacted": False},
        "contacts": {"type": "contact.list", "contacts": [
            {"type": "contact", "id": contact["id"], "external_id": contact["external_id"]}]},
        "first_contact_reply": {"created_at": at, "type": "conversation", "url": None},
        "admin_assignee_id": None, "team_assignee_id": None, "open": True, "state": "open", "read": False,
        "tags": {"type": "tag.list", "tags": []}, "priority": "not_priority", "sla_applied": None,
        "statistics": None, "conversation_rating": None, "teammates": None, "title": None, "custom_attributes": {},
        "topics": {}, "ticket": None, "linked_objects": {"type": "list", "data": [], "total_count": 0,
                                                         "has_more": False},
        "ai_agent": None, "ai_agent_participated": False,
        "conversation_parts": {"type": "conversation_part.list", "conversation_parts": [], "total_count": 0}}


_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    ("GET", re.compile(r"^/me$"), "me"),
    ("GET", re.compile(r"^/admins/(?P<id>[^/]+)$"), "admin"),
    ("POST", re.compile(r"^/conversations/search$"), "search"),
    ("GET", re.compile(r"^/conversations/(?P<id>[^/]+)$"), "conversation"),
    ("PUT", re.compile(r"^/conversations/(?P<id>[^/]+)$"), "update"),
    ("POST", re.compile(r"^/conversations/(?P<id>[^/]+)/reply$"), "reply"),
    ("POST", re.compile(r"^/conversations/(?P<id>[^/]+)/parts$"), "manage"),
    ("POST", re.compile(r"^/conversations/(?P<id>[^/]+)/tags$"), "tag"),
    ("POST", re.compile(r"^/tags$"), "create_tag"),
    ("GET", re.compile(r"^/contacts/(?P<id>[^/]+)$"), "contact"),
]


def _dispatch(state: IntercomState, action: str, ident: str, body: Any) -> dict[str, Any]:
    calls: dict[str, Callable[[], dict[str, Any]]] = {
        "me": state.me, "admin": lambda: state.admin_by_id(ident), "search": lambda: state.search(body),
        "conversation": lambda: state.conversation(ident), "update": lambda: state.update_conversation(ident, body),
        "reply": lambda: state.reply(ident, body), "manage": lambda: state.manage(ident, body),
        "tag": lambda: state.tag_conversation(ident, body), "create_tag": lambda: state.create_tag(body),
        "contact": lambda: state.contact(ident)}
    with state.lock:
        return calls[action]()


def _handler(state: IntercomState) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def serve(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = self.path.split("?", 1)[0].rstrip("/") or "/"
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = None
            with state.lock:
                state.received.append(Received(method, path, headers, body))
            if headers.get("authorization") != f"Bearer {state.token}":
                return self._error(ApiError(401, "unauthorized", "Access Token Invalid"), rate_headers=False)
            if body is None or (raw and not isinstance(body, dict)):
                return self._error(ApiError(400, "parameter_invalid", "the body is not a JSON object"))
            route = next(((action, m) for verb, pattern, action in _ROUTES
                          if verb == method and (m := pattern.match(path))), None)
            if route is None:
                return self._error(ApiError(404, "not_found", "Resource Not Found"))
            action, match = route
            ident = match.groupdict().get("id") or ""
            write = method in ("POST", "PUT") and action != "search"
            failure = state.take_failure() if write else None
            if failure is not None and not failure.after_write:
                return self._failure(failure)
            try:
                answer = _dispatch(state, action, ident, body)
            except ApiError as exc:
                return self._error(exc)
            if failure is not None:
                return self._failure(failure)
            self._json(200, answer)

        def _rate_headers(self, remaining: int = 166) -> dict[str, str]:
            return {"X-RateLimit-Limit": "167", "X-RateLimit-Remaining": str(remaining),
                    "X-RateLimit-Reset": str(int(time.time()) + 10)}

        def _failure(self, failure: _Failure) -> None:
            code = _ERROR_CODES.get(failure.status, "server_error")
            message = "Exceeded rate limit of 167 in 10_seconds" if failure.status == 429 else "Server Error"
            headers = self._rate_headers(0) if failure.status == 429 else {}
            self._error(ApiError(failure.status, code, message), extra={**headers, **failure.headers})

        def _error(self, error: ApiError, *, extra: Mapping[str, str] | None = None,
                   rate_headers: bool = True) -> None:
            payload = {"type": "error.list", "request_id": str(uuid.uuid4()),
                       "errors": [{"code": error.code, "message": error.message}]}
            headers = {**(self._rate_headers() if rate_headers else {}), **(extra or {})}
            self._json(error.status, payload, headers)

        def _json(self, status: int, data: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (self._rate_headers() if headers is None else headers).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def intercom_server(*, token: str = TOKEN, client_secret: str = CLIENT_SECRET) -> Iterator[IntercomState]:
    """Serve a local Intercom workspace on a free loopback port; ``state.base_url`` is its API root."""
    state = IntercomState(token=token, client_secret=client_secret)
    with loopback_server(_handler(state)) as base_url:
        state.base_url = base_url
        yield state
