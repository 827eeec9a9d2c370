"""Reading e-mail for the e-mail connector and the .eml/mbox importers: MIME bodies to text (HTML converted when
there is no text/plain part), charsets decoded even when the declaration is wrong or missing, RFC 2047 headers,
attachments listed, threading by Message-ID / In-Reply-To / References, and whole threads mapped into the generic
conversation model.

Threading follows RFC 5322 section 3.6.4: a message's ``References`` name its ancestors oldest first and
``In-Reply-To`` its parent. A message belongs to the thread of the oldest ancestor that is known; a message none of
whose ancestors is known starts a thread of its own (a shared subject is not threading). A conversation's external
id is its root's Message-ID without the angle brackets.
"""

from __future__ import annotations

import codecs
import email
import email.header
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from mimetypes import guess_extension
from typing import Any, Literal

from deskpilot.connectors.generic.schema import (
    MAX_BODY_CHARS,
    MAX_MESSAGES,
    GenericConversation,
    GenericCustomer,
    GenericMessage,
)
from deskpilot.understand.text import html_to_text, strip_quoted, strip_signature

MAX_ID_CHARS = 200  # the generic model's limit on external ids
MAX_THREAD_HOPS = 200
SYNTHETIC_DOMAIN = "deskpilot.invalid"  # Message-IDs made up for messages that arrive without one

# Labels mail clients send for charsets that are really something else (the WHATWG encoding standard decodes
# iso-8859-1 and us-ascii as windows-1252, which every such message in practice is).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252", "x-user-defined": "cp1252",
    "utf8": "utf-8", "gb2312": "gb18030", "gbk": "gb18030", "ks_c_5601-1987": "cp949", "iso-8859-8-i": "iso-8859-8",
}
# Single-byte Latin charsets whose declarations are often wrong; any other declared charset that decodes is trusted.
_GUESSABLE = frozenset({"cp1252", "latin_1", "iso8859_15", "iso8859_13", "cp1257", "iso8859_4", "iso8859_2",
                        "cp1250", "ascii"})
_GUESSES = ("cp1252", "iso8859_13", "cp1257")  # in order of preference when they read equally well
# Letters (lower case) of the languages deskpilot serves beyond ASCII; a decoding whose letters all come from one
# alphabet reads better than one mixing Icelandic, French and Polish letters.
_ALPHABETS = {
    "de": set("äöüß"),
    "fr": set("àâæçéèêëîïôœùûüÿ"),
    "es": set("áéíñóúü"),
    "lt": set("ąčęėįšųūž"),
    "other": set("åøéáóíúäö"),  # Nordic and names
}
_PUNCTUATION = set("«»“”„‘’‚–—…•·€£§°©®™¿¡´¨×\u00a0")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|sv|vs|antw|ats|rv|réf|ref)\s*(?:\[\d+\])?\s*:\s*", re.IGNORECASE)
_WRAPPED_ATTRIBUTION = re.compile(r"\n[ \t]*(wrote:|schrieb:|a écrit\s*:|escribió:|rašė:)[ \t]*(?=\n|$)")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Attachment:
    """A part that is not the message text: its file name, MIME type and decoded size in bytes."""

    name: str
    content_type: str
    size: int

    def line(self) -> str:
        """How the attachment is listed at the end of a message body."""
        return f"[attachment: {self.name} ({self.content_type}, {human_size(self.size)})]"


@dataclass
class ParsedMail:
    """What deskpilot reads from one e-mail message."""

    message_id: str  # without angle brackets; made up from the content when the message has none
    in_reply_to: str | None
    references: list[str]
    subject: str
    sender: str  # the From address, lower case ("" when there is none)
    sender_name: str | None
    reply_to: str | None
    recipients: list[str]
    date: datetime | None  # the Date header, timezone-aware
    text: str  # the new part of the message: quoted history and signature removed
    charset: str | None  # how the text was decoded
    html_only: bool
    automated: bool = False  # an auto-reply, bounce or bulk message (RFC 3834 Auto-Submitted, Precedence, DSN)
    attachments: list[Attachment] = field(default_factory=list)
    received_at: datetime | None = None  # when the mailbox got it (IMAP INTERNALDATE, mbox From_ line)
    flags: set[str] = field(default_factory=set)  # IMAP flags and keywords, when read from a server

    @property
    def ancestors(self) -> list[str]:
        """Message-IDs this message replies to, oldest first (References, then In-Reply-To)."""
        refs = [*self.references, *([self.in_reply_to] if self.in_reply_to else [])]
        return [r for r in dict.fromkeys(refs) if r != self.message_id]

    @property
    def created_at(self) -> datetime:
        """When it was written: the Date header, else when it was received, else now."""
        return self.date or self.received_at or datetime.now(UTC)


def human_size(size: int) -> str:
    """A byte count as people read it (812 bytes, 14.2 KB, 3.1 MB)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def external_id(message_id: str) -> str:
    """The external id of a message or thread: its Message-ID, hashed when longer than the model allows."""
    if len(message_id) <= MAX_ID_CHARS:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).hexdigest()


def message_ids(value: str | None) -> list[str]:
    """The ``<id>`` tokens of a Message-ID, In-Reply-To or References header, without brackets."""
    if not value:
        return []
    found = _MSG_ID.findall(value)
    if found:
        return list(dict.fromkeys(found))
    bare = value.strip().split()
    return [bare[0]] if bare and "@" in bare[0] else []


# ---------------------------------------------------------------------------------------------------- charsets


def _codec(label: str | None) -> str | None:
    """The Python codec of a charset label, None when unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None


def _readability(text: str) -> int:
    """How plausible a decoding of 8-bit text is: letters of one alphabet and common punctuation count for it,
    control characters, stray symbols and letters foreign to that alphabet against it."""
    beyond = [c for c in text if ord(c) > 127]
    if not beyond:
        return 0
    controls = sum(1 for c in beyond if 0x80 <= ord(c) <= 0x9F)
    punctuation = sum(1 for c in beyond if c in _PUNCTUATION)
    letters = [c.lower() for c in beyond if c.isalpha()]
    fit = max(sum(1 for c in letters if c in alphabet) for alphabet in _ALPHABETS.values())
    symbols = len(beyond) - controls - punctuation - len(letters)
    return fit + punctuation - 2 * (len(letters) - fit) - symbols - 5 * controls


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Text of 8-bit data and the charset used: valid UTF-8 is UTF-8 whatever the label says; a declared charset
    that decodes is used unless it is a Latin single-byte one that reads clearly worse than windows-1252,
    ISO-8859-13 or windows-1257 (a wrong label); undecodable bytes are replaced, never dropped."""
    try:
        return data.decode("ascii"), "us-ascii"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = _codec(declared)
    declared_text: str | None = None
    if codec is not None and codec != "utf_8":
        try:
            declared_text = data.decode(codec)
        except UnicodeDecodeError:
            declared_text = None
        if declared_text is not None and codec not in _GUESSABLE:
            return declared_text, codec
    guesses: list[tuple[int, str, str]] = []
    for candidate in _GUESSES:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        guesses.append((_readability(text), candidate, text))
    best = max(guesses, key=lambda g: g[0]) if guesses else None  # max keeps the first of equals
    if declared_text is not None and codec is not None and (best is None or _readability(declared_text) >= best[0]):
        return declared_text, codec
    if best is not None:
        return best[2], best[1]
    return data.decode(codec or "cp1252", errors="replace"), codec or "cp1252"


def decode_header_value(value: Any) -> str:
    """A header as text: RFC 2047 encoded words decoded, raw 8-bit bytes decoded like bodies, lines unfolded."""
    if value is None:
        return ""
    text = str(value)
    if any("\udc80" <= c <= "\udcff" for c in text):  # raw 8-bit header bytes, kept by the parser as surrogates
        text = decode_text(text.encode("ascii", "surrogateescape"))[0]
    text = re.sub(r"\r?\n[ \t]+", " ", text).replace("\r", "").replace("\n", " ")
    if "=?" not in text:
        return text.strip()
    try:
        chunks = email.header.decode_header(text)
    except (email.errors.HeaderParseError, ValueError, LookupError):
        return text.strip()
    parts = [chunk if isinstance(chunk, str) else decode_text(chunk, charset)[0] for chunk, charset in chunks]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


# ---------------------------------------------------------------------------------------------------- bodies


def _leaves(part: Message) -> Iterator[Message]:
    """The non-multipart parts in order; an attached message/rfc822 is one leaf, not opened."""
    payload = part.get_payload()
    if part.get_content_maintype() == "multipart" and isinstance(payload, list):
        for sub in payload:
            if isinstance(sub, Message):
                yield from _leaves(sub)
    else:
        yield part


def _is_body(part: Message) -> bool:
    """A text/plain or text/html part that is shown as the message, not offered as a file."""
    if part.get_content_type() not in ("text/plain", "text/html"):
        return False
    return part.get_content_disposition() != "attachment" and not part.get_filename()


def _payload_bytes(part: Message) -> bytes:
    """The decoded (base64, quoted-printable) content of a leaf part; an attached message as its bytes."""
    if part.get_content_maintype() == "message":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(inner, Message):
            try:
                return inner.as_bytes()
            except (UnicodeError, LookupError, ValueError):
                return str(inner).encode("utf-8", "replace")
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _part_text(part: Message) -> tuple[str, str]:
    """A text part decoded with its declared charset (or the HTML's meta charset) and the fallbacks."""
    data = _payload_bytes(part)
    declared = part.get_content_charset()
    if declared is None and part.get_content_type() == "text/html":
        meta = _META_CHARSET.search(data[:4096])
        declared = meta.group(1).decode("ascii", "replace") if meta else None
    return decode_text(data, declared)


def _attachment(part: Message, number: int) -> Attachment:
    """How an attached part is listed."""
    content_type = part.get_content_type()
    raw_name = part.get_filename()
    name = decode_header_value(raw_name) if raw_name else ""
    if not name and content_type == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        subject = decode_header_value(inner.get("Subject")) if isinstance(inner, Message) else ""
        name = f"{subject or 'message'}.eml"
    if not name:
        name = f"attachment-{number}{guess_extension(content_type) or ''}"
    return Attachment(name=name.replace("\n", " ")[:200], content_type=content_type, size=len(_payload_bytes(part)))


def clean_text(text: str) -> str:
    """The new part of a message: line ends normalised, quoted history and signature removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = _WRAPPED_ATTRIBUTION.sub(r" \1", text)  # "On …, Ana <a@b>\nwrote:" as one attribution line
    return strip_signature(strip_quoted(text)).strip()


def _body(message: Message) -> tuple[str, str | None, bool, list[Attachment]]:
    """The message text (text/plain parts, else the HTML ones as text), its charset, whether it came from HTML, and
    the attachments."""
    plain: list[tuple[str, str]] = []
    html: list[tuple[str, str]] = []
    attachments: list[Attachment] = []
    for part in _leaves(message):
        if _is_body(part):
            (plain if part.get_content_type() == "text/plain" else html).append(_part_text(part))
        elif part.get_content_maintype() != "multipart":
            attachments.append(_attachment(part, len(attachments) + 1))
    plain = [(text, charset) for text, charset in plain if text.strip()]
    if plain:
        return "\n\n".join(t for t, _ in plain), plain[0][1], False, attachments
    if html:
        return "\n\n".join(html_to_text(t) for t, _ in html), html[0][1], True, attachments
    return "", None, False, attachments


# ---------------------------------------------------------------------------------------------------- messages


def _date(value: str | None) -> datetime | None:
    """A Date header as an aware datetime (no zone: UTC); None when unreadable."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _addresses(values: Sequence[str]) -> list[tuple[str, str]]:
    """(decoded display name, lower-case address) pairs of address headers."""
    pairs: list[tuple[str, str]] = []
    for name, address in getaddresses([str(v) for v in values]):
        address = decode_header_value(address).strip().lower()
        if "@" in address:
            pairs.append((decode_header_value(name).strip().strip('"'), address))
    return pairs


_AUTOMATED_SENDERS = ("mailer-daemon@", "postmaster@", "noreply@", "no-reply@", "donotreply@", "do-not-reply@")


def _automated(message: Message, sender: str) -> bool:
    """Whether nobody wrote this message: an auto-reply or notification (RFC 3834 ``Auto-Submitted``), bulk mail
    (``Precedence``), a delivery report (RFC 3464 ``multipart/report``) or a mailer daemon. Replying to those makes
    mail loops."""
    auto = " ".join(_raw_header(message, "Auto-Submitted")).strip().lower()
    precedence = " ".join(_raw_header(message, "Precedence")).strip().lower()
    return bool((auto and not auto.startswith("no")) or precedence in ("bulk", "junk", "list", "auto_reply")
                or _raw_header(message, "X-Autoreply") or _raw_header(message, "X-Autorespond")
                or message.get_content_type() == "multipart/report" or sender.startswith(_AUTOMATED_SENDERS))


def is_agent(address: str, agents: Iterable[str]) -> bool:
    """Whether an address is the desk's: listed, or in a listed ``@domain``."""
    address = address.lower()
    return any(address == a or (a.startswith("@") and address.endswith(a)) for a in (x.lower() for x in agents))


def _raw_header(message: Message, name: str) -> list[str]:
    """Every value of a header exactly as received (8-bit bytes kept as surrogates)."""
    wanted = name.lower()
    return [str(value) for key, value in message.raw_items() if key.lower() == wanted]


def parse_mail(raw: bytes, *, received_at: datetime | None = None, flags: Iterable[str] = ()) -> ParsedMail:
    """Read one RFC 5322 message; malformed input is read as well as it can be, never rejected."""
    message = email.message_from_bytes(raw)
    first: dict[str, str | None] = {name: next(iter(_raw_header(message, name)), None)
                                    for name in ("Message-ID", "In-Reply-To", "References", "Subject", "Date")}
    own = message_ids(first["Message-ID"])
    message_id = own[0] if own else f"{hashlib.sha256(raw).hexdigest()[:32]}@{SYNTHETIC_DOMAIN}"
    parents = message_ids(first["In-Reply-To"])
    senders = _addresses(_raw_header(message, "From") or _raw_header(message, "Sender"))
    reply_to = _addresses(_raw_header(message, "Reply-To"))
    recipients = _addresses([*_raw_header(message, "To"), *_raw_header(message, "Cc")])
    text, charset, html_only, attachments = _body(message)
    sender = senders[0][1] if senders else ""
    return ParsedMail(
        message_id=message_id, in_reply_to=parents[-1] if parents else None,
        references=message_ids(first["References"]), subject=decode_header_value(first["Subject"]),
        sender=sender, sender_name=(senders[0][0] or None) if senders else None,
        reply_to=reply_to[0][1] if reply_to else None, recipients=[a for _, a in recipients],
        date=_date(first["Date"]), text=clean_text(text), charset=charset, html_only=html_only,
        automated=_automated(message, sender), attachments=attachments, received_at=received_at, flags=set(flags))


# ---------------------------------------------------------------------------------------------------- threads


def thread_root(mail: ParsedMail, lookup: Callable[[str], ParsedMail | None]) -> str:
    """The Message-ID of the thread a message belongs to: follow the oldest known ancestor until a message has none
    (``lookup`` finds a message by Message-ID, None when unknown)."""
    current, seen = mail, {mail.message_id}
    for _ in range(MAX_THREAD_HOPS):
        parent = next((found for ref in current.ancestors if ref not in seen
                       for found in [lookup(ref)] if found is not None), None)
        if parent is None:
            return current.message_id
        seen.add(parent.message_id)
        current = parent
    return current.message_id


def group_threads(mails: Iterable[ParsedMail],
                  lookup: Callable[[str], ParsedMail | None] | None = None) -> dict[str, list[ParsedMail]]:
    """Messages grouped by thread root (first seen first), duplicates of a Message-ID kept once."""
    unique = {m.message_id: m for m in reversed(list(mails))}
    ordered = list(reversed(unique.values()))
    find = lookup or unique.get
    threads: dict[str, list[ParsedMail]] = {}
    for mail in ordered:
        threads.setdefault(thread_root(mail, find), []).append(mail)
    return threads


def reply_subject(subject: str) -> str:
    """``Re: subject`` without stacking prefixes."""
    subject = subject.strip() or "(no subject)"
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}"


Status = Literal["new", "open", "pending", "solved", "closed"]


def _status(roles: list[str], flags: set[str] | None) -> Status:
    """The conversation's status from who wrote last (automated messages aside) and the IMAP flags of the inbox
    messages: the customer last is new (nobody answered or read it yet) or open; an agent last is solved when the
    thread is flagged ``\\Answered`` (or flags are unknown, as in imports), else pending."""
    people = [r for r in roles if r != "system"] or roles
    if people[-1] in ("customer", "system"):
        if "agent" not in people and flags is not None and "\\Seen" not in flags:
            return "new"
        return "open"
    return "solved" if flags is None or "\\Answered" in flags else "pending"


def roles_of(mails: Sequence[ParsedMail], agent_addresses: Iterable[str] = ()) -> list[str]:
    """Who wrote each message: an agent (an agent address; without any, anyone but the first sender), the system
    (automated messages) or the customer."""
    agents = list(agent_addresses)
    first = mails[0].sender if mails else ""

    def role(mail: ParsedMail) -> str:
        if agents and is_agent(mail.sender, agents):
            return "agent"
        if mail.automated:
            return "system"
        return "agent" if not agents and mail.sender != first else "customer"

    return [role(m) for m in mails]


def tags_from_flags(flags: Iterable[str]) -> list[str]:
    """IMAP keywords that are tags: not system flags (``\\Seen``) nor registered keywords (``$Forwarded``)."""
    return sorted({f for f in flags if f and not f.startswith(("\\", "$"))})[:50]


def conversation_from_thread(source: str, root: str, mails: Sequence[ParsedMail], *,
                             agent_addresses: Iterable[str] = (), flags: set[str] | None = None,
                             metadata: dict[str, Any] | None = None) -> GenericConversation:
    """A thread as a generic conversation. Messages from an agent address are agent replies; without agent
    addresses (an import of someone's mailbox) the root's sender is the customer and everyone else an agent;
    automated messages (auto-replies, bounces) are the system's.
    ``flags`` are the IMAP flags and keywords of the thread's inbox messages (None when unknown)."""
    unique = list({m.message_id: m for m in mails}.values())
    ordered = sorted(unique, key=lambda m: m.created_at)[-MAX_MESSAGES:]
    agents = [a.lower() for a in agent_addresses]
    root_mail = next((m for m in ordered if m.message_id == root), ordered[0])
    roles = roles_of([root_mail, *ordered], agents)[1:]  # without agent addresses, the root's sender is the customer
    customer_mail = next((m for m, r in zip(ordered, roles, strict=True) if r == "customer"), None)
    if customer_mail is not None:
        customer = GenericCustomer(external_id=customer_mail.sender or "unknown", email=customer_mail.sender or None,
                                   name=(customer_mail.sender_name or None) and customer_mail.sender_name[:200])
    else:  # a thread the desk started (or only automated mail): the customer is who it was written to
        address = next((a for a in root_mail.recipients if not is_agent(a, agents)), "unknown")
        customer = GenericCustomer(external_id=address, email=address if "@" in address else None)
    messages = [GenericMessage(external_id=external_id(m.message_id), author_role=role,  # type: ignore[arg-type]
                               author_name=(m.sender_name or m.sender or None) and (m.sender_name or m.sender)[:200],
                               body=_message_body(m), created_at=m.created_at)
                for m, role in zip(ordered, roles, strict=True)]
    attachments = [{"message_id": external_id(m.message_id), "name": a.name, "content_type": a.content_type,
                    "size": a.size} for m in ordered for a in m.attachments]
    extra = {**(metadata or {}), **({"attachments": attachments} if attachments else {})}
    return GenericConversation(
        source=source, external_id=external_id(root), channel="email",
        subject=(root_mail.subject or ordered[0].subject or None) and (root_mail.subject or ordered[0].subject)[:500],
        status=_status(roles, flags), created_at=ordered[0].created_at, customer=customer,
        tags=tags_from_flags(flags or ()), messages=messages, metadata=extra)


def _message_body(mail: ParsedMail) -> str:
    """A message's text with its attachments listed; never empty, never longer than the model allows."""
    lines = [a.line() for a in mail.attachments]
    text = mail.text.strip()
    body = "\n\n".join(p for p in (text, "\n".join(lines)) if p) or "(no text)"
    if len(body) > MAX_BODY_CHARS:
        marker = "\n[… message shortened]"
        body = body[: MAX_BODY_CHARS - len(marker)] + marker
    return body


def conversations_from_mails(mails: Iterable[ParsedMail], *, source: str,
                             agent_addresses: Iterable[str] = ()) -> list[GenericConversation]:
    """Messages read from files threaded into conversations, oldest first."""
    agents = list(agent_addresses)
    threads = group_threads(mails)
    conversations = [conversation_from_thread(source, root, members, agent_addresses=agents)
                     for root, members in threads.items()]
    return sorted(conversations, key=lambda c: c.created_at)
