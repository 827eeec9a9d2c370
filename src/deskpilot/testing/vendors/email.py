"""Real mail servers on loopback for the e-mail connector's tests.

* IMAP: Debian's dovecot 2.3 (``dovecot-imapd``), started as ``dovecot -c CONFIG -F`` with a configuration written
  into a temporary directory: listening on 127.0.0.1 at a free port, ``ssl = no`` with plain-text authentication
  allowed (loopback only), the support desk as a passwd-file user, maildir storage in the temporary directory, a
  ``Sent`` mailbox created on demand. It runs as the current user; as root, dovecot refuses to run its login and
  mail processes as root, so they run as Debian's ``dovenull`` / ``dovecot`` users and the mail is stored as
  ``nobody``.
* SMTP: an aiosmtpd server on another free port that requires ``AUTH`` with the desk's SMTP password before
  ``MAIL FROM`` and delivers every accepted message to each envelope recipient's dovecot mailbox through
  ``dovecot-lda``, as a mail server does: replies reach the customer's mailbox (read back by ``public_replies``)
  and a Bcc to the desk reaches its inbox. ``fail_writes(n, status=…)`` answers the next n messages with ``451``
  (temporary; a ``Retry-After`` becomes "try again in N seconds"), or ``554`` (permanent) for a 4xx status other
  than 408 and 429; with ``after_write`` the message is delivered and the connection then closed before the final reply.

Customers' messages are put into the desk's inbox with IMAP ``APPEND`` (with their INTERNALDATE), as a migration
or a delivery would. ``MailServersUnavailable`` says why the servers cannot run here (dovecot not installed, it
did not start): tests skip with that reason.
"""

from __future__ import annotations

import email
import grp
import imaplib
import mailbox
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parsedate_to_datetime
from pathlib import Path
from typing import Any

DESK = "support@example.com"
DESK_NAME = "Example Support"
DESK_IMAP_PASSWORD = "desk-imap-secret"
DESK_SMTP_PASSWORD = "desk-smtp-secret"
SUBJECT = "Where is my order?"
_SBIN = ("/usr/sbin", "/usr/local/sbin", "/sbin")
_LDA = ("/usr/lib/dovecot/dovecot-lda", "/usr/libexec/dovecot/dovecot-lda", "/usr/local/libexec/dovecot/dovecot-lda")
_START_TIMEOUT_S = 15.0

_CONFIG = """\
# dovecot 2.3 for deskpilot's e-mail connector tests (loopback only)
base_dir = {root}/run
state_dir = {root}/state
instance_name = deskpilot-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
log_path = {root}/dovecot.log
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = {mail_uid}
first_valid_gid = {mail_gid}
mail_location = maildir:{root}/mail/%u
mail_fsync = never

passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/home/%u allow_all_users=yes
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    auto = create
    special_use = \\Sent
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
protocol lda {{
  postmaster_address = postmaster@example.com
}}
"""


class MailServersUnavailable(RuntimeError):
    """The mail servers cannot run on this machine; the message says why."""


def _program(name: str, *candidates: str) -> str | None:
    """A program on PATH, in the sbin directories, or at one of the given paths."""
    found = shutil.which(name) or shutil.which(name, path=os.pathsep.join(_SBIN))
    return found or next((c for c in candidates if os.access(c, os.X_OK)), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class _Accounts:
    """Who dovecot's processes run as and who owns the mail."""

    internal_user: str
    internal_group: str
    login_user: str
    mail_uid: int
    mail_gid: int


def _accounts() -> _Accounts:
    """The current user; as root, dovecot's own users (it refuses to run logins and mail access as root)."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(os.getegid()).gr_name
        return _Accounts(me.pw_name, group, me.pw_name, me.pw_uid, os.getegid())

    def user(*names: str) -> pwd.struct_passwd:
        for name in names:
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        raise MailServersUnavailable(f"none of the users {', '.join(names)} exists to run dovecot's processes")

    internal = user("dovecot", "nobody")
    nobody = user("nobody")
    return _Accounts(internal.pw_name, grp.getgrgid(internal.pw_gid).gr_name, user("dovenull", "nobody").pw_name,
                     nobody.pw_uid, nobody.pw_gid)


@dataclass
class SmtpMessage:
    """A message the SMTP server accepted: envelope and bytes as received."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        """The message parsed."""
        parsed = email.message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class _Failure:
    status: int
    headers: dict[str, str]
    after_write: bool

    def reply(self) -> str:
        """The SMTP reply standing for an HTTP-style failure."""
        retry_after = {k.lower(): v for k, v in self.headers.items()}.get("retry-after")
        if self.status in (408, 429) or self.status >= 500:
            when = f"in {retry_after} seconds" if retry_after else "later"
            reason = "Too many messages" if self.status == 429 else "Temporary local problem"
            return f"451 4.7.1 {reason}, please try again {when}"
        return "554 5.7.1 Message refused"


@dataclass
class _SeedThread:
    customer: str
    name: str
    ids: list[str] = field(default_factory=list)


class MailServers:
    """dovecot and an SMTP server for one test, with the desk's mailbox and the customers' open to assertions."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.imap_port = _free_port()
        self.smtp_port = _free_port()
        while self.smtp_port == self.imap_port:
            self.smtp_port = _free_port()
        self.base_url = f"imap://127.0.0.1:{self.imap_port}"
        self.desk = DESK
        self.received: list[SmtpMessage] = []  # what the SMTP server accepted, in order
        self.failures: list[_Failure] = []
        self.lock = threading.Lock()
        self.threads: dict[str, _SeedThread] = {}
        self._dovecot: subprocess.Popen[bytes] | None = None
        self._controller: Any = None
        self._lda = _program("dovecot-lda", *_LDA)
        self._doveadm = _program("doveadm")

    # ---------------------------------------------------------------------------------------------- lifecycle

    @classmethod
    def start(cls) -> MailServers:
        """Start both servers in a fresh temporary directory (MailServersUnavailable when they cannot run)."""
        dovecot = _program("dovecot")
        if dovecot is None:
            raise MailServersUnavailable("dovecot is not installed (scripts/install-test-packages.sh installs "
                                         "dovecot-imapd)")
        try:
            import aiosmtpd.controller  # noqa: F401 - checked here so a missing package skips the tests
        except ImportError as exc:
            raise MailServersUnavailable(f"aiosmtpd is not installed: {exc}") from exc
        for attempt in (1, 2):  # a second try with other ports, in case another process took a free one
            servers = cls(Path(tempfile.mkdtemp(prefix="deskpilot-mail-")))
            try:
                servers._start_dovecot(dovecot)
                servers._start_smtp()
                return servers
            except MailServersUnavailable:
                servers.stop()
                if attempt == 2:
                    raise
            except BaseException:
                servers.stop()
                raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Stop the servers this object started and remove the temporary directory."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        if self._dovecot is not None:
            self._dovecot.terminate()
            try:
                self._dovecot.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._dovecot.kill()
                self._dovecot.wait(timeout=5)
            self._dovecot = None
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def config_path(self) -> Path:
        """dovecot's configuration file."""
        return self.root / "dovecot.conf"

    def _start_dovecot(self, program: str) -> None:
        accounts = _accounts()
        self.root.chmod(0o755)  # dovecot's unprivileged processes reach their sockets through it
        for name in ("mail", "home"):
            (self.root / name).mkdir()
            if os.geteuid() == 0:
                os.chown(self.root / name, accounts.mail_uid, accounts.mail_gid)
        (self.root / "passwd").write_text(f"{DESK}:{{PLAIN}}{DESK_IMAP_PASSWORD}\n", encoding="utf-8")
        self.config_path.write_text(_CONFIG.format(root=self.root, port=self.imap_port, **vars(accounts)),
                                    encoding="utf-8")
        with (self.root / "dovecot.stderr").open("wb") as stderr:
            self._dovecot = subprocess.Popen([program, "-c", str(self.config_path), "-F"], stdin=subprocess.DEVNULL,
                                             stdout=stderr, stderr=stderr)
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._dovecot.poll() is not None:
                raise MailServersUnavailable(f"dovecot exited with {self._dovecot.returncode}: {self._log_tail()}")
            if self._greets():
                return
            time.sleep(0.05)
        raise MailServersUnavailable(f"dovecot did not answer on port {self.imap_port}: {self._log_tail()}")

    def _greets(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.imap_port), timeout=2) as sock:
                return sock.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def _log_tail(self) -> str:
        lines: list[str] = []
        for name in ("dovecot.stderr", "dovecot.log"):
            path = self.root / name
            if path.exists():
                lines += path.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
        return " | ".join(lines) or "no log"

    def _start_smtp(self) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            ok = (isinstance(data, LoginPassword) and data.login == DESK.encode()
                  and data.password == DESK_SMTP_PASSWORD.encode())
            return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd sends the 235 / 535 reply

        servers = self

        class Handler:
            async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                                  mail_options: list[str]) -> str:
                if not session.authenticated:
                    return "530 5.7.0 Authentication required"
                envelope.mail_from = address
                envelope.mail_options.extend(mail_options)
                return "250 2.1.0 OK"

            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd
                return servers._accept(server, envelope)

        controller = Controller(Handler(), hostname="127.0.0.1", port=self.smtp_port, authenticator=authenticate,
                                auth_require_tls=False, decode_data=False)
        try:
            controller.start()
        except (OSError, RuntimeError) as exc:
            raise MailServersUnavailable(f"the SMTP server did not start on port {self.smtp_port}: {exc}") from exc
        self._controller = controller

    # ---------------------------------------------------------------------------------------------- SMTP

    def _accept(self, server: Any, envelope: Any) -> str:
        """Deliver an accepted message to every recipient, unless told to fail."""
        with self.lock:
            failure = self.failures.pop(0) if self.failures else None
        if failure is not None and not failure.after_write:
            return failure.reply()
        data = bytes(envelope.original_content or envelope.content or b"")
        for recipient in envelope.rcpt_tos:
            problem = self.deliver_locally(recipient, data, sender=envelope.mail_from or "")
            if problem:
                return f"451 4.3.0 Local delivery to {recipient} failed: {problem[:200]}"
        with self.lock:
            self.received.append(SmtpMessage(envelope.mail_from or "", list(envelope.rcpt_tos), data))
        if failure is not None:  # delivered, but the client never hears so
            server.transport.close()
        return "250 2.0.0 Message accepted for delivery"

    def deliver_locally(self, recipient: str, data: bytes, *, sender: str = "") -> str | None:
        """Deliver into a user's dovecot inbox through dovecot-lda, as a mail server does; the error, if any."""
        if self._lda is None:
            return "dovecot-lda is not installed"
        command = [self._lda, "-c", str(self.config_path), "-d", recipient.lower(), "-f", sender or "MAILER-DAEMON"]
        result = subprocess.run(command, input=data, capture_output=True, timeout=30, check=False)
        return None if result.returncode == 0 else result.stderr.decode("utf-8", "replace") or str(result.returncode)

    def fail_writes(self, count: int, *, status: int = 500, headers: Mapping[str, str] | None = None,
                    after_write: bool = False) -> None:
        """Refuse (or, with after_write, accept and then hang up on) the next ``count`` messages."""
        with self.lock:
            self.failures.extend(_Failure(status, dict(headers or {}), after_write) for _ in range(count))

    def sent_to(self, address: str) -> list[SmtpMessage]:
        """Messages the SMTP server accepted for an envelope recipient."""
        return [m for m in self.received if address.lower() in (r.lower() for r in m.rcpt_tos)]

    # ---------------------------------------------------------------------------------------------- IMAP

    @contextmanager
    def imap(self) -> Iterator[imaplib.IMAP4]:
        """An IMAP session logged in as the desk."""
        conn = imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=10)
        conn.login(DESK, DESK_IMAP_PASSWORD)
        try:
            yield conn
        finally:
            conn.logout()

    def deliver(self, raw: bytes, *, mailbox: str = "INBOX", at: datetime | None = None, flags: str = "") -> None:
        """Put a message into one of the desk's mailboxes (IMAP APPEND), received at a moment."""
        with self.imap() as conn:
            date = imaplib.Time2Internaldate(at or datetime.now(UTC))
            typ, data = conn.append(f'"{mailbox}"', flags or None, date, raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND to {mailbox} failed: {data!r}")

    def flags(self, message_id: str, *, mailbox: str = "INBOX") -> set[str]:
        """IMAP flags and keywords of a message in one of the desk's mailboxes (by Message-ID)."""
        with self.imap() as conn:
            conn.select(f'"{mailbox}"', readonly=True)
            _, found = conn.uid("SEARCH", f'HEADER Message-ID "<{message_id}>"')
            uids = found[0].split() if found and found[0] else []
            if not uids:
                raise KeyError(f"no message <{message_id}> in {mailbox}")
            _, data = conn.uid("FETCH", uids[0].decode(), "(FLAGS)")
        text = b" ".join(d if isinstance(d, bytes) else d[0] for d in data if d).decode()
        inner = text.split("FLAGS (", 1)[1].split(")", 1)[0]
        return set(inner.split())

    def mailbox_messages(self, mailbox: str = "INBOX") -> list[EmailMessage]:
        """Every message in one of the desk's mailboxes, in UID order."""
        with self.imap() as conn:
            conn.select(f'"{mailbox}"', readonly=True)
            _, data = conn.uid("FETCH", "1:*", "(BODY.PEEK[])")
        raws = [item[1] for item in data if isinstance(item, tuple)]
        return [_parsed(raw) for raw in raws]

    def reset_uidvalidity(self, *, mailbox: str = "INBOX") -> int:
        """Give a mailbox a new UIDVALIDITY (as after a server migration); returns it."""
        if self._doveadm is None:
            raise MailServersUnavailable("doveadm is not installed")
        with self.imap() as conn:
            conn.select(f'"{mailbox}"', readonly=True)
            current = int(conn.response("UIDVALIDITY")[1][0])
        new = current + 1000
        subprocess.run([self._doveadm, "-c", str(self.config_path), "mailbox", "update", "-u", DESK,
                        "--uid-validity", str(new), mailbox], check=True, capture_output=True, timeout=30)
        return new

    # ---------------------------------------------------------------------------------------------- VendorHarness

    def seed(self, external_id: str, customer_text: str, *, email: str, created_at: datetime) -> None:
        """A customer's message in the desk's inbox whose Message-ID is ``<external_id>``."""
        name = email.split("@", 1)[0].rstrip("0123456789").title() or "Customer"
        self.threads[external_id] = _SeedThread(email.lower(), name, [external_id])
        self.deliver(self._customer_message(external_id, external_id, customer_text, created_at), at=created_at)

    def add_customer_message(self, external_id: str, text: str, *, at: datetime) -> None:
        """The customer answers the latest message of the thread they have (theirs or a reply they received)."""
        thread = self.threads[external_id]
        message_id = f"{external_id}.{len(thread.ids) + 1}@{thread.customer.split('@', 1)[1]}"
        parent = self._latest(external_id)
        thread.ids.append(message_id)
        self.deliver(self._customer_message(external_id, message_id, text, at, parent=parent), at=at)

    def public_replies(self, external_id: str) -> list[str]:
        """Texts of the desk's replies in the thread that reached a customer's mailbox, oldest first."""
        delivered = [m for address in self._customers() for m in self._customer_mailbox(address)]
        return [_text(m) for m in delivered
                if str(m.get("From", "")).lower().endswith(f"<{DESK}>") and _in_thread(m, external_id)]

    def notes(self, external_id: str) -> list[str]:
        """E-mail has no internal notes."""
        return []

    def tags(self, external_id: str) -> list[str]:
        """Keywords on the thread's first message in the desk's inbox."""
        return sorted(f for f in self.flags(external_id) if not f.startswith(("\\", "$")))

    def status(self, external_id: str) -> str | None:
        """System flags on the thread's first message in the desk's inbox, e.g. ``\\Answered \\Seen``."""
        return " ".join(sorted(f for f in self.flags(external_id) if f.startswith("\\") and f != "\\Recent"))

    def signed_webhook(self, external_id: str, *, delivery_id: str, at: datetime,
                       secret: str | None = None) -> tuple[dict[str, str], bytes]:
        """E-mail has no webhooks."""
        raise NotImplementedError("e-mail is polled; it has no webhooks")

    def settings(self, imap_password: str, smtp_password: str, **overrides: Any) -> dict[str, Any]:
        """The connector settings for these servers, with the passwords as references."""
        return {"imap_host": "127.0.0.1", "imap_port": self.imap_port, "imap_ssl": False, "imap_user": DESK,
                "imap_password": imap_password, "smtp_host": "127.0.0.1", "smtp_port": self.smtp_port,
                "smtp_starttls": False, "smtp_user": DESK, "smtp_password": smtp_password, "from_address": DESK,
                "from_name": DESK_NAME, "timeout_s": 10.0, **overrides}

    # ---------------------------------------------------------------------------------------------- helpers

    def _customer_message(self, root: str, message_id: str, text: str, at: datetime, *,
                          parent: EmailMessage | None = None) -> bytes:
        thread = self.threads[root]
        message = EmailMessage(policy=policy.SMTP)
        message["From"] = formataddr((thread.name, thread.customer))
        message["To"] = formataddr((DESK_NAME, DESK))
        message["Subject"] = SUBJECT if parent is None else f"Re: {SUBJECT}"
        message["Date"] = format_datetime(at)
        message["Message-ID"] = f"<{message_id}>"
        if parent is not None:
            parent_id = str(parent["Message-ID"]).strip()
            message["In-Reply-To"] = parent_id
            message["References"] = " ".join(dict.fromkeys([*str(parent.get("References", "")).split(), parent_id]))
        elif message_id != root:
            message["In-Reply-To"] = f"<{root}>"
        message["User-Agent"] = "Mozilla/5.0 Thunderbird/128.5.0"
        message.set_content(text)
        return message.as_bytes()

    def _latest(self, external_id: str) -> EmailMessage:
        """The newest message of a thread the customer has: their own (in the desk's inbox) or a reply to them."""
        thread = self.threads[external_id]
        own = [m for m in self.mailbox_messages() if str(m["Message-ID"]).strip("<> ") in thread.ids]
        replies = [m for m in self._customer_mailbox(thread.customer) if _in_thread(m, external_id)]
        return max([*own, *replies], key=_sent_at)

    def _customers(self) -> list[str]:
        """Every address that has a mailbox here besides the desk."""
        return sorted(p.name for p in (self.root / "mail").iterdir() if p.is_dir() and p.name != DESK)

    def _customer_mailbox(self, address: str) -> list[EmailMessage]:
        """What was delivered to a customer, in delivery order (read from their maildir)."""
        path = self.root / "mail" / address.lower()
        if not path.is_dir():
            return []
        box = mailbox.Maildir(str(path), factory=None, create=False)
        return [_parsed(box.get_bytes(key)) for key in sorted(box.iterkeys(), key=_delivery_order)]


def _parsed(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _delivery_order(key: str) -> tuple[int, int, str]:
    """Maildir file names start with the delivery time: ``<seconds>.M<microseconds>P<pid>…``."""
    match = re.match(r"(\d+)\.M(\d+)", key)
    return (int(match.group(1)), int(match.group(2)), key) if match else (0, 0, key)


def _sent_at(message: EmailMessage) -> datetime:
    try:
        return parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)


def _in_thread(message: EmailMessage, root: str) -> bool:
    token = f"<{root}>"
    return token in str(message.get("References", "")) or token in str(message.get("In-Reply-To", ""))


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    return str(body.get_content()).strip() if isinstance(body, EmailMessage) else ""


@contextmanager
def mail_servers() -> Iterator[MailServers]:
    """dovecot and the SMTP server for the duration of a block (MailServersUnavailable when they cannot run)."""
    servers = MailServers.start()
    try:
        yield servers
    finally:
        servers.stop()
