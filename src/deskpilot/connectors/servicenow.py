"""ServiceNow: Customer Service Management cases (``sn_customerservice_case``) or incidents in, customer-visible
comments, work notes, state, tags and fields out, signed outbound REST messages as webhooks.

Documented REST API (ServiceNow API reference: "Table API", "Attachment API", "Table API FAQs" KB0534905, "Inbound
REST API rate limiting") used here:

- every call carries ``Authorization: Basic`` (user name and password) or ``Authorization: Bearer <OAuth token>`` and
  ``Accept: application/json``;
- ``GET /api/now/table/{table}?sysparm_query=sys_updated_on>=YYYY-MM-DD HH:MM:SS^ORDERBYsys_updated_on^ORDERBYsys_id
  &sysparm_limit=N&sysparm_offset=M&sysparm_display_value=all&sysparm_exclude_reference_link=true&sysparm_fields=…``
  answers ``{"result": [...]}``; with ``display_value=all`` every field is ``{"display_value", "value"}``, the
  ``value`` of a date-time being UTC ``YYYY-MM-DD HH:MM:SS`` (a date-time given as plain text in an encoded query is
  UTC too). The ``Link`` header lists ``rel="first"/"prev"/"next"/"last"`` page URLs (``next`` only while more pages
  remain) and ``X-Total-Count`` the number of matching records;
- ``GET /api/now/table/{table}/{sys_id}``: one record (``number``, ``short_description``, ``description``,
  ``state``, ``contact`` or ``caller_id``, ``contact_type``, ``priority``, ``sys_created_on``, ``sys_updated_on``…);
- ``GET /api/now/table/sys_journal_field?sysparm_query=element_idIN…^elementINcomments,work_notes
  ^ORDERBYsys_created_on^ORDERBYsys_id``, paged like the table: the journal, ``element`` ``comments``
  (customer-visible) or ``work_notes`` (internal), ``value``, ``sys_created_by`` (a user name), ``sys_created_on``;
  HTML inside a journal entry is wrapped in ``[code]…[/code]``;
- ``GET /api/now/table/customer_contact`` (cases) or ``sys_user`` (incidents) ``?sysparm_query=sys_idIN…``: the
  customer's ``name``, ``email``, ``user_name``, ``phone``;
- ``GET /api/now/attachment?sysparm_query=table_name=…^table_sys_idIN…``: attachment metadata (``file_name``,
  ``content_type``, ``size_bytes``), listed in the conversation's ``metadata["attachments"]``;
- ``PATCH /api/now/table/{table}/{sys_id}`` with ``{"comments": text}`` (customer-visible) or ``{"work_notes": text}``
  (internal), ``state`` and any other field;
- errors are ``{"error": {"message", "detail"}, "status": "failure"}``; a rate-limited call is answered 429 with
  ``Retry-After`` (seconds), ``X-RateLimit-Limit`` and ``X-RateLimit-Reset`` (unix seconds), which ``VendorHttp``
  honours.

Incremental reads: the cursor is ``"<sys_updated_on>|<skip>"``: the next page asks for records updated at or after
that moment, ordered by ``sys_updated_on`` then ``sys_id``, skipping the ``skip`` records of that same second already
read (so many records updated in one second never stall the paging). After the last page the cursor keeps the last
second with no skip: the next sync reads that second's records again, which ingest ignores as known.

Exactly-once comments and work notes: a journal entry has no metadata field, so the marker travels in the entry's
text: the text is preceded by ``[code]<!-- deskpilot-ref-<20 hex of sha256(idempotency key)> -->[/code]`` (an HTML
comment, invisible where the instance renders ``[code]`` HTML, the default of ``glide.ui.security.allow_codetag``),
or with ``marker="text"`` followed by a visible ``[deskpilot-ref-…]`` line. Before writing, and again after a write
whose outcome is unknown, the journal is searched with ``element_id=<sys_id>^element=<comments|work_notes>
^valueLIKEdeskpilot-ref-…``; the journal entry's ``sys_id`` is the reference returned. The marker is written in the
same PATCH as the text and stripped when the journal is read; entries carrying it are mapped as ``ai`` messages.

Tags: ServiceNow tags live in ``label``/``label_entry``, whose ``table``/``table_key`` fields only the ``maint`` role
may write through the Table API, so tags are kept in a configurable string field of the case (``tags_field``, by
default ``u_deskpilot_tags``, a comma-separated list the instance administrator adds to the table). Updates add to the
tags already there.

Webhooks: ServiceNow sends none by itself; a Business Rule (after insert/update on the table) or a Flow sends an
outbound REST message that deskpilot verifies with the Standard Webhooks scheme: headers ``webhook-id`` (a GUID, the
delivery id), ``webhook-timestamp`` (unix seconds) and ``webhook-signature: v1,<base64 HMAC-SHA256 of
"<id>.<timestamp>.<body>" keyed by the shared secret>`` (several space-separated signatures are accepted, for secret
rotation); timestamps more than ``webhook_tolerance_s`` from now are refused. The body is
``{"table", "sys_id", "number", "operation", "sys_updated_on", "sys_updated_by"}``; ``insert``/``update`` on the
configured table name that record, anything else is accepted and names none. The Business Rule script::

    (function executeRule(current, previous) {
        var secret = gs.getProperty('x_deskpilot.webhook_secret');
        var body = JSON.stringify({table: current.getTableName(), sys_id: current.getUniqueValue(),
            number: current.getValue('number'), operation: current.operation(),
            sys_updated_on: current.getValue('sys_updated_on'), sys_updated_by: current.getValue('sys_updated_by')});
        var id = gs.generateGUID();
        var ts = String(Math.floor(new GlideDateTime().getNumericValue() / 1000));
        var mac = new GlideCertificateEncryption().generateMac(GlideStringUtil.base64Encode(secret), 'HmacSHA256',
            id + '.' + ts + '.' + body);
        var request = new sn_ws.RESTMessageV2();
        request.setEndpoint('https://deskpilot.example.com/webhooks/<instance>');
        request.setHttpMethod('POST');
        request.setRequestHeader('Content-Type', 'application/json');
        request.setRequestHeader('webhook-id', id);
        request.setRequestHeader('webhook-timestamp', ts);
        request.setRequestHeader('webhook-signature', 'v1,' + mac);
        request.setRequestBody(body);
        request.executeAsync();
    })(current, previous);

The integration user needs read access to the table, ``sys_journal_field``, the contact table and ``sys_attachment``
(unless ``include_attachments`` is off) and write access to the table's journal, ``state`` and tags field.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, ClassVar, Literal

import httpx
from pydantic import Field, SecretStr, field_validator, model_validator

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

CASE_TABLE = "sn_customerservice_case"
INCIDENT_TABLE = "incident"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
JOURNAL_PAGE = 500
ID_CHUNK = 100
MAX_JOURNAL_PAGES = 40

ChannelName = Literal["email", "chat", "web_form", "social", "api"]
StatusName = Literal["new", "open", "pending", "solved", "closed"]
RoleName = Literal["customer", "agent", "ai", "system"]

# Generic status -> state value written, per table (choice lists of sn_customerservice_case and incident).
WRITE_STATES: dict[str, dict[str, str]] = {
    CASE_TABLE: {"new": "1", "open": "10", "pending": "18", "solved": "6", "closed": "3"},
    INCIDENT_TABLE: {"new": "1", "open": "2", "pending": "3", "solved": "6", "closed": "7"},
}
# State value read -> generic status (cancelled cases and incidents count as closed).
READ_STATES: dict[str, dict[str, StatusName]] = {
    CASE_TABLE: {"1": "new", "10": "open", "18": "pending", "6": "solved", "3": "closed", "7": "closed"},
    INCIDENT_TABLE: {"1": "new", "2": "open", "3": "pending", "6": "solved", "7": "closed", "8": "closed"},
}
CHANNELS: dict[str, ChannelName] = {"email": "email", "chat": "chat", "virtual_agent": "chat", "web": "web_form",
                                    "self-service": "web_form", "social": "social"}
SYSTEM_USERS = frozenset({"system", "guest"})
STATUSES: dict[str, StatusName] = {"new": "new", "open": "open", "pending": "pending", "solved": "solved",
                                   "closed": "closed"}
GENERIC_STATUSES = frozenset(STATUSES)

MARKER_PREFIX = "deskpilot-ref-"
_MARKER = re.compile(r"\[code\]\s*<!--\s*deskpilot-ref-[0-9a-f]{20}\s*-->\s*\[/code\]|\[deskpilot-ref-[0-9a-f]{20}\]")
_CODE = re.compile(r"\[code\](.*?)\[/code\]", re.DOTALL | re.IGNORECASE)
_FIELD_NAME = r"^[a-z][a-z0-9_]*$"
_SYS_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # sys_ids are 32 hex digits; nothing that could change a URL or query


class ServiceNowConfig(ConnectorConfig):
    """Settings of a ServiceNow instance: Basic (username + password) or OAuth bearer token, all secrets as
    references."""

    base_url: str = Field(description="the instance, e.g. https://acme.service-now.com")
    username: str | None = Field(default=None, max_length=200, description="integration user (Basic auth)")
    password: SecretStr | None = Field(default=None, description="reference to the user's password")
    oauth_token: SecretStr | None = Field(default=None, description="reference to an OAuth access token (Bearer)")
    table: str = Field(default=CASE_TABLE, pattern=_FIELD_NAME, description="sn_customerservice_case or incident")
    contact_field: str | None = Field(default=None, pattern=_FIELD_NAME,
                                      description="reference to the customer; contact (cases) or caller_id")
    contact_table: str | None = Field(default=None, pattern=_FIELD_NAME,
                                      description="table of the customer; customer_contact (cases) or sys_user")
    tags_field: str | None = Field(default="u_deskpilot_tags", pattern=_FIELD_NAME,
                                   description="string field holding comma-separated tags; None: no tags")
    states: dict[str, str] = Field(default_factory=dict,
                                   description="generic status -> state value, overriding the table's defaults")
    resolve_fields: dict[str, str] = Field(default_factory=dict,
                                           description="fields sent with a solved/closed status, e.g. close_code")
    marker: Literal["html_comment", "text"] = "html_comment"
    include_attachments: bool = True
    webhook_secret: SecretStr | None = Field(default=None, description="reference to the outbound message secret")
    timeout_s: float = Field(default=20.0, gt=0, le=120)
    page_size: int = Field(default=50, ge=1, le=200)

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("base_url must be the instance URL, e.g. https://acme.service-now.com")
        return value.rstrip("/")

    @field_validator("states")
    @classmethod
    def _known_statuses(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - GENERIC_STATUSES)
        if unknown:
            raise ValueError(f"states maps generic statuses ({', '.join(sorted(GENERIC_STATUSES))}), not {unknown}")
        return value

    @model_validator(mode="after")
    def _one_way_to_authenticate(self) -> ServiceNowConfig:
        basic = self.password is not None and bool(self.password.get_secret_value())
        bearer = self.oauth_token is not None and bool(self.oauth_token.get_secret_value())
        if basic == bearer:
            raise ValueError("set either username and password (Basic auth) or oauth_token (Bearer), not both")
        if basic and not self.username:
            raise ValueError("username is required with password")
        return self

    def reference_field(self) -> str:
        """The record field referencing the customer."""
        return self.contact_field or ("caller_id" if self.table == INCIDENT_TABLE else "contact")

    def customer_table(self) -> str:
        """The table holding customers."""
        return self.contact_table or ("sys_user" if self.table == INCIDENT_TABLE else "customer_contact")

    def write_states(self) -> dict[str, str]:
        """Generic status -> state value for this table."""
        return {**WRITE_STATES.get(self.table, WRITE_STATES[CASE_TABLE]), **self.states}

    def read_states(self) -> dict[str, StatusName]:
        """State value -> generic status for this table."""
        read = dict(READ_STATES.get(self.table, READ_STATES[CASE_TABLE]))
        for status, state in self.states.items():
            read[state] = STATUSES[status]
        return read


@dataclass(frozen=True)
class Cursor:
    """Where reading resumes: records updated at or after ``updated`` (UTC), skipping ``skip`` of that second."""

    updated: str | None
    skip: int = 0

    def encode(self) -> str | None:
        """The cursor as stored (None before anything was read)."""
        return None if self.updated is None else f"{self.updated}|{self.skip}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Read a stored cursor; ConnectorError when it is not one of ours."""
        updated, _, skip = text.partition("|")
        try:
            datetime.strptime(updated, TIME_FORMAT)
            return cls(updated, max(0, int(skip or 0)))
        except ValueError as exc:
            raise ConnectorError(f"not a ServiceNow cursor: {text[:60]!r}") from exc


def sn_time(moment: datetime) -> str:
    """A moment as ServiceNow's UTC ``YYYY-MM-DD HH:MM:SS`` (naive moments are taken as UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: str) -> datetime | None:
    """A ServiceNow UTC date-time value, or None when empty or malformed."""
    try:
        return datetime.strptime(text.strip(), TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def value_of(field: Any) -> str:
    """The stored value of a field in any ``sysparm_display_value`` shape."""
    if isinstance(field, Mapping):
        return str(field.get("value") or "")
    return "" if field is None else str(field)


def display_of(field: Any) -> str:
    """The display value of a field (its value when there is no display value)."""
    if isinstance(field, Mapping):
        return str(field.get("display_value") or field.get("value") or "")
    return "" if field is None else str(field)


def marker_token(idempotency_key: str) -> str:
    """The searchable token derived from an idempotency key."""
    return MARKER_PREFIX + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20]


def journal_text(value: str) -> tuple[str, bool]:
    """Readable text of a journal entry without deskpilot's marker, and whether the marker was there."""
    marked = bool(_MARKER.search(value))
    text = _MARKER.sub("", value)
    text = _CODE.sub(lambda match: "\n" + html_to_text(match.group(1)) + "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip(), marked


def checked_id(sys_id: str) -> str:
    """A record id safe to put in a path or an encoded query (ConnectorError otherwise)."""
    if not _SYS_ID.match(sys_id):
        raise ConnectorError(f"not a ServiceNow sys_id: {sys_id[:40]!r}")
    return sys_id


def has_next_link(link: str | None) -> bool:
    """Whether a ``Link`` header names a next page."""
    return bool(link) and re.search(r'rel="?next"?', link or "") is not None


def _results(response: httpx.Response) -> list[dict[str, Any]]:
    try:
        result = response.json().get("result")
    except (ValueError, AttributeError) as exc:
        raise ConnectorError(f"ServiceNow answered without a JSON result: {response.text[:200]}") from exc
    if isinstance(result, dict):
        return [result]
    if not isinstance(result, list):
        raise ConnectorError("ServiceNow answered without a result list")
    return [r for r in result if isinstance(r, dict)]


def _chunks(items: list[str], size: int = ID_CHUNK) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _attachment(row: Mapping[str, Any]) -> dict[str, Any]:
    size = value_of(row.get("size_bytes"))
    return {"sys_id": value_of(row.get("sys_id")), "file_name": value_of(row.get("file_name")),
            "content_type": value_of(row.get("content_type")), "size_bytes": int(size) if size.isdigit() else None}


def _clean_tags(tags: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = re.sub(r"\s+", " ", str(tag).replace(",", " ")).strip()
        if cleaned:
            seen.setdefault(cleaned[:80], None)
    return list(seen)


class ServiceNowConnector(Connector):
    """Cases (or incidents) of one ServiceNow instance through the Table API."""

    kind: ClassVar[str] = "servicenow"
    title: ClassVar[str] = "ServiceNow"
    version: ClassVar[str] = "1"
    config_model: ClassVar[type[ConnectorConfig]] = ServiceNowConfig
    config: ServiceNowConfig

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        if not isinstance(config, ServiceNowConfig):
            raise TypeError("ServiceNowConnector needs a ServiceNowConfig")
        super().__init__(name, config)

    @cached_property
    def http(self) -> VendorHttp:
        """The instance's REST client (built on first use, when the secret is read)."""
        headers = {"Accept": "application/json"}
        auth: tuple[str, str] | None = None
        if self.config.oauth_token is not None and self.config.oauth_token.get_secret_value():
            headers["Authorization"] = f"Bearer {self.config.secret('oauth_token')}"
        else:
            auth = (self.config.username or "", self.config.secret("password"))
        return VendorHttp(self.config.base_url, headers=headers, auth=auth, timeout_s=self.config.timeout_s)

    # reading

    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """One page of records updated since the cursor (or ``since``), oldest first, with their journals."""
        position = Cursor.decode(cursor) if cursor else Cursor(sn_time(since) if since else None)
        response = self.http.request("GET", self._table_path(), params=self._page_params(position))
        records = _results(response)
        link = response.headers.get("link")
        more = has_next_link(link) if link is not None else len(records) >= self.config.page_size
        more = more and bool(records)
        return FetchPage(self._conversations(records), self._advance(position, records, more).encode(), more)

    def get(self, external_id: str) -> GenericConversation:
        """One record with its journal, customer and attachments."""
        response = self.http.request("GET", self._table_path(external_id), params={
            "sysparm_display_value": "all", "sysparm_exclude_reference_link": "true",
            "sysparm_fields": ",".join(self._fields())})
        records = _results(response)
        if not records:
            raise ConnectorError(f"no {self.config.table} record {external_id}", status=404)
        return self._conversations(records)[0]

    def check(self) -> str:
        """Read one record id to prove the credentials and table access; reports ``X-Total-Count``."""
        response = self.http.request("GET", self._table_path(), params={"sysparm_limit": 1,
                                                                         "sysparm_fields": "sys_id"})
        _results(response)
        total = response.headers.get("x-total-count", "?")
        return f"{total} record(s) in {self.config.table}"

    def to_conversation(self, record: Mapping[str, Any], journal: Sequence[Mapping[str, Any]],
                        contact: Mapping[str, Any] | None,
                        attachments: Sequence[Mapping[str, Any]] = ()) -> GenericConversation:
        """Map a record (any ``sysparm_display_value`` shape), its journal entries, its customer record and its
        attachments' metadata into a conversation."""
        sys_id = value_of(record.get("sys_id"))
        created = parse_time(value_of(record.get("sys_created_on"))) or datetime.now(UTC)
        customer = self._customer(record, contact)
        identities = {value_of((contact or {}).get(k)).lower() for k in ("user_name", "email")} - {""}
        opening = self._opening_message(record, customer, created)
        entries = [m for m in (self._journal_message(e, identities, customer) for e in journal) if m is not None]
        entries.sort(key=lambda m: m.created_at)
        messages = [opening, *entries[-(MAX_MESSAGES - 1):]]
        return GenericConversation(
            source=self.name, external_id=sys_id, channel=CHANNELS.get(value_of(record.get("contact_type")), "api"),
            subject=display_of(record.get("short_description"))[:500] or None,
            status=self.config.read_states().get(value_of(record.get("state")), "open"),
            created_at=created, customer=customer, tags=self._tags(record)[:50], messages=messages,
            metadata=self._metadata(record, attachments))

    # writing

    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Add a customer-visible comment once per idempotency key; returns the journal entry's sys_id."""
        return self._journal_write(external_id, "comments", text, idempotency_key)

    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Add a work note once per idempotency key; returns the journal entry's sys_id."""
        return self._journal_write(external_id, "work_notes", text, idempotency_key)

    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """Set the state (a generic status or a raw state value), add tags and set fields in one PATCH."""
        journal = sorted(set(fields or {}) & {"comments", "work_notes"})
        if journal:
            raise ValueError(f"write {', '.join(journal)} with post_reply/add_note, which keep them exactly-once")
        body: dict[str, Any] = {}
        if status is not None:
            body["state"] = self._state_value(status)
            if status in ("solved", "closed"):
                body.update(self.config.resolve_fields)
        body.update({str(k): v for k, v in (fields or {}).items()})
        if tags:
            if not self.config.tags_field:
                raise ConnectorError("tags need tags_field: the string field of the table that holds them")
            body[self.config.tags_field] = ",".join(self._merged_tags(external_id, tags))
        if body:
            self.http.request("PATCH", self._table_path(external_id), json=body, params={"sysparm_fields": "sys_id"},
                              idempotent=True, ok=(200,))

    # webhooks

    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """Check the Standard Webhooks signature (``webhook-id``/``-timestamp``/``-signature``) and its age."""
        lowered = {k.lower(): v for k, v in headers.items()}
        if self.config.webhook_secret is None or not self.config.webhook_secret.get_secret_value():
            raise WebhookRejected("no webhook_secret is configured for this ServiceNow instance")
        delivery, stamp = lowered.get("webhook-id", ""), lowered.get("webhook-timestamp", "")
        signatures = lowered.get("webhook-signature", "")
        if not (delivery and stamp and signatures):
            raise WebhookRejected("webhook-id, webhook-timestamp and webhook-signature headers are required")
        if not stamp.strip().isdigit():
            raise WebhookRejected("webhook-timestamp is not unix seconds")
        if abs(now - int(stamp)) > self.webhook_tolerance_s:
            raise WebhookRejected("webhook-timestamp is outside the accepted window (a replay or a wrong clock)")
        expected = sign(self.config.secret("webhook_secret"), delivery, stamp.strip(), body)
        for candidate in signatures.split():
            version, _, signature = candidate.partition(",")
            if version == "v1" and hmac.compare_digest(signature.encode(), expected.encode()):
                return
        raise WebhookRejected("webhook-signature does not match the body")

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """The record an outbound REST message names; only insert/update on the configured table name one."""
        lowered = {k.lower(): v for k, v in headers.items()}
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise WebhookRejected("the webhook body is not JSON", status=400) from exc
        if not isinstance(data, dict):
            raise WebhookRejected("the webhook body is not a JSON object", status=400)
        table, operation = str(data.get("table") or ""), str(data.get("operation") or "")
        sys_id = str(data.get("sys_id") or "")
        delivery = lowered.get("webhook-id") or hashlib.sha256(body).hexdigest()
        names = table == self.config.table and operation in ("insert", "update") and bool(_SYS_ID.match(sys_id))
        return WebhookEvent(delivery, f"{table or 'unknown'}.{operation or 'unknown'}", [sys_id] if names else [])

    # internals: reading

    def _table_path(self, sys_id: str | None = None, table: str | None = None) -> str:
        path = f"/api/now/table/{table or self.config.table}"
        return f"{path}/{checked_id(sys_id)}" if sys_id is not None else path

    def _fields(self) -> list[str]:
        fields = ["sys_id", "number", "short_description", "description", "state", "priority", "contact_type",
                  self.config.reference_field(), "account", "sys_created_on", "sys_created_by", "sys_updated_on"]
        if self.config.tags_field:
            fields.append(self.config.tags_field)
        return list(dict.fromkeys(fields))

    def _page_params(self, position: Cursor) -> dict[str, Any]:
        query = "ORDERBYsys_updated_on^ORDERBYsys_id"
        if position.updated:
            query = f"sys_updated_on>={position.updated}^{query}"
        return {"sysparm_query": query, "sysparm_limit": self.config.page_size, "sysparm_offset": position.skip,
                "sysparm_display_value": "all", "sysparm_exclude_reference_link": "true",
                "sysparm_fields": ",".join(self._fields())}

    @staticmethod
    def _advance(position: Cursor, records: list[dict[str, Any]], more: bool) -> Cursor:
        if not records:
            return position
        last = value_of(records[-1].get("sys_updated_on"))
        if not parse_time(last):  # never stall: step over the page by offset
            return Cursor(position.updated, position.skip + len(records))
        if not more:
            return Cursor(last, 0)
        same = sum(1 for r in records if value_of(r.get("sys_updated_on")) == last)
        return Cursor(last, position.skip + same if last == position.updated else same)

    def _conversations(self, records: list[dict[str, Any]]) -> list[GenericConversation]:
        if not records:
            return []
        ids = [value_of(r.get("sys_id")) for r in records]
        journal = self._journals(ids)
        contact_ids = sorted({value_of(r.get(self.config.reference_field())) for r in records} - {""})
        contacts = self._contacts(contact_ids)
        attachments = self._attachments(ids) if self.config.include_attachments else {}
        field = self.config.reference_field()
        return [self.to_conversation(r, journal.get(i, []), contacts.get(value_of(r.get(field))),
                                     attachments.get(i, [])) for r, i in zip(records, ids, strict=True)]

    def _list_all(self, path: str, query: str, fields: str | None) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        shape = {"sysparm_fields": fields, "sysparm_display_value": "false"} if fields else {}
        for page in range(MAX_JOURNAL_PAGES):
            response = self.http.request("GET", path, params={
                "sysparm_query": query, "sysparm_limit": JOURNAL_PAGE, "sysparm_offset": page * JOURNAL_PAGE, **shape})
            batch = _results(response)
            rows.extend(batch)
            link = response.headers.get("link")
            if not (has_next_link(link) if link is not None else len(batch) >= JOURNAL_PAGE):
                break
        return rows

    def _journals(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(ids):
            query = f"element_idIN{','.join(chunk)}^elementINcomments,work_notes^ORDERBYsys_created_on^ORDERBYsys_id"
            for row in self._list_all(self._table_path(table="sys_journal_field"), query,
                                      "sys_id,element,element_id,value,sys_created_by,sys_created_on"):
                found.setdefault(value_of(row.get("element_id")), []).append(row)
        return found

    def _contacts(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(ids):
            for row in self._list_all(self._table_path(table=self.config.customer_table()),
                                      f"sys_idIN{','.join(chunk)}^ORDERBYsys_id",
                                      "sys_id,name,email,user_name,phone,mobile_phone"):
                found[value_of(row.get("sys_id"))] = row
        return found

    def _attachments(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(ids):
            query = (f"table_name={self.config.table}^table_sys_idIN{','.join(chunk)}"
                     "^ORDERBYsys_created_on^ORDERBYsys_id")
            for row in self._list_all("/api/now/attachment", query, None):  # the Attachment API has no field list
                found.setdefault(value_of(row.get("table_sys_id")), []).append(row)
        return found

    def _customer(self, record: Mapping[str, Any], contact: Mapping[str, Any] | None) -> GenericCustomer:
        reference = record.get(self.config.reference_field())
        contact_id = value_of(reference)
        if not contact_id:
            creator = value_of(record.get("sys_created_by")) or "unknown"
            return GenericCustomer(external_id=f"user:{creator}"[:200])
        row = contact or {}
        name = value_of(row.get("name")) or display_of(reference) or None
        phone = value_of(row.get("phone")) or value_of(row.get("mobile_phone")) or None
        return GenericCustomer(external_id=contact_id[:200], name=name and name[:200],
                               email=(value_of(row.get("email")) or None) and value_of(row.get("email"))[:320],
                               phone=phone and phone[:64])

    def _opening_message(self, record: Mapping[str, Any], customer: GenericCustomer,
                         created: datetime) -> GenericMessage:
        body = display_of(record.get("description")).strip() or display_of(record.get("short_description")).strip()
        return GenericMessage(external_id="description", author_role="customer", author_name=customer.name,
                              body=(body or "(no description)")[:MAX_BODY_CHARS], created_at=created)

    def _journal_message(self, entry: Mapping[str, Any], identities: set[str],
                         customer: GenericCustomer) -> GenericMessage | None:
        body, marked = journal_text(value_of(entry.get("value")))
        created = parse_time(value_of(entry.get("sys_created_on")))
        entry_id = value_of(entry.get("sys_id"))
        if not body or created is None or not entry_id:
            return None
        author = value_of(entry.get("sys_created_by"))
        role: RoleName
        if marked:
            role, name = "ai", "deskpilot"
        elif author.lower() in identities:
            role, name = "customer", customer.name or author
        elif author.lower() in SYSTEM_USERS:
            role, name = "system", author
        else:
            role, name = "agent", author
        return GenericMessage(external_id=entry_id, author_role=role,
                              author_name=(name or None) and name[:200], body=body[:MAX_BODY_CHARS],
                              created_at=created, public=value_of(entry.get("element")) == "comments")

    def _tags(self, record: Mapping[str, Any]) -> list[str]:
        if not self.config.tags_field:
            return []
        return _clean_tags(value_of(record.get(self.config.tags_field)).split(","))

    def _metadata(self, record: Mapping[str, Any], attachments: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        sys_id = value_of(record.get("sys_id"))
        metadata: dict[str, Any] = {
            "table": self.config.table, "number": value_of(record.get("number")),
            "state": display_of(record.get("state")), "priority": display_of(record.get("priority")),
            "account": display_of(record.get("account")), "sys_updated_on": value_of(record.get("sys_updated_on")),
            "url": f"{self.config.base_url}/{self.config.table}.do?sys_id={sys_id}"}
        if attachments:
            metadata["attachments"] = [_attachment(a) for a in attachments]
        return {k: v for k, v in metadata.items() if v not in ("", None)}

    # internals: writing

    def _journal_write(self, external_id: str, element: str, text: str, idempotency_key: str) -> str:
        if not text.strip():
            raise ValueError("a comment or work note needs text")
        token = marker_token(idempotency_key)

        def find() -> str | None:
            return self._find_entry(external_id, element, token)

        def create() -> str:
            self.http.request("PATCH", self._table_path(external_id), json={element: self._marked(text, token)},
                              params={"sysparm_fields": "sys_id"}, ok=(200,))
            return find() or f"{external_id}:{token}"

        return exactly_once(find, create)

    def _marked(self, text: str, token: str) -> str:
        if self.config.marker == "text":
            return f"{text.rstrip()}\n\n[{token}]"
        return f"[code]<!-- {token} -->[/code]{text.strip()}"  # first, so no length limit can cut it off

    def _find_entry(self, external_id: str, element: str, token: str) -> str | None:
        response = self.http.request("GET", self._table_path(table="sys_journal_field"), params={
            "sysparm_query": f"element_id={checked_id(external_id)}^element={element}^valueLIKE{token}",
            "sysparm_fields": "sys_id", "sysparm_limit": 1})
        rows = _results(response)
        return (value_of(rows[0].get("sys_id")) or None) if rows else None

    def _state_value(self, status: str) -> str:
        states = self.config.write_states()
        if status in states:
            return states[status]
        if status.strip().isdigit():
            return status.strip()
        raise ConnectorError(f"no ServiceNow state for status {status!r}; known: {', '.join(states)}")

    def _merged_tags(self, external_id: str, tags: list[str]) -> list[str]:
        field = self.config.tags_field or ""
        response = self.http.request("GET", self._table_path(external_id), params={"sysparm_fields": field})
        records = _results(response)
        if records and field not in records[0]:  # the instance leaves out fields the table does not have
            raise ConnectorError(f"{self.config.table} has no field {field}: add it (a string field) or set tags_field")
        current = value_of(records[0].get(field)).split(",") if records else []
        return _clean_tags([*current, *tags])


def sign(secret: str, delivery_id: str, timestamp: str, body: bytes) -> str:
    """The base64 HMAC-SHA256 of ``<id>.<timestamp>.<body>``, as ``GlideCertificateEncryption.generateMac`` makes
    it."""
    digest = hmac.new(secret.encode(), f"{delivery_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
