"""The Freshdesk connector against a local server speaking Freshdesk's API v2 wire format."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from deskpilot.connectors.base import ConnectorError, WebhookRejected
from deskpilot.connectors.freshdesk import (
    FreshdeskConfig,
    FreshdeskConnector,
    Position,
    RateLimit,
    marker_token,
    triggered_event,
)
from deskpilot.services.connectors import ConnectorService, ConnectorSettingsError
from deskpilot.testing.connectors import INSTANCE, ConnectorContract
from deskpilot.testing.vendors.freshdesk import FreshdeskServer, freshdesk_server

PAYLOADS = Path(__file__).parent / "payloads" / "freshdesk"


def recorded(name: str) -> Any:
    """A recorded Freshdesk payload."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


def signed(secret: str, body: bytes, at: datetime, delivery: str | None = None) -> dict[str, str]:
    """The deskpilot signature headers for a webhook body."""
    timestamp = str(int(at.timestamp()))
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    headers = {"X-Deskpilot-Timestamp": timestamp, "X-Deskpilot-Signature": f"v1={digest}"}
    return {**headers, "X-Deskpilot-Delivery": delivery} if delivery else headers


class TestFreshdesk(ConnectorContract):
    kind = "freshdesk"

    @pytest.fixture
    def vendor(self) -> Iterator[FreshdeskServer]:
        with freshdesk_server() as server:
            yield server

    @pytest.fixture
    def connector_settings(self, vendor: FreshdeskServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
        monkeypatch.setenv("FD_API_KEY", vendor.api_key)
        monkeypatch.setenv("FD_WEBHOOK_SECRET", vendor.webhook_secret)
        return {"base_url": vendor.base_url, "api_key": "env:FD_API_KEY", "webhook_secret": "env:FD_WEBHOOK_SECRET",
                "per_page": 2, "timeout_s": 5, "custom_field_names": {"order_id": "cf_order_number"}}

    @pytest.fixture
    def connector(self, connector_settings: dict[str, object]) -> FreshdeskConnector:
        connector = FreshdeskConnector(INSTANCE, FreshdeskConfig.model_validate(connector_settings))
        connector.http.sleep = lambda _: None
        return connector

    # mapping of recorded payloads

    def test_a_recorded_ticket_and_its_conversations_map_into_a_conversation(self,
                                                                            connector: FreshdeskConnector) -> None:
        conversation = connector.to_generic(recorded("ticket.json"), recorded("conversations.json"))
        assert conversation.source == INSTANCE and conversation.external_id == "4711"
        assert conversation.status == "pending" and conversation.channel == "email"
        assert conversation.subject == "Order W1234 arrived damaged" and conversation.category == "Problem"
        assert conversation.tags == ["damaged", "orders"]
        customer = conversation.customer
        assert (customer.external_id, customer.name, customer.email, customer.phone) == (
            "60012345678", "Ana López", "ana.lopez@example.com", "+34 600 123 456")
        first, agent, reply, note, ours = conversation.messages
        assert first.author_role == "customer" and first.external_id == "description"
        assert first.body.startswith("Hello, my order W1234") and first.created_at == datetime(
            2026, 11, 18, 8, 15, 2, tzinfo=UTC)
        assert "[attachment: lid.jpg (image/jpeg, 48213 bytes)]" in first.body
        assert agent.author_role == "agent" and agent.author_name == "Marta Ruiz" and agent.public
        assert reply.author_role == "customer" and reply.author_name == "Ana López"
        assert reply.body.splitlines() == ["No leak, only the lid. Second photo attached.",
                                           "[attachment: lid-2.png (image/png, 150022 bytes)]"]
        assert note.author_role == "agent" and not note.public and "batch 77" in note.body
        assert ours.author_role == "ai" and ours.public and ours.external_id == "conversation:60098760004"
        assert ours.body == "A replacement lid ships today; no need to return anything."
        assert all(m.created_at.tzinfo is not None for m in conversation.messages)
        meta = conversation.metadata["freshdesk"]
        assert meta["priority"] == "high" and meta["source"] == "email" and meta["group_id"] == 60000098765
        assert meta["custom_fields"] == {"order_id": "W1234", "cf_refund_reason": None}

    def test_the_server_answers_in_the_recorded_shapes(self, vendor: FreshdeskServer,
                                                       connector: FreshdeskConnector) -> None:
        vendor.seed("77", "Where is my parcel?", email="bo@example.com", created_at=self.now)
        vendor.add_customer_message("77", "Hello?", at=self.now + timedelta(minutes=1))
        ticket = connector.http.json("GET", "/api/v2/tickets/77", params={"include": "requester"})
        entries = connector.http.json("GET", "/api/v2/tickets/77/conversations")
        assert set(ticket) == set(recorded("ticket.json"))
        assert set(ticket["requester"]) == set(recorded("ticket.json")["requester"])
        assert set(entries[0]) == set(recorded("conversations.json")[0])
        _, body = vendor.signed_webhook("77", delivery_id="d-1", at=self.now)
        webhook = json.loads(body)["freshdesk_webhook"]
        assert set(webhook) == set(recorded("webhook_ticket_created.json")["freshdesk_webhook"])

    def test_a_recorded_ticket_read_over_the_wire_maps_the_same(self, vendor: FreshdeskServer,
                                                                connector: FreshdeskConnector) -> None:
        vendor.load(recorded("ticket.json"), recorded("conversations.json"))
        assert connector.get("4711") == connector.to_generic(recorded("ticket.json"), recorded("conversations.json"))

    def test_a_ticket_with_no_agent_answer_is_new_and_an_outbound_email_is_opened_by_an_agent(
            self, connector: FreshdeskConnector) -> None:
        ticket = {**recorded("ticket.json"), "status": 2}
        assert connector.to_generic(ticket, []).status == "new"
        assert connector.to_generic(ticket, recorded("conversations.json")[:1]).status == "open"
        outbound = connector.to_generic({**ticket, "source": 10}, [])
        assert outbound.messages[0].author_role == "agent" and outbound.status == "open"
        assert connector.to_generic({**ticket, "status": 6}, []).status == "pending"  # a custom status

    # reading

    def test_pagination_follows_several_pages_and_the_cursor_resumes(self, vendor: FreshdeskServer,
                                                                     connector: FreshdeskConnector) -> None:
        for n in range(7):
            vendor.seed(str(500 + n), f"Question {n}?", email=f"c{n}@example.com",
                        created_at=self.now - timedelta(minutes=30 - n))
        first = connector.fetch(None, since=self.now - timedelta(hours=1))
        assert [c.external_id for c in first.conversations] == ["500", "501"] and first.more
        assert first.cursor is not None
        resumed = FreshdeskConnector(INSTANCE, connector.settings)  # a new process resumes from the stored cursor
        resumed.http.sleep = lambda _: None
        seen, pages = [c.external_id for c in first.conversations], 1
        cursor: str | None = first.cursor
        while True:
            page = resumed.fetch(cursor)
            seen += [c.external_id for c in page.conversations]
            cursor, pages = page.cursor, pages + 1
            if not page.more:
                break
        assert pages >= 4 and set(seen) == {str(500 + n) for n in range(7)}
        listing = [r for r in vendor.received if r.path == "/api/v2/tickets"]
        assert all(r.query["order_by"] == "updated_at" and r.query["order_type"] == "asc" for r in listing)
        assert all(r.query["per_page"] == "2" and r.query["include"] == "requester,description" for r in listing)
        assert listing[0].query["updated_since"] == "2026-11-20T08:00:00Z"
        assert cursor is not None and Position.parse(cursor).since == self.now - timedelta(minutes=24, seconds=1)

    def test_tickets_changed_in_the_same_second_are_paged_by_number(self, vendor: FreshdeskServer,
                                                                    connector: FreshdeskConnector) -> None:
        for n in range(5):
            vendor.seed(str(600 + n), f"Same second {n}?", email=f"s{n}@example.com", created_at=self.now)
        since = self.now - timedelta(seconds=1)
        seen, cursor = [], Position(since).encode()
        pages = []
        while True:
            page = connector.fetch(cursor)
            seen += [c.external_id for c in page.conversations]
            pages.append(Position.parse(cursor).page)
            cursor = page.cursor or ""
            if not page.more:
                break
        assert seen == [str(600 + n) for n in range(5)] and pages == [1, 2, 3]
        assert Position.parse(cursor) == Position(since, 1)

    def test_every_conversation_page_of_a_long_ticket_is_read(self, vendor: FreshdeskServer,
                                                               connector: FreshdeskConnector) -> None:
        vendor.seed("900", "Long thread?", email="long@example.com", created_at=self.now)
        for n in range(120):
            vendor.add_agent_reply("900", f"Update {n}", at=self.now + timedelta(minutes=n), private=n % 2 == 1)
        conversation = connector.get("900")
        assert len(conversation.messages) == 121 and conversation.messages[-1].body == "Update 119"
        assert sum(not m.public for m in conversation.messages) == 60

    def test_a_cursor_that_is_not_freshdesk_s_is_refused(self, connector: FreshdeskConnector) -> None:
        with pytest.raises(ConnectorError):
            connector.fetch("page=2")
        assert Position.parse(Position(self.now, 3).encode()) == Position(self.now, 3)

    def test_a_wrong_api_key_is_an_authentication_error(self, vendor: FreshdeskServer,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        connector_settings: dict[str, object]) -> None:
        monkeypatch.setenv("FD_API_KEY", "not-the-key")
        connector = FreshdeskConnector(INSTANCE, FreshdeskConfig.model_validate(connector_settings))
        with pytest.raises(ConnectorError) as failure:
            connector.check()
        assert failure.value.status == 401 and "invalid_credentials" in str(failure.value)

    # rate limits

    def test_the_rate_limit_headers_are_kept_and_an_exhausted_budget_waits_for_retry_after(
            self, vendor: FreshdeskServer, connector: FreshdeskConnector) -> None:
        vendor.seed("1", "Hi?", email="a@example.com", created_at=self.now)
        assert connector.check() == "authenticated as marta@acme.example; 699/700 API calls left"
        assert connector.rate_limit == RateLimit(total=700, remaining=699, used=1)
        connector.fetch(None, since=self.now - timedelta(hours=1))
        assert connector.rate_limit is not None and connector.rate_limit.remaining == 699 - 5 - 1
        vendor.set_rate_limit(700, 0)
        waits: list[float] = []

        def pause(seconds: float) -> None:
            waits.append(seconds)
            vendor.set_rate_limit(700, 700)  # the next minute starts

        connector.http.sleep = pause
        assert connector.get("1").external_id == "1"
        assert waits == [30.0] and connector.rate_limit.remaining == 700 - 2 - 1  # view with requester, conversations

    # writing

    def test_replies_are_escaped_html_carrying_the_marker(self, vendor: FreshdeskServer,
                                                          connector: FreshdeskConnector) -> None:
        vendor.seed("5", "Hi?", email="a@example.com", created_at=self.now)
        ref = connector.post_reply("5", "Use <b>code</b> & save.\n\nBye", idempotency_key="reply:5:1")
        sent = [r for r in vendor.received if r.method == "POST"][0]
        token = marker_token("reply:5:1")
        assert sent.path == "/api/v2/tickets/5/reply" and set(sent.body) == {"body"}
        assert sent.body["body"] == (f'<div class="deskpilot-ref {token}"><p>Use &lt;b&gt;code&lt;/b&gt; &amp; '
                                     f"save.</p><p>Bye</p></div><!-- deskpilot-ref {token} -->")
        assert vendor.public_replies("5") == ["Use <b>code</b> & save.\n\nBye"]
        assert connector.post_reply("5", "Use <b>code</b> & save.\n\nBye", idempotency_key="reply:5:1") == ref
        note = connector.add_note("5", "Internal.", idempotency_key="reply:5:1")  # a note is never a reply
        assert note != ref and vendor.notes("5") == ["Internal."]
        assert [r.body for r in vendor.received if r.path.endswith("/notes")][0]["private"] is True

    def test_quoted_deskpilot_replies_are_neither_deskpilot_s_nor_taken_for_an_earlier_write(
            self, vendor: FreshdeskServer, connector: FreshdeskConnector) -> None:
        vendor.seed("8", "Hi?", email="a@example.com", created_at=self.now)
        ref = connector.post_reply("8", "Reset it from the app.", idempotency_key="k-8")
        ours = vendor.conversations[8][0]["body"]
        quoted = f'<div>Did not work.</div><div class="freshdesk_quote"><blockquote>{ours}</blockquote></div>'
        later = datetime.now(UTC)  # the server stamps writes with the wall clock
        vendor.add_customer_message("8", "Did not work.", at=later + timedelta(hours=1), markup=quoted)
        vendor.add_agent_reply("8", "", at=later + timedelta(hours=2),
                               markup=f"<div>Try again please.</div><blockquote>{ours}</blockquote>")
        roles = [m.author_role for m in connector.get("8").messages]
        assert roles == ["customer", "ai", "customer", "agent"]
        assert connector.post_reply("8", "Reset it from the app.", idempotency_key="k-8") == ref
        assert len(vendor.public_replies("8")) == 2

    def test_a_ticket_deleted_while_a_page_is_read_is_skipped(self, vendor: FreshdeskServer,
                                                              connector: FreshdeskConnector) -> None:
        for n in range(2):
            vendor.seed(str(70 + n), "Hi?", email=f"d{n}@example.com", created_at=self.now + timedelta(minutes=n))

        def delete_after_listing(response: Any) -> None:
            if response.request.url.path == "/api/v2/tickets":
                vendor.delete("70")

        connector.http.client.event_hooks["response"].append(delete_after_listing)
        page = connector.fetch(None, since=self.now - timedelta(hours=1))
        assert [c.external_id for c in page.conversations] == ["71"]
        assert page.cursor is not None and Position.parse(page.cursor).since > self.now

    def test_update_sets_status_priority_type_and_custom_fields_and_keeps_tags(
            self, vendor: FreshdeskServer, connector: FreshdeskConnector) -> None:
        vendor.seed("6", "Hi?", email="a@example.com", created_at=self.now)
        vendor.tickets[6]["tags"] = ["vip"]
        connector.update("6", status="pending", tags=["deskpilot", "vip"],
                         fields={"priority": "urgent", "type": "Question", "order_id": "W9"})
        ticket = vendor.tickets[6]
        assert ticket["status"] == 3 and ticket["priority"] == 4 and ticket["type"] == "Question"
        assert ticket["tags"] == ["vip", "deskpilot"] and ticket["custom_fields"]["cf_order_number"] == "W9"
        connector.update("6", status="closed")
        assert vendor.status("6") == "closed"
        with pytest.raises(ConnectorError) as failure:
            connector.update("6", fields={"cf_unknown": 1})
        assert failure.value.status == 400 and "invalid_field" in str(failure.value)
        with pytest.raises(ConnectorError):
            connector.update("6", status="escalated")
        with pytest.raises(ConnectorError):
            connector.update("../6", status="open")

    # webhooks

    def test_recorded_webhooks_name_their_ticket_or_none(self, vendor: FreshdeskServer,
                                                        connector: FreshdeskConnector) -> None:
        now = self.now.timestamp()
        created = (PAYLOADS / "webhook_ticket_created.json").read_bytes()
        headers = signed(vendor.webhook_secret, created, self.now)
        connector.verify_webhook(headers, created, now=now)
        event = connector.parse_webhook(headers, created)
        assert event.kind == "ticket_action:created" and event.external_ids == ["4711"]
        assert event.delivery_id.startswith("fd-") and event.delivery_id == connector.parse_webhook(
            headers, created).delivery_id
        other = (PAYLOADS / "webhook_unprocessed_event.json").read_bytes()
        unprocessed = connector.parse_webhook(signed(vendor.webhook_secret, other, self.now, "d-9"), other)
        assert unprocessed.kind == "customer_feedback:received" and unprocessed.external_ids == []
        assert unprocessed.delivery_id == "d-9"

    def test_an_event_deskpilot_does_not_follow_is_accepted_but_names_no_conversation(
            self, vendor: FreshdeskServer, db: Any, service: ConnectorService) -> None:
        vendor.seed("1000", "Hello?", email="a@example.com", created_at=self.now)
        headers, body = vendor.signed_webhook("1000", delivery_id="fb-1", at=self.now,
                                              event="{customer_feedback:received}")
        receipt = service.receive_webhook(INSTANCE, headers, body)
        assert not receipt.duplicate and receipt.job_id is not None and receipt.external_ids == []
        with db.uow() as uow:
            job = uow.jobs.get(receipt.job_id)
            assert service.process_webhook(uow, job.payload) == 0
        headers, body = vendor.signed_webhook("1000", delivery_id="st-1", at=self.now,
                                              event="{status:{from:2,to:4}}")
        assert service.receive_webhook(INSTANCE, headers, body).external_ids == ["1000"]

    def test_webhooks_without_a_valid_signature_or_ticket_are_refused(self, vendor: FreshdeskServer,
                                                                      connector: FreshdeskConnector,
                                                                      connector_settings: dict[str, object]) -> None:
        body = (PAYLOADS / "webhook_ticket_created.json").read_bytes()
        now = self.now.timestamp()
        with pytest.raises(WebhookRejected):
            connector.verify_webhook({}, body, now=now)
        future = signed(vendor.webhook_secret, body, self.now + timedelta(minutes=10))
        with pytest.raises(WebhookRejected):
            connector.verify_webhook(future, body, now=now)
        rotated = signed(vendor.webhook_secret, body, self.now)
        rotated["X-Deskpilot-Signature"] = "v1=" + "0" * 64 + ", " + rotated["X-Deskpilot-Signature"]
        connector.verify_webhook(rotated, body, now=now)
        unsigned = FreshdeskConnector(INSTANCE, FreshdeskConfig.model_validate(
            {**connector_settings, "webhook_secret": None}))
        with pytest.raises(WebhookRejected):
            unsigned.verify_webhook(signed(vendor.webhook_secret, body, self.now), body, now=now)
        for bad in (b"not json", b'{"freshdesk_webhook": {"ticket_id": "{{ticket.id}}"}}', b"[]"):
            with pytest.raises(WebhookRejected) as refused:
                connector.parse_webhook({}, bad)
            assert refused.value.status == 400

    def test_triggered_events_are_read(self) -> None:
        assert triggered_event("{ticket_action:created}") == ("ticket_action", "created")
        assert triggered_event("{status:{from:2,to:4}}") == ("status", "changed")
        assert triggered_event("{note_type:private}") == ("note_type", "private")
        assert triggered_event(None) == ("ticket_action", "updated")
        assert triggered_event("Ticket updated") == ("unknown", "unknown")

    # configuration

    def test_settings_refuse_raw_secrets_and_bad_values(self, db: Any, vendor: FreshdeskServer) -> None:
        service = ConnectorService(db)
        base = {"base_url": vendor.base_url, "api_key": "env:FD_API_KEY"}
        with pytest.raises(ConnectorSettingsError) as refused:
            service.add("fd", "freshdesk", {**base, "api_key": "abcdefgh12345678"}, actor="test")
        assert "abcdefgh" not in str(refused.value) and "api_key" in str(refused.value)
        for bad in ({"webhook_secret": "whsec-raw"}, {"base_url": "acme.freshdesk.com"}, {"per_page": 101},
                    {"timeout_s": 0}, {"password": "x"}):
            with pytest.raises(ValidationError):
                FreshdeskConfig.model_validate({**base, **bad})
        stored = service.add("fd", "freshdesk", base, actor="test")
        assert stored.settings["api_key"] == "env:FD_API_KEY"
        assert FreshdeskConfig.model_validate({**base, "base_url": "https://acme.freshdesk.com/"}).base_url == (
            "https://acme.freshdesk.com")
