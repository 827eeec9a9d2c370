"""Policy documents are versioned in the database, audited, and reloaded by every pipeline when they change."""

from __future__ import annotations

import json

import pytest

from deskpilot.policy.provider import PolicyProvider
from deskpilot.policy.rules import PolicyError, builtin_policy_text
from deskpilot.services.policy import PolicyService
from deskpilot.storage.database import Database
from deskpilot.storage.migrate import upgrade


def test_activation_versions_texts_and_reuses_identical_ones(any_db: Database) -> None:
    upgrade(any_db.engine)
    service, provider = PolicyService(any_db), PolicyProvider(any_db)
    assert provider.get() is None
    text = builtin_policy_text("lumio")
    first = service.activate(text, origin="test", actor="test:admin")
    assert first.created and first.stored.version == 1
    assert provider.get() is not None and provider.get().action_for("return_request") == "return"  # type: ignore[union-attr]
    changed = text.replace('version: "2026.10.1"', 'version: "2026.11.1"')
    second = service.activate(changed, origin="test", actor="test:admin")
    assert second.created and second.stored.version == 2
    reloaded = provider.get()
    assert reloaded is not None and reloaded.version == "2026.11.1"
    again = service.activate(text, origin="test", actor="test:admin")
    assert not again.created and again.stored.version == 1
    with any_db.reader() as uow:
        versions = uow.policies.versions("lumio-market")
        events = [e for e in uow.audit.iter_chain() if e.kind == "policy.activated"]
    assert [(v.version, v.active) for v in versions] == [(1, True), (2, False)]
    payloads = [json.loads(e.payload) for e in events]
    assert [(p["version"], p["created"]) for p in payloads] == [(1, True), (2, True), (1, False)]


def test_an_invalid_policy_is_refused_and_nothing_changes(any_db: Database) -> None:
    upgrade(any_db.engine)
    service = PolicyService(any_db)
    service.activate(builtin_policy_text("lumio"), origin="test", actor="test")
    bad = builtin_policy_text("lumio").replace("return_request: return", "return_request: teleport")
    with pytest.raises(PolicyError, match="unknown action 'teleport'"):
        service.activate(bad, origin="bad.yaml", actor="test")
    with any_db.reader() as uow:
        assert [v.version for v in uow.policies.versions("lumio-market")] == [1]
