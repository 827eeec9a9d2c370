"""The HubSpot connector against a local server speaking HubSpot's CRM wire format: the connector contract plus
HubSpot's own behaviour (recorded payloads, keyset paging over the search API, rate-limit headers, webhook
signature v3, pipeline stages and the tags property)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from deskpilot.connectors.base import ConnectorError, WebhookRejected
from deskpilot.connectors.hubspot import (
    HubSpotConfig,
    HubSpotConnector,
    SearchCursor,
    decoded_uri,
    idempotency_marker,
    signature_v3,
)
from deskpilot.services.connectors import ConnectorService, ConnectorSettingsError
from deskpilot.storage.database import Database
from deskpilot.testing.connectors import INSTANCE, ConnectorContract
from deskpilot.testing.vendors.hubspot import HubSpotServer, hubspot_server

PAYLOADS = Path(__file__).parent / "payloads" / "hubspot"


def payload(name: str) -> Any:
    """A recorded HubSpot payload."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


def load_recorded(vendor: HubSpotServer) -> None:
    """Put the recorded ticket 2071 with its emails, note and contact into the server."""
    vendor.load(payload("ticket.json"), emails=payload("emails_batch_read.json")["results"],
                notes=payload("notes_batch_read.json")["results"], contact=payload("contact.json"))


def connector_for(vendor: HubSpotServer, **overrides: Any) -> HubSpotConnector:
    """A connector built directly (no service), with sleeping turned off."""
    config = HubSpotConfig.model_validate({
        "base_url": vendor.base_url, "access_token": "env:DP_TEST_HUBSPOT_TOKEN",
        "client_secret": "env:DP_TEST_HUBSPOT_SECRET", "webhook_url": vendor.webhook_url,
        "tags_property": vendor.tags_property, "timeout_s": 5, **overrides})
    connector = HubSpotConnector("hubspot-direct", config)
    connector.http.sleep = lambda _: None
    return connector


def keys(data: Any) -> set[str]:
    """Top-level keys of an object."""
    return set(data) if isinstance(data, dict) else set()


class TestHubSpot(ConnectorContract):
    kind = "hubspot"

    @pytest.fixture
    def vendor(self) -> Iterator[HubSpotServer]:
        with hubspot_server() as server:
            yield server

    @pytest.fixture
    def connector_settings(self, vendor: HubSpotServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
        monkeypatch.setenv("DP_TEST_HUBSPOT_TOKEN", vendor.access_token)
        monkeypatch.setenv("DP_TEST_HUBSPOT_SECRET", vendor.client_secret)
        return {"base_url": vendor.base_url, "access_token": "env:DP_TEST_HUBSPOT_TOKEN",
                "client_secret": "env:DP_TEST_HUBSPOT_SECRET", "webhook_url": vendor.webhook_url,
                "tags_property": vendor.tags_property, "timeout_s": 5}

    # recorded payloads

    def test_a_recorded_ticket_is_mapped(self, vendor: HubSpotServer, service: ConnectorService) -> None:
        load_recorded(vendor)
        conversation = service.connector(INSTANCE).get("2071")
        assert conversation.source == INSTANCE and conversation.external_id == "2071"
        assert conversation.subject == "Damaged parcel - order W-5521" and conversation.channel == "email"
        assert conversation.status == "open"  # stage 3, "waiting on us"
        assert conversation.created_at == datetime(2026, 11, 18, 14, 2, 11, 482000, tzinfo=UTC)
        assert conversation.tags == ["shipping", "damaged"]
        assert conversation.metadata == {"hubspot": {"priority": "HIGH", "pipeline_stage": "3"}}
        customer = conversation.customer
        assert (customer.external_id, customer.name, customer.email, customer.phone) == (
            "contact-30551", "María López", "maria.lopez@example.org", "+34 612 345 678")
        messages = conversation.messages
        assert [m.external_id for m in messages] == ["email-51873391245", "note-51873498811", "email-51873520017",
                                                     "email-51880114302"]
        assert [m.author_role for m in messages] == ["customer", "agent", "agent", "customer"]
        assert [m.public for m in messages] == [True, False, True, True]
        first = messages[0]
        assert "my order W-5521 arrived today" in first.body and "<b>" not in first.body
        assert first.body.endswith("[attachment: HubSpot file 188230411]\n[attachment: HubSpot file 188230412]")
        assert first.author_name == "María López" and first.created_at.tzinfo is not None
        assert messages[1].body.startswith("Carrier claim opened: DPD-88213.")
        assert "[attachment: HubSpot file 188230990]" in messages[1].body
        assert messages[2].body.startswith("Hi María,") and messages[2].author_name == "Sam Carter"

    def test_the_server_answers_in_the_recorded_shapes(self, vendor: HubSpotServer) -> None:
        load_recorded(vendor)
        headers = {"Authorization": f"Bearer {vendor.access_token}"}
        recorded_ticket = payload("ticket.json")
        wanted = ",".join(recorded_ticket["properties"])
        with httpx.Client(base_url=vendor.base_url, headers=headers) as client:
            ticket = client.get("/crm/v3/objects/tickets/2071", params={"properties": wanted}).json()
            search = client.post("/crm/v3/objects/tickets/search", json={
                "limit": 1, "properties": list(recorded_ticket["properties"])}).json()
            emails = client.post("/crm/v3/objects/emails/batch/read", json={
                "inputs": [{"id": "51873391245"}], "properties": ["hs_email_text"]}).json()
            links = client.get("/crm/v4/objects/tickets/2071/associations/emails").json()
            contact = client.get("/crm/v3/objects/contacts/30551",
                                 params={"properties": "email,firstname,lastname,phone"}).json()
        assert ticket == recorded_ticket
        assert keys(search) == keys(payload("search_tickets.json")) - {"paging"}  # one ticket: no next page
        assert keys(search["results"][0]) == keys(recorded_ticket)
        assert keys(emails) == keys(payload("emails_batch_read.json"))
        assert keys(links) == keys(payload("associations_emails.json"))
        assert links["results"] == payload("associations_emails.json")["results"]
        assert keys(contact["properties"]) == keys(payload("contact.json")["properties"])

    def test_a_ticket_without_emails_opens_with_its_description(self, vendor: HubSpotServer,
                                                                service: ConnectorService) -> None:
        ticket = payload("ticket.json")
        ticket["properties"].update(source_type="FORM", content="<p>The app <em>crashes</em> at login.</p>")
        vendor.load(ticket)
        conversation = service.connector(INSTANCE).get("2071")
        assert conversation.channel == "web_form" and conversation.customer.external_id == "ticket-2071"
        assert [(m.external_id, m.author_role, m.body) for m in conversation.messages] == [
            ("ticket-2071", "customer", "The app crashes at login.")]

    # reading

    def test_pagination_follows_the_last_change_and_pages_through_ties(self, vendor: HubSpotServer,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DP_TEST_HUBSPOT_TOKEN", vendor.access_token)
        for n in range(5):  # five distinct changes, then four tickets changed in the same millisecond
            vendor.seed(str(3000 + n), f"Question {n}?", email=f"c{n}@example.com",
                        created_at=self.now - timedelta(hours=10 - n))
        for n in range(4):
            vendor.seed(str(4000 + n), f"Tied {n}?", email=f"t{n}@example.com", created_at=self.now)
        connector = connector_for(vendor, page_size=2)
        seen: list[str] = []
        cursor, pages = None, 0
        while True:
            page = connector.fetch(cursor, since=self.now - timedelta(days=1))
            seen += [c.external_id for c in page.conversations]
            cursor, pages = page.cursor, pages + 1
            if not page.more:
                break
            assert pages < 30
        assert set(seen) == {*(str(3000 + n) for n in range(5)), *(str(4000 + n) for n in range(4))}
        assert pages >= 5
        searches = [body for method, path, body in vendor.requests if path.endswith("/tickets/search")]
        assert any("after" in body for body in searches)  # the tied tickets were paged with `after`
        assert cursor is not None and SearchCursor.decode(cursor) == SearchCursor(
            int(self.now.timestamp() * 1000))
        reread: set[str] = set()
        while True:  # the next sync reads again only the tickets of the last millisecond seen
            page = connector.fetch(cursor)
            reread |= {c.external_id for c in page.conversations}
            cursor = page.cursor
            if not page.more:
                break
        assert reread == {str(4000 + n) for n in range(4)}

    def test_the_search_filters_and_sorts_on_the_last_modification(self, vendor: HubSpotServer,
                                                                   service: ConnectorService) -> None:
        self._seed(vendor, 1)
        service.connector(INSTANCE).fetch(None, since=self.now - timedelta(days=1))
        body = next(b for m, p, b in vendor.requests if p.endswith("/tickets/search"))
        assert body["filterGroups"] == [{"filters": [{
            "propertyName": "hs_lastmodifieddate", "operator": "GTE",
            "value": str(int((self.now - timedelta(days=1)).timestamp() * 1000))}]}]
        assert body["sorts"] == [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}]
        assert {"subject", "content", "hs_pipeline_stage", "hs_ticket_priority", "createdate",
                "hs_lastmodifieddate", "deskpilot_tags"} <= set(body["properties"])

    def test_check_makes_one_cheap_search(self, vendor: HubSpotServer, service: ConnectorService) -> None:
        self._seed(vendor, 2)
        assert service.check(INSTANCE) == "HubSpot answered: 2 ticket(s) visible"
        assert [p for _, p, _ in vendor.requests] == ["/crm/v3/objects/tickets/search"]

    def test_requests_without_the_token_are_refused_in_hubspot_error_shape(self, vendor: HubSpotServer) -> None:
        response = httpx.post(f"{vendor.base_url}/crm/v3/objects/tickets/search", json={})
        assert response.status_code == 401
        assert keys(response.json()) == {"status", "message", "correlationId", "category"}
        assert response.json()["category"] == "INVALID_AUTHENTICATION"

    def test_a_wrong_token_fails_the_call(self, vendor: HubSpotServer, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DP_TEST_HUBSPOT_TOKEN", "pat-na1-revoked")
        with pytest.raises(ConnectorError) as failure:
            connector_for(vendor).check()
        assert failure.value.status == 401 and "INVALID_AUTHENTICATION" in str(failure.value)

    # writing

    def test_a_429_without_retry_after_waits_one_rate_limit_window(self, vendor: HubSpotServer,
                                                                   service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        connector = service.connector(INSTANCE)
        waits: list[float] = []
        connector.http.sleep = waits.append  # type: ignore[attr-defined]
        vendor.fail_writes(1, status=429)  # X-HubSpot-RateLimit-Interval-Milliseconds: 10000, Remaining: 0
        connector.add_note(external_id, "Rate limited once.", idempotency_key="k-429")
        assert waits == [10.0] and vendor.notes(external_id) == ["Rate limited once."]
        assert keys(payload("error_rate_limit.json")) >= {"status", "message", "correlationId", "category"}

    def test_writes_carry_the_documented_association_and_a_hidden_marker(self, vendor: HubSpotServer,
                                                                        service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        connector = service.connector(INSTANCE)
        reference = connector.post_reply(external_id, "Line one\n\nLine <two>", idempotency_key="k-html")
        assert connector.post_reply(external_id, "Line one\n\nLine <two>", idempotency_key="k-html") == reference
        create = next(b for m, p, b in vendor.requests if m == "POST" and p == "/crm/v3/objects/emails")
        assert create["associations"] == [{"to": {"id": external_id}, "types": [
            {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 224}]}]
        properties = create["properties"]
        assert properties["hs_email_direction"] == "EMAIL" and properties["hs_email_text"] == "Line one\n\nLine <two>"
        assert properties["hs_email_html"] == "<p>Line one</p><p>Line &lt;two&gt;</p>" + idempotency_marker("k-html")
        assert properties["hs_timestamp"].isdigit()
        assert reference.startswith("email-") and vendor.public_replies(external_id) == ["Line one\n\nLine <two>"]
        connector.add_note(external_id, "Internal.", idempotency_key="k-note")
        note = next(b for m, p, b in vendor.requests if m == "POST" and p == "/crm/v3/objects/notes")
        assert note["associations"][0]["types"][0]["associationTypeId"] == 228

    def test_update_maps_the_status_adds_tags_and_sets_properties(self, vendor: HubSpotServer,
                                                                  service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        connector = service.connector(INSTANCE)
        connector.update(external_id, status="pending", tags=["vip"])
        connector.update(external_id, tags=["orders", "vip"], fields={"hs_ticket_priority": "HIGH"})
        assert vendor.status(external_id) == "2" and vendor.tags(external_id) == ["vip", "orders"]
        assert connector.get(external_id).metadata["hubspot"]["priority"] == "HIGH"
        assert connector.get(external_id).status == "pending"
        with pytest.raises(ConnectorError, match="contain one"):
            connector.update(external_id, tags=["a;b"])

    def test_tags_need_a_tags_property(self, vendor: HubSpotServer, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DP_TEST_HUBSPOT_TOKEN", vendor.access_token)
        self._seed(vendor, 1)
        connector = connector_for(vendor, tags_property=None, status_stages={"solved": "4"})
        with pytest.raises(ConnectorError, match="tags_property"):
            connector.update("1000", tags=["x"])
        with pytest.raises(ConnectorError, match="pipeline stage"):
            connector.update("1000", status="pending")

    # webhooks

    def test_an_event_type_not_processed_is_accepted_but_names_no_conversation(
            self, vendor: HubSpotServer, db: Database, service: ConnectorService) -> None:
        headers, body = vendor.signed_events(payload("webhook_contact_creation.json"), at=self.now)
        receipt = service.receive_webhook(INSTANCE, headers, body)
        assert not receipt.duplicate and receipt.job_id is not None
        assert receipt.delivery_id == "567890123" and receipt.external_ids == []
        with db.uow() as uow:
            job = uow.jobs.get(receipt.job_id)
            assert job is not None and service.process_webhook(uow, job.payload) == 0

    def test_a_recorded_batch_names_its_tickets(self, vendor: HubSpotServer, service: ConnectorService) -> None:
        events = payload("webhook_ticket_events.json")
        headers, body = vendor.signed_events(events, at=self.now)
        connector = service.connector(INSTANCE)
        connector.verify_webhook(headers, body, now=self.now.timestamp())
        event = connector.parse_webhook(headers, body)
        assert event.delivery_id == "3871126544,3871126601,3871126602"
        assert event.kind == "ticket.propertyChange,ticket.creation,ticket.associationChange"
        assert event.external_ids == ["2071", "2072", "2073"]
        retried = [dict(e, attemptNumber=1) for e in reversed(events)]  # HubSpot retries with the same event ids
        assert connector.parse_webhook(*vendor.signed_events(retried, at=self.now)).delivery_id == event.delivery_id
        for unreadable in (b"not json", b"{}", b"[]", b'[{"subscriptionType": "ticket.creation"}]'):
            with pytest.raises(WebhookRejected) as rejected:
                connector.parse_webhook(headers, unreadable)
            assert rejected.value.status == 400

    def test_signature_v3_is_hmac_sha256_over_method_uri_body_and_timestamp(self, vendor: HubSpotServer,
                                                                            service: ConnectorService) -> None:
        body, timestamp = b'[{"eventId":1}]', "1795165200000"
        expected = base64.b64encode(hmac.new(b"s3cret", b"POSThttps://x.example/hook?a=b:c" + body + timestamp.encode(),
                                             hashlib.sha256).digest()).decode()
        assert signature_v3("s3cret", "POST", "https://x.example/hook%3Fa=b%3ac", body, timestamp) == expected
        assert decoded_uri("https://x.example/a%2Fb%20c%3B") == "https://x.example/a/b%20c;"
        headers, signed = vendor.signed_webhook("1000", delivery_id="77", at=self.now)
        connector = service.connector(INSTANCE)
        connector.verify_webhook(headers, signed, now=(self.now + timedelta(minutes=4)).timestamp())
        with pytest.raises(WebhookRejected, match="five-minute"):
            connector.verify_webhook(headers, signed, now=(self.now + timedelta(minutes=6)).timestamp())
        with pytest.raises(WebhookRejected, match="five-minute"):
            connector.verify_webhook(headers, signed, now=(self.now - timedelta(minutes=6)).timestamp())
        missing = {k: v for k, v in headers.items() if k != "X-HubSpot-Signature-v3"}
        with pytest.raises(WebhookRejected, match="missing"):
            connector.verify_webhook(missing, signed, now=self.now.timestamp())

    def test_webhooks_need_the_client_secret_and_url(self, vendor: HubSpotServer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DP_TEST_HUBSPOT_TOKEN", vendor.access_token)
        connector = connector_for(vendor, client_secret=None)
        headers, body = vendor.signed_webhook("1000", delivery_id="5", at=self.now)
        with pytest.raises(WebhookRejected, match="client_secret"):
            connector.verify_webhook(headers, body, now=self.now.timestamp())

    # settings

    def test_settings_refuse_a_raw_secret(self, db: Database, vendor: HubSpotServer) -> None:
        settings = {"base_url": vendor.base_url, "access_token": "pat-na1-11111111-2222-3333-4444-555555555555"}
        with pytest.raises(ConnectorSettingsError, match="access_token"):
            ConnectorService(db).add("raw", "hubspot", settings, actor="test")
        with pytest.raises(ValidationError):
            HubSpotConfig.model_validate({"access_token": "env:X", "client_secret": "raw-client-secret"})
        with pytest.raises(ValidationError):
            HubSpotConfig.model_validate({"access_token": "env:X", "status_stages": {"archived": "9"}})
        with pytest.raises(ValidationError):
            HubSpotConfig.model_validate({"access_token": "env:X", "tags_property": "Tags; DROP"})

    def test_settings_store_references_and_show_no_secret(self, service: ConnectorService) -> None:
        instance = next(i for i in service.instances() if i.name == INSTANCE)
        assert instance.settings["access_token"] == "env:DP_TEST_HUBSPOT_TOKEN"
        public = service.connector(INSTANCE).config.public()
        assert public["access_token"] == "**********" and public["client_secret"] == "**********"
