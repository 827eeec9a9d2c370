"""Salesforce Service Cloud: Cases with their e-mails and case comments, read with SOQL through the REST API and
answered with case comments.

Documented endpoints and headers implemented (Salesforce REST API Developer Guide, Object Reference, SOQL and SOSL
Reference, Change Data Capture Developer Guide):

* OAuth 2.0 ``POST /services/oauth2/token`` (form ``grant_type=client_credentials`` — the client credentials flow
  for server-to-server integration — or ``grant_type=refresh_token`` with ``refresh_token``; both with
  ``client_id``/``client_secret``). The answer's ``access_token`` is sent as ``Authorization: Bearer``. Salesforce
  sends no ``expires_in``: a ``401`` whose body carries ``errorCode: INVALID_SESSION_ID`` gets a fresh token and
  the request is sent once more.
* Query ``GET /services/data/vXX.X/query?q=SOQL`` → ``{"totalSize", "done", "records", "nextRecordsUrl"}``, and
  Query More Results ``GET {nextRecordsUrl}`` until ``done``; ``Sforce-Query-Options: batchSize=N`` (200–2,000)
  sets the batch size. A sync sweeps three SOQL queries, each ordered by ``LastModifiedDate`` from its own
  watermark: Cases, EmailMessages and CaseComments (the last two name the Cases whose threads changed, since a new
  child record is not guaranteed to move its Case's ``LastModifiedDate``). Watermarks are compared with ``>=``
  (SOQL literals have whole seconds) and the cursor remembers the records read in the watermark's second with
  their ``LastModifiedDate``, so nothing changed in that second is lost and nothing unchanged is read twice: an
  unchanged org costs three queries per sync. The cursor also holds the sweep's phase and query locator; an
  expired locator (``INVALID_QUERY_LOCATOR``) restarts the phase from its watermark.
* Case fields ``Id, CaseNumber, Subject, Description, Status, Origin, ContactEmail, SuppliedEmail, SuppliedName,
  ContactId, CreatedDate, LastModifiedDate``; ``EmailMessage`` (``ParentId, Incoming, FromAddress, FromName,
  TextBody, HtmlBody, MessageDate, Status, HasAttachment``; drafts, ``Status = '5'``, are skipped) and
  ``CaseComment`` (``ParentId, CommentBody, IsPublished, CreatedDate, CreatedById, CreatedBy.Name,
  CreatedBy.UserType``). The Case ``Description`` is the customer's first message unless an incoming e-mail
  carries the same text (Email-to-Case copies the first e-mail into it). Comments by ``Standard`` users are agent
  messages, by ``AutomatedProcess`` system ones, by portal/community users customer ones; unpublished comments are
  internal. E-mail attachments are listed at the end of the body from ``ContentDocumentLink``
  (``ContentDocument.Title/FileExtension/FileType/ContentSize``) and legacy ``Attachment`` records.
* Writes: ``POST /services/data/vXX.X/sobjects/CaseComment`` ``{"ParentId", "CommentBody", "IsPublished"}`` — a
  public reply is a published comment (Salesforce notifies the contact and shows it in the portal when the org's
  case comment notifications are on), an internal note an unpublished one. ``CommentBody`` holds at most 4,000
  bytes. Exactly-once: the body ends with a reference line ``[deskpilot:<16 hex of SHA-256(idempotency key)>]``
  and a retry first runs ``SELECT Id FROM CaseComment WHERE ParentId = … AND IsPublished = … AND CommentBody LIKE
  '%[deskpilot:…]%'`` (``CommentBody`` is filterable); the line is removed again when comments are read.
* ``PATCH /services/data/vXX.X/sobjects/Case/{Id}`` sets ``Status`` (generic statuses through ``status_map``,
  other values are sent as they are), custom fields by API name, and tags: Cases have none, so tags live in a
  multi-select picklist named by ``tags_field`` (e.g. ``Deskpilot_Tags__c``, values joined with ``;``, each value
  defined in the picklist unless it is unrestricted); tags are added to the field's current values, never removed.
  The default ``status_map`` uses only the default Status values (New, Working, Escalated, Closed): an org with a
  waiting status such as "On Hold" maps ``pending`` to it.
* Errors are a JSON list ``[{"message", "errorCode", "fields"?}]``. ``403 REQUEST_LIMIT_EXCEEDED`` (the org's
  rolling 24-hour API allowance) fails the call without waiting, since no pause short of hours helps; a ``429``
  with ``Retry-After`` (from a proxy in front of the org) is honoured by ``VendorHttp``. Every response's
  ``Sforce-Limit-Info: api-usage=N/M`` is kept as ``api_usage`` and logged when 90 % is used.
  ``Sforce-Call-Options: client=deskpilot`` marks deskpilot's own changes (it appears in change events'
  ``changeOrigin``). ``check()`` reads ``GET /services/data/vXX.X/limits`` (``DailyApiRequests``).

Webhooks: Salesforce's own Outbound Messages are SOAP, so deskpilot takes Change Data Capture events instead,
relayed by an Apex ``CaseChangeEvent`` trigger (or a Flow HTTP callout) to ``POST /webhooks/{instance}``. The body
is the change event message as the Streaming API shows it (``{"data": {"schema", "payload": {"ChangeEventHeader":
{"entityName", "recordIds", "changeType", "transactionKey", "sequenceNumber", "commitTimestamp", …}, …}, "event":
{"replayId"}}, "channel": "/data/CaseChangeEvent"}``, or just its ``data`` part). The relay signs it with the
header scheme deskpilot uses for every relay: ``X-Deskpilot-Timestamp`` (Unix seconds) and
``X-Deskpilot-Signature: v1=<hex HMAC-SHA256(webhook_secret, "{timestamp}." + raw body)>`` (several
comma-separated ``v1=`` values are accepted while a secret is rotated); in Apex
``EncodingUtil.convertToHex(Crypto.generateMac('hmacSHA256', Blob.valueOf(ts + '.' + body),
Blob.valueOf(secret)))``. Timestamps further than ``webhook_tolerance_s`` from now are refused as replays; the
delivery id is ``{entityName}:{transactionKey}:{sequenceNumber}``. Case ``CREATE``/``UPDATE``/``UNDELETE`` (and
their ``GAP_`` forms) name the Cases in ``recordIds``; ``EmailMessage``/``CaseComment`` creations name their
``ParentId``; other events (deletions, ``GAP_OVERFLOW``, other objects) are accepted and name nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
from collections.abc import Generator, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

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

SIGNATURE = "x-deskpilot-signature"
TIMESTAMP = "x-deskpilot-timestamp"
COMMENT_BODY_BYTES = 4000
IN_CHUNK = 100  # record ids per ``IN (...)`` list, keeping the query URL short
API_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")
RECORD_ID = re.compile(r"^[A-Za-z0-9]{1,18}$")
MARKER = re.compile(r"\s*\[deskpilot:[0-9a-f]{16}\]\s*$")
DEFAULT_STATUS_MAP = {"new": "New", "open": "Working", "pending": "Working", "solved": "Closed", "closed": "Closed"}
Channel = Literal["email", "chat", "web_form", "social", "api"]
Status = Literal["new", "open", "pending", "solved", "closed"]
Role = Literal["customer", "agent", "ai", "system"]
INBOUND_STATUS: dict[str, Status] = {
    "new": "new", "working": "open", "escalated": "open", "in progress": "open", "on hold": "pending",
    "waiting on customer": "pending", "solved": "solved", "resolved": "solved", "closed": "closed"}
CHANNELS: dict[str, Channel] = {"email": "email", "web": "web_form", "chat": "chat", "messaging": "chat",
                                "social": "social", "facebook": "social", "twitter": "social"}
CUSTOMER_USERS = frozenset({"PowerCustomerSuccess", "CustomerSuccess", "CspLitePortal", "CsnOnly", "Guest",
                            "SelfService", "PowerPartner"})
CASE_FIELDS = ("Id", "CaseNumber", "Subject", "Description", "Status", "Origin", "ContactEmail", "SuppliedEmail",
               "SuppliedName", "ContactId", "CreatedDate", "LastModifiedDate")
EMAIL_FIELDS = ("Id", "ParentId", "Incoming", "FromAddress", "FromName", "TextBody", "HtmlBody", "MessageDate",
                "Status", "HasAttachment", "CreatedDate", "LastModifiedDate")
COMMENT_FIELDS = ("Id", "ParentId", "CommentBody", "IsPublished", "CreatedDate", "LastModifiedDate", "CreatedById",
                  "CreatedBy.Name", "CreatedBy.UserType")
FILE_FIELDS = ("Id", "LinkedEntityId", "ContentDocumentId", "ContentDocument.Title", "ContentDocument.FileExtension",
               "ContentDocument.FileType", "ContentDocument.ContentSize")
ATTACHMENT_FIELDS = ("Id", "ParentId", "Name", "ContentType", "BodyLength")
PHASES = ("Case", "EmailMessage", "CaseComment")  # one sync sweeps these, each from its own watermark
FETCHED_CHANGES = frozenset({"CREATE", "UPDATE", "UNDELETE", "GAP_CREATE", "GAP_UPDATE", "GAP_UNDELETE"})


class SalesforceConfig(ConnectorConfig):
    """Where the org is, the connected app's OAuth credentials (as references) and how Cases map to deskpilot."""

    instance_url: str = Field(min_length=1, description="the org's My Domain URL, e.g. https://acme.my.salesforce.com")
    api_version: str = Field(default="v61.0", pattern=r"^v\d{2,3}\.\d$")
    token_url: str | None = Field(default=None, description="default {instance_url}/services/oauth2/token")
    client_id: str = Field(min_length=1, description="the connected app's consumer key")
    client_secret: SecretStr = Field(description="consumer secret reference, env:NAME or file:/path")
    refresh_token: SecretStr | None = Field(default=None, description="refresh token reference; without one the "
                                                                      "client credentials flow is used")
    webhook_secret: SecretStr | None = Field(default=None, description="HMAC secret reference of the event relay")
    timeout_s: float = Field(default=20.0, gt=0, le=300)
    batch_size: int = Field(default=200, ge=200, le=2000, description="Sforce-Query-Options batchSize")
    tags_field: str | None = Field(default=None, description="multi-select picklist holding tags, e.g. Tags__c")
    status_map: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_STATUS_MAP),
                                       description="generic status → Case Status picklist value")

    @field_validator("instance_url", "token_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        loopback = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")
        if not parts.hostname or not (parts.scheme == "https" or loopback):
            raise ValueError("must be an https:// URL")
        return value.rstrip("/")

    @field_validator("tags_field")
    @classmethod
    def _api_name(cls, value: str | None) -> str | None:
        if value is not None and not API_NAME.match(value):
            raise ValueError("must be a field API name, e.g. Deskpilot_Tags__c")
        return value

    def oauth_url(self) -> str:
        """The token endpoint."""
        return self.token_url or f"{self.instance_url}/services/oauth2/token"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Deskpilot-Signature`` value of a body relayed at a timestamp."""
    return "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def marker(idempotency_key: str) -> str:
    """The reference line that ties a case comment to the idempotency key it was written for."""
    return f"[deskpilot:{hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]}]"


def strip_marker(body: str) -> str:
    """A comment body without deskpilot's trailing reference line."""
    return MARKER.sub("", body)


def soql_string(value: str) -> str:
    """A quoted SOQL string literal (backslash escapes, as SOQL defines them)."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return f"'{escaped}'"


def soql_datetime(value: datetime) -> str:
    """A SOQL dateTime literal in UTC, floored to the second (the finest the documented formats take)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value: Any) -> datetime | None:
    """A Salesforce dateTime (``2026-11-20T09:00:00.000+0000``) as an aware datetime."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def record_id(value: str) -> str:
    """A Salesforce record id checked before it goes into a URL or a query (ConnectorError otherwise)."""
    if not RECORD_ID.match(value):
        raise ConnectorError(f"{value!r} is not a Salesforce record id", status=400)
    return value


def error_codes(text: str) -> list[str]:
    """The ``errorCode`` values of a Salesforce error body (a JSON list of ``{"message", "errorCode"}``)."""
    try:
        body = json.loads(text)
    except ValueError:
        return []
    items = body if isinstance(body, list) else [body]
    return [str(item["errorCode"]) for item in items if isinstance(item, dict) and "errorCode" in item]


class SalesforceAuth(httpx.Auth):
    """Bearer tokens from the OAuth token endpoint, fetched on first use and again after ``INVALID_SESSION_ID``."""

    requires_response_body = True

    def __init__(self, config: SalesforceConfig) -> None:
        self.config = config
        self._token: str | None = None
        self._lock = threading.Lock()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Send with the current token; on an invalid session fetch a new one and send once more."""
        token = self._token
        if token is None:
            token = self._store((yield self._token_request()))
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and "INVALID_SESSION_ID" in error_codes(response.text):
            token = self._store((yield self._token_request()))
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

    def _token_request(self) -> httpx.Request:
        form = {"client_id": self.config.client_id, "client_secret": self.config.secret("client_secret")}
        if self.config.refresh_token is not None and self.config.refresh_token.get_secret_value():
            form |= {"grant_type": "refresh_token", "refresh_token": self.config.secret("refresh_token")}
        else:
            form["grant_type"] = "client_credentials"
        return httpx.Request("POST", self.config.oauth_url(), data=form, headers={"Accept": "application/json"})

    def _store(self, response: httpx.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            body = {}
        token = body.get("access_token") if isinstance(body, dict) else None
        if response.status_code != 200 or not isinstance(token, str) or not token:
            reason = f"{body.get('error', '')}: {body.get('error_description', '')}" if isinstance(body, dict) else ""
            raise ConnectorError(f"Salesforce token request failed: HTTP {response.status_code} {reason}".strip(),
                                 status=response.status_code, retryable=response.status_code >= 500)
        with self._lock:
            self._token = token
        return token


class _Sweep:
    """The sync cursor: per-object watermarks and what was read in their second, the phase and its locator."""

    def __init__(self, marks: dict[str, str | None], seen: dict[str, dict[str, str]] | None = None, phase: int = 0,
                 locator: str | None = None) -> None:
        self.marks = marks
        self.seen = seen or {}
        self.phase = phase
        self.locator = locator

    @classmethod
    def load(cls, cursor: str | None, since: datetime | None) -> _Sweep:
        """The sweep a cursor resumes, or a new one from ``since`` (everything when there is neither)."""
        if cursor:
            try:
                data = json.loads(cursor)
                marks = {name: data["w"].get(name) for name in PHASES}
                seen = {name: dict(data.get("s", {}).get(name) or {}) for name in PHASES}
                return cls(marks, seen, int(data.get("p", 0)) % len(PHASES), data.get("n"))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise ConnectorError(f"unreadable Salesforce cursor {cursor[:80]!r}") from exc
        start = soql_datetime(since) if since is not None else None
        return cls(dict.fromkeys(PHASES, start))

    def dump(self) -> str:
        """The cursor as stored."""
        return json.dumps({"w": self.marks, "s": {k: v for k, v in self.seen.items() if v}, "p": self.phase,
                           "n": self.locator}, separators=(",", ":"))

    @property
    def object(self) -> str:
        """The object this phase reads."""
        return PHASES[self.phase]

    def take(self, records: list[dict[str, Any]], done: bool, locator: str | None) -> list[dict[str, Any]]:
        """The records not read before, moving the watermark past them; at the end of a phase go to the next."""
        name, mark = self.object, self.marks[self.object]
        seen = self.seen.get(name, {})
        fresh = [r for r in records if seen.get(str(r.get("Id"))) != r.get("LastModifiedDate")]
        stamped = [(moment, r) for r in records if (moment := parse_datetime(r.get("LastModifiedDate")))]
        if stamped:
            latest = soql_datetime(max(moment for moment, _ in stamped))
            at_latest = {str(r.get("Id")): str(r["LastModifiedDate"]) for moment, r in stamped
                         if soql_datetime(moment) == latest}
            self.seen[name] = {**seen, **at_latest} if latest == mark else at_latest
            self.marks[name] = latest
        self.locator = None if done else locator
        if done:
            if name == "Case" and self.marks["Case"] is not None:
                for child in PHASES[1:]:  # a first full sweep read every thread already
                    self.marks[child] = self.marks[child] or self.marks["Case"]
            self.phase = (self.phase + 1) % len(PHASES)
        return fresh


class SalesforceConnector(Connector):
    """Salesforce Service Cloud Cases through the REST API."""

    kind: ClassVar[str] = "salesforce"
    title: ClassVar[str] = "Salesforce Service Cloud"
    config_model: ClassVar[type[ConnectorConfig]] = SalesforceConfig

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        super().__init__(name, config)
        assert isinstance(config, SalesforceConfig)
        self.settings = config
        self.api_usage: tuple[int, int] | None = None
        self.http = VendorHttp(config.instance_url, auth=SalesforceAuth(config), timeout_s=config.timeout_s,
                               headers={"Accept": "application/json", "Sforce-Call-Options": "client=deskpilot"})
        self.http.client.event_hooks = {"request": [], "response": [self._note_limits]}
        self._data = f"/services/data/{config.api_version}"

    # reading

    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """One batch of one object of the sweep (Cases, then e-mails, then comments), as whole conversations."""
        sweep = _Sweep.load(cursor, since)
        while True:
            phase = sweep.object
            batch = self._batch(sweep)
            done = bool(batch.get("done", True))
            records = sweep.take(list(batch.get("records") or []), done, batch.get("nextRecordsUrl"))
            finished = done and phase == PHASES[-1]
            if records:
                cases = records if phase == "Case" else self._cases(self._parent_ids(records))
                return FetchPage(self._conversations(cases), sweep.dump(), more=not finished)
            if finished:
                return FetchPage([], sweep.dump(), more=False)

    def get(self, external_id: str) -> GenericConversation:
        """One Case with its e-mails and comments."""
        cases = self._cases([record_id(external_id)])
        if not cases:
            raise ConnectorError(f"Salesforce Case {external_id} does not exist", status=404)
        return self._conversations(cases)[0]

    def check(self) -> str:
        """Read the org's limits (an authenticated call that reads no records)."""
        limits = self._call("GET", f"{self._data}/limits")
        daily = limits.get("DailyApiRequests", {}) if isinstance(limits, dict) else {}
        return f"Salesforce API requests remaining today: {daily.get('Remaining', '?')} of {daily.get('Max', '?')}"

    def conversation(self, case: Mapping[str, Any], emails: Iterable[Mapping[str, Any]],
                     comments: Iterable[Mapping[str, Any]], files: Mapping[str, list[str]] | None = None,
                     ) -> GenericConversation:
        """A Case record, its EmailMessage and CaseComment records and its e-mails' attachment lines, mapped."""
        files = files or {}
        emails = [e for e in emails if str(e.get("Status") or "") != "5"]  # drafts were never sent
        messages = [m for m in (self._email(e, files.get(str(e["Id"]), [])) for e in emails) if m is not None]
        messages += [m for m in (self._comment(c) for c in comments) if m is not None]
        first = self._description(case, emails)
        messages = sorted(([first] if first else []) + messages, key=lambda m: m.created_at)[-MAX_MESSAGES:]
        created = parse_datetime(case.get("CreatedDate")) or datetime.now(UTC)
        if not messages:
            messages = [GenericMessage(external_id=f"{case['Id']}:subject", author_role="system", created_at=created,
                                       body=str(case.get("Subject") or "(a Case without a description)"))]
        email = case.get("ContactEmail") or case.get("SuppliedEmail")
        customer_id = case.get("ContactId") or (str(email).lower() if email else f"case:{case['Id']}")
        return GenericConversation(
            source=self.name, external_id=str(case["Id"]), channel=CHANNELS.get(str(case.get("Origin")).lower(), "api"),
            subject=(str(case["Subject"])[:500] if case.get("Subject") else None), status=self._status(case),
            created_at=created, tags=self._tags(case), messages=messages,
            customer=GenericCustomer(external_id=str(customer_id)[:200], name=case.get("SuppliedName"),
                                     email=str(email) if email else None),
            metadata={"case_number": case.get("CaseNumber"), "salesforce_status": case.get("Status"),
                      "origin": case.get("Origin"),
                      "url": f"{self.settings.instance_url}/lightning/r/Case/{case['Id']}/view"})

    # writing

    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """A published case comment, once per idempotency key."""
        return self._comment_once(record_id(external_id), text, idempotency_key, published=True)

    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """An unpublished (internal) case comment, once per idempotency key."""
        return self._comment_once(record_id(external_id), text, idempotency_key, published=False)

    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """PATCH the Case: Status, tags added to the ``tags_field`` picklist, custom fields by API name."""
        case_id = record_id(external_id)
        body: dict[str, Any] = {}
        for name, value in (fields or {}).items():
            if not API_NAME.match(name) or name == "Id":
                raise ConnectorError(f"{name!r} is not a Case field API name", status=400)
            body[name] = value
        if status is not None:
            body["Status"] = self.settings.status_map.get(status, status)
        if tags:
            body |= self._tag_values(case_id, tags)
        if body:
            self._call("PATCH", f"{self._data}/sobjects/Case/{case_id}", json=body, idempotent=True)

    # webhooks

    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """Refuse unless the relay signed this body with the shared secret within the tolerance."""
        lowered = {k.lower(): v for k, v in headers.items()}
        if self.settings.webhook_secret is None or not self.settings.webhook_secret.get_secret_value():
            raise WebhookRejected("no webhook_secret is configured for this Salesforce instance")
        timestamp, signature = lowered.get(TIMESTAMP, "").strip(), lowered.get(SIGNATURE, "")
        if not timestamp or not signature:
            raise WebhookRejected("missing X-Deskpilot-Timestamp or X-Deskpilot-Signature")
        try:
            sent = float(timestamp)
        except ValueError as exc:
            raise WebhookRejected("X-Deskpilot-Timestamp is not Unix seconds") from exc
        if abs(now - sent) > self.webhook_tolerance_s:
            raise WebhookRejected("the signature timestamp is outside the tolerance (a replay?)")
        try:
            secret = self.settings.secret("webhook_secret")
        except (ConnectorError, ValueError) as exc:  # the reference points at nothing readable
            raise WebhookRejected(f"the webhook secret cannot be read: {exc}", status=503) from exc
        expected = sign(secret, timestamp, body)
        if not any(hmac.compare_digest(expected, part.strip()) for part in signature.split(",")):
            raise WebhookRejected("the signature does not match the body")

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """The change event's delivery id, kind (``Entity.CHANGE``) and the Cases it names."""
        try:
            message = json.loads(body)
        except ValueError as exc:
            raise WebhookRejected("the body is not JSON", status=400) from exc
        data = message.get("data", message) if isinstance(message, dict) else None
        payload = data.get("payload") if isinstance(data, dict) else None
        header = payload.get("ChangeEventHeader") if isinstance(payload, dict) else None
        if not isinstance(payload, dict) or not isinstance(header, dict) or not header.get("transactionKey"):
            raise WebhookRejected("not a change event message (payload.ChangeEventHeader)", status=400)
        entity, change = str(header.get("entityName", "")), str(header.get("changeType", ""))
        delivery = f"{entity}:{header['transactionKey']}:{header.get('sequenceNumber', 0)}"
        return WebhookEvent(delivery, f"{entity}.{change}", self._changed_cases(entity, change, header, payload))

    # internals: HTTP

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            return self.http.json(method, path, **kwargs)
        except ConnectorError as exc:
            if exc.status == 403 and "REQUEST_LIMIT_EXCEEDED" in str(exc):
                usage = "/".join(map(str, self.api_usage)) if self.api_usage else "unknown"
                raise ConnectorError(f"Salesforce API request limit exceeded (api-usage {usage}); the org's "
                                     "allowance is a rolling 24 hours", status=403) from exc
            raise

    def _note_limits(self, response: httpx.Response) -> None:
        match = re.search(r"api-usage=(\d+)/(\d+)", response.headers.get("sforce-limit-info", ""))
        if match is None:
            return
        used, limit = int(match.group(1)), int(match.group(2))
        crossed = limit and used >= 0.9 * limit and (self.api_usage is None or self.api_usage[0] < 0.9 * limit)
        self.api_usage = (used, limit)
        if crossed:
            log.warning("Salesforce instance %s has used %d of its %d daily API requests", self.name, used, limit)

    def _query(self, soql: str) -> dict[str, Any]:
        result = self._call("GET", f"{self._data}/query", params={"q": soql},
                            headers={"Sforce-Query-Options": f"batchSize={self.settings.batch_size}"})
        return result if isinstance(result, dict) else {}

    def _query_all(self, soql: str) -> list[dict[str, Any]]:
        result = self._query(soql)
        records = list(result.get("records") or [])
        while not result.get("done", True) and result.get("nextRecordsUrl"):
            result = self._call("GET", str(result["nextRecordsUrl"]))
            records += result.get("records") or []
        return records

    def _query_in(self, fields: Iterable[str], sobject: str, key: str, ids: list[str],
                  order: str = "CreatedDate") -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        order_by = f" ORDER BY {order}" if order else ""
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ", ".join(soql_string(i) for i in ids[start:start + IN_CHUNK])
            records += self._query_all(f"SELECT {', '.join(fields)} FROM {sobject} WHERE {key} IN ({chunk}){order_by}")
        return records

    def _batch(self, sweep: _Sweep) -> dict[str, Any]:
        if sweep.locator:
            try:
                result = self._call("GET", sweep.locator)
                return result if isinstance(result, dict) else {}
            except ConnectorError as exc:
                if "INVALID_QUERY_LOCATOR" not in str(exc):
                    raise
                sweep.locator = None  # expired: read the phase again from its watermark
        mark = sweep.marks[sweep.object]
        if sweep.object != "Case" and mark is None:
            return {"records": [], "done": True}
        fields = self._case_fields() if sweep.object == "Case" else ("Id", "ParentId", "LastModifiedDate")
        where = [f"LastModifiedDate >= {mark}"] if mark else []
        if sweep.object != "Case":
            where.append("ParentId != null")
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        return self._query(f"SELECT {', '.join(fields)} FROM {sweep.object}{clause} ORDER BY LastModifiedDate")

    # internals: mapping

    def _case_fields(self) -> tuple[str, ...]:
        return CASE_FIELDS + ((self.settings.tags_field,) if self.settings.tags_field else ())

    def _cases(self, ids: list[str]) -> list[dict[str, Any]]:
        return self._query_in(self._case_fields(), "Case", "Id", ids, order="LastModifiedDate") if ids else []

    @staticmethod
    def _parent_ids(records: Iterable[Mapping[str, Any]]) -> list[str]:
        return [i for i in dict.fromkeys(str(r.get("ParentId") or "") for r in records) if RECORD_ID.match(i)]

    def _conversations(self, cases: list[dict[str, Any]]) -> list[GenericConversation]:
        ids = [str(c["Id"]) for c in cases]
        emails = self._query_in(EMAIL_FIELDS, "EmailMessage", "ParentId", ids)
        comments = self._query_in(COMMENT_FIELDS, "CaseComment", "ParentId", ids)
        files = self._files([str(e["Id"]) for e in emails if e.get("HasAttachment")])
        by_case: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {i: ([], []) for i in ids}
        for email in emails:
            by_case.get(str(email.get("ParentId")), ([], []))[0].append(email)
        for comment in comments:
            by_case.get(str(comment.get("ParentId")), ([], []))[1].append(comment)
        return [self.conversation(case, *by_case[str(case["Id"])], files) for case in cases]

    def _files(self, email_ids: list[str]) -> dict[str, list[str]]:
        files: dict[str, list[str]] = {}
        if not email_ids:
            return files
        for link in self._query_in(FILE_FIELDS, "ContentDocumentLink", "LinkedEntityId", email_ids, order=""):
            doc = link.get("ContentDocument") or {}
            name = str(doc.get("Title") or "file")
            if doc.get("FileExtension") and not name.lower().endswith(f".{str(doc['FileExtension']).lower()}"):
                name += f".{doc['FileExtension']}"
            line = f"[attachment: {name} ({doc.get('FileType') or 'file'}, {doc.get('ContentSize') or 0} bytes)]"
            files.setdefault(str(link["LinkedEntityId"]), []).append(line)
        for item in self._query_in(ATTACHMENT_FIELDS, "Attachment", "ParentId", email_ids, order=""):
            line = (f"[attachment: {item.get('Name') or 'file'} ({item.get('ContentType') or 'file'}, "
                    f"{item.get('BodyLength') or 0} bytes)]")
            files.setdefault(str(item["ParentId"]), []).append(line)
        return files

    def _description(self, case: Mapping[str, Any], emails: list[Mapping[str, Any]]) -> GenericMessage | None:
        text = str(case.get("Description") or "").strip()
        if not text:
            return None
        squeeze = " ".join(text.split())
        if any(e.get("Incoming") and " ".join(self._email_text(e).split()) == squeeze for e in emails):
            return None  # Email-to-Case copied the first e-mail into the Description
        return GenericMessage(external_id=f"{case['Id']}:description", author_role="customer",
                              author_name=case.get("SuppliedName"), body=text[:MAX_BODY_CHARS],
                              created_at=parse_datetime(case.get("CreatedDate")) or datetime.now(UTC))

    @staticmethod
    def _email_text(email: Mapping[str, Any]) -> str:
        if email.get("TextBody"):
            return str(email["TextBody"]).strip()
        return html_to_text(str(email.get("HtmlBody") or "")).strip()

    def _email(self, email: Mapping[str, Any], files: list[str]) -> GenericMessage | None:
        body = "\n".join([self._email_text(email), *files]).strip()
        created = parse_datetime(email.get("MessageDate")) or parse_datetime(email.get("CreatedDate"))
        if not body or created is None:
            return None
        role: Role = "customer" if email.get("Incoming") else "agent"
        return GenericMessage(external_id=str(email["Id"]), author_role=role,
                              author_name=email.get("FromName") or email.get("FromAddress"),
                              body=body[:MAX_BODY_CHARS], created_at=created, public=True)

    @staticmethod
    def _comment(comment: Mapping[str, Any]) -> GenericMessage | None:
        body = strip_marker(str(comment.get("CommentBody") or "")).strip()
        created = parse_datetime(comment.get("CreatedDate"))
        if not body or created is None:
            return None
        author = comment.get("CreatedBy") or {}
        user_type = str(author.get("UserType") or "Standard")
        role: Role = ("customer" if user_type in CUSTOMER_USERS else
                      "system" if user_type == "AutomatedProcess" else "agent")
        return GenericMessage(external_id=str(comment["Id"]), author_role=role, author_name=author.get("Name"),
                              body=body[:MAX_BODY_CHARS], created_at=created, public=bool(comment.get("IsPublished")))

    @staticmethod
    def _status(case: Mapping[str, Any]) -> Status:
        return INBOUND_STATUS.get(str(case.get("Status") or "").strip().lower(), "open")

    def _tags(self, case: Mapping[str, Any]) -> list[str]:
        field = self.settings.tags_field
        raw = str(case.get(field) or "") if field else ""
        return [t for t in dict.fromkeys(v.strip() for v in raw.split(";")) if t][:50]

    def _tag_values(self, case_id: str, tags: list[str]) -> dict[str, str]:
        field = self.settings.tags_field
        if field is None:
            raise ConnectorError("Salesforce Cases have no tags: set tags_field to a multi-select picklist field")
        if any(";" in t for t in tags):
            raise ConnectorError("a tag cannot contain ';' (the multi-select picklist separator)", status=400)
        current = self._call("GET", f"{self._data}/sobjects/Case/{case_id}", params={"fields": field}) or {}
        merged = dict.fromkeys(self._tags(current) + [t.strip() for t in tags if t.strip()])
        return {field: ";".join(merged)}

    def _comment_once(self, case_id: str, text: str, key: str, *, published: bool) -> str:
        tag = marker(key)
        body = f"{text.rstrip()}\n\n{tag}"
        if len(body.encode()) > COMMENT_BODY_BYTES:
            raise ConnectorError(f"the text is longer than a case comment holds ({COMMENT_BODY_BYTES} bytes with "
                                 "deskpilot's reference line)", status=400)
        like = soql_string(f"%{tag}%")
        flag = "true" if published else "false"

        def find() -> str | None:
            found = self._query_all(f"SELECT Id FROM CaseComment WHERE ParentId = {soql_string(case_id)} AND "
                                    f"IsPublished = {flag} AND CommentBody LIKE {like}")
            return str(found[0]["Id"]) if found else None

        def create() -> str:
            result = self._call("POST", f"{self._data}/sobjects/CaseComment",
                                json={"ParentId": case_id, "CommentBody": body, "IsPublished": published})
            return str(result["id"])

        return exactly_once(find, create)

    @staticmethod
    def _changed_cases(entity: str, change: str, header: Mapping[str, Any], payload: Mapping[str, Any]) -> list[str]:
        if entity == "Case" and change in FETCHED_CHANGES:
            ids = header.get("recordIds") or []
            return [str(i) for i in ids if isinstance(i, str) and RECORD_ID.match(i)]
        if entity in ("EmailMessage", "CaseComment") and change == "CREATE":
            parent = payload.get("ParentId")
            return [parent] if isinstance(parent, str) and RECORD_ID.match(parent) else []
        return []
