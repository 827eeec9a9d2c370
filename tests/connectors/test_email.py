"""The e-mail connector: parsing and threading of recorded messages, and the connector against real servers
(dovecot for IMAP, an aiosmtpd SMTP server delivering into it); those tests skip when dovecot cannot run here."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from deskpilot.connectors.base import ConnectorError, WebhookRejected
from deskpilot.connectors.email import (
    EmailConfig,
    EmailConnector,
    _utf7,
    conversations_from_eml,
    conversations_from_mbox,
    imap_date,
    keyword,
    reply_message_id,
)
from deskpilot.connectors.mail_parse import conversations_from_mails, decode_header_value, decode_text, parse_mail
from deskpilot.connectors.registry import registry
from deskpilot.testing.connectors import ConnectorContract
from deskpilot.testing.vendors.email import (
    DESK,
    DESK_IMAP_PASSWORD,
    DESK_SMTP_PASSWORD,
    MailServers,
    MailServersUnavailable,
)

PAYLOADS = Path(__file__).parent / "payloads" / "email"
THREAD = PAYLOADS / "thread"
ROOT = "CAEkq7n2r0Qh5V@mail.gmail.com"
REPLY = "deskpilot.0f1e2d3c4b5a69788796a5b4@example.com"
FOLLOW = "CAEkq7n3xYz81@mail.gmail.com"
THANKS = "CAEkq7n4Thx02@mail.gmail.com"
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _payload(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


@pytest.fixture
def mail() -> Iterator[MailServers]:
    """dovecot and the SMTP server, fresh for each test."""
    try:
        servers = MailServers.start()
    except MailServersUnavailable as exc:
        pytest.skip(f"the e-mail tests need dovecot and aiosmtpd: {exc}")
    try:
        yield servers
    finally:
        servers.stop()


@pytest.fixture
def settings(mail: MailServers, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("DESK_IMAP_PASSWORD", DESK_IMAP_PASSWORD)
    monkeypatch.setenv("DESK_SMTP_PASSWORD", DESK_SMTP_PASSWORD)
    return mail.settings("env:DESK_IMAP_PASSWORD", "env:DESK_SMTP_PASSWORD")


def _connector(settings: dict[str, Any], **overrides: Any) -> EmailConnector:
    connector = EmailConnector("mail", EmailConfig.model_validate({**settings, **overrides}))
    connector.pacing().sleep = lambda _: None
    return connector


class TestEmail(ConnectorContract):
    kind = "email"

    @pytest.fixture
    def vendor(self, mail: MailServers) -> MailServers:
        return mail

    @pytest.fixture
    def connector_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        return {**settings, "page_size": 2}


# ---------------------------------------------------------------------------------------------------- parsing


def test_a_lithuanian_iso_8859_13_message_and_its_encoded_headers_are_decoded() -> None:
    mail = parse_mail(_payload("lithuanian-iso-8859-13.eml"))
    assert mail.charset == "iso8859_13"
    assert mail.sender_name == "Žydrūnė Šimkutė" and mail.sender == "zydrune.simkute@pastas.lt"
    assert mail.subject == "Užsakymas W1234 neatvyko"
    assert "užsakymas W1234 vis dar neatvyko, nors mokėjau prieš dvi savaites" in mail.text
    assert "Ačiū už pagalbą." in mail.text
    assert mail.date == datetime(2026, 11, 20, 8, 12, 1, tzinfo=UTC)


def test_a_lithuanian_message_without_a_charset_is_still_read_as_lithuanian() -> None:
    mail = parse_mail(_payload("lithuanian-no-charset.eml"))
    assert mail.subject == "Grąžinimas ir sąskaita"  # raw 8-bit header, no encoded words
    assert "noriu grąžinti batus" in mail.text and "sąskaitą faktūrą" in mail.text


def test_a_windows_1252_message_with_its_charset_keeps_smart_quotes_and_the_euro_sign() -> None:
    mail = parse_mail(_payload("windows-1252.eml"))
    assert mail.sender_name == "Hélène Dubœuf" and mail.subject == "Commande incomplète – W2001"
    assert "j’ai payé 49,90 € pour la commande « W2001 »" in mail.text
    assert "“Livré” d’après le suivi." in mail.text


@pytest.mark.parametrize(("name", "expected"), [
    ("windows-1252-declared-utf-8.eml", "die Lieferung für Bestellung W3001 ist beschädigt – der Karton war völlig"),
    ("windows-1252-no-charset.eml", "¿Dónde está mi pedido W4100? Pagué con tarjeta el lunes y aún no sé nada."),
])
def test_a_windows_1252_message_with_a_wrong_or_missing_charset_is_decoded(name: str, expected: str) -> None:
    mail = parse_mail(_payload(name))
    assert mail.charset == "cp1252"
    assert expected in mail.text


def test_charset_fallbacks_never_lose_text() -> None:
    assert decode_text("naïve café".encode(), "iso-8859-1") == ("naïve café", "utf-8")  # UTF-8 mislabelled
    assert decode_text("Ąžuolas".encode("iso-8859-13"), "us-ascii")[0] == "Ąžuolas"
    assert decode_text("„Labas“".encode("cp1257"), None)[0] == "„Labas“"
    assert decode_text("Привет".encode("koi8-r"), "koi8-r") == ("Привет", "koi8_r")  # a correct label is kept
    text, _ = decode_text(b"abc \x81\x8d\x8f\x90\x9d end", "x-no-such-charset")
    assert text.startswith("abc ") and text.endswith(" end")
    assert decode_header_value("=?utf-8?B?xb1pZWRhcyDFvnlkaQ==?= <x@y.lt>") == "Žiedas žydi <x@y.lt>"
    assert decode_header_value("=?x-unknown?Q?caf=E9?=") == "café"


def test_an_html_only_message_becomes_text() -> None:
    mail = parse_mail(_payload("html-only.eml"))
    assert mail.html_only and mail.sender_name == "Sam O'Neil"
    assert "I'd like to return two items from order W7788:" in mail.text
    assert "- Rain jacket – 89,00 €" in mail.text and "<" not in mail.text and "margin" not in mail.text
    assert "has shipped" not in mail.text  # the quoted earlier message


def test_quoted_history_and_the_signature_are_removed() -> None:
    mail = parse_mail(_payload("quoted-reply.eml"))
    assert mail.text == ('Thanks, but the tracking link you sent says "label created" since Monday.\n'
                         "Could you check with the carrier?")
    assert mail.in_reply_to == "deskpilot.8d7c0e4f1a2b3c4d5e6f7a8b@example.com"
    assert mail.ancestors == ["CAF8mQ1wPq7Lm2Vx9Rz3tYc0Nd5Ke8Ju@mail.gmail.com",
                              "deskpilot.8d7c0e4f1a2b3c4d5e6f7a8b@example.com"]


def test_attachments_are_listed_with_name_type_and_size() -> None:
    mail = parse_mail(_payload("attachments.eml"))
    assert mail.text == "The lamp from order W9090 arrived broken. Invoice and photo attached."
    listed = [(a.name, a.content_type) for a in mail.attachments]
    assert listed == [("image001.png", "image/png"), ("sąskaita-W9090.pdf", "application/pdf"),
                      ("order.txt", "text/plain")]
    assert mail.attachments[1].size == 3080 and mail.attachments[1].line() == (
        "[attachment: sąskaita-W9090.pdf (application/pdf, 3.0 KB)]")


def test_a_message_without_a_message_id_gets_a_stable_one_and_an_empty_one_a_body() -> None:
    raw = b"From: a@example.com\r\nSubject: hi\r\n\r\n"
    first, second = parse_mail(raw), parse_mail(raw)
    assert first.message_id == second.message_id and first.message_id.endswith("@deskpilot.invalid")
    [conversation] = conversations_from_mails([first], source="import")
    assert conversation.messages[0].body == "(no text)" and conversation.external_id == first.message_id


# ---------------------------------------------------------------------------------------------------- imports


def test_eml_files_are_threaded_by_references_not_by_subject() -> None:
    conversations = conversations_from_eml(sorted(THREAD.glob("*.eml")), source="import",
                                           agent_addresses=[DESK])
    by_id = {c.external_id: c for c in conversations}
    assert set(by_id) == {ROOT, "tomas-0001@example.com", "greta-0002@example.com"}
    thread = by_id[ROOT]
    assert [m.external_id for m in thread.messages] == [ROOT, REPLY, FOLLOW, THANKS]  # FOLLOW names only REPLY
    assert [m.author_role for m in thread.messages] == ["customer", "agent", "customer", "customer"]
    assert thread.messages[2].body == "It still has not shipped. Can you check?"
    assert thread.customer.email == "lina.v@example.com" and thread.channel == "email"
    assert thread.source == "import" and thread.subject == "Where is my order W0?" and thread.status == "open"
    assert by_id["tomas-0001@example.com"].messages[0].author_role == "customer"  # same subject, own thread
    assert by_id["greta-0002@example.com"].subject == "Re: Invoice"  # its root is unknown: it starts a thread


def test_an_mbox_archive_is_threaded_into_conversations() -> None:
    conversations = conversations_from_mbox(PAYLOADS / "thread.mbox", source="archive")
    assert [c.external_id for c in conversations] == [ROOT, "tomas-0001@example.com"]
    thread = conversations[0]
    assert [m.author_role for m in thread.messages] == ["customer", "agent", "customer"]  # roles from the root
    assert thread.messages[0].body.splitlines()[1] == "From what I see, it is still in the warehouse."
    assert thread.messages[2].body == "Grąžinkite pinigus, jei siunta neišsiųsta."
    assert thread.messages[2].created_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # from the From_ line


def test_auto_replies_are_the_systems_not_the_customers() -> None:
    mails = [parse_mail((THREAD / n).read_bytes()) for n in ("01-question.eml", "02-reply.eml")]
    out_of_office = parse_mail(_payload("out-of-office.eml"))
    assert out_of_office.automated and not mails[0].automated
    [conversation] = conversations_from_mails([*mails, out_of_office], source="import", agent_addresses=[DESK])
    assert [m.author_role for m in conversation.messages] == ["customer", "agent", "system"]
    assert conversation.status == "solved"  # the auto-reply does not reopen it
    bounce = parse_mail(b"From: MAILER-DAEMON@mx.example.com\r\nTo: support@example.com\r\n"
                        b"Subject: Undelivered Mail\r\nMessage-ID: <b1@mx>\r\n\r\nDelivery failed.\r\n")
    assert bounce.automated


def test_agents_answering_from_their_own_addresses_are_agents() -> None:
    question, reply = (parse_mail((THREAD / n).read_bytes()) for n in ("01-question.eml", "02-reply.eml"))
    reply.sender = "jurgita@staff.example.com"
    [conversation] = conversations_from_mails([question, reply], source="import",
                                              agent_addresses=[DESK, "@staff.example.com"])
    assert [m.author_role for m in conversation.messages] == ["customer", "agent"]
    assert conversation.customer.email == "lina.v@example.com"
    with pytest.raises(ValueError, match="agent_addresses"):
        EmailConfig.model_validate({"imap_host": "h", "imap_user": DESK, "imap_password": "env:P", "smtp_host": "h",
                                    "from_address": DESK, "agent_addresses": ["jurgita"]})


# ---------------------------------------------------------------------------------------------------- settings


def test_the_connector_is_registered_and_refuses_raw_secrets() -> None:
    assert registry().kinds["email"] is EmailConnector
    base = {"imap_host": "imap.example.com", "imap_user": DESK, "smtp_host": "smtp.example.com",
            "from_address": DESK}
    with pytest.raises(ValueError, match="references"):
        EmailConfig.model_validate({**base, "imap_password": "hunter2"})
    with pytest.raises(ValueError, match="references"):
        EmailConfig.model_validate({**base, "imap_password": "env:P", "smtp_password": "hunter2"})
    with pytest.raises(ValueError, match="e-mail address"):
        EmailConfig.model_validate({**base, "imap_password": "env:P", "from_address": "support"})
    config = EmailConfig.model_validate({**base, "imap_password": "env:P", "from_address": "Support@Example.com"})
    assert config.public()["imap_password"] == "**********" and config.from_address == "support@example.com"
    assert (config.imap_port, config.imap_ssl, config.smtp_port, config.smtp_starttls) == (993, True, 587, True)


def test_notes_fields_and_webhooks_are_refused() -> None:
    connector = EmailConnector("mail", EmailConfig.model_validate({
        "imap_host": "127.0.0.1", "imap_port": 9, "imap_user": DESK, "imap_password": "env:P",
        "smtp_host": "127.0.0.1", "smtp_port": 9, "from_address": DESK}))
    assert not connector.supports_notes and not connector.supports_webhooks
    with pytest.raises(ConnectorError, match="no internal notes"):
        connector.add_note("x@y", "internal", idempotency_key="k")
    with pytest.raises(ConnectorError, match="no custom fields"):
        connector.update("x@y", fields={"priority": "high"})
    with pytest.raises(ConnectorError, match="unknown status"):
        connector.update("x@y", status="escalated")
    with pytest.raises(WebhookRejected):
        connector.verify_webhook({}, b"{}", now=0)


def test_imap_arguments_are_encoded() -> None:
    assert keyword("Grąžinimas") == "Grazinimas" and keyword("needs (review)") == "needs__review_"
    assert keyword("ąę") == "ae" and keyword("   ") is None and keyword("Привет") is None
    assert imap_date(datetime(2026, 3, 5, tzinfo=UTC)) == "05-Mar-2026"
    assert _utf7("Išsiųsti") == "I&AWE-si&AXM-sti" and _utf7("R&D") == "R&-D"
    key_hash = hashlib.sha256(b"reply:7:1").hexdigest()[:24]
    assert reply_message_id("reply:7:1", DESK) == f"deskpilot.{key_hash}@example.com"


# ---------------------------------------------------------------------------------------------------- servers


def _deliver_thread(mail: MailServers, *names: str) -> None:
    """Thread files into the desk's mailboxes: the desk's own reply into Sent, everything else into the inbox."""
    for name in names:
        raw = (THREAD / name).read_bytes()
        parsed = parse_mail(raw)
        mail.deliver(raw, mailbox="Sent" if parsed.sender == DESK else "INBOX", at=parsed.date, flags=(
            "(\\Seen)" if parsed.sender == DESK else ""))


def test_threads_are_assembled_from_the_inbox_and_the_sent_mailbox(mail: MailServers,
                                                                  settings: dict[str, Any]) -> None:
    _deliver_thread(mail, "01-question.eml", "02-reply.eml", "03-follow-up.eml", "04-thanks.eml",
                    "05-same-subject.eml", "06-orphan-reply.eml")
    connector = _connector(settings)
    page = connector.fetch(None, since=NOW - timedelta(days=30))
    by_id = {c.external_id: c for c in page.conversations}
    assert set(by_id) == {ROOT, "tomas-0001@example.com", "greta-0002@example.com"} and not page.more
    thread = by_id[ROOT]
    assert [m.external_id for m in thread.messages] == [ROOT, REPLY, FOLLOW, THANKS]
    assert [m.author_role for m in thread.messages] == ["customer", "agent", "customer", "customer"]
    assert thread.status == "open" and thread.customer.name == "Lina Vaitkute"  # the customer wrote last
    assert connector.get(ROOT).messages == thread.messages
    with pytest.raises(ConnectorError, match="no e-mail thread"):
        connector.get("nobody@example.com")


def test_a_reply_whose_references_are_partial_joins_its_thread(mail: MailServers, settings: dict[str, Any]) -> None:
    _deliver_thread(mail, "01-question.eml", "02-reply.eml")
    connector = _connector(settings)
    first = connector.fetch(None, since=NOW - timedelta(days=30))
    _deliver_thread(mail, "03-follow-up.eml")  # References: only the desk's reply, which is in Sent
    later = connector.fetch(first.cursor)
    [conversation] = later.conversations
    assert conversation.external_id == ROOT and conversation.messages[-1].external_id == FOLLOW
    assert conversation.status == "open"


def test_recorded_messages_read_back_through_imap(mail: MailServers, settings: dict[str, Any]) -> None:
    names = ["lithuanian-iso-8859-13.eml", "lithuanian-no-charset.eml", "windows-1252.eml",
             "windows-1252-declared-utf-8.eml", "html-only.eml", "attachments.eml"]
    for name in names:
        mail.deliver(_payload(name), at=NOW)
    mail.deliver(b"From: Old Client <old@example.net>\r\nSubject: no id\r\n\r\nA message without a Message-ID.\r\n")
    page = _connector(settings).fetch(None)
    bodies = {c.customer.email: c.messages[0].body for c in page.conversations}
    assert len(page.conversations) == len(names) + 1
    assert bodies["old@example.net"] == "A message without a Message-ID."
    assert "mokėjau prieš dvi savaites" in bodies["zydrune.simkute@pastas.lt"]
    assert "sąskaitą faktūrą" in bodies["jonas.petrauskas@pastas.lt"]
    assert "49,90 € pour la commande « W2001 »" in bodies["helene.duboeuf@example.fr"]
    assert "beschädigt – der Karton" in bodies["j.weiss@example.de"]
    assert "- Blue running shoes (size 42)" in bodies["sam.oneil@example.com"]
    assert bodies["ruta@example.lt"].endswith("[attachment: order.txt (text/plain, 15 bytes)]")
    lamp = next(c for c in page.conversations if c.customer.email == "ruta@example.lt")
    assert [a["name"] for a in lamp.metadata["attachments"]] == ["image001.png", "sąskaita-W9090.pdf", "order.txt"]
    lithuanian = next(c for c in page.conversations if c.customer.email == "zydrune.simkute@pastas.lt")
    assert lithuanian.customer.name == "Žydrūnė Šimkutė" and lithuanian.subject == "Užsakymas W1234 neatvyko"


def test_a_reply_carries_threading_headers_as_the_smtp_server_received_them(mail: MailServers,
                                                                            settings: dict[str, Any]) -> None:
    _deliver_thread(mail, "01-question.eml", "02-reply.eml", "03-follow-up.eml")
    connector = _connector(settings)
    ref = connector.post_reply(ROOT, "We asked the carrier; it leaves today.", idempotency_key="reply:42:1")
    expected_id = f"deskpilot.{hashlib.sha256(b'reply:42:1').hexdigest()[:24]}@example.com"
    assert ref == expected_id
    [sent] = mail.received
    message = sent.message
    assert sent.mail_from == DESK and sent.rcpt_tos == ["lina.v@example.com", DESK]  # the Bcc to the desk
    assert message["Message-ID"] == f"<{expected_id}>"
    assert message["In-Reply-To"] == f"<{FOLLOW}>"
    assert message["References"].split() == [f"<{ROOT}>", f"<{REPLY}>", f"<{FOLLOW}>"]
    assert message["Subject"] == "Re: Where is my order W0?" and "Bcc" not in message
    assert message["From"] == "Example Support <support@example.com>"
    assert message["To"] == "Lina Vaitkute <lina.v@example.com>"
    assert message.get_content().strip() == "We asked the carrier; it leaves today."
    assert mail.public_replies(ROOT) == ["We asked the carrier; it leaves today."]
    assert "\\Answered" in mail.flags(FOLLOW)
    assert [m["Message-ID"] for m in mail.mailbox_messages("Sent")] == [f"<{REPLY}>", f"<{expected_id}>"]
    assert connector.post_reply(ROOT, "We asked the carrier; it leaves today.",
                                idempotency_key="reply:42:1") == expected_id
    assert len(mail.received) == 1
    thread = connector.get(ROOT)
    assert thread.messages[-1].external_id == expected_id and thread.messages[-1].author_role == "agent"
    assert thread.status == "solved"


def test_a_reply_to_a_non_ascii_subject_and_name_is_encoded(mail: MailServers, settings: dict[str, Any]) -> None:
    mail.deliver(_payload("lithuanian-iso-8859-13.eml"), at=NOW)
    root = "000a01db3b2f$5c1e2d40$145a87c0$@pastas.lt"
    _connector(settings).post_reply(root, "Laba diena, siunta išsiųsta šiandien.", idempotency_key="k-lt")
    message = mail.received[0].message
    assert message["Subject"] == "Re: Užsakymas W1234 neatvyko"
    assert message["To"] == "Žydrūnė Šimkutė <zydrune.simkute@pastas.lt>"
    assert b"=?utf-8?" in mail.received[0].data  # headers are RFC 2047 encoded on the wire
    assert message.get_content().strip() == "Laba diena, siunta išsiųsta šiandien."


def test_a_permanent_smtp_refusal_is_not_retried(mail: MailServers, settings: dict[str, Any]) -> None:
    mail.seed("2000", "Hello?", email="ana@example.com", created_at=NOW)
    connector = _connector(settings)
    mail.fail_writes(1, status=400)
    with pytest.raises(ConnectorError, match="554") as refused:
        connector.post_reply("2000", "Answer.", idempotency_key="k-perm")
    assert not refused.value.retryable and mail.received == [] and mail.public_replies("2000") == []


def test_wrong_passwords_are_reported(mail: MailServers, settings: dict[str, Any],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    mail.seed("2001", "Hello?", email="ana@example.com", created_at=NOW)
    monkeypatch.setenv("WRONG", "not-the-password")
    assert "INBOX: 1 message(s)" in _connector(settings).check()
    with pytest.raises(ConnectorError, match="login refused") as smtp_refused:
        _connector(settings, smtp_password="env:WRONG").post_reply("2001", "Hi.", idempotency_key="k")
    assert not smtp_refused.value.retryable and mail.received == []
    with pytest.raises(ConnectorError, match="login") as imap_refused:  # last: dovecot delays the next logins
        _connector(settings, imap_password="env:WRONG").fetch(None)
    assert not imap_refused.value.retryable


def test_status_and_tags_are_flags_and_keywords(mail: MailServers, settings: dict[str, Any]) -> None:
    mail.seed("3000", "Refund please.", email="ana@example.com", created_at=NOW)
    connector = _connector(settings)
    assert connector.get("3000").status == "new"
    connector.update("3000", status="solved", tags=["deskpilot", "Grąžinimas"])
    assert {"\\Seen", "\\Answered", "deskpilot", "Grazinimas"} <= mail.flags("3000")
    assert mail.tags("3000") == ["Grazinimas", "deskpilot"] and mail.status("3000") == "\\Answered \\Seen"
    assert connector.get("3000").tags == ["Grazinimas", "deskpilot"]
    connector.update("3000", status="open")
    assert mail.status("3000") == "\\Seen" and connector.get("3000").status == "open"
    with pytest.raises(ConnectorError, match="no e-mail thread|no message"):
        connector.update("nobody@example.com", status="solved")


def test_the_first_sync_reads_since_a_moment_and_then_only_new_mail(mail: MailServers,
                                                                    settings: dict[str, Any]) -> None:
    mail.seed("4000", "Old question.", email="old@example.com", created_at=NOW - timedelta(days=40))
    connector = _connector(settings)
    empty = connector.fetch(None, since=NOW - timedelta(days=1))
    assert empty.conversations == [] and empty.cursor is not None and empty.cursor.endswith(":1")
    mail.seed("4001", "New question.", email="new@example.com", created_at=NOW)
    later = connector.fetch(empty.cursor)
    assert [c.external_id for c in later.conversations] == ["4001"] and later.cursor.endswith(":2")  # type: ignore[union-attr]
    assert connector.fetch(later.cursor).conversations == []


def test_a_changed_uidvalidity_restarts_the_cursor(mail: MailServers, settings: dict[str, Any]) -> None:
    for n in range(2):
        mail.seed(f"500{n}", f"Question {n}.", email=f"c{n}@example.com", created_at=NOW)
    connector = _connector(settings)
    first = connector.fetch(None, since=NOW - timedelta(days=1))
    validity = first.cursor.split(":")[0]  # type: ignore[union-attr]
    assert first.cursor == f"{validity}:2" and connector.fetch(first.cursor).conversations == []
    new_validity = mail.reset_uidvalidity()
    again = connector.fetch(first.cursor)
    assert {c.external_id for c in again.conversations} == {"5000", "5001"}  # read again: UIDs meant nothing
    assert again.cursor == f"{new_validity}:2"
    assert connector.fetch(again.cursor).conversations == []
