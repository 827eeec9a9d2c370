"""The Salesforce Service Cloud connector against a loopback org speaking the REST API's wire format."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from deskpilot.connectors.base import ConnectorError, WebhookRejected
from deskpilot.connectors.salesforce import (
    CASE_FIELDS,
    COMMENT_FIELDS,
    EMAIL_FIELDS,
    FILE_FIELDS,
    SalesforceConnector,
    marker,
    sign,
)
from deskpilot.services.connectors import ConnectorService, ConnectorSettingsError
from deskpilot.testing.connectors import INSTANCE, ConnectorContract
from deskpilot.testing.vendors.salesforce import SalesforceOrg, salesforce_server

PAYLOADS = Path(__file__).parent / "payloads" / "salesforce"
RECORDED_CASE = "5005g00000Q8cuIAAR"


def recorded(name: str) -> Any:
    """A recorded Salesforce payload."""
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


def shape(value: Any) -> Any:
    """The keys of a payload, nested, without its values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    return type(value).__name__ if value is not None else None


def load_recorded_case(org: SalesforceOrg) -> None:
    """Put the recorded Case, e-mails, comments and file link into the org."""
    for name, sobject in (("case_query.json", "Case"), ("email_message_query.json", "EmailMessage"),
                          ("case_comment_query.json", "CaseComment"),
                          ("content_document_link_query.json", "ContentDocumentLink")):
        for record in recorded(name)["records"]:
            if sobject == "ContentDocumentLink":
                document = record["ContentDocument"]
                org.records["ContentDocument"][record["ContentDocumentId"]] = {
                    "Id": record["ContentDocumentId"], **{k: v for k, v in document.items() if k != "attributes"}}
            org.put(sobject, record)


def salesforce(service: ConnectorService) -> SalesforceConnector:
    """The connector instance under test."""
    connector = service.connector(INSTANCE)
    assert isinstance(connector, SalesforceConnector)
    return connector


class TestSalesforce(ConnectorContract):
    kind = "salesforce"

    @pytest.fixture
    def vendor(self) -> Iterator[SalesforceOrg]:
        with salesforce_server() as org:
            yield org

    @pytest.fixture
    def connector_settings(self, vendor: SalesforceOrg, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
        monkeypatch.setenv("SF_CLIENT_SECRET", vendor.client_secret)
        monkeypatch.setenv("SF_RELAY_SECRET", vendor.webhook_secret)
        return {"instance_url": vendor.base_url, "api_version": vendor.api_version, "client_id": vendor.client_id,
                "client_secret": "env:SF_CLIENT_SECRET", "webhook_secret": "env:SF_RELAY_SECRET",
                "tags_field": vendor.tags_field, "timeout_s": 5}

    # mapping of recorded payloads

    def test_a_recorded_case_maps_into_a_conversation(self, vendor: SalesforceOrg,
                                                      service: ConnectorService) -> None:
        load_recorded_case(vendor)
        conversation = salesforce(service).get(RECORDED_CASE)
        assert conversation.source == INSTANCE and conversation.external_id == RECORDED_CASE
        assert conversation.channel == "email" and conversation.status == "open"
        assert conversation.subject == "Invoice INV-20931 charged twice"
        assert conversation.tags == ["billing", "refund"]
        assert conversation.customer.external_id == "0035g00000AbCdEAAV"
        assert conversation.customer.email == "laura.perez@example.org"
        assert conversation.customer.name == "Laura Pérez"
        assert conversation.metadata["case_number"] == "00001026"
        roles = [(m.external_id, m.author_role, m.public) for m in conversation.messages]
        assert roles == [("02s5g00000LkMnOAAV", "customer", True),  # the Description repeats it: not twice
                         ("02s5g00000LkMpQAAV", "agent", True),
                         ("00a5g00000Zx1YqAAJ", "agent", False),
                         ("00a5g00000Zx1ZrAAJ", "agent", True),
                         ("00a5g00000Zx1a1AAB", "customer", True)]
        first, html, note, reply, thanks = conversation.messages
        assert "charged twice" in first.body
        assert first.body.endswith("[attachment: bank-statement.png (PNG, 184320 bytes)]")
        assert first.author_name == "Laura Pérez" and first.created_at.tzinfo is not None
        assert "looking into the double charge" in html.body and "<p>" not in html.body
        assert note.author_name == "Maria Santos" and "Refund approved" in note.body
        assert reply.body.endswith("within 5 business days.") and "[deskpilot:" not in reply.body
        assert thanks.body == "Thank you, that was quick!"

    def test_the_connectors_queries_are_answered_in_the_recorded_shape(self, vendor: SalesforceOrg,
                                                                       service: ConnectorService) -> None:
        load_recorded_case(vendor)
        vendor.batch_size = 2000
        connector = salesforce(service)
        for name, fields, sobject, key in (
                ("case_query.json", (*CASE_FIELDS, vendor.tags_field), "Case", "Id"),
                ("email_message_query.json", EMAIL_FIELDS, "EmailMessage", "ParentId"),
                ("case_comment_query.json", COMMENT_FIELDS, "CaseComment", "ParentId"),
                ("content_document_link_query.json", FILE_FIELDS, "ContentDocumentLink", "LinkedEntityId")):
            sample = recorded(name)
            target = sample["records"][0][key]
            order = "" if sobject == "ContentDocumentLink" else " ORDER BY CreatedDate"
            answer = connector.http.json("GET", "/services/data/v61.0/query", params={
                "q": f"SELECT {', '.join(fields)} FROM {sobject} WHERE {key} = '{target}'{order}"})
            assert set(answer) == set(sample) and answer["done"] is True, name
            assert [shape(r) for r in answer["records"]] == [shape(r) for r in sample["records"]], name
            assert answer["records"] == sample["records"], name

    def test_errors_come_in_the_documented_shape(self, vendor: SalesforceOrg) -> None:
        response = httpx.get(f"{vendor.base_url}/services/data/v61.0/query", params={"q": "SELECT Id FROM Case"})
        assert response.status_code == 401 and response.json() == recorded("error_invalid_session.json")
        token = httpx.post(f"{vendor.base_url}/services/oauth2/token", data={
            "grant_type": "client_credentials", "client_id": vendor.client_id, "client_secret": vendor.client_secret})
        assert set(token.json()) == set(recorded("token_response.json"))
        bad = httpx.get(f"{vendor.base_url}/services/data/v61.0/query", params={"q": "SELECT Nope FROM Case"},
                        headers={"Authorization": f"Bearer {token.json()['access_token']}"})
        assert bad.status_code == 400 and bad.json()[0]["errorCode"] == "INVALID_FIELD"
        assert bad.headers["Sforce-Limit-Info"].startswith("api-usage=")

    # reading

    def test_pagination_follows_next_records_url_and_the_cursor_resumes(self, vendor: SalesforceOrg,
                                                                      service: ConnectorService) -> None:
        ids = self._seed(vendor, 7)
        connector = salesforce(service)
        first = connector.fetch(None, since=self.now - timedelta(days=1))
        assert len(first.conversations) == 2 and first.more and first.cursor
        assert json.loads(first.cursor)["n"].startswith("/services/data/v61.0/query/")
        seen = [c.external_id for c in first.conversations]
        cursor: str | None = first.cursor
        vendor.expire_locators()  # the locator timed out between two syncs: the phase restarts at its watermark
        pages = 1
        while True:
            page = connector.fetch(cursor)
            pages += 1
            seen += [c.external_id for c in page.conversations]
            cursor = page.cursor
            if not page.more:
                break
        assert set(seen) == set(ids) and pages >= 4
        assert any("/query/01g" in path for _, path in vendor.requests)  # nextRecordsUrl was followed
        marks = json.loads(cursor or "{}")["w"]
        assert marks["Case"] == "2026-11-20T08:00:00Z"

    def test_an_unchanged_org_costs_three_queries_per_sync(self, vendor: SalesforceOrg,
                                                          service: ConnectorService) -> None:
        self._seed(vendor, 3)
        service.sync(INSTANCE, since=self.now - timedelta(days=1))
        before = len(vendor.requests)
        again = service.sync(INSTANCE)
        assert again.conversations == 0 and again.new_messages == 0
        assert [path.split("?")[0] for _, path in vendor.requests[before:]] == ["/services/data/v61.0/query"] * 3

    def test_a_comment_written_in_salesforce_is_synced_though_the_case_did_not_change(
            self, vendor: SalesforceOrg, service: ConnectorService) -> None:
        ids = self._seed(vendor, 2)
        service.sync(INSTANCE, since=self.now - timedelta(days=1))
        modified = vendor.records["Case"][ids[0]]["LastModifiedDate"]
        vendor.add_comment(ids[0], "Called the courier: parcel is in Vilnius.", published=False,
                           at=self.now + timedelta(minutes=1))
        assert vendor.records["Case"][ids[0]]["LastModifiedDate"] == modified
        later = service.sync(INSTANCE)
        assert later.new_messages == 1 and later.created == 0

    def test_an_expired_session_gets_one_fresh_token(self, vendor: SalesforceOrg,
                                                     service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        connector = salesforce(service)
        connector.get(external_id)
        vendor.expire_tokens()
        assert connector.get(external_id).external_id == external_id
        assert [r["grant_type"] for r in vendor.token_requests] == ["client_credentials", "client_credentials"]

    def test_the_refresh_token_flow_is_used_when_configured(self, vendor: SalesforceOrg, db: Any,
                                                            connector_settings: dict[str, object],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
        vendor.refresh_token = "5Aep861refresh"
        monkeypatch.setenv("SF_REFRESH", vendor.refresh_token)
        service = ConnectorService(db)
        service.add("sf-refresh", self.kind, {**connector_settings, "refresh_token": "env:SF_REFRESH"}, actor="test")
        assert "remaining today" in service.check("sf-refresh")
        assert vendor.token_requests[-1]["grant_type"] == "refresh_token"
        assert vendor.token_requests[-1]["refresh_token"] == "5Aep861refresh"

    def test_bad_credentials_fail_clearly(self, vendor: SalesforceOrg, service: ConnectorService,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SF_CLIENT_SECRET", "wrong")
        with pytest.raises(ConnectorError, match="invalid_client"):
            service.check(INSTANCE)

    # the rate-limit header and the daily allowance

    def test_the_limit_info_header_is_read_and_the_daily_limit_fails_fast(
            self, vendor: SalesforceOrg, service: ConnectorService, caplog: pytest.LogCaptureFixture) -> None:
        external_id = self._seed(vendor, 1)[0]
        connector = salesforce(service)
        assert "remaining today" in connector.check()
        assert connector.api_usage is not None and connector.api_usage[1] == vendor.api_limit
        vendor.api_used = int(vendor.api_limit * 0.95)
        with caplog.at_level(logging.WARNING, logger="deskpilot.connectors.salesforce"):
            connector.get(external_id)
        assert any("daily API requests" in r.getMessage() for r in caplog.records)
        waits: list[float] = []
        connector.http.sleep = waits.append
        vendor.fail_writes(1, status=403)
        with pytest.raises(ConnectorError, match="request limit exceeded") as failure:
            connector.post_reply(external_id, "Noted.", idempotency_key="k-limit")
        assert failure.value.status == 403 and not failure.value.retryable and waits == []
        assert vendor.public_replies(external_id) == []

    # writing

    def test_writes_carry_a_queryable_marker_and_the_picklist_keeps_other_tags(
            self, vendor: SalesforceOrg, service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        vendor.records["Case"][external_id][vendor.tags_field] = "vip"
        connector = salesforce(service)
        reference = connector.post_reply(external_id, "It ships today.", idempotency_key="k-7")
        assert reference.startswith("00a")
        assert vendor.comment_bodies(external_id) == [f"It ships today.\n\n{marker('k-7')}"]
        assert connector.post_reply(external_id, "It ships today.", idempotency_key="k-7") == reference
        connector.update(external_id, status="solved", tags=["orders", "vip"], fields={"Priority": "High"})
        assert vendor.tags(external_id) == ["vip", "orders"] and vendor.status(external_id) == "Closed"
        assert vendor.records["Case"][external_id]["Priority"] == "High"
        with pytest.raises(ConnectorError, match="INVALID_FIELD"):
            connector.update(external_id, fields={"NoSuchField__c": 1})
        with pytest.raises(ConnectorError, match="4000 bytes"):
            connector.add_note(external_id, "x" * 4000, idempotency_key="k-long")
        assert vendor.notes(external_id) == []

    # webhooks

    def test_the_recorded_change_event_names_its_case(self, vendor: SalesforceOrg,
                                                      service: ConnectorService) -> None:
        body = (PAYLOADS / "case_change_event.json").read_bytes()
        timestamp = str(int(self.now.timestamp()))
        headers = {"X-Deskpilot-Timestamp": timestamp,
                   "X-Deskpilot-Signature": f"v1=0000, {sign(vendor.webhook_secret, timestamp, body)}"}
        receipt = service.receive_webhook(INSTANCE, headers, body)
        assert receipt.external_ids == [RECORDED_CASE]
        assert receipt.delivery_id == "Case:0002343d-9d90-e395-ed20-cf416ba652ad:1"
        with pytest.raises(WebhookRejected):
            service.receive_webhook(INSTANCE, {"X-Deskpilot-Timestamp": timestamp}, body)

    def test_events_that_are_not_processed_are_accepted_and_name_no_conversation(
            self, vendor: SalesforceOrg, service: ConnectorService) -> None:
        external_id = self._seed(vendor, 1)[0]
        for n, (entity, change, ids) in enumerate((("Account", "UPDATE", ["0015g00000XyZabAAB"]),
                                                   ("Case", "DELETE", [external_id]),
                                                   ("Case", "GAP_OVERFLOW", []))):
            headers, body = vendor.change_event(entity, change, ids, transaction_key=f"tx-{n}", at=self.now)
            receipt = service.receive_webhook(INSTANCE, headers, body)
            assert not receipt.duplicate and receipt.external_ids == [], entity
        headers, body = vendor.change_event("EmailMessage", "CREATE", ["02s5g00000LkMzzAAV"], transaction_key="tx-e",
                                            at=self.now, fields={"ParentId": external_id, "Incoming": True})
        assert service.receive_webhook(INSTANCE, headers, body).external_ids == [external_id]
        with pytest.raises(WebhookRejected) as unreadable:
            salesforce(service).parse_webhook({}, b'{"data": {"payload": {}}}')
        assert unreadable.value.status == 400

    def test_without_a_webhook_secret_every_webhook_is_refused(self, vendor: SalesforceOrg, db: Any,
                                                               connector_settings: dict[str, object]) -> None:
        service = ConnectorService(db, clock=lambda: self.now.timestamp())
        service.add("sf-no-secret", self.kind, {**connector_settings, "webhook_secret": None}, actor="test")
        headers, body = vendor.signed_webhook("1000", delivery_id="evt-9", at=self.now)
        with pytest.raises(WebhookRejected, match="no webhook_secret"):
            service.receive_webhook("sf-no-secret", headers, body)

    # settings

    def test_settings_refuse_raw_secrets_and_plain_http(self, db: Any, connector_settings: dict[str, object]) -> None:
        service = ConnectorService(db)
        with pytest.raises(ConnectorSettingsError, match="client_secret"):
            service.add("sf-raw", self.kind, {**connector_settings, "client_secret": "the-actual-secret"},
                        actor="test")
        with pytest.raises(ConnectorSettingsError, match="instance_url"):
            service.add("sf-http", self.kind, {**connector_settings, "instance_url": "http://acme.my.salesforce.com"},
                        actor="test")
        with pytest.raises(ConnectorSettingsError, match="tags_field"):
            service.add("sf-tags", self.kind, {**connector_settings, "tags_field": "Tags; DROP"}, actor="test")
        stored = service.add("sf-ok", self.kind, connector_settings, actor="test")
        assert stored.settings["client_secret"] == "env:SF_CLIENT_SECRET"
