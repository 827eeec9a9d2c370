"""A loopback server speaking ServiceNow's REST wire format, for the ServiceNow connector's tests.

It answers the Table API (``GET /api/now/table/{table}`` with ``sysparm_query`` encoded queries — ``^`` and ``^OR``
conditions with ``=``, ``!=``, ``>``, ``>=``, ``<``, ``<=``, ``IN``, ``NOT IN``, ``LIKE``, ``STARTSWITH``,
``ISEMPTY``, ``ISNOTEMPTY`` and ``ORDERBY``/``ORDERBYDESC`` —, ``sysparm_limit``/``sysparm_offset`` with the ``Link``
header (``rel="first"/"prev"/"next"/"last"``, left out when everything fits one page) and ``X-Total-Count``,
``sysparm_display_value`` false/true/all, ``sysparm_exclude_reference_link``, ``sysparm_fields``;
``GET``/``PATCH``/``PUT /api/now/table/{table}/{sys_id}``, where ``comments``/``work_notes`` become
``sys_journal_field`` entries and fields the table does not have are ignored) and the Attachment API's metadata list
(``GET /api/now/attachment``). Every call needs Basic or Bearer auth (401 otherwise); errors carry
``{"error": {"message", "detail"}, "status": "failure"}``. Records are built in the shape of the recorded payloads in
``tests/connectors/payloads/servicenow``. State is kept in memory; scripted failures apply to the next writes (or
reads), optionally after the write happened.
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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from deskpilot.testing.loopback import QuietHandler, loopback_server

CASE_TABLE = "sn_customerservice_case"
INCIDENT_TABLE = "incident"
JOURNAL_TABLE = "sys_journal_field"
ATTACHMENT_TABLE = "sys_attachment"
JOURNAL_FIELDS = ("comments", "work_notes")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
DEFAULT_LIMIT = 10000

# The fields of a case as the Table API returns them (see payloads/servicenow/case.json), with empty values.
CASE_TEMPLATE: dict[str, str] = dict.fromkeys((
    "sys_id", "number", "short_description", "description", "state", "priority", "contact_type", "contact", "account",
    "consumer", "product", "assigned_to", "assignment_group", "opened_at", "opened_by", "resolved_at", "closed_at",
    "resolution_code", "close_notes", "active", "escalation", "comments", "work_notes", "sys_class_name",
    "sys_domain", "sys_created_on", "sys_created_by", "sys_updated_on", "sys_updated_by", "sys_mod_count",
    "sys_tags", "u_deskpilot_tags"), "")
INCIDENT_TEMPLATE: dict[str, str] = dict.fromkeys((
    "sys_id", "number", "short_description", "description", "state", "priority", "impact", "urgency",
    "contact_type", "caller_id", "category", "assigned_to", "assignment_group", "opened_at", "opened_by",
    "resolved_at", "closed_at", "close_code", "close_notes", "hold_reason", "active", "comments", "work_notes",
    "sys_class_name", "sys_domain", "sys_created_on", "sys_created_by", "sys_updated_on", "sys_updated_by",
    "sys_mod_count", "sys_tags", "u_deskpilot_tags"), "")
CONTACT_TEMPLATE: dict[str, str] = dict.fromkeys((
    "sys_id", "name", "first_name", "last_name", "email", "user_name", "phone", "mobile_phone", "account", "active",
    "sys_class_name", "sys_created_on", "sys_created_by", "sys_updated_on", "sys_updated_by", "sys_mod_count",
    "sys_tags"), "")
JOURNAL_TEMPLATE: dict[str, str] = dict.fromkeys((
    "sys_id", "sys_created_on", "name", "element_id", "sys_tags", "value", "sys_created_by", "element"), "")
ATTACHMENT_TEMPLATE: dict[str, str] = dict.fromkeys((
    "size_bytes", "file_name", "sys_mod_count", "average_image_color", "image_width", "sys_updated_on", "sys_tags",
    "table_name", "sys_id", "image_height", "sys_updated_by", "download_link", "content_type", "sys_created_on",
    "size_compressed", "compressed", "state", "table_sys_id", "chunk_size_bytes", "hash", "sys_created_by"), "")

REFERENCES = {"contact": "customer_contact", "caller_id": "sys_user", "opened_by": "sys_user",
              "assigned_to": "sys_user", "account": "customer_account", "consumer": "csm_consumer",
              "product": "cmdb_model", "assignment_group": "sys_user_group"}
CHOICES: dict[str, dict[str, dict[str, str]]] = {
    CASE_TABLE: {
        "state": {"1": "New", "10": "Open", "18": "Awaiting Info", "6": "Resolved", "3": "Closed", "7": "Cancelled"},
        "priority": {"1": "1 - Critical", "2": "2 - High", "3": "3 - Moderate", "4": "4 - Low"},
        "contact_type": {"web": "Web", "email": "Email", "phone": "Phone", "chat": "Chat", "social": "Social"},
        "escalation": {"0": "Normal", "1": "Moderate", "2": "High", "3": "Overdue"},
        "sys_class_name": {CASE_TABLE: "Case"}},
    INCIDENT_TABLE: {
        "state": {"1": "New", "2": "In Progress", "3": "On Hold", "6": "Resolved", "7": "Closed", "8": "Canceled"},
        "priority": {"1": "1 - Critical", "2": "2 - High", "3": "3 - Moderate", "4": "4 - Low", "5": "5 - Planning"},
        "contact_type": {"email": "Email", "phone": "Phone", "self-service": "Self-service", "walk-in": "Walk-in"},
        "sys_class_name": {INCIDENT_TABLE: "Incident"}},
}

_CONDITION = re.compile(r"^([a-z_][a-z0-9_.]*)(ISNOTEMPTY|ISEMPTY|NOT IN|NOT LIKE|STARTSWITH|ENDSWITH|LIKE|IN|!=|>=|"
                        r"<=|=|>|<)(.*)$", re.DOTALL)
_CODE = re.compile(r"\[code\](.*?)\[/code\]", re.DOTALL | re.IGNORECASE)


def sn_time(moment: datetime) -> str:
    """A moment as ServiceNow's UTC ``YYYY-MM-DD HH:MM:SS``."""
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def error_body(message: str, detail: str | None) -> dict[str, Any]:
    """ServiceNow's error envelope."""
    return {"error": {"message": message, "detail": detail}, "status": "failure"}


def rendered(value: str) -> str:
    """A journal entry as a person sees it: ``[code]`` HTML rendered (comments vanish, tags go), text as is."""
    def render(match: re.Match[str]) -> str:
        markup = re.sub(r"<!--.*?-->", "", match.group(1), flags=re.DOTALL)
        return html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"[ \t]+", " ", _CODE.sub(render, value)).strip()


def webhook_signature(secret: str, delivery_id: str, timestamp: str, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">``, what the documented Business Rule sends."""
    digest = hmac.new(secret.encode(), f"{delivery_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


@dataclass
class Failure:
    """A scripted failure of one call."""

    status: int
    headers: dict[str, str]
    after_write: bool = False


@dataclass
class Received:
    """A request the server got."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Answer:
    """What the server sends back."""

    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class Query:
    """A parsed ``sysparm_query``: OR-groups (``^NQ``) of AND-ed clauses of OR-ed conditions, and the order."""

    def __init__(self, text: str) -> None:
        self.groups: list[list[list[tuple[str, str, str]]]] = []
        self.order: list[tuple[str, bool]] = []
        for group_text in (text or "").split("^NQ"):
            clauses: list[list[tuple[str, str, str]]] = []
            for term in filter(None, group_text.split("^")):
                self._term(term, clauses)
            self.groups.append(clauses)

    def _term(self, term: str, clauses: list[list[tuple[str, str, str]]]) -> None:
        if term.startswith("ORDERBYDESC"):
            self.order.append((term.removeprefix("ORDERBYDESC"), True))
        elif term.startswith("ORDERBY"):
            self.order.append((term.removeprefix("ORDERBY"), False))
        elif term.startswith("OR") and clauses and _CONDITION.match(term[2:]):
            clauses[-1].append(self._condition(term[2:]))
        elif _CONDITION.match(term):
            clauses.append([self._condition(term)])  # an unreadable part is ignored, as the instance does

    @staticmethod
    def _condition(term: str) -> tuple[str, str, str]:
        match = _CONDITION.match(term)
        assert match is not None
        return match.group(1), match.group(2), match.group(3)

    def matches(self, row: Mapping[str, str]) -> bool:
        """Whether a row satisfies the query."""
        return any(all(any(_test(row.get(f, ""), op, v) for f, op, v in clause) for clause in group)
                   for group in self.groups)

    def sort(self, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        """Rows in the query's order."""
        for name, descending in reversed(self.order):
            rows = sorted(rows, key=_by(name), reverse=descending)
        return rows


def _by(name: str) -> Callable[[Mapping[str, str]], tuple[int, float, str]]:
    return lambda row: _sort_key(row.get(name, ""))


def _sort_key(value: str) -> tuple[int, float, str]:
    return (0, float(value), "") if re.fullmatch(r"-?\d+(\.\d+)?", value) else (1, 0.0, value.lower())


def _compare(left: str, right: str) -> int:
    a, b = _sort_key(left), _sort_key(right)
    return (a > b) - (a < b)


def _test(value: str, op: str, operand: str) -> bool:
    lowered, target = value.lower(), operand.lower()
    checks = {
        "=": lambda: value == operand, "!=": lambda: value != operand,
        ">": lambda: _compare(value, operand) > 0, ">=": lambda: _compare(value, operand) >= 0,
        "<": lambda: _compare(value, operand) < 0, "<=": lambda: _compare(value, operand) <= 0,
        "IN": lambda: value in operand.split(","), "NOT IN": lambda: value not in operand.split(","),
        "LIKE": lambda: target in lowered, "NOT LIKE": lambda: target not in lowered,
        "STARTSWITH": lambda: lowered.startswith(target), "ENDSWITH": lambda: lowered.endswith(target),
        "ISEMPTY": lambda: value == "", "ISNOTEMPTY": lambda: value != "",
    }
    return checks[op]()


class ServiceNowServer:
    """The instance's state (tables of raw string values) and the request handling."""

    def __init__(self, *, table: str = CASE_TABLE, username: str = "deskpilot.integration",
                 password: str = "s3cret-pass", oauth_token: str | None = None,
                 webhook_secret: str = "sn-webhook-secret") -> None:
        self.base_url = ""
        self.table = table
        self.username = username
        self.password = password
        self.oauth_token = oauth_token
        self.webhook_secret = webhook_secret
        self.contact_table = "sys_user" if table == INCIDENT_TABLE else "customer_contact"
        self.contact_field = "caller_id" if table == INCIDENT_TABLE else "contact"
        self.tags_field = "u_deskpilot_tags"
        self.tables: dict[str, dict[str, dict[str, str]]] = {
            table: {}, self.contact_table: {}, JOURNAL_TABLE: {}, ATTACHMENT_TABLE: {}}
        self.received: list[Received] = []
        self._write_failures: list[Failure] = []
        self._read_failures: list[Failure] = []
        self._lock = threading.RLock()
        self._clock = datetime(2000, 1, 1, tzinfo=UTC)
        self._numbers = itertools.count(1001)
        self._ids = itertools.count(1)

    # VendorHarness

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """Create a case (or incident) opened on the portal by a customer, with ``external_id`` as its sys_id."""
        with self._lock:
            contact = self.add_contact(email)
            stamp = self._at(created_at)
            template = INCIDENT_TEMPLATE if self.table == INCIDENT_TABLE else CASE_TEMPLATE
            prefix = "INC" if self.table == INCIDENT_TABLE else "CS"
            row = {**template, "sys_id": external_id, "number": f"{prefix}{next(self._numbers):07d}",
                   "short_description": customer_text.split("?")[0][:80], "description": customer_text,
                   "state": "1", "priority": "4", "contact_type": "web" if self.table == CASE_TABLE else "self-service",
                   self.contact_field: contact, "opened_at": stamp, "opened_by": contact, "active": "true",
                   "sys_class_name": self.table, "sys_domain": "global", "sys_created_on": stamp,
                   "sys_created_by": email, "sys_updated_on": stamp, "sys_updated_by": email, "sys_mod_count": "0"}
            if self.table == CASE_TABLE:
                row["escalation"] = "0"
            self.tables[self.table][external_id] = row

    def add_customer_message(self, external_id: str, text: str, *, at: datetime) -> None:
        """The customer adds a comment on the portal."""
        with self._lock:
            contact = self.tables[self.contact_table][self.tables[self.table][external_id][self.contact_field]]
            self.add_journal(external_id, "comments", text, author=contact["user_name"], at=at)

    def public_replies(self, external_id: str) -> list[str]:
        """Comments not written by the case's customer, as displayed."""
        customer = self._customer_names(external_id)
        return [rendered(e["value"]) for e in self.journal(external_id)
                if e["element"] == "comments" and e["sys_created_by"].lower() not in customer]

    def notes(self, external_id: str) -> list[str]:
        """Work notes, as displayed."""
        return [rendered(e["value"]) for e in self.journal(external_id) if e["element"] == "work_notes"]

    def tags(self, external_id: str) -> list[str]:
        """The tags kept in the tags field."""
        with self._lock:
            value = self.tables[self.table][external_id].get(self.tags_field, "")
        return [t for t in value.split(",") if t]

    def status(self, external_id: str) -> str | None:
        """The state's label (``Resolved``…)."""
        with self._lock:
            state = self.tables[self.table].get(external_id, {}).get("state")
        return None if state is None else CHOICES[self.table]["state"].get(state, state)

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Fail the next ``count`` writes (PATCH/PUT/POST/DELETE)."""
        with self._lock:
            self._write_failures.extend(Failure(status, dict(headers or {}), after_write) for _ in range(count))

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime, secret: str | None = None,
                       operation: str = "update", table: str | None = None) -> tuple[dict[str, str], bytes]:
        """The outbound REST message the documented Business Rule sends about a record."""
        with self._lock:
            row = self.tables[self.table].get(external_id, {})
        body = json.dumps({"table": table or self.table, "sys_id": external_id, "number": row.get("number", ""),
                           "operation": operation, "sys_updated_on": row.get("sys_updated_on", ""),
                           "sys_updated_by": row.get("sys_updated_by", "")}, separators=(",", ":")).encode()
        stamp = str(int(at.timestamp()))
        signature = webhook_signature(secret if secret is not None else self.webhook_secret, delivery_id, stamp, body)
        headers = {"Content-Type": "application/json", "webhook-id": delivery_id, "webhook-timestamp": stamp,
                   "webhook-signature": signature}
        return headers, body

    # more state for tests

    def fail_reads(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None) -> None:
        """Fail the next ``count`` GET calls."""
        with self._lock:
            self._read_failures.extend(Failure(status, dict(headers or {})) for _ in range(count))

    def add_contact(self, email: str, *, name: str | None = None) -> str:
        """A customer (a ``customer_contact``, or a ``sys_user`` for incidents) with the e-mail as user name."""
        sys_id = hashlib.md5(email.lower().encode()).hexdigest()  # an id, not a secret
        with self._lock:
            if sys_id not in self.tables[self.contact_table]:
                first = email.split("@")[0].split(".")[0].capitalize()
                last = "Customer"
                stamp = sn_time(self._clock)
                self.tables[self.contact_table][sys_id] = {
                    **CONTACT_TEMPLATE, "sys_id": sys_id, "name": name or f"{first} {last}", "first_name": first,
                    "last_name": last, "email": email, "user_name": email, "active": "true",
                    "sys_class_name": self.contact_table, "sys_created_on": stamp, "sys_created_by": "admin",
                    "sys_updated_on": stamp, "sys_updated_by": "admin", "sys_mod_count": "0"}
        return sys_id

    def add_journal(self, external_id: str, element: str, text: str, *, author: str,
                    at: datetime | None = None) -> str:
        """Add a journal entry (``comments`` or ``work_notes``) as ``author``; the record counts as updated."""
        with self._lock:
            row = self.tables[self.table][external_id]
            stamp = self._at(at) if at is not None else self._tick()
            entry_id = self._new_id()
            self.tables[JOURNAL_TABLE][entry_id] = {
                **JOURNAL_TEMPLATE, "sys_id": entry_id, "sys_created_on": stamp, "name": self.table,
                "element_id": external_id, "value": text, "sys_created_by": author, "element": element}
            row.update({"sys_updated_on": max(row["sys_updated_on"], stamp), "sys_updated_by": author,
                        "sys_mod_count": str(int(row["sys_mod_count"] or 0) + 1)})
            return entry_id

    def add_attachment(self, external_id: str, file_name: str, *, content_type: str, size: int) -> str:
        """Attach a file's metadata to a record."""
        with self._lock:
            sys_id = self._new_id()
            stamp = sn_time(self._clock)
            self.tables[ATTACHMENT_TABLE][sys_id] = {
                **ATTACHMENT_TEMPLATE, "size_bytes": str(size), "file_name": file_name, "sys_mod_count": "0",
                "sys_updated_on": stamp, "table_name": self.table, "sys_id": sys_id, "sys_updated_by": "admin",
                "download_link": f"{self.base_url}/api/now/attachment/{sys_id}/file", "content_type": content_type,
                "sys_created_on": stamp, "size_compressed": str(size), "compressed": "true", "state": "available",
                "table_sys_id": external_id, "chunk_size_bytes": "700000",
                "hash": hashlib.sha256(file_name.encode()).hexdigest(), "sys_created_by": "admin"}
            return sys_id

    def touch(self, external_id: str, *, at: datetime) -> None:
        """Mark a record as updated at a moment."""
        with self._lock:
            self.tables[self.table][external_id]["sys_updated_on"] = self._at(at)

    def journal(self, external_id: str) -> list[dict[str, str]]:
        """The record's raw journal entries, oldest first."""
        with self._lock:
            entries = [dict(e) for e in self.tables[JOURNAL_TABLE].values() if e["element_id"] == external_id]
        return sorted(entries, key=lambda e: e["sys_created_on"])

    def record(self, external_id: str) -> dict[str, str]:
        """The record's raw values."""
        with self._lock:
            return dict(self.tables[self.table][external_id])

    # request handling

    def handle(self, method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str],
               body: bytes) -> Answer:
        """Answer one request."""
        with self._lock:
            self.received.append(Received(method, path, dict(query), dict(headers), body))
            user = self._user(headers)
            if user is None:
                return Answer(401, error_body("User Not Authenticated", "Required to provide Auth information"),
                              {"WWW-Authenticate": 'BASIC realm="Service-now"'})
            failure = self._next_failure(method)
            if failure is not None and not failure.after_write:
                return self._failed(failure)
            answer = self._route(method, path, query, body, user)
            return self._failed(failure) if failure is not None else answer

    def _route(self, method: str, path: str, query: Mapping[str, str], body: bytes, user: str) -> Answer:
        table_match = re.match(r"^/api/now(?:/v\d+)?/table/([a-z0-9_]+)(?:/([^/]+))?/?$", path)
        if re.match(r"^/api/now(?:/v\d+)?/attachment/?$", path) and method == "GET":
            return self._list(ATTACHMENT_TABLE, path, query, raw=True)
        if table_match is None:
            return Answer(400, error_body("Requested URI does not represent any resource", None))
        table, sys_id = table_match.group(1), table_match.group(2)
        if table not in self.tables or table == ATTACHMENT_TABLE:
            return Answer(400, error_body(f"Invalid table {table}", None))
        if method == "GET":
            return self._list(table, path, query) if sys_id is None else self._one(table, sys_id, query)
        if method in ("PATCH", "PUT") and sys_id is not None:
            return self._update(table, sys_id, query, body, user)
        return Answer(405, error_body("Method not Supported", f"{method} is not supported here"))

    def _list(self, table: str, path: str, query: Mapping[str, str], *, raw: bool = False) -> Answer:
        parsed = Query(query.get("sysparm_query", ""))
        rows = parsed.sort([r for r in self.tables[table].values() if parsed.matches(r)])
        limit = max(1, int(query.get("sysparm_limit") or DEFAULT_LIMIT))
        offset = max(0, int(query.get("sysparm_offset") or 0))
        page = rows[offset:offset + limit]
        result = [dict(r) if raw else self._render(table, r, query) for r in page]
        headers = {"X-Total-Count": str(len(rows))}
        link = self._link(path, query, offset, limit, len(rows))
        if link:
            headers["Link"] = link
        return Answer(200, {"result": result}, headers)

    def _link(self, path: str, query: Mapping[str, str], offset: int, limit: int, total: int) -> str:
        if offset == 0 and total <= limit:
            return ""
        def url(at: int) -> str:
            return f"<{self.base_url}{path}?{urlencode({**query, 'sysparm_offset': at, 'sysparm_limit': limit})}>"
        last = max(0, (total - 1) // limit * limit)
        links = [f'{url(0)};rel="first"']
        if offset > 0:
            links.append(f'{url(max(0, offset - limit))};rel="prev"')
        if offset + limit < total:
            links.append(f'{url(offset + limit)};rel="next"')
        links.append(f'{url(last)};rel="last"')
        return ",".join(links)

    def _one(self, table: str, sys_id: str, query: Mapping[str, str]) -> Answer:
        row = self.tables[table].get(sys_id)
        if row is None:
            return Answer(404, error_body("No Record found",
                                          "Record doesn't exist or ACL restricts the record retrieval"))
        return Answer(200, {"result": self._render(table, row, query)})

    def _update(self, table: str, sys_id: str, query: Mapping[str, str], body: bytes, user: str) -> Answer:
        row = self.tables[table].get(sys_id)
        if row is None:
            return Answer(404, error_body("No Record found",
                                          "Record doesn't exist or ACL restricts the record retrieval"))
        try:
            changes = json.loads(body or b"{}")
        except ValueError:
            changes = None
        if not isinstance(changes, dict):
            return Answer(400, error_body("Exception while reading request", "The payload is not valid JSON."))
        for name, value in changes.items():
            text = "" if value is None else ("true" if value is True else "false" if value is False else str(value))
            if name in JOURNAL_FIELDS and table == self.table:
                if text.strip():
                    self.add_journal(sys_id, name, text, author=user)
            elif name in row and not name.startswith("sys_"):
                row[name] = text
        row.update({"sys_updated_on": max(row.get("sys_updated_on", ""), self._tick()), "sys_updated_by": user,
                    "sys_mod_count": str(int(row.get("sys_mod_count") or 0) + 1)})
        return Answer(200, {"result": self._render(table, row, query)})

    def _render(self, table: str, row: Mapping[str, str], query: Mapping[str, str]) -> dict[str, Any]:
        mode = (query.get("sysparm_display_value") or "false").lower()
        links = (query.get("sysparm_exclude_reference_link") or "false").lower() != "true"
        wanted = [f for f in (query.get("sysparm_fields") or "").split(",") if f]
        names = [f for f in wanted if f in row] if wanted else list(row)
        return {name: self._field(table, name, row.get(name, ""), mode, links) for name in names}

    def _field(self, table: str, name: str, value: str, mode: str, links: bool) -> Any:
        reference = REFERENCES.get(name)
        link = f"{self.base_url}/api/now/table/{reference}/{value}" if reference and value and links else None
        if mode == "false":
            return {"link": link, "value": value} if link else value
        display = self._display(table, name, value)
        if mode == "true":
            return {"display_value": display, "link": link} if link else display
        shaped: dict[str, str] = {"display_value": display, "value": value}
        if link:
            shaped["link"] = link
        return shaped

    def _display(self, table: str, name: str, value: str) -> str:
        reference = REFERENCES.get(name)
        if reference:
            target = self.tables.get(reference, {}).get(value, {})
            return target.get("name", "") if value else ""
        return CHOICES.get(table, {}).get(name, {}).get(value, value)

    # internals

    def _user(self, headers: Mapping[str, str]) -> str | None:
        authorization = headers.get("authorization", "")
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and self.oauth_token and hmac.compare_digest(credentials, self.oauth_token):
            return self.username
        if scheme.lower() == "basic":
            try:
                user, _, password = base64.b64decode(credentials).decode().partition(":")
            except ValueError:
                return None
            if user == self.username and hmac.compare_digest(password, self.password):
                return user
        return None

    def _next_failure(self, method: str) -> Failure | None:
        queue = self._read_failures if method in ("GET", "HEAD") else self._write_failures
        return queue.pop(0) if queue else None

    @staticmethod
    def _failed(failure: Failure) -> Answer:
        if failure.status == 429:
            body = error_body("Rate limit exceeded", "Too many requests in the current hour for this rule")
        elif failure.status >= 500:
            body = error_body("Internal server error", "Transaction failed; try again")
        else:
            body = error_body(f"Request failed with status {failure.status}", None)
        return Answer(failure.status, body, dict(failure.headers))

    def _customer_names(self, external_id: str) -> set[str]:
        with self._lock:
            contact_id = self.tables[self.table][external_id].get(self.contact_field, "")
            contact = self.tables[self.contact_table].get(contact_id, {})
        return {v.lower() for v in (contact.get("user_name", ""), contact.get("email", "")) if v}

    def _at(self, moment: datetime) -> str:
        self._clock = max(self._clock, moment.astimezone(UTC))
        return sn_time(moment)

    def _tick(self) -> str:
        """The instance's clock for writes: wall time, never earlier than anything already stored."""
        now = datetime.now(UTC).replace(microsecond=0)
        self._clock = max(now, self._clock + timedelta(seconds=1))
        return sn_time(self._clock)

    def _new_id(self) -> str:
        return hashlib.md5(f"sn-{next(self._ids)}".encode()).hexdigest()  # an id, not a secret


def _handler(server: ServiceNowServer) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            answer = server.handle(method, url.path, query, headers, body)
            payload = json.dumps(answer.payload).encode() if answer.payload is not None else b""
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in answer.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def servicenow_server(*, table: str = CASE_TABLE, username: str = "deskpilot.integration",
                      password: str = "s3cret-pass", oauth_token: str | None = None,
                      webhook_secret: str = "sn-webhook-secret") -> Iterator[ServiceNowServer]:
    """Serve a ServiceNow instance on a free loopback port; ``state.base_url`` is the instance URL."""
    state = ServiceNowServer(table=table, username=username, password=password, oauth_token=oauth_token,
                             webhook_secret=webhook_secret)
    with loopback_server(_handler(state)) as base_url:
        state.base_url = base_url
        yield state
