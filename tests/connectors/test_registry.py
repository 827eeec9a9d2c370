"""Connector kinds come from entry points; one that fails to load is reported and skipped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from deskpilot.connectors import registry as registry_module
from deskpilot.connectors.bridge import BridgeConnector
from deskpilot.connectors.http import retry_after


@dataclass
class _Point:
    name: str
    value: str
    target: Any

    def load(self) -> Any:
        if isinstance(self.target, Exception):
            raise self.target
        return self.target


@pytest.fixture
def fake_points(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    points = [_Point("generic", "deskpilot.connectors.bridge:BridgeConnector", BridgeConnector),
              _Point("broken", "acme_connector:Acme", ImportError("No module named 'acme_sdk'")),
              _Point("wrong", "acme_connector:helper", len)]
    monkeypatch.setattr(registry_module, "entry_points", lambda group: points)
    registry_module.registry.cache_clear()
    yield
    registry_module.registry.cache_clear()


def test_a_broken_plugin_is_reported_and_skipped(fake_points: None, caplog: pytest.LogCaptureFixture) -> None:
    found = registry_module.registry()
    assert found.kinds == {"generic": BridgeConnector}
    assert "acme_sdk" in found.errors["broken"] and "not a Connector" in found.errors["wrong"]
    assert "broken failed to load and is skipped" in caplog.text
    with pytest.raises(LookupError, match="acme_sdk"):
        registry_module.connector_class("broken")
    with pytest.raises(LookupError, match="known: generic"):
        registry_module.connector_class("nope")


def test_retry_after_reads_seconds_dates_and_reset_headers() -> None:
    assert retry_after({"retry-after": "7"}, default=1.0) == 7.0
    assert retry_after({"retry-after": "Fri, 20 Nov 2026 09:00:30 GMT"}, default=1.0,
                       now=1795165200.0) == pytest.approx(30.0)
    assert retry_after({"x-ratelimit-reset": "1795165260"}, default=1.0, now=1795165200.0) == 60.0
    assert retry_after({}, default=1.5) == 1.5
