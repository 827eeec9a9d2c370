"""E-mail as a help desk: conversations read from an IMAP mailbox, replies sent through SMTP, history imported from
.eml files and mbox archives.

Protocols used (standard library ``imaplib``, ``smtplib``, ``email``, ``mailbox``):

* IMAP4rev1 (RFC 3501): ``LOGIN`` (after ``STARTTLS``, or implicit TLS on port 993, when ``imap_ssl``); ``SELECT`` /
  ``EXAMINE`` with the ``UIDVALIDITY`` and ``UIDNEXT`` response codes; ``UID SEARCH`` with ``SINCE``, ``UID n:*``
  and ``HEADER Message-ID / References / In-Reply-To``; ``UID FETCH (UID FLAGS INTERNALDATE BODY.PEEK[])`` (reading
  never sets ``\\Seen``); ``UID STORE +FLAGS.SILENT / -FLAGS.SILENT``; ``APPEND`` (with ``CREATE`` after a
  ``[TRYCREATE]`` answer). Mailbox names are sent in modified UTF-7.
* SMTP (RFC 5321) with ``STARTTLS`` (RFC 3207) or implicit TLS on port 465 and ``AUTH`` (RFC 4954). A 4xx reply is
  temporary: the message was not accepted and is sent again after a pause (the reply's "try again in N seconds"
  hint when it gives one, as greylisting servers do); a 5xx reply is permanent. A connection lost after the message
  data was sent leaves the outcome unknown: ``exactly_once`` then looks for the reply before sending again.
* Threading (RFC 5322 section 3.6.4), MIME (RFC 2045-2049), encoded words (RFC 2047) and parameters (RFC 2231):
  see ``deskpilot.connectors.mail_parse``.

Sync: the cursor is ``"{UIDVALIDITY}:{last UID read}"`` of the inbox; the first run (or a run after the server
changed ``UIDVALIDITY``, which invalidates every UID) searches ``SINCE`` the given moment, or the whole mailbox
when there is none. Every page returns the whole threads its new messages belong to (inbox and sent mailbox), so an
agent's reply filed in the sent mailbox arrives with the thread (agents' replies made outside deskpilot arrive with
the thread's next inbox message). A conversation's external id is its thread root's Message-ID without angle
brackets (a message without one gets one made from its content: it is read, but no search finds it, so ``get`` and
replies cannot reach it). Messages from ``from_address`` or ``agent_addresses`` are agent replies; auto-replies,
bounces and bulk mail (``Auto-Submitted``, ``Precedence``, ``multipart/report``, mailer daemons) are the system's,
so nothing answers them and they do not reopen a thread; the customer is the sender of the first other message.

Replies answer the customer's latest message (to its ``Reply-To``, else its sender) with ``In-Reply-To`` naming it,
``References`` (its References plus its Message-ID, the root first), ``Subject: Re: …`` and a Message-ID derived
from the idempotency key, ``<deskpilot.{sha256(key)[:24]}@{from domain}>``. Before sending, the sent mailbox and the
inbox are searched for that Message-ID; after sending, a copy is appended to the sent mailbox and the replied-to
message is flagged ``\\Answered``. With ``bcc_self`` (the default) the reply is also sent to ``from_address``, so a
copy reaches the inbox through the mail server itself: a retry after the server's final answer was lost finds it
there even when the copy for the sent mailbox was never appended.

Status and tags are IMAP flags and keywords on the thread's inbox messages: ``new`` clears ``\\Seen`` and
``\\Answered``; ``open`` and ``pending`` set ``\\Seen`` and clear ``\\Answered``; ``solved`` and ``closed`` set
``\\Seen`` and ``\\Answered``. Tags are added as keywords (accents dropped, characters IMAP does not allow in a
keyword made ``_``, a tag without any Latin character skipped); servers limit keywords per mailbox (dovecot's
maildir: 26). Read back, the status is ``new`` or ``open`` when the customer wrote last, else ``solved`` when the
thread is flagged ``\\Answered`` and ``pending`` when not.
E-mail has no internal notes, custom fields or webhooks (it is polled).
"""

from __future__ import annotations

import base64
import hashlib
import imaplib
import logging
import mailbox
import re
import smtplib
import ssl
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from pydantic import Field, SecretStr, field_validator

from deskpilot.connectors.base import (
    Connector,
    ConnectorConfig,
    ConnectorError,
    FetchPage,
    Pacing,
    WebhookEvent,
    WebhookRejected,
    exactly_once,
)
from deskpilot.connectors.generic.schema import GenericConversation
from deskpilot.connectors.http import MAX_WAIT_S, backoff
from deskpilot.connectors.mail_parse import (
    SYNTHETIC_DOMAIN,
    ParsedMail,
    conversation_from_thread,
    conversations_from_mails,
    is_agent,
    parse_mail,
    reply_subject,
    roles_of,
    thread_root,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

IMAPS_PORT = 993
SMTPS_PORT = 465
FETCH_CHUNK = 50  # messages per UID FETCH
SEARCH_CHUNK = 10  # Message-IDs per UID SEARCH
MAX_REFERENCES = 20  # RFC 5322 practice: keep the root and the latest ancestors
MAX_THREAD_ROUNDS = 50
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RETRY_HINT = re.compile(r"(?:in|after)\s+(\d{1,5})\s*(?:s\b|secs?\b|seconds?\b)", re.IGNORECASE)
_KEYWORD_UNSAFE = re.compile(r"[^\x21-\x7e]|[(){%*\"\\\]]")
SEEN, ANSWERED = "\\Seen", "\\Answered"
STATUS_FLAGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # status → (flags set, flags cleared)
    "new": ((), (SEEN, ANSWERED)),
    "open": ((SEEN,), (ANSWERED,)),
    "pending": ((SEEN,), (ANSWERED,)),
    "solved": ((SEEN, ANSWERED), ()),
    "closed": ((SEEN, ANSWERED), ()),
}


class EmailConfig(ConnectorConfig):
    """Where the support mailbox is (IMAP), how mail is sent (SMTP) and who replies; passwords as references."""

    imap_host: str = Field(min_length=1, description="IMAP server, e.g. imap.example.com")
    imap_port: int = Field(default=IMAPS_PORT, ge=1, le=65535)
    imap_ssl: bool = Field(default=True, description="TLS: implicit on port 993, STARTTLS on any other port")
    imap_user: str = Field(min_length=1)
    imap_password: SecretStr = Field(description="password reference, env:NAME or file:/path")
    mailbox: str = Field(default="INBOX", min_length=1, description="where customers' mail arrives")
    sent_mailbox: str = Field(default="Sent", min_length=1, description="where copies of replies are filed")
    smtp_host: str = Field(min_length=1)
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_starttls: bool = Field(default=True, description="STARTTLS before AUTH (port 465 uses implicit TLS)")
    smtp_user: str | None = Field(default=None, description="defaults to imap_user when smtp_password is set")
    smtp_password: SecretStr | None = Field(default=None, description="reference; no SMTP AUTH when unset")
    from_address: str = Field(min_length=3, description="the support address replies come from")
    from_name: str | None = Field(default=None, max_length=200)
    agent_addresses: list[str] = Field(default_factory=list, description=(
        "other senders whose messages are agent replies, e.g. agents answering from their own address; "
        "an entry '@example.com' matches a whole domain"))
    timeout_s: float = Field(default=30.0, gt=0)
    page_size: int = Field(default=50, ge=1, le=500, description="inbox messages read per sync page")
    bcc_self: bool = Field(default=True, description="send replies to from_address too (see the module docs)")

    @field_validator("from_address")
    @classmethod
    def _an_address(cls, value: str) -> str:
        value = value.strip().lower()
        if value.count("@") != 1 or value.startswith("@") or value.endswith("@") or " " in value:
            raise ValueError("from_address must be an e-mail address such as support@example.com")
        return value

    @field_validator("agent_addresses")
    @classmethod
    def _addresses_or_domains(cls, values: list[str]) -> list[str]:
        cleaned = [v.strip().lower() for v in values if v.strip()]
        if any("@" not in v or " " in v for v in cleaned):
            raise ValueError("agent_addresses holds addresses (agent@example.com) or domains (@example.com)")
        return cleaned

    def agents(self) -> list[str]:
        """Every address (or @domain) whose messages are the desk's."""
        return [self.from_address, *self.agent_addresses]


@dataclass
class _Box:
    """A selected mailbox's identity: UIDs are valid only within one UIDVALIDITY."""

    validity: int
    uidnext: int
    exists: int


@dataclass
class _Fetched:
    """One message as fetched: UID, flags, INTERNALDATE and the raw RFC 5322 bytes."""

    uid: int
    flags: set[str]
    internal_date: datetime | None
    raw: bytes


@dataclass
class _Thread:
    """Every message of a thread found in the inbox and the sent mailbox, and where the inbox ones are."""

    root: str
    mails: dict[str, ParsedMail] = field(default_factory=dict)
    inbox_uids: dict[str, list[int]] = field(default_factory=dict)  # Message-ID → inbox UIDs
    inbox_flags: set[str] = field(default_factory=set)


def imap_date(moment: datetime) -> str:
    """An IMAP search date (``20-Nov-2026``), independent of the locale."""
    return f"{moment.day:02d}-{_MONTHS[moment.month - 1]}-{moment.year}"


def _internal_date(text: str) -> datetime | None:
    """An IMAP INTERNALDATE (``20-Nov-2026 09:00:00 +0000``) as an aware datetime."""
    match = re.match(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)", text)
    if not match or match.group(2).title() not in _MONTHS:
        return None
    minutes = (int(match.group(8)) * 60 + int(match.group(9))) * (-1 if match.group(7) == "-" else 1)
    try:
        return datetime(int(match.group(3)), _MONTHS.index(match.group(2).title()) + 1, int(match.group(1)),
                        int(match.group(4)), int(match.group(5)), int(match.group(6)),
                        tzinfo=timezone(timedelta(minutes=minutes)))
    except ValueError:
        return None


def _utf7(name: str) -> str:
    """A mailbox name in IMAP's modified UTF-7 (RFC 3501 section 5.1.3)."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).decode("ascii").rstrip("=")
            out.append("&" + encoded.replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def _quoted(value: str) -> str:
    """An IMAP quoted string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _mailbox_arg(name: str) -> str:
    """A mailbox name as an IMAP command argument."""
    return _quoted(_utf7(name))


def _any_of(criteria: list[str]) -> str:
    """IMAP search keys joined with (prefix) OR."""
    return criteria[0] if len(criteria) == 1 else f"OR {criteria[0]} {_any_of(criteria[1:])}"


def keyword(tag: str) -> str | None:
    """A tag as an IMAP keyword (an atom): accents dropped, characters IMAP does not allow replaced by ``_``."""
    ascii_tag = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode("ascii").strip()
    atom = _KEYWORD_UNSAFE.sub("_", ascii_tag.replace(" ", "_"))
    return atom or None


def reply_message_id(idempotency_key: str, from_address: str) -> str:
    """The Message-ID (without brackets) of the reply written for an idempotency key."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:24]
    return f"deskpilot.{digest}@{from_address.rsplit('@', 1)[-1]}"


def _parse_cursor(cursor: str | None) -> tuple[int | None, int]:
    """(UIDVALIDITY, last UID) of a cursor; (None, 0) when there is none or it is unreadable."""
    validity, _, last = (cursor or "").partition(":")
    if validity.isdigit() and last.isdigit():
        return int(validity), int(last)
    return None, 0


def _parse_fetch(data: list[Any]) -> list[_Fetched]:
    """The records of a ``UID FETCH (UID FLAGS INTERNALDATE BODY.PEEK[])`` answer."""
    records: list[list[bytes]] = []
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            records.append([bytes(item[0]), bytes(item[1]), b""])
        elif isinstance(item, bytes) and records:
            records[-1][2] += item
    fetched: list[_Fetched] = []
    for meta, raw, tail in records:
        text = (meta + b" " + tail).decode("ascii", "replace")
        uid = re.search(r"\bUID (\d+)", text)
        if uid is None:
            continue
        flags = re.search(r"\bFLAGS \(([^)]*)\)", text)
        date = re.search(r'\bINTERNALDATE "([^"]+)"', text)
        fetched.append(_Fetched(int(uid.group(1)), set(flags.group(1).split()) if flags else set(),
                                _internal_date(date.group(1)) if date else None, raw))
    return fetched


class _Imap:
    """One logged-in IMAP connection that remembers which mailbox is selected."""

    def __init__(self, config: EmailConfig, password: str) -> None:
        self.config = config
        self.selected: tuple[str, bool] | None = None
        self.boxes: dict[str, _Box | None] = {}
        self.conn = self._connect(password)

    def _connect(self, password: str) -> imaplib.IMAP4:
        config = self.config
        conn: imaplib.IMAP4
        if config.imap_ssl and config.imap_port == IMAPS_PORT:
            conn = imaplib.IMAP4_SSL(config.imap_host, config.imap_port, ssl_context=ssl.create_default_context(),
                                     timeout=config.timeout_s)
        else:
            conn = imaplib.IMAP4(config.imap_host, config.imap_port, timeout=config.timeout_s)
            if config.imap_ssl:
                conn.starttls(ssl_context=ssl.create_default_context())
        try:
            conn.login(config.imap_user, password)
        except imaplib.IMAP4.error as exc:
            conn.shutdown()
            if isinstance(exc, imaplib.IMAP4.abort):
                raise
            raise ConnectorError(f"IMAP login as {config.imap_user} refused: {exc}") from exc
        return conn

    def close(self) -> None:
        """Log out (a connection already lost is just closed)."""
        with suppress(imaplib.IMAP4.error, OSError):
            self.conn.logout()

    def select(self, name: str, *, readonly: bool = True) -> _Box | None:
        """Select a mailbox (EXAMINE when read-only); None when it does not exist."""
        if self.selected == (name, readonly):
            return self.boxes.get(name)
        typ, _ = self.conn.select(_mailbox_arg(name), readonly=readonly)
        if typ != "OK":
            self.selected = None
            self.boxes[name] = None
            return None
        self.selected = (name, readonly)
        box = _Box(self._code("UIDVALIDITY"), self._code("UIDNEXT"), self._code("EXISTS"))
        if not box.validity or not box.uidnext:
            box = self._status(name, box)
        self.boxes[name] = box
        return box

    def _code(self, name: str) -> int:
        values = self.conn.response(name)[1]
        value = values[-1] if values else None
        return int(value) if value and bytes(value).isdigit() else 0

    def _status(self, name: str, box: _Box) -> _Box:
        typ, data = self.conn.status(_mailbox_arg(name), "(UIDVALIDITY UIDNEXT)")
        text = b" ".join(d for d in data if isinstance(d, bytes)).decode("ascii", "replace") if typ == "OK" else ""
        validity = re.search(r"UIDVALIDITY (\d+)", text)
        uidnext = re.search(r"UIDNEXT (\d+)", text)
        return _Box(int(validity.group(1)) if validity else box.validity,
                    int(uidnext.group(1)) if uidnext else box.uidnext, box.exists)

    def search(self, criteria: str) -> list[int]:
        """UIDs in the selected mailbox matching search keys."""
        typ, data = self.conn.uid("SEARCH", criteria)
        if typ != "OK":
            raise ConnectorError(f"IMAP UID SEARCH {criteria[:80]} failed: {data!r}")
        return sorted({int(n) for chunk in data if chunk for n in bytes(chunk).split()})

    def fetch(self, uids: list[int]) -> list[_Fetched]:
        """Flags, INTERNALDATE and the whole message of each UID in the selected mailbox (not marking it read)."""
        found: list[_Fetched] = []
        for start in range(0, len(uids), FETCH_CHUNK):
            chunk = ",".join(str(u) for u in uids[start:start + FETCH_CHUNK])
            typ, data = self.conn.uid("FETCH", chunk, "(UID FLAGS INTERNALDATE BODY.PEEK[])")
            if typ != "OK":
                raise ConnectorError(f"IMAP UID FETCH failed: {data!r}")
            found.extend(_parse_fetch(data))
        wanted = set(uids)
        return sorted((f for f in found if f.uid in wanted), key=lambda f: f.uid)

    def store(self, uids: list[int], operation: str, flags: Iterable[str]) -> None:
        """Add or remove flags on messages of the selected (read-write) mailbox."""
        names = " ".join(flags)
        if not uids or not names:
            return
        typ, data = self.conn.uid("STORE", ",".join(str(u) for u in uids), operation, f"({names})")
        if typ != "OK":
            raise ConnectorError(f"IMAP UID STORE {operation} ({names}) failed: {data!r}")

    def append(self, name: str, flags: str, when: datetime, raw: bytes) -> None:
        """File a message in a mailbox, creating the mailbox when the server says it does not exist."""
        date = imaplib.Time2Internaldate(when)
        typ, data = self.conn.append(_mailbox_arg(name), flags, date, raw)
        if typ != "OK" and b"TRYCREATE" in b" ".join(d for d in data if isinstance(d, bytes)):
            self.conn.create(_mailbox_arg(name))
            typ, data = self.conn.append(_mailbox_arg(name), flags, date, raw)
        if typ != "OK":
            raise ConnectorError(f"IMAP APPEND to {name} failed: {data!r}")
        self.selected = None  # APPEND may have created the mailbox or changed what a later SELECT reports


class EmailConnector(Connector):
    """A support mailbox: IMAP in, SMTP out."""

    kind: ClassVar[str] = "email"
    title: ClassVar[str] = "E-mail (IMAP/SMTP)"
    config_model: ClassVar[type[ConnectorConfig]] = EmailConfig
    supports_notes: ClassVar[bool] = False
    supports_webhooks: ClassVar[bool] = False
    retries: ClassVar[int] = 3

    def __init__(self, name: str, config: ConnectorConfig) -> None:
        super().__init__(name, config)
        assert isinstance(config, EmailConfig)
        self.settings = config
        self.pacer = Pacing()  # e-mail makes no HTTP calls; its retries are paced here

    # ------------------------------------------------------------------------------------------------ reading

    def fetch(self, cursor: str | None, *, since: datetime | None = None) -> FetchPage:
        """Threads with inbox messages newer than the cursor (or since a moment), one page of messages."""
        return self._reading(lambda session: self._fetch(session, cursor, since))

    def get(self, external_id: str) -> GenericConversation:
        """The whole thread whose root has this Message-ID (inbox and sent mailbox)."""

        def read(session: _Imap) -> GenericConversation:
            thread = self._thread(session, external_id)
            if not thread.mails:
                raise ConnectorError(f"no e-mail thread with Message-ID <{external_id}>", status=404)
            return self._conversation(thread)

        return self._reading(read)

    def check(self) -> str:
        """Log in to IMAP (and select the inbox) and to SMTP; says what it saw."""
        def probe(session: _Imap) -> _Box:
            box = session.select(self.settings.mailbox)
            if box is None:
                raise ConnectorError(f"the mailbox {self.settings.mailbox} does not exist")
            return box

        box = self._reading(probe)
        try:
            with self._smtp():
                pass
        except (smtplib.SMTPException, OSError) as exc:
            raise ConnectorError(f"SMTP {self.settings.smtp_host}:{self.settings.smtp_port}: {exc}") from exc
        return (f"{self.settings.mailbox}: {box.exists} message(s), UIDVALIDITY {box.validity}; "
                f"SMTP {self.settings.smtp_host}:{self.settings.smtp_port} accepted the connection")

    def _fetch(self, session: _Imap, cursor: str | None, since: datetime | None) -> FetchPage:
        box = session.select(self.settings.mailbox)
        if box is None:
            raise ConnectorError(f"the mailbox {self.settings.mailbox} does not exist")
        validity, last = _parse_cursor(cursor)
        if validity == box.validity and cursor:
            uids = [u for u in session.search(f"UID {last + 1}:*") if u > last]
        else:  # first run, or the server renumbered the mailbox: start again
            if validity is not None:
                log.info("%s: UIDVALIDITY changed from %s to %s; reading the mailbox again", self.name, validity,
                         box.validity)
            uids = session.search(f"SINCE {imap_date(since)}") if since is not None else session.search("ALL")
            last = 0 if uids or since is None else max(box.uidnext - 1, 0)
        page = uids[: self.settings.page_size]
        fetched = session.fetch(page)
        new = [self._parse(f) for f in fetched]
        threads: dict[str, _Thread] = {}
        for root, item, mail in zip(self._roots(session, new), fetched, new, strict=True):
            if root not in threads:
                searchable = not root.endswith(f"@{SYNTHETIC_DOMAIN}")  # made up: no server has it
                threads[root] = self._thread(session, root) if searchable else _Thread(root)
            thread = threads[root]
            if mail.message_id not in thread.mails:  # a message the searches cannot find is still read
                thread.mails[mail.message_id] = mail
                thread.inbox_uids.setdefault(mail.message_id, []).append(item.uid)
                thread.inbox_flags.update(item.flags)
        conversations = [self._conversation(t) for t in threads.values()]
        return FetchPage(conversations, f"{box.validity}:{page[-1] if page else last}", len(uids) > len(page))

    def _parse(self, fetched: _Fetched) -> ParsedMail:
        return parse_mail(fetched.raw, received_at=fetched.internal_date, flags=fetched.flags)

    def _roots(self, session: _Imap, mails: list[ParsedMail]) -> list[str]:
        """The thread root of each message, looking ancestors up in the batch, then in the mailboxes."""
        known: dict[str, ParsedMail | None] = {m.message_id: m for m in mails}

        def lookup(message_id: str) -> ParsedMail | None:
            if message_id not in known:
                known[message_id] = self._find_message(session, message_id)
            return known[message_id]

        return [thread_root(m, lookup) for m in mails]

    def _mailboxes(self) -> list[str]:
        names = [self.settings.mailbox, self.settings.sent_mailbox]
        return list(dict.fromkeys(names))

    def _find_message(self, session: _Imap, message_id: str) -> ParsedMail | None:
        """A message by Message-ID in the inbox or the sent mailbox."""
        for name in self._mailboxes():
            if session.select(name) is None:
                continue
            uids = session.search(f"HEADER Message-ID {_quoted(f'<{message_id}>')}")
            for fetched in session.fetch(uids[:1]):
                return self._parse(fetched)
        return None

    def _thread(self, session: _Imap, root: str) -> _Thread:
        """Every message of a thread: the root and, round by round, whatever refers to a message already found."""
        thread = _Thread(root)
        if root.startswith("sha256:"):
            raise ConnectorError(f"the thread {root} has a Message-ID too long to search for", status=404)
        seen: dict[str, set[int]] = {name: set() for name in self._mailboxes()}
        frontier, searched = [root], set[str]()
        for _ in range(MAX_THREAD_ROUNDS):
            if not frontier:
                break
            searched.update(frontier)
            for name in self._mailboxes():
                self._collect(session, name, frontier, seen[name], thread)
            frontier = [m for m in thread.mails if m not in searched]
        return thread

    def _collect(self, session: _Imap, name: str, ids: list[str], seen: set[int], thread: _Thread) -> None:
        """Add the messages of one mailbox that are, or refer to, any of the Message-IDs."""
        if session.select(name) is None:
            return
        uids: set[int] = set()
        for start in range(0, len(ids), SEARCH_CHUNK):
            keys = [f"HEADER {header} {_quoted(f'<{i}>')}" for i in ids[start:start + SEARCH_CHUNK]
                    for header in ("Message-ID", "References", "In-Reply-To")]
            uids.update(session.search(_any_of(keys)))
        fresh = sorted(uids - seen)
        seen.update(fresh)
        for fetched in session.fetch(fresh):
            mail = self._parse(fetched)
            thread.mails.setdefault(mail.message_id, mail)
            if name == self.settings.mailbox:
                thread.inbox_uids.setdefault(mail.message_id, []).append(fetched.uid)
                thread.inbox_flags.update(fetched.flags)

    def _conversation(self, thread: _Thread) -> GenericConversation:
        return conversation_from_thread(self.name, thread.root, list(thread.mails.values()),
                                        agent_addresses=self.settings.agents(),
                                        flags=thread.inbox_flags if thread.inbox_uids else None)

    # ------------------------------------------------------------------------------------------------ writing

    def post_reply(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """Send a reply once per idempotency key; returns its Message-ID (without brackets)."""
        message_id = reply_message_id(idempotency_key, self.settings.from_address)
        composed: dict[str, tuple[EmailMessage, list[str], list[int]]] = {}

        def find() -> str | None:
            return message_id if self._reading(lambda s: self._has_message(s, message_id)) else None

        def create() -> str:
            if "reply" not in composed:
                composed["reply"] = self._reading(lambda s: self._compose(s, external_id, text, message_id))
            message, recipients, answered = composed["reply"]
            raw = message.as_bytes(policy=policy.SMTP)
            self._send(raw, recipients)
            self._file_copy(message_id, raw, answered)
            return message_id

        return exactly_once(find, create)

    def add_note(self, external_id: str, text: str, *, idempotency_key: str) -> str:
        """E-mail has no internal notes."""
        raise ConnectorError("e-mail has no internal notes; the note was not written")

    def update(self, external_id: str, *, status: str | None = None, tags: list[str] | None = None,
               fields: Mapping[str, Any] | None = None) -> None:
        """Status and tags as flags and keywords on the thread's inbox messages (see the module docs)."""
        if fields:
            raise ConnectorError("e-mail conversations have no custom fields")
        if status is not None and status not in STATUS_FLAGS:
            raise ConnectorError(f"unknown status {status!r}; e-mail knows {', '.join(STATUS_FLAGS)}")
        added, removed = STATUS_FLAGS[status] if status is not None else ((), ())
        keywords = [k for k in (keyword(t) for t in tags or []) if k]
        if not (added or removed or keywords):
            return

        def apply(session: _Imap) -> None:
            thread = self._thread(session, external_id)
            uids = sorted({u for found in thread.inbox_uids.values() for u in found})
            if not uids:
                raise ConnectorError(f"no message of the thread <{external_id}> is in {self.settings.mailbox}",
                                     status=404)
            session.select(self.settings.mailbox, readonly=False)
            session.store(uids, "+FLAGS.SILENT", [*added, *keywords])
            session.store(uids, "-FLAGS.SILENT", removed)

        self._reading(apply)  # STORE sets flags absolutely: running it again is harmless

    def verify_webhook(self, headers: Mapping[str, str], body: bytes, *, now: float) -> None:
        """E-mail is polled: every webhook is refused."""
        raise WebhookRejected("e-mail is polled; it has no webhooks", status=404)

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """E-mail is polled: there is nothing to parse."""
        raise WebhookRejected("e-mail is polled; it has no webhooks", status=404)

    def _has_message(self, session: _Imap, message_id: str) -> bool:
        """Whether a Message-ID is in the sent mailbox or the inbox."""
        for name in reversed(self._mailboxes()):
            if session.select(name) is not None and session.search(f"HEADER Message-ID {_quoted(f'<{message_id}>')}"):
                return True
        return False

    def _compose(self, session: _Imap, root: str, text: str,
                 message_id: str) -> tuple[EmailMessage, list[str], list[int]]:
        """The reply to a thread's latest customer message, its envelope recipients and the inbox UIDs it answers."""
        thread = self._thread(session, root)
        if not thread.mails:
            raise ConnectorError(f"no e-mail thread with Message-ID <{root}>", status=404)
        desk = self.settings.from_address
        ordered = sorted(thread.mails.values(), key=lambda m: m.created_at)
        roles = roles_of(ordered, self.settings.agents())
        parent = next((m for m, r in zip(reversed(ordered), reversed(roles), strict=True) if r == "customer"),
                      ordered[-1])
        if not is_agent(parent.sender, self.settings.agents()) and not parent.automated:
            to = parent.reply_to or parent.sender
        else:  # nobody but the desk (or a mailer) wrote: write to whoever the desk wrote to
            to = next((a for a in parent.recipients if not is_agent(a, self.settings.agents())), "")
        first = thread.mails.get(root, ordered[0])
        references = list(dict.fromkeys([root, *parent.references, parent.message_id]))
        if len(references) > MAX_REFERENCES:
            references = [references[0], *references[-(MAX_REFERENCES - 1):]]
        message = EmailMessage(policy=policy.SMTP)
        message["From"] = Address(display_name=self.settings.from_name or "", addr_spec=desk)
        message["To"] = Address(display_name=(parent.sender_name or "") if to == parent.sender else "",
                                addr_spec=to)
        message["Subject"] = reply_subject(first.subject)
        message["Date"] = format_datetime(datetime.now(UTC))
        message["Message-ID"] = f"<{message_id}>"
        message["In-Reply-To"] = f"<{parent.message_id}>"
        message["References"] = " ".join(f"<{r}>" for r in references)
        message.set_content(text)
        recipients = [to, *([desk] if self.settings.bcc_self and to != desk else [])]
        return message, recipients, thread.inbox_uids.get(parent.message_id, [])

    def _file_copy(self, message_id: str, raw: bytes, answered: list[int]) -> None:
        """After sending: a copy in the sent mailbox and ``\\Answered`` on the message replied to (best effort:
        the reply went out, so a failure here is logged, not raised)."""
        def file(session: _Imap) -> None:
            sent = self.settings.sent_mailbox
            if session.select(sent) is None or not session.search(
                    f"HEADER Message-ID {_quoted(f'<{message_id}>')}"):
                session.append(sent, f"({SEEN})", datetime.now(UTC), raw)
            if answered and session.select(self.settings.mailbox, readonly=False) is not None:
                session.store(answered, "+FLAGS.SILENT", [ANSWERED])

        try:
            self._reading(file)
        except ConnectorError as exc:
            log.warning("%s: reply <%s> was sent but not filed in %s: %s", self.name, message_id,
                        self.settings.sent_mailbox, exc)

    # ------------------------------------------------------------------------------------------------ sessions

    def pacing(self) -> Pacing:
        """What paces the IMAP and SMTP retries."""
        return self.pacer

    def _pause(self, seconds: float) -> None:
        self.pacer.pause(seconds)

    @contextmanager
    def _imap(self) -> Iterator[_Imap]:
        """A logged-in IMAP session; failures become ConnectorError (retryable when the connection failed)."""
        session: _Imap | None = None
        where = f"IMAP {self.settings.imap_host}:{self.settings.imap_port}"
        try:
            session = _Imap(self.settings, self.settings.secret("imap_password"))
            yield session
        except imaplib.IMAP4.abort as exc:
            raise ConnectorError(f"{where}: connection lost: {exc}", retryable=True) from exc
        except imaplib.IMAP4.error as exc:
            raise ConnectorError(f"{where}: {exc}") from exc
        except OSError as exc:
            raise ConnectorError(f"{where}: {exc}", retryable=True) from exc
        finally:
            if session is not None:
                session.close()

    def _reading(self, work: Callable[[_Imap], T]) -> T:
        """Run idempotent IMAP work in a session, again after a lost connection (with pauses)."""
        attempt = 0
        while True:
            attempt += 1
            try:
                with self._imap() as session:
                    return work(session)
            except ConnectorError as exc:
                if not exc.retryable or attempt > self.retries:
                    raise
                self._pause(backoff(attempt))

    @contextmanager
    def _smtp(self) -> Iterator[smtplib.SMTP]:
        """A connected (and authenticated, when configured) SMTP session."""
        config = self.settings
        client: smtplib.SMTP
        if config.smtp_port == SMTPS_PORT:
            client = smtplib.SMTP_SSL(config.smtp_host, config.smtp_port, timeout=config.timeout_s,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout_s)
        with client:
            client.ehlo()
            if config.smtp_starttls and config.smtp_port != SMTPS_PORT:
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if config.smtp_password is not None and config.smtp_password.get_secret_value():
                client.login(config.smtp_user or config.imap_user, config.secret("smtp_password"))
            yield client

    def _send(self, raw: bytes, recipients: list[str]) -> None:
        """Send through SMTP; temporary refusals are retried after a pause, a lost connection after the data was
        sent is reported as retryable (the outcome is unknown)."""
        attempt = 0
        while True:
            attempt += 1
            try:
                self._send_once(raw, recipients)
                return
            except _Temporary as exc:
                wait = exc.retry_after if exc.retry_after is not None else backoff(attempt)
                if attempt > self.retries or wait > MAX_WAIT_S:
                    raise ConnectorError(f"SMTP refused the reply for now: {exc}", retryable=True) from exc
                self._pause(wait)

    def _send_once(self, raw: bytes, recipients: list[str]) -> None:
        where = f"SMTP {self.settings.smtp_host}:{self.settings.smtp_port}"
        data_sent = False
        try:
            with self._smtp() as client:
                code, reply = client.mail(self.settings.from_address)
                _check(code, reply, "MAIL FROM")
                refused = {}
                for recipient in recipients:
                    code, reply = client.rcpt(recipient)
                    if code not in (250, 251):
                        refused[recipient] = (code, reply)
                if len(refused) == len(recipients):
                    code, reply = next(iter(refused.values()))
                    _check(code, reply, "RCPT TO")
                data_sent = True
                code, reply = client.data(raw)
                _check(code, reply, "DATA")
                if refused:
                    log.warning("%s: %s refused recipients %s", self.name, where, ", ".join(refused))
        except smtplib.SMTPAuthenticationError as exc:
            raise ConnectorError(f"{where}: login refused: {exc.smtp_code} {exc.smtp_error!r}") from exc
        except smtplib.SMTPResponseException as exc:
            _check(exc.smtp_code, exc.smtp_error, "DATA" if data_sent else "session")
            raise ConnectorError(f"{where}: {exc}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            if not data_sent:
                raise _Temporary(f"{where}: {exc}", None) from exc
            raise ConnectorError(f"{where}: connection lost after the message was sent, outcome unknown: {exc}",
                                 retryable=True) from exc


class _Temporary(Exception):
    """An SMTP refusal that did not accept the message and may succeed later."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _check(code: int, reply: bytes | str, stage: str) -> None:
    """Raise for an SMTP reply that is not a success: _Temporary for 4xx, ConnectorError for 5xx."""
    if 200 <= code < 400:
        return
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    if 400 <= code < 500:
        hint = _RETRY_HINT.search(text)
        raise _Temporary(f"{stage}: {code} {text}", float(hint.group(1)) if hint else None)
    raise ConnectorError(f"SMTP {stage} refused: {code} {text}")


# ---------------------------------------------------------------------------------------------------- imports


def conversations_from_eml(paths: Iterable[str | Path], *, source: str,
                           agent_addresses: Iterable[str] = ()) -> list[GenericConversation]:
    """.eml files threaded into conversations (agent_addresses: the desk's own addresses, if known)."""
    mails = []
    for path in paths:
        file = Path(path)
        received = datetime.fromtimestamp(file.stat().st_mtime, UTC)
        mails.append(parse_mail(file.read_bytes(), received_at=received))
    return conversations_from_mails(mails, source=source, agent_addresses=agent_addresses)


def conversations_from_mbox(path: str | Path, *, source: str,
                            agent_addresses: Iterable[str] = ()) -> list[GenericConversation]:
    """An mbox archive threaded into conversations (agent_addresses: the desk's own addresses, if known)."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"no mbox file at {path}")
    archive = mailbox.mbox(str(path), create=False)
    mails = []
    try:
        for key in archive.iterkeys():
            with archive.get_file(key, True) as handle:
                data = handle.read()
            from_line, _, raw = data.partition(b"\n")
            raw = re.sub(rb"(?m)^>(>*From )", rb"\1", raw)  # mboxrd quoting of body lines starting with "From "
            mails.append(parse_mail(raw, received_at=_from_line_date(from_line)))
    finally:
        archive.close()
    return conversations_from_mails(mails, source=source, agent_addresses=agent_addresses)


def _from_line_date(line: bytes) -> datetime | None:
    """The date of an mbox ``From sender Mon Nov 20 09:00:00 2026`` line."""
    parts = line.decode("ascii", "replace").split(None, 2)
    if len(parts) < 3:
        return None
    try:
        parsed = parsedate_to_datetime(parts[2].strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
