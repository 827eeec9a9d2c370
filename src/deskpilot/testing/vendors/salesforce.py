"""A loopback Salesforce org speaking the REST API's wire format, for the Salesforce connector's tests.

It answers the OAuth token endpoint (``POST /services/oauth2/token``, client credentials and refresh-token grants,
``{"error", "error_description"}`` on failure), SOQL ``GET /services/data/vXX.X/query?q=`` over Case, EmailMessage,
CaseComment, ContentDocumentLink and Attachment (``SELECT`` fields with relationship fields such as
``CreatedBy.Name``, ``WHERE`` conditions joined by ``AND`` with ``= != < <= > >= LIKE IN``, ``ORDER BY``,
``LIMIT``) paged by ``Sforce-Query-Options: batchSize`` and the server's own ``batch_size`` with query locators
(``nextRecordsUrl``, ``GET /services/data/vXX.X/query/{locator}-{offset}``), ``GET``/``PATCH
/sobjects/Case/{Id}``, ``POST /sobjects/CaseComment`` and ``GET /limits``. API calls need ``Authorization: Bearer``
with an issued token (``401 INVALID_SESSION_ID`` otherwise); errors are the documented JSON list
``[{"message", "errorCode", "fields"}]``; every API response carries ``Sforce-Limit-Info: api-usage=N/M``.
Records are built in the shape of the recorded payloads in ``tests/connectors/payloads/salesforce``. Like an org,
adding a case comment leaves the Case's ``LastModifiedDate`` alone, while an incoming e-mail moves it.

Webhooks are Change Data Capture event messages relayed with ``X-Deskpilot-Timestamp`` and
``X-Deskpilot-Signature: v1=<hex HMAC-SHA256(secret, "{timestamp}." + body)>``.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from deskpilot.testing.loopback import QuietHandler, loopback_server

API = "/services/data/"
TOKEN_PATH = "/services/oauth2/token"
DESKPILOT_REFERENCE = re.compile(r"\s*\[deskpilot:[0-9a-f]{16}\]\s*$")
COMMENT_BODY_BYTES = 4000
INTEGRATION_USER = "005000000000DSKP"
AGENT_USER = "005000000000AGNT"
PORTAL_USER = "005000000000PRTL"
RELATIONS = {"CreatedBy": "User", "ContentDocument": "ContentDocument"}
FIELDS: dict[str, tuple[str, ...]] = {
    "Case": ("Id", "CaseNumber", "Subject", "Description", "Status", "Origin", "Priority", "Type", "IsClosed",
             "ContactEmail", "SuppliedEmail", "SuppliedName", "ContactId", "CreatedDate", "LastModifiedDate"),
    "EmailMessage": ("Id", "ParentId", "Incoming", "FromAddress", "FromName", "ToAddress", "Subject", "TextBody",
                     "HtmlBody", "MessageDate", "Status", "HasAttachment", "CreatedDate", "LastModifiedDate"),
    "CaseComment": ("Id", "ParentId", "CommentBody", "IsPublished", "CreatedById", "CreatedDate",
                    "LastModifiedDate", "CreatedBy.Name", "CreatedBy.UserType"),
    "ContentDocumentLink": ("Id", "LinkedEntityId", "ContentDocumentId", "ContentDocument.Title",
                            "ContentDocument.FileExtension", "ContentDocument.FileType", "ContentDocument.ContentSize"),
    "Attachment": ("Id", "ParentId", "Name", "ContentType", "BodyLength", "CreatedDate", "LastModifiedDate"),
}
UPDATABLE_CASE_FIELDS = frozenset({"Subject", "Description", "Status", "Origin", "Priority", "Type"})
ID_PREFIX = {"Case": "500", "EmailMessage": "02s", "CaseComment": "00a", "ContentDocumentLink": "06A",
             "ContentDocument": "069", "Attachment": "00P"}


class SoqlError(ValueError):
    """A query the org refuses, with its ``errorCode``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ApiError(Exception):
    """An error answer: status, the documented error list and extra headers."""

    def __init__(self, status: int, code: str, message: str, *, fields: list[str] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body: Any = [{"message": message, "errorCode": code, **({"fields": fields} if fields else {})}]
        self.headers = dict(headers or {})


def sf_datetime(value: datetime) -> str:
    """A dateTime as Salesforce writes it: ``2026-11-20T09:00:00.000+0000``."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}+0000"


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass
class Query:
    """A parsed SOQL statement."""

    fields: list[str]
    sobject: str
    where: list[tuple[str, str, Any]] = field(default_factory=list)
    order: tuple[str, bool] | None = None  # field, descending
    limit: int | None = None


_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')"
                    r"|(?P<dt>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))"
                    r"|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>!=|<=|>=|=|<|>|\(|\)|,)|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))")
_UNESCAPE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def _tokens(soql: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    position, text = 0, soql.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise SoqlError("MALFORMED_QUERY", f"unexpected token at: {text[position:position + 20]}")
        kind = match.lastgroup or ""
        raw = match.group(kind)
        if kind == "str":
            value: Any = re.sub(r"\\(.)", lambda m: _UNESCAPE.get(m.group(1), m.group(1)), raw[1:-1])
        elif kind == "dt":
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        elif kind == "num":
            value = float(raw)
        else:
            value = raw
        tokens.append((kind, value))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, soql: str) -> None:
        self.tokens = _tokens(soql)
        self.at = 0

    def peek(self) -> tuple[str, Any]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", None)

    def take(self) -> tuple[str, Any]:
        token = self.peek()
        self.at += 1
        return token

    def keyword(self, word: str) -> bool:
        kind, value = self.peek()
        if kind == "word" and str(value).upper() == word:
            self.at += 1
            return True
        return False

    def expect(self, word: str) -> None:
        if not self.keyword(word):
            raise SoqlError("MALFORMED_QUERY", f"expecting {word}, found {self.peek()[1]!r}")

    def name(self) -> str:
        kind, value = self.take()
        if kind != "word":
            raise SoqlError("MALFORMED_QUERY", f"expecting a field name, found {value!r}")
        return str(value)

    def value(self) -> Any:
        kind, value = self.take()
        if kind in ("str", "dt", "num"):
            return value
        if kind == "word" and str(value).lower() in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[str(value).lower()]
        raise SoqlError("MALFORMED_QUERY", f"expecting a value, found {value!r}")

    def condition(self) -> tuple[str, str, Any]:
        column = self.name()
        if self.keyword("IN"):
            if self.take() != ("op", "("):
                raise SoqlError("MALFORMED_QUERY", "expecting ( after IN")
            values = [self.value()]
            while self.peek() == ("op", ","):
                self.take()
                values.append(self.value())
            if self.take() != ("op", ")"):
                raise SoqlError("MALFORMED_QUERY", "expecting ) after the IN list")
            return column, "IN", values
        if self.keyword("LIKE"):
            return column, "LIKE", self.value()
        kind, op = self.take()
        if kind != "op" or op in ("(", ")", ","):
            raise SoqlError("MALFORMED_QUERY", f"expecting an operator after {column}")
        return column, str(op), self.value()

    def parse(self) -> Query:
        self.expect("SELECT")
        fields = [self.name()]
        while self.peek() == ("op", ","):
            self.take()
            fields.append(self.name())
        self.expect("FROM")
        query = Query(fields, self.name())
        if self.keyword("WHERE"):
            query.where.append(self.condition())
            while self.keyword("AND"):
                query.where.append(self.condition())
        if self.keyword("ORDER"):
            self.expect("BY")
            column = self.name()
            descending = self.keyword("DESC")
            if not descending:
                self.keyword("ASC")
            query.order = (column, descending)
        if self.keyword("LIMIT"):
            query.limit = int(self.value())
        if self.peek()[0] != "end":
            raise SoqlError("MALFORMED_QUERY", f"unexpected token: {self.peek()[1]!r}")
        return query


def _like(pattern: str, value: str) -> bool:
    regex, chars = "", iter(pattern)
    for char in chars:
        if char == "\\":
            regex += re.escape(next(chars, ""))
        else:
            regex += ".*" if char == "%" else "." if char == "_" else re.escape(char)
    return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL) is not None


def _comparable(value: Any, other: Any) -> Any:
    if isinstance(other, datetime):
        return _moment(value)
    if isinstance(other, float) and isinstance(value, int | float):
        return float(value)
    return value


def _matches(value: Any, op: str, expected: Any) -> bool:
    if op == "IN":
        return value in expected
    if op == "LIKE":
        return isinstance(value, str) and _like(str(expected), value)
    if expected is None or value is None:
        return (value is None) == (expected is None) if op == "=" else (
            (value is None) != (expected is None) if op == "!=" else False)
    left = _comparable(value, expected)
    if left is None:
        return False
    operations = {"=": left == expected, "!=": left != expected, "<": left < expected, "<=": left <= expected,
                  ">": left > expected, ">=": left >= expected}
    return bool(operations[op])


def _sort_key(value: Any) -> tuple[int, Any]:
    moment = _moment(value)
    if moment is not None:
        return (1, moment.timestamp())
    return (0, "") if value is None else (1, value)


class SalesforceOrg:
    """The org's state: records per object, issued tokens, scripted failures, query locators."""

    def __init__(self, *, api_version: str = "v61.0", client_id: str = "3MVG9deskpilot",
                 client_secret: str = "consumer-secret", refresh_token: str | None = None,
                 webhook_secret: str = "relay-secret", tags_field: str = "Deskpilot_Tags__c", batch_size: int = 2,
                 api_limit: int = 15000) -> None:
        self.base_url = ""
        self.api_version = api_version
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.webhook_secret = webhook_secret
        self.tags_field = tags_field
        self.batch_size = batch_size
        self.api_limit = api_limit
        self.api_used = 0
        self.records: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in (*FIELDS, "ContentDocument")}
        self.records["User"] = {
            INTEGRATION_USER: {"Id": INTEGRATION_USER, "Name": "Deskpilot Integration", "UserType": "Standard"},
            AGENT_USER: {"Id": AGENT_USER, "Name": "Maria Santos", "UserType": "Standard"},
            PORTAL_USER: {"Id": PORTAL_USER, "Name": "Ana Customer", "UserType": "PowerCustomerSuccess"}}
        self.tokens: set[str] = set()
        self.token_requests: list[dict[str, str]] = []
        self.requests: list[tuple[str, str]] = []  # (method, path with query) of every API call
        self._failures: list[tuple[int, dict[str, str], bool]] = []
        self._locators: dict[str, tuple[list[dict[str, Any]], int]] = {}
        self._ids = itertools.count(1)
        self._latest = datetime(2000, 1, 1, tzinfo=UTC)
        self._lock = threading.RLock()

    # the VendorHarness protocol

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """A web-to-case Case opened by a customer (its Description is the customer's text)."""
        number = f"{int(external_id):08d}" if external_id.isdigit() else f"{next(self._ids):08d}"
        self.put("Case", {"Id": external_id, "CaseNumber": number, "Subject": customer_text.split("?")[0][:80],
                          "Description": customer_text, "Status": "New", "Origin": "Web", "Priority": "Medium",
                          "Type": None, "IsClosed": False, "ContactEmail": None, "SuppliedEmail": email,
                          "SuppliedName": None, "ContactId": None, "CreatedDate": sf_datetime(created_at),
                          "LastModifiedDate": sf_datetime(created_at), self.tags_field: None})

    def add_customer_message(self, external_id: str, text: str, *, at: datetime) -> None:
        """An incoming e-mail on the Case (Email-to-Case), which moves the Case's LastModifiedDate."""
        case = self._case(external_id)
        self.add_email(external_id, text, at=at, incoming=True, from_address=str(case.get("SuppliedEmail") or ""))

    def public_replies(self, external_id: str) -> list[str]:
        """Published comments by internal users and sent e-mails, oldest first, without deskpilot's reference line."""
        comments = [(c["CreatedDate"], DESKPILOT_REFERENCE.sub("", str(c["CommentBody"])))
                    for c in self._children("CaseComment", external_id) if c["IsPublished"]
                    and self.records["User"].get(c["CreatedById"], {}).get("UserType") == "Standard"]
        emails = [(e["CreatedDate"], str(e["TextBody"])) for e in self._children("EmailMessage", external_id)
                  if not e["Incoming"]]
        return [text for _, text in sorted(comments + emails, key=lambda item: _sort_key(item[0]))]

    def notes(self, external_id: str) -> list[str]:
        """Unpublished comments, oldest first, without deskpilot's reference line."""
        return [DESKPILOT_REFERENCE.sub("", str(c["CommentBody"]))
                for c in self._children("CaseComment", external_id) if not c["IsPublished"]]

    def tags(self, external_id: str) -> list[str]:
        """The values of the Case's tags multi-select picklist."""
        raw = self._case(external_id).get(self.tags_field) or ""
        return [value for value in str(raw).split(";") if value]

    def status(self, external_id: str) -> str | None:
        """The Case's Status picklist value."""
        value = self._case(external_id).get("Status")
        return str(value) if value is not None else None

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Fail the next ``count`` record writes (POST/PATCH/DELETE, not token requests)."""
        with self._lock:
            self._failures += [(status, dict(headers or {}), after_write)] * count

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime,
                       secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """A relayed CaseChangeEvent (UPDATE) about the Case, signed at ``at``."""
        return self.change_event("Case", "UPDATE", [external_id], transaction_key=delivery_id, at=at, secret=secret)

    # more org behaviour for the connector's own tests

    def put(self, sobject: str, record: dict[str, Any]) -> dict[str, Any]:
        """Store a record as given (recorded payloads included; ``attributes`` are dropped)."""
        with self._lock:
            stored = {k: v for k, v in record.items() if k != "attributes"}
            for relation, target in RELATIONS.items():
                nested = stored.pop(relation, None)
                if isinstance(nested, dict) and stored.get(f"{relation}Id"):
                    self.records[target].setdefault(str(stored[f"{relation}Id"]), {
                        "Id": stored[f"{relation}Id"], **{k: v for k, v in nested.items() if k != "attributes"}})
            self.records.setdefault(sobject, {})[str(stored["Id"])] = stored
            for key in ("CreatedDate", "LastModifiedDate", "MessageDate"):
                moment = _moment(stored.get(key))
                if moment is not None:
                    self._latest = max(self._latest, moment)
            return stored

    def add_email(self, external_id: str, text: str, *, at: datetime, incoming: bool, from_address: str,
                  attachments: list[tuple[str, str, str, int]] | None = None) -> str:
        """An EmailMessage on the Case; attachments are (title, extension, file type, size) Salesforce Files."""
        with self._lock:
            case = self._case(external_id)
            email_id = self._new_id("EmailMessage")
            self.put("EmailMessage", {
                "Id": email_id, "ParentId": external_id, "Incoming": incoming, "FromAddress": from_address,
                "FromName": case.get("SuppliedName"), "ToAddress": "support@acme.example",
                "Subject": f"RE: {case.get('Subject') or ''}", "TextBody": text, "HtmlBody": f"<p>{text}</p>",
                "MessageDate": sf_datetime(at), "Status": "0" if incoming else "3",
                "HasAttachment": bool(attachments), "CreatedDate": sf_datetime(at),
                "LastModifiedDate": sf_datetime(at)})
            for title, extension, file_type, size in attachments or []:
                document = self._new_id("ContentDocument")
                self.records["ContentDocument"][document] = {"Id": document, "Title": title,
                                                             "FileExtension": extension, "FileType": file_type,
                                                             "ContentSize": size}
                self.put("ContentDocumentLink", {"Id": self._new_id("ContentDocumentLink"), "LinkedEntityId": email_id,
                                                 "ContentDocumentId": document})
            if incoming:
                case["LastModifiedDate"] = max(case["LastModifiedDate"], sf_datetime(at), key=_sort_key)
            return email_id

    def add_comment(self, external_id: str, text: str, *, at: datetime | None = None, published: bool = True,
                    user: str = AGENT_USER) -> str:
        """A case comment written in Salesforce (the Case's LastModifiedDate does not move)."""
        with self._lock:
            self._case(external_id)
            when = sf_datetime(at) if at is not None else self._tick()
            comment_id = self._new_id("CaseComment")
            self.put("CaseComment", {"Id": comment_id, "ParentId": external_id, "CommentBody": text,
                                     "IsPublished": published, "CreatedById": user, "CreatedDate": when,
                                     "LastModifiedDate": when})
            return comment_id

    def comment_bodies(self, external_id: str) -> list[str]:
        """Every comment body as stored, reference lines included."""
        return [str(c["CommentBody"]) for c in self._children("CaseComment", external_id)]

    def change_event(self, entity: str, change: str, record_ids: list[str], *, transaction_key: str, at: datetime,
                     secret: str | None = None, fields: Mapping[str, Any] | None = None,
                     ) -> tuple[dict[str, str], bytes]:
        """A relayed change event message (Streaming API JSON), signed at ``at``."""
        sequence = next(self._ids)
        payload = {"ChangeEventHeader": {
            "entityName": entity, "recordIds": record_ids, "changeType": change,
            "changeOrigin": "com/salesforce/api/rest/61.0", "transactionKey": transaction_key, "sequenceNumber": 1,
            "commitTimestamp": int(at.timestamp() * 1000), "commitNumber": 10650058387 + sequence,
            "commitUser": AGENT_USER, "changedFields": sorted(fields or {}), "diffFields": [], "nulledFields": []},
            **dict(fields or {})}
        message = {"data": {"schema": "IeRuaY6cbI_HsV8Rv1Mc5g", "payload": payload, "event": {"replayId": sequence}},
                   "channel": f"/data/{entity}ChangeEvent"}
        body = json.dumps(message).encode()
        timestamp = str(int(at.timestamp()))
        digest = hmac.new((secret or self.webhook_secret).encode(), timestamp.encode() + b"." + body,
                          hashlib.sha256).hexdigest()
        return {"Content-Type": "application/json", "X-Deskpilot-Timestamp": timestamp,
                "X-Deskpilot-Signature": f"v1={digest}"}, body

    def expire_tokens(self) -> None:
        """End every session (the next API call answers 401 INVALID_SESSION_ID)."""
        with self._lock:
            self.tokens.clear()

    def expire_locators(self) -> None:
        """Forget every query locator (queryMore answers INVALID_QUERY_LOCATOR)."""
        with self._lock:
            self._locators.clear()

    # internals

    def _case(self, external_id: str) -> dict[str, Any]:
        case = self.records["Case"].get(external_id)
        if case is None:
            raise KeyError(f"no Case {external_id}")
        return case

    def _children(self, sobject: str, external_id: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = [r for r in self.records[sobject].values() if r.get("ParentId") == external_id]
        return sorted(rows, key=lambda r: _sort_key(r.get("CreatedDate")))

    def _new_id(self, sobject: str) -> str:
        return f"{ID_PREFIX[sobject]}5g{next(self._ids):010d}"

    def _tick(self) -> str:
        with self._lock:
            self._latest = max(datetime.now(UTC), self._latest + timedelta(seconds=1))
            return sf_datetime(self._latest)

    def fields_of(self, sobject: str) -> tuple[str, ...]:
        """The queryable fields of an object."""
        return FIELDS[sobject] + ((self.tags_field,) if sobject == "Case" else ())

    def query(self, soql: str, batch: int) -> dict[str, Any]:
        """Run a SOQL query: the first batch, and a locator for the rest."""
        parsed = _Parser(soql).parse()
        if parsed.sobject not in FIELDS:
            raise SoqlError("INVALID_TYPE", f"sObject type '{parsed.sobject}' is not supported.")
        known = {f.lower(): f for f in self.fields_of(parsed.sobject)}
        columns = parsed.fields + [w[0] for w in parsed.where] + ([parsed.order[0]] if parsed.order else [])
        for column in columns:
            if column.lower() not in known:
                raise SoqlError("INVALID_FIELD", f"No such column '{column}' on entity '{parsed.sobject}'.")
        with self._lock:
            rows = [r for r in self.records[parsed.sobject].values()
                    if all(_matches(self._value(r, known[c.lower()]), op, v) for c, op, v in parsed.where)]
            if parsed.order:
                column = known[parsed.order[0].lower()]
                rows.sort(key=lambda r: _sort_key(self._value(r, column)), reverse=parsed.order[1])
            rows = rows[:parsed.limit] if parsed.limit is not None else rows
            shaped = [self._shape(parsed.sobject, r, [known[f.lower()] for f in parsed.fields]) for r in rows]
            return self._page(shaped, batch, 0)

    def more(self, locator: str, offset: int) -> dict[str, Any]:
        """The next batch of an earlier query."""
        with self._lock:
            if locator not in self._locators:
                raise ApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
            rows, batch = self._locators[locator]
            return self._page(rows, batch, offset, locator)

    def _page(self, rows: list[dict[str, Any]], batch: int, offset: int, locator: str | None = None,
              ) -> dict[str, Any]:
        result: dict[str, Any] = {"totalSize": len(rows), "done": offset + batch >= len(rows),
                                  "records": rows[offset:offset + batch]}
        if not result["done"]:
            locator = locator or f"01g5g{next(self._ids):010d}"
            self._locators[locator] = (rows, batch)
            result["nextRecordsUrl"] = f"{API}{self.api_version}/query/{locator}-{offset + batch}"
        return result

    def _value(self, record: Mapping[str, Any], column: str) -> Any:
        if "." not in column:
            return record.get(column)
        relation, name = column.split(".", 1)
        target = self.records[RELATIONS[relation]].get(str(record.get(f"{relation}Id")))
        return target.get(name) if target else None

    def _attributes(self, sobject: str, record_id: str) -> dict[str, str]:
        return {"type": sobject, "url": f"{API}{self.api_version}/sobjects/{sobject}/{record_id}"}

    def _shape(self, sobject: str, record: Mapping[str, Any], columns: list[str]) -> dict[str, Any]:
        shaped: dict[str, Any] = {"attributes": self._attributes(sobject, str(record["Id"]))}
        for column in columns:
            if "." not in column:
                shaped[column] = record.get(column)
                continue
            relation, name = column.split(".", 1)
            related_id = str(record.get(f"{relation}Id"))
            target = self.records[RELATIONS[relation]].get(related_id)
            if target is None:
                shaped[relation] = None
                continue
            nested = shaped.setdefault(relation, {"attributes": self._attributes(RELATIONS[relation], related_id)})
            nested[name] = target.get(name)
        return shaped

    def take_failure(self) -> tuple[int, dict[str, str], bool] | None:
        """The next scripted write failure, if any."""
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def create_comment(self, body: Mapping[str, Any]) -> str:
        """POST sobjects/CaseComment."""
        unknown = [k for k in body if k not in ("ParentId", "CommentBody", "IsPublished")]
        if unknown:
            raise ApiError(400, "INVALID_FIELD", f"No such column '{unknown[0]}' on sobject of type CaseComment",
                           fields=unknown)
        parent = str(body.get("ParentId") or "")
        if parent not in self.records["Case"]:
            raise ApiError(400, "FIELD_INTEGRITY_EXCEPTION", "Parent ID: id value of incorrect type",
                           fields=["ParentId"])
        text = str(body.get("CommentBody") or "")
        if len(text.encode()) > COMMENT_BODY_BYTES:
            raise ApiError(400, "STRING_TOO_LONG", "Body: data value too large", fields=["CommentBody"])
        return self.add_comment(parent, text, published=bool(body.get("IsPublished", False)), user=INTEGRATION_USER)

    def update_case(self, case_id: str, body: Mapping[str, Any]) -> None:
        """PATCH sobjects/Case/{Id}."""
        with self._lock:
            case = self.records["Case"].get(case_id)
            if case is None:
                raise ApiError(404, "NOT_FOUND", "The requested resource does not exist")
            allowed = UPDATABLE_CASE_FIELDS | {self.tags_field}
            unknown = [k for k in body if k not in allowed]
            if unknown:
                raise ApiError(400, "INVALID_FIELD", f"No such column '{unknown[0]}' on sobject of type Case",
                               fields=unknown)
            case.update(body)
            case["IsClosed"] = case.get("Status") == "Closed"
            case["LastModifiedDate"] = self._tick()

    def case_fields(self, case_id: str, fields: list[str]) -> dict[str, Any]:
        """GET sobjects/Case/{Id}?fields=…"""
        with self._lock:
            case = self.records["Case"].get(case_id)
            if case is None:
                raise ApiError(404, "NOT_FOUND", "The requested resource does not exist")
            known = {f.lower(): f for f in self.fields_of("Case")}
            fields = [f for f in fields if f]
            missing = [f for f in fields if f.lower() not in known]
            if missing:
                raise ApiError(400, "INVALID_FIELD", f"No such column '{missing[0]}' on sobject of type Case")
            return self._shape("Case", case, ["Id", *(known[f.lower()] for f in fields)])

    def token(self, form: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        """POST /services/oauth2/token."""
        with self._lock:
            self.token_requests.append(dict(form))
            grant = form.get("grant_type")
            if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
                return 400, {"error": "invalid_client", "error_description": "invalid client credentials"}
            if grant == "refresh_token" and (not self.refresh_token or form.get("refresh_token") != self.refresh_token):
                return 400, {"error": "invalid_grant", "error_description": "expired access/refresh token"}
            if grant not in ("client_credentials", "refresh_token"):
                return 400, {"error": "unsupported_grant_type", "error_description": "grant type not supported"}
            token = f"00D5g000004Dskp!AQ{next(self._ids):06d}.{secrets.token_urlsafe(24)}"
            self.tokens.add(token)
            issued = str(int(datetime.now(UTC).timestamp() * 1000))
            return 200, {"access_token": token, "signature": "nUFHwtfIGLKDTHcLWmDBG8frv0t+HQGl/iCZFIQUarE=",
                         "scope": "api", "instance_url": self.base_url, "token_type": "Bearer", "issued_at": issued,
                         "id": f"https://login.salesforce.com/id/00D5g000004DskpEAC/{INTEGRATION_USER}"}


def _handler(org: SalesforceOrg) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def serve(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            url = urlsplit(self.path)
            if url.path == TOKEN_PATH and method == "POST":
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                status, body = org.token(form)
                return self._json(status, body, limits=False)
            try:
                self._authorize()
                with org._lock:
                    org.api_used += 1
                    org.requests.append((method, self.path))
                failure = org.take_failure() if method in ("POST", "PATCH", "DELETE") else None
                if failure is not None and not failure[2]:
                    raise _failure_error(failure)
                status, body = self._route(method, url.path, parse_qs(url.query), raw)
                if failure is not None:
                    raise _failure_error(failure)
                self._json(status, body)
            except ApiError as exc:
                self._json(exc.status, exc.body, exc.headers)

        def _authorize(self) -> None:
            scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
            if scheme.lower() != "bearer" or token not in org.tokens:
                raise ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid")

        def _route(self, method: str, path: str, params: dict[str, list[str]], raw: bytes) -> tuple[int, Any]:
            prefix = f"{API}{org.api_version}"
            if not path.startswith(prefix + "/"):
                raise ApiError(404, "NOT_FOUND", "The requested resource does not exist")
            rest = path[len(prefix):]
            if method == "GET" and rest == "/query":
                return 200, self._query(params)
            more = re.fullmatch(r"/query/([A-Za-z0-9]+)-(\d+)", rest)
            if method == "GET" and more:
                return 200, org.more(more.group(1), int(more.group(2)))
            if method == "GET" and rest == "/limits":
                return 200, {"DailyApiRequests": {"Max": org.api_limit, "Remaining": org.api_limit - org.api_used}}
            case = re.fullmatch(r"/sobjects/Case/([A-Za-z0-9]+)", rest)
            if case and method == "GET":
                return 200, org.case_fields(case.group(1), ",".join(params.get("fields", [])).split(","))
            if case and method == "PATCH":
                org.update_case(case.group(1), _json_body(raw))
                return 204, None
            if rest == "/sobjects/CaseComment" and method == "POST":
                return 201, {"id": org.create_comment(_json_body(raw)), "success": True, "errors": []}
            raise ApiError(404, "NOT_FOUND", "The requested resource does not exist")

        def _query(self, params: dict[str, list[str]]) -> dict[str, Any]:
            soql = params.get("q", [""])[0]
            options = re.search(r"batchSize=(\d+)", self.headers.get("Sforce-Query-Options") or "")
            requested = min(2000, max(200, int(options.group(1)))) if options else 2000
            try:
                return org.query(soql, min(requested, org.batch_size))
            except SoqlError as exc:
                raise ApiError(400, exc.code, str(exc)) from exc

        def _json(self, status: int, body: Any, headers: Mapping[str, str] | None = None, *,
                  limits: bool = True) -> None:
            payload = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if payload:
                self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            if limits:
                self.send_header("Sforce-Limit-Info", f"api-usage={org.api_used}/{org.api_limit}")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def _json_body(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw or b"{}")
    except ValueError as exc:
        raise ApiError(400, "JSON_PARSER_ERROR", "Unexpected character in the request body") from exc
    if not isinstance(body, dict):
        raise ApiError(400, "JSON_PARSER_ERROR", "Expected a JSON object")
    return body


def _failure_error(failure: tuple[int, dict[str, str], bool]) -> ApiError:
    status, headers, _ = failure
    codes = {403: ("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
             429: ("REQUEST_LIMIT_EXCEEDED", "Too many requests."),
             503: ("SERVER_UNAVAILABLE", "Server temporarily unavailable.")}
    code, message = codes.get(status, ("UNKNOWN_EXCEPTION", "An unexpected error occurred."))
    return ApiError(status, code, message, headers=headers)


@contextmanager
def salesforce_server(**options: Any) -> Iterator[SalesforceOrg]:
    """Serve a Salesforce org on a free loopback port; ``org.base_url`` is its instance URL."""
    org = SalesforceOrg(**options)
    with loopback_server(_handler(org)) as base_url:
        org.base_url = base_url
        yield org
