"""GET /api/metrics on a live server: conversations ingested through the API, figures read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from deskpilot.storage.database import Database

DAY = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


def _conversation(key: str, email: str, role: str, resolved_by: str, hours: int) -> dict[str, Any]:
    created = DAY + timedelta(hours=hours)
    reply = created + timedelta(minutes=2)
    return {"source": "api-test", "external_id": key, "created_at": created.isoformat(), "status": "solved",
            "category": "order_status", "customer": {"external_id": email, "email": email},
            "messages": [{"external_id": f"{key}-1", "author_role": "customer", "body": "Where is my order?",
                          "created_at": created.isoformat()},
                         {"external_id": f"{key}-2", "author_role": role, "body": "It ships today.",
                          "created_at": reply.isoformat()}],
            "outcome": {"resolution": "solved", "resolved_by": resolved_by, "resolved_at": reply.isoformat(),
                        "csat": 4}}


def test_metrics_endpoint_reports_deflection_with_its_recontact(live_api: tuple[str, Database]) -> None:
    base, _ = live_api
    for payload in (_conversation("A", "a@example.com", "ai", "ai", 0),
                    _conversation("B", "b@example.com", "agent", "agent:ona", 1),
                    _conversation("C", "a@example.com", "agent", "agent:ona", 30)):  # A's customer again, same intent
        assert httpx.post(f"{base}/api/conversations", json=payload, timeout=10).status_code in (200, 201)
    body = httpx.get(f"{base}/api/metrics", params={"window": "7d", "until": "2026-11-14", "by": "locale"},
                     timeout=10).json()
    total = next(r for r in body["totals"] if r["group"] == "all")
    assert (total["inbound"], total["deflected"], total["deflection"]) == (3, 1, round(1 / 3, 4))
    assert (total["ai_solved_mature"], total["ai_recontacted"], total["ai_recontact_rate"]) == (1, 1, 1.0)
    assert total["honest_deflection"] == 0.0
    assert total["frt_median_s"] == 120.0
    assert body["by"] == "locale" and body["recontact_days"] == 7


def test_metrics_endpoint_refuses_a_bad_window(live_api: tuple[str, Database]) -> None:
    base, _ = live_api
    response = httpx.get(f"{base}/api/metrics", params={"window": "forever"}, timeout=10)
    assert response.status_code == 422 and "7d or 12w" in response.json()["detail"]
    assert httpx.get(f"{base}/api/metrics", params={"by": "agent"}, timeout=10).status_code == 422
