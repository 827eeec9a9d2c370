"""A loopback server speaking the Zendesk Support REST API wire format, for the Zendesk connector's tests.

It answers, with HTTP Basic auth ``{email}/token:{api_token}`` (401 ``{"error": "Couldn't authenticate you"}``
otherwise):

- ``GET /api/v2/incremental/tickets/cursor.json`` (``start_time`` or ``cursor``, ``per_page``, ``include=users``):
  ``tickets``, ``users``, ``after_cursor``, ``after_url``, ``before_cursor``, ``before_url``, ``end_of_stream``; the
  cursor is base64 of ``"{generated_timestamp}.0||{ticket id}|"`` like Zendesk's;
- ``GET /api/v2/tickets/{id}.json`` (``include=users``), ``GET /api/v2/users/{id}.json``, ``GET /api/v2/users/me.json``;
- ``GET /api/v2/tickets/{id}/comments.json`` and ``GET /api/v2/tickets/{id}/audits.json`` with offset pagination
  (``page``/``per_page`` → ``next_page``, ``previous_page``, ``count``) or cursor pagination (``page[size]``,
  ``page[after]`` → ``meta.has_more``, ``meta.after_cursor``, ``links.next``);
- ``PUT /api/v2/tickets/{id}.json`` with ``{"ticket": {"comment", "status", "tags", "additional_tags",
  "remove_tags", "custom_fields", "metadata"}}``: one audit per update whose ``metadata.custom`` holds the request's
  ``metadata``, answered with ``{"ticket", "audit"}``.

Errors use Zendesk's envelope ``{"error", "description", "details"}``; responses carry ``X-Rate-Limit`` headers.
Writes (and, for tests, reads) can be scripted to fail, with a ``Retry-After`` header or after the write happened.
Webhooks are event-subscription payloads signed ``base64(HMAC-SHA256(secret, timestamp + body))`` with
``X-Zendesk-Webhook-Signature`` / ``X-Zendesk-Webhook-Signature-Timestamp``. All state is kept in memory.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import itertools
import json
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any, NoReturn
from urllib.parse import parse_qs, urlencode, urlsplit

from deskpilot.testing.loopback import QuietHandler, loopback_server

STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
WRITE_METHODS = frozenset({"PUT", "POST", "DELETE"})
MAX_PER_PAGE = 100
MAX_EXPORT_PER_PAGE = 1000
ACCOUNT_ID = 12514403

JsonObject = dict[str, Any]


@dataclass
class Failure:
    """A scripted error answer: its status and headers, and whether the write happens before it is sent."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    after_write: bool = False


@dataclass
class Received:
    """A request the server got (method, path, query parameters and JSON body)."""

    method: str
    path: str
    query: dict[str, str]
    body: Any = None


class ApiError(Exception):
    """An error answer in Zendesk's envelope."""

    def __init__(self, status: int, error: str, description: str, details: JsonObject | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.headers = dict(headers or {})
        self.body: JsonObject = {"error": error, "description": description}
        if details is not None:
            self.body["details"] = details


def iso(moment: datetime) -> str:
    """A timestamp the way Zendesk writes them: UTC, seconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def export_cursor(timestamp: int, ticket_id: int) -> str:
    """An incremental-export cursor in Zendesk's shape (base64 of ``"{ts}.0||{id}|"``)."""
    return base64.b64encode(f"{timestamp}.0||{ticket_id}|".encode()).decode()


def read_export_cursor(cursor: str) -> tuple[int, int]:
    """The (timestamp, ticket id) position an export cursor stands for (ApiError 400 when malformed)."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        stamp, _, rest = text.partition("||")
        return int(float(stamp)), int(rest.strip("|"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, "InvalidPaginationParameter", "cursor is invalid") from exc


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Zendesk's webhook signature: base64(HMAC-SHA256(secret, timestamp + body))."""
    return base64.b64encode(hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()).decode()


def _html(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p)
    return f'<div class="zd-comment" dir="auto">{paragraphs}</div>'


class ZendeskServer:
    """The server's state: users, tickets, comments and audits, scripted failures and the requests received."""

    def __init__(self, *, email: str, api_token: str, webhook_secret: str, page_limit: int = MAX_PER_PAGE,
                 subdomain: str = "deskpilot-test") -> None:
        self.email = email
        self.api_token = api_token
        self.webhook_secret = webhook_secret
        self.page_limit = page_limit  # the most comments or audits one page holds (Zendesk: 100)
        self.subdomain = subdomain
        self.base_url = ""
        self.users: dict[int, JsonObject] = {}
        self.tickets: dict[int, JsonObject] = {}
        self.comments: dict[int, list[JsonObject]] = {}
        self.audits: dict[int, list[JsonObject]] = {}
        self.received: list[Received] = []
        self._write_failures: list[Failure] = []
        self._read_failures: list[Failure] = []
        self._ids = itertools.count(40_000_000_001)
        self._last = datetime(2000, 1, 1, tzinfo=UTC)
        self._lock = threading.RLock()
        self.agent_id = self._add_user(email, "Deskpilot Bot", "admin")

    # --- the VendorHarness protocol ---

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """Create a ticket opened by an end user by e-mail."""
        with self._lock:
            ticket_id = int(external_id)
            requester = self._user_by_email(email)
            at = self._advance(created_at)
            self.tickets[ticket_id] = self._ticket(ticket_id, requester, customer_text, at)
            self.comments[ticket_id] = []
            self.audits[ticket_id] = []
            comment = self._comment(requester, customer_text, public=True, at=at, channel="email")
            self._audit(ticket_id, requester, [comment], {}, at, channel="email")

    def add_customer_message(self, external_id: str, text: str, *, at: datetime) -> None:
        """The requester writes again (by e-mail); a solved or pending ticket reopens."""
        with self._lock:
            ticket_id = int(external_id)
            ticket = self.tickets[ticket_id]
            moment = self._advance(at)
            comment = self._comment(ticket["requester_id"], text, public=True, at=moment, channel="email")
            events = [comment]
            if ticket["status"] in ("pending", "hold", "solved"):
                events.append(self._change("status", "open", ticket["status"]))
                ticket["status"] = "open"
            self._audit(ticket_id, ticket["requester_id"], events, {}, moment, channel="email")

    def public_replies(self, external_id: str) -> list[str]:
        """Bodies of the public comments written by agents."""
        with self._lock:
            return [c["body"] for c in self.comments.get(int(external_id), [])
                    if c["public"] and self.users.get(c["author_id"], {}).get("role") != "end-user"]

    def notes(self, external_id: str) -> list[str]:
        """Bodies of the private comments (internal notes)."""
        with self._lock:
            return [c["body"] for c in self.comments.get(int(external_id), []) if not c["public"]]

    def tags(self, external_id: str) -> list[str]:
        """The ticket's tags."""
        with self._lock:
            return list(self.tickets[int(external_id)]["tags"])

    def status(self, external_id: str) -> str | None:
        """The ticket's status (new, open, pending, hold, solved or closed)."""
        with self._lock:
            ticket = self.tickets.get(int(external_id))
            return None if ticket is None else str(ticket["status"])

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Fail the next ``count`` PUT/POST/DELETE calls; with ``after_write`` the write happens first."""
        with self._lock:
            self._write_failures.extend(Failure(status, dict(headers or {}), after_write) for _ in range(count))

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime,
                       secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """A ``zen:event-type:ticket.comment_added`` event about the ticket's last comment, signed."""
        with self._lock:
            ticket = self.tickets[int(external_id)]
            last = (self.comments.get(int(external_id)) or [{}])[-1]
            author = self.users.get(last.get("author_id", 0), {})
        payload = {
            "type": "zen:event-type:ticket.comment_added", "account_id": ACCOUNT_ID, "id": delivery_id,
            "time": iso(at), "zendesk_event_version": "2022-11-06", "subject": f"zen:ticket:{ticket['id']}",
            "detail": {**self._event_detail(ticket), "actor_id": str(author.get("id", ""))},
            "event": {"comment": {"id": str(last.get("id", "")), "body": last.get("body", ""),
                                  "is_public": last.get("public", True),
                                  "author": {"id": str(author.get("id", "")), "name": author.get("name", ""),
                                             "is_staff": author.get("role") != "end-user"}}},
        }
        return self.webhook(payload, at=at, secret=secret)

    # --- more scripting for the Zendesk tests ---

    def webhook(self, payload: JsonObject, *, at: datetime, secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """Any webhook payload with the headers Zendesk sends, signed with the secret (the server's by default)."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        stamp = iso(at)
        return {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Zendesk Webhook",
                "X-Zendesk-Webhook-Id": "01HQ8WEBHOOK0000000000000",
                "X-Zendesk-Webhook-Invocation-Id": f"inv-{payload.get('id', '')}",
                "X-Zendesk-Webhook-Signature-Timestamp": stamp,
                "X-Zendesk-Webhook-Signature": sign(secret or self.webhook_secret, stamp, body)}, body

    def fail_reads(self, count: int, *, status: int = 429, headers: Mapping[str, str] | None = None) -> None:
        """Fail the next ``count`` GET calls."""
        with self._lock:
            self._read_failures.extend(Failure(status, dict(headers or {})) for _ in range(count))

    def load(self, ticket: JsonObject, comments: list[JsonObject], users: list[JsonObject]) -> None:
        """Store recorded Zendesk payloads as they are (a ticket, its comments, the users they name)."""
        with self._lock:
            for user in users:
                self.users[int(user["id"])] = dict(user)
            ticket_id = int(ticket["id"])
            self.tickets[ticket_id] = dict(ticket)
            self.comments[ticket_id] = [dict(c) for c in comments]
            self.audits.setdefault(ticket_id, [])
            self._last = max(self._last, _parse(ticket["updated_at"]))

    def add_agent(self, name: str, email: str) -> int:
        """Another agent account; returns its id."""
        with self._lock:
            return self._add_user(email, name, "agent")

    def agent_reply(self, external_id: str, text: str, *, agent_id: int, at: datetime, public: bool = True) -> None:
        """An agent answers (or notes) in the agent workspace."""
        with self._lock:
            ticket_id = int(external_id)
            moment = self._advance(at)
            comment = self._comment(agent_id, text, public=public, at=moment, channel="web")
            self._audit(ticket_id, agent_id, [comment], {}, moment, channel="web")

    def requests_to(self, path: str, method: str = "GET") -> list[Received]:
        """The requests received for a path."""
        with self._lock:
            return [r for r in self.received if r.path == path and r.method == method]

    # --- the API ---

    def handle(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, JsonObject]:
        """Answer one authenticated request (ApiError for error answers)."""
        with self._lock:
            failure = self._next_failure(method)
            if failure is not None and not failure.after_write:
                raise _failure_error(failure)
            status, payload = self._route(method, path, query, body)
            if failure is not None:
                raise _failure_error(failure)
            return status, json.loads(json.dumps(payload))  # a snapshot: later changes don't leak into it

    def _next_failure(self, method: str) -> Failure | None:
        queue = self._write_failures if method in WRITE_METHODS else self._read_failures
        return queue.pop(0) if queue else None

    def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, JsonObject]:
        clean = re.sub(r"\.json$", "", path.rstrip("/"))
        if method == "GET" and clean == "/api/v2/incremental/tickets/cursor":
            return 200, self._export(query)
        if method == "GET" and clean == "/api/v2/users/me":
            return 200, {"user": self.users[self.agent_id]}
        user = re.fullmatch(r"/api/v2/users/(\d+)", clean)
        if user is not None and method == "GET":
            return 200, {"user": self._existing_user(int(user[1]))}
        match = re.fullmatch(r"/api/v2/tickets/(\d+)(/comments|/audits)?", clean)
        if match is None:
            _no_route(path)
        ticket_id, sub = int(match[1]), match[2]
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise ApiError(404, "RecordNotFound", "Not found")
        if method == "PUT" and sub is None:
            return 200, self._update(ticket, body)
        if method != "GET":
            _no_route(path)
        if sub is None:
            return 200, self._with_users({"ticket": ticket}, _ticket_users(ticket), query)
        items = self.comments[ticket_id] if sub == "/comments" else self.audits[ticket_id]
        name = sub.strip("/")
        page = self._page(items, name, query, path)
        authors = {int(c["author_id"]) for c in page[name] if c.get("author_id")}
        return 200, self._with_users(page, authors, query)

    def _export(self, query: dict[str, str]) -> JsonObject:
        per_page = _int(query.get("per_page", str(MAX_EXPORT_PER_PAGE)), "per_page")
        per_page = max(1, min(per_page, MAX_EXPORT_PER_PAGE))
        if "cursor" in query:
            position = read_export_cursor(query["cursor"])
        elif "start_time" in query:
            position = (_int(query["start_time"], "start_time"), 0)
        else:
            raise ApiError(400, "InvalidValue", "start_time or cursor is required")
        ordered = sorted(self.tickets.values(), key=lambda t: (t["generated_timestamp"], t["id"]))
        later = [t for t in ordered if (t["generated_timestamp"], t["id"]) > position]
        page = later[:per_page]
        last = (page[-1]["generated_timestamp"], page[-1]["id"]) if page else position
        after = export_cursor(*last)
        before = export_cursor(page[0]["generated_timestamp"], page[0]["id"]) if page else None
        url = f"{self.base_url}/api/v2/incremental/tickets/cursor.json"
        extra = {k: v for k, v in query.items() if k in ("per_page", "include")}
        data: JsonObject = {
            "tickets": page, "after_cursor": after, "after_url": f"{url}?{urlencode({'cursor': after, **extra})}",
            "before_cursor": before,
            "before_url": f"{url}?{urlencode({'cursor': before, **extra})}" if before else None,
            "end_of_stream": len(later) <= per_page,
        }
        return self._with_users(data, {u for t in page for u in _ticket_users(t)}, query)

    def _page(self, items: list[JsonObject], name: str, query: dict[str, str], path: str) -> JsonObject:
        url = f"{self.base_url}{path}"
        limit = self.page_limit
        if "page[size]" in query or "page[after]" in query:
            size = max(1, min(_int(query.get("page[size]", str(limit)), "page[size]"), limit))
            start = _int(_unb64(query["page[after]"]), "page[after]") if query.get("page[after]") else 0
            chunk = items[start:start + size]
            more = start + size < len(items)
            after = base64.b64encode(str(start + size).encode()).decode() if chunk else None
            before = base64.b64encode(str(start).encode()).decode() if chunk else None
            following = f"{url}?{urlencode({'page[size]': size, 'page[after]': after})}" if more else None
            return {name: chunk, "meta": {"has_more": more, "after_cursor": after, "before_cursor": before},
                    "links": {"prev": None, "next": following}}
        per_page = max(1, min(_int(query.get("per_page", str(limit)), "per_page"), limit))
        number = max(1, _int(query.get("page", "1"), "page"))
        chunk = items[(number - 1) * per_page:number * per_page]
        keep = {k: v for k, v in query.items() if k == "include"}
        def link(n: int) -> str:
            return f"{url}?{urlencode({**keep, 'page': n, 'per_page': per_page})}"
        return {name: chunk, "next_page": link(number + 1) if number * per_page < len(items) else None,
                "previous_page": link(number - 1) if number > 1 else None, "count": len(items)}

    def _with_users(self, data: JsonObject, ids: set[int], query: dict[str, str]) -> JsonObject:
        if "users" in query.get("include", "").split(","):
            data["users"] = [self.users[i] for i in sorted(ids) if i in self.users]
        return data

    def _update(self, ticket: JsonObject, body: Any) -> JsonObject:
        if not isinstance(body, dict) or not isinstance(body.get("ticket"), dict):
            raise ApiError(400, "InvalidValue", "expected a JSON body with a ticket object")
        changes: JsonObject = body["ticket"]
        if ticket["status"] == "closed":
            raise ApiError(422, "RecordInvalid", "Record validation errors",
                           {"status": [{"description": "Status: closed prevents ticket update"}]})
        metadata = changes.get("metadata") or {}
        if not isinstance(metadata, dict) or len(json.dumps(metadata)) > 1024:
            raise ApiError(422, "RecordInvalid", "Record validation errors",
                           {"metadata": [{"description": "Metadata must be an object of at most 1 kilobyte"}]})
        events = self._apply(ticket, changes)
        if not events:
            return {"ticket": ticket}
        moment = self._advance(datetime.now(UTC))
        audit = self._audit(ticket["id"], self.agent_id, events, metadata, moment, channel="api")
        return {"ticket": ticket, "audit": audit}

    def _apply(self, ticket: JsonObject, changes: JsonObject) -> list[JsonObject]:
        events: list[JsonObject] = []
        comment = changes.get("comment")
        if comment is not None:
            text = comment.get("body") or comment.get("html_body") if isinstance(comment, dict) else None
            if not text:
                raise ApiError(422, "RecordInvalid", "Record validation errors",
                               {"comment": [{"description": "Comment: body can't be blank"}]})
            public = bool(comment.get("public", True))
            events.append(self._comment(self.agent_id, str(text), public=public, at=datetime.now(UTC), channel="api"))
        if "status" in changes and changes["status"] != ticket["status"]:
            if changes["status"] not in STATUSES:
                raise ApiError(422, "RecordInvalid", "Record validation errors",
                               {"status": [{"description": f"Status: {changes['status']} is not valid"}]})
            events.append(self._change("status", changes["status"], ticket["status"]))
        elif comment is not None and ticket["status"] == "new":
            events.append(self._change("status", "open", "new"))
        tags = _new_tags(ticket["tags"], changes)
        if tags != ticket["tags"]:
            events.append(self._change("tags", tags, ticket["tags"]))
        current = {f["id"]: f["value"] for f in ticket["custom_fields"]}
        for custom in changes.get("custom_fields") or []:
            field_id = custom.get("id") if isinstance(custom, dict) else None
            if not isinstance(field_id, int):
                raise ApiError(422, "RecordInvalid", "Record validation errors",
                               {"custom_fields": [{"description": "Custom fields need an integer id"}]})
            if field_id not in current or current[field_id] != custom.get("value"):
                events.append(self._change(str(field_id), custom.get("value"), current.get(field_id)))
        for event in events:
            self._apply_event(ticket, event)
        return events

    def _apply_event(self, ticket: JsonObject, event: JsonObject) -> None:
        if event["type"] != "Change":
            return
        name, value = event["field_name"], event["value"]
        if name in ("status", "tags"):
            ticket[name] = value
            return
        fields = [f for f in ticket["custom_fields"] if f["id"] != int(name)] + [{"id": int(name), "value": value}]
        ticket["custom_fields"] = sorted(fields, key=lambda f: f["id"])
        ticket["fields"] = list(ticket["custom_fields"])

    # --- building records in Zendesk's shapes ---

    def _add_user(self, email: str, name: str, role: str) -> int:
        user_id = next(self._ids)
        stamp = iso(datetime(2024, 1, 1, tzinfo=UTC))
        self.users[user_id] = {
            "id": user_id, "url": f"{self.base_url}/api/v2/users/{user_id}.json", "name": name, "email": email,
            "created_at": stamp, "updated_at": stamp, "time_zone": "Europe/Vilnius", "iana_time_zone": "Europe/Vilnius",
            "phone": None, "shared_phone_number": None, "photo": None, "locale_id": 1, "locale": "en-US",
            "organization_id": None, "role": role, "verified": True, "external_id": None, "tags": [], "alias": "",
            "active": True, "shared": False, "shared_agent": False, "last_login_at": None,
            "two_factor_auth_enabled": None, "signature": "", "details": "", "notes": "", "role_type": None,
            "custom_role_id": None, "moderator": role != "end-user", "ticket_restriction": None if role == "admin"
            else "requested", "only_private_comments": False, "restricted_agent": role == "end-user",
            "suspended": False, "default_group_id": None, "report_csv": False, "user_fields": {},
        }
        return user_id

    def _user_by_email(self, email: str) -> int:
        for user in self.users.values():
            if user["email"] == email:
                return int(user["id"])
        name = re.sub(r"\d+$", "", email.split("@")[0]).replace(".", " ").title() or email
        return self._add_user(email, name, "end-user")

    def _existing_user(self, user_id: int) -> JsonObject:
        user = self.users.get(user_id)
        if user is None:
            raise ApiError(404, "RecordNotFound", "Not found")
        return user

    def _ticket(self, ticket_id: int, requester: int, text: str, at: datetime) -> JsonObject:
        subject = text.split("\n")[0][:60]
        return {
            "url": f"{self.base_url}/api/v2/tickets/{ticket_id}.json", "id": ticket_id, "external_id": None,
            "via": {"channel": "email", "source": {"from": {"address": self.users[requester]["email"],
                                                            "name": self.users[requester]["name"]},
                                                   "to": {"address": f"support@{self.subdomain}.zendesk.com",
                                                          "name": "Support"}, "rel": None}},
            "created_at": iso(at), "updated_at": iso(at), "generated_timestamp": int(at.timestamp()),
            "type": "question", "subject": subject, "raw_subject": subject, "description": text,
            "priority": "normal", "status": "new", "recipient": f"support@{self.subdomain}.zendesk.com",
            "requester_id": requester, "submitter_id": requester, "assignee_id": None, "organization_id": None,
            "group_id": None, "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [], "forum_topic_id": None,
            "problem_id": None, "has_incidents": False, "is_public": True, "due_at": None, "tags": [],
            "custom_fields": [], "satisfaction_rating": None, "sharing_agreement_ids": [], "custom_status_id": 1,
            "fields": [], "followup_ids": [], "ticket_form_id": 360000000001, "brand_id": 360000000002,
            "allow_channelback": False, "allow_attachments": True, "from_messaging_channel": False,
        }

    def _comment(self, author: int, text: str, *, public: bool, at: datetime, channel: str) -> JsonObject:
        return {"id": next(self._ids), "type": "Comment", "author_id": author, "body": text, "html_body": _html(text),
                "plain_body": text, "public": public, "attachments": [], "audit_id": None,
                "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}},
                "created_at": iso(at), "metadata": {"system": {"client": "deskpilot-tests"}, "custom": {}}}

    def _change(self, name: str, value: Any, previous: Any) -> JsonObject:
        return {"id": next(self._ids), "type": "Change", "field_name": name, "value": value,
                "previous_value": previous}

    def _audit(self, ticket_id: int, author: int, events: list[JsonObject], custom: JsonObject, at: datetime, *,
               channel: str) -> JsonObject:
        audit_id = next(self._ids)
        via = {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}}
        recorded: list[JsonObject] = []
        for event in events:
            if event["type"] == "Comment":
                event["audit_id"] = audit_id
                self.comments[ticket_id].append(event)
                recorded.append({k: v for k, v in event.items() if k not in ("via", "metadata")})
            else:
                recorded.append(event)
        audit = {"id": audit_id, "ticket_id": ticket_id, "created_at": iso(at), "author_id": author,
                 "metadata": {"custom": dict(custom), "system": {"client": "deskpilot-tests",
                                                                 "ip_address": "127.0.0.1", "location": "Local"}},
                 "via": via, "events": recorded}
        ticket = self.tickets[ticket_id]
        self.audits[ticket_id].append(audit)
        ticket["updated_at"] = iso(at)
        ticket["generated_timestamp"] = int(at.timestamp())
        return audit

    def _event_detail(self, ticket: JsonObject) -> JsonObject:
        return {"id": str(ticket["id"]), "subject": ticket["subject"], "status": str(ticket["status"]).upper(),
                "priority": str(ticket["priority"] or "").upper(), "type": str(ticket["type"] or "").upper(),
                "requester_id": str(ticket["requester_id"]), "submitter_id": str(ticket["submitter_id"]),
                "tags": list(ticket["tags"]), "created_at": ticket["created_at"], "updated_at": ticket["updated_at"],
                "via": {"channel": ticket["via"]["channel"]}, "is_public": True, "external_id": None,
                "brand_id": str(ticket["brand_id"]), "form_id": str(ticket["ticket_form_id"])}

    def _advance(self, at: datetime) -> datetime:
        """The moment of a change: ``at``, but always after the previous change (Zendesk's clock moves on)."""
        moment = max(at.astimezone(UTC).replace(microsecond=0), self._last + timedelta(seconds=1))
        self._last = moment
        return moment


def _ticket_users(ticket: JsonObject) -> set[int]:
    return {int(ticket[k]) for k in ("requester_id", "submitter_id", "assignee_id") if ticket.get(k)}


def _new_tags(current: list[str], changes: JsonObject) -> list[str]:
    tags = list(changes["tags"]) if "tags" in changes else list(current)
    tags += [t for t in changes.get("additional_tags") or [] if t not in tags]
    removed = set(changes.get("remove_tags") or [])
    return sorted({str(t).strip().lower() for t in tags if t not in removed and str(t).strip()})


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise ApiError(400, "InvalidValue", f"{name} must be an integer") from exc


def _unb64(value: str) -> str:
    try:
        return base64.b64decode(value.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(400, "InvalidPaginationParameter", "page[after] is invalid") from exc


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _no_route(path: str) -> NoReturn:
    raise ApiError(404, "InvalidEndpoint", f"Not found: {path}")


def _failure_error(failure: Failure) -> ApiError:
    error = {429: "TooManyRequests", 500: "InternalError", 502: "BadGateway", 503: "ServiceUnavailable",
             504: "GatewayTimeout"}.get(failure.status, "Error")
    return ApiError(failure.status, error, f"scripted failure {failure.status}", headers=failure.headers)


def _authorized(state: ZendeskServer, header: str | None) -> bool:
    if not header or not header.startswith("Basic "):
        return False
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return False
    return hmac.compare_digest(decoded, f"{state.email}/token:{state.api_token}")


def _handler(state: ZendeskServer) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def serve(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            if not _authorized(state, self.headers.get("Authorization")):
                return self._json(401, {"error": "Couldn't authenticate you"},
                                  {"WWW-Authenticate": 'Basic realm="Web"'})
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                return self._json(400, {"error": "InvalidJSON", "description": "The request body is not JSON"})
            with state._lock:
                state.received.append(Received(method, parts.path, query, body))
            try:
                status, payload = state.handle(method, parts.path, query, body)
            except ApiError as exc:
                return self._json(exc.status, exc.body, exc.headers)
            self._json(status, payload)

        def _json(self, status: int, data: JsonObject, headers: Mapping[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("X-Rate-Limit", "700")
            self.send_header("X-Rate-Limit-Remaining", "699" if status != 429 else "0")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def zendesk_server(*, email: str = "bot@example.com", api_token: str = "zd-test-token",
                   webhook_secret: str = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
                   page_limit: int = MAX_PER_PAGE) -> Iterator[ZendeskServer]:
    """Serve a Zendesk account on a free loopback port until the block ends; ``state.base_url`` has no path."""
    state = ZendeskServer(email=email, api_token=api_token, webhook_secret=webhook_secret,
                          page_limit=page_limit)
    with loopback_server(_handler(state)) as base_url:
        state.base_url = base_url
        for user in state.users.values():
            user["url"] = f"{state.base_url}/api/v2/users/{user['id']}.json"
        yield state
