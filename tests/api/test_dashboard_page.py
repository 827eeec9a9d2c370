"""GET /dashboard on a live server: conversations ingested through the API, the page's figures read back.

Three conversations on last week's Tuesday and Wednesday (same intent, three people): one solved by deskpilot after
2 min (CSAT 5), two by a person after 10 and 20 min (CSAT 3 and 4, 600 s and 300 s of handling). Deflection 1/3;
CSAT AI 5, human 3.5; cost at the default €18/h: 15 min × €0.30 ÷ 3 solved = €1.50; first response 2, 10 and 20 min:
median 10 min, p90 10 + 0.8 × 10 = 18 min.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from deskpilot.storage.database import Database

METRIC_NAMES = ("Deflection and 7-day re-contact", "CSAT AI vs human, matched on intent", "Knowledge freshness",
                "Agent feedback on suggestions", "Cost per resolved contact")


def _last_tuesday() -> datetime:
    """09:00 UTC on the Tuesday of the latest complete ISO week."""
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday() + 7)
    return datetime(monday.year, monday.month, monday.day, 9, tzinfo=UTC) + timedelta(days=1)


def _conversation(key: str, email: str, created: datetime, role: str, resolved_by: str, minutes: int, csat: int,
                  handle: int | None) -> dict[str, Any]:
    reply = created + timedelta(minutes=minutes)
    return {"source": "page-test", "external_id": key, "created_at": created.isoformat(), "status": "solved",
            "category": "order_status", "customer": {"external_id": email, "email": email},
            "messages": [{"external_id": f"{key}-1", "author_role": "customer", "body": "Where is my order?",
                          "created_at": created.isoformat()},
                         {"external_id": f"{key}-2", "author_role": role, "body": "It ships today.",
                          "created_at": reply.isoformat()}],
            "outcome": {"resolution": "solved", "resolved_by": resolved_by, "resolved_at": reply.isoformat(),
                        "csat": csat, "handle_seconds": handle}}


def _figure(page: str, name: str) -> str:
    """The value shown beside a figure's name in the headline cards."""
    match = re.search(rf'<td>{re.escape(name)}</td><td class="num figure-value">([^<]*)</td>', page)
    assert match is not None, f"{name} is not on the page"
    return match.group(1)


def test_dashboard_page_shows_the_five_metrics_with_charts(live_api: tuple[str, Database]) -> None:
    base, _ = live_api
    empty = httpx.get(f"{base}/dashboard", timeout=30)
    assert empty.status_code == 200 and "No data for these weeks yet." in empty.text
    tuesday = _last_tuesday()
    for payload in (_conversation("A", "a@example.com", tuesday, "ai", "ai", 2, 5, None),
                    _conversation("B", "b@example.com", tuesday + timedelta(hours=1), "agent", "agent:ona", 10, 3,
                                  600),
                    _conversation("C", "c@example.com", tuesday + timedelta(days=1), "agent", "agent:ona", 20, 4,
                                  300)):
        assert httpx.post(f"{base}/api/conversations", json=payload, timeout=10).status_code == 201
    response = httpx.get(f"{base}/dashboard", timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "No data for these weeks yet." not in page
    for name in METRIC_NAMES:
        assert page.count(name) >= 2, name  # a headline card and a trend chart each
    assert page.count("<svg") == 6 and page.count('role="img"') == 6
    assert "http://" not in page and "https://" not in page
    assert 'href="/dashboard"' in page and 'href="/static/console.css"' in page
    assert _figure(page, "Deflection") == "33.3 %"
    assert _figure(page, "Honest deflection") == "33.3 %"  # nobody came back
    assert (_figure(page, "CSAT AI"), _figure(page, "CSAT human (matched)")) == ("5.00", "3.50")
    assert _figure(page, "Per solved conversation") == "€1.50"
    assert (_figure(page, "Median"), _figure(page, "90th percentile")) == ("10.0 min", "18.0 min")
    # one point each for deflection, honest deflection, CSAT ×2, cost and first response ×2; the re-contact rate
    # has a point only once the AI resolution's window has closed
    assert page.count("<circle") in (7, 8)
    assert "Trends over 12 weeks" in page
    short = httpx.get(f"{base}/dashboard", params={"weeks": 1}, timeout=30)
    assert short.status_code == 200 and "Trends over 1 week<" in short.text


def test_dashboard_refuses_weeks_out_of_range(live_api: tuple[str, Database]) -> None:
    base, _ = live_api
    for weeks in ("0", "53", "many"):
        response = httpx.get(f"{base}/dashboard", params={"weeks": weeks}, timeout=10)
        assert response.status_code == 422, weeks
        assert response.json()["errors"][0]["loc"] == ["query", "weeks"]


def test_dashboard_page_starts_with_the_today_panel(live_api: tuple[str, Database]) -> None:
    base, _ = live_api
    page = httpx.get(f"{base}/dashboard", timeout=30).text
    today, weekly = page.split('<section class="dash">', 1)
    assert 'id="today"' in today and ">Today</h1>" in today and "<svg" not in today
    assert "Nothing yet today" in today and "Nothing waits for review." in today
    now = datetime.now(UTC)
    created = now - timedelta(minutes=10)
    if created.date() != now.date():
        pytest.skip("too close to midnight UTC for a conversation created today")
    payload = {"source": "page-test", "external_id": "T", "created_at": created.isoformat(), "status": "open",
               "category": "order_status", "customer": {"external_id": "t@example.com", "email": "t@example.com"},
               "messages": [{"external_id": "T-1", "author_role": "customer", "body": "Where is my order?",
                             "created_at": created.isoformat()},
                            {"external_id": "T-2", "author_role": "ai", "body": "It ships today.",
                             "created_at": (created + timedelta(seconds=75)).isoformat()}]}
    assert httpx.post(f"{base}/api/conversations", json=payload, timeout=10).status_code == 201
    body = httpx.get(f"{base}/api/metrics/today", timeout=10).json()
    if body["day"] != created.date().isoformat():
        pytest.skip("midnight UTC passed during the test")
    assert (body["timezone"], body["volume"]["total_today"], body["outcomes"]["total"]) == ("UTC", 1, 0)
    assert body["volume"]["hours"][created.hour]["today"] == 1
    assert body["first_response"]["today"] == {"arrived": 1, "answered": 1, "unanswered": 0, "median_s": 75.0,
                                               "p90_s": 75.0}
    assert body["queue"] == {"waiting": 0, "oldest_s": None, "median_s": None,
                             "buckets": [{"label": b["label"], "min_s": b["min_s"], "max_s": b["max_s"], "count": 0}
                                         for b in body["queue"]["buckets"]]}
    page = httpx.get(f"{base}/dashboard", timeout=30).text
    today, weekly = page.split('<section class="dash">', 1)
    assert today.count("<svg") == 1 and "<title>Inbound conversations by hour</title>" in today  # volume only
    assert re.search(r'<td>Today so far</td><td class="num figure-value">1</td>', today)
    assert re.search(r'<td>Median</td><td class="num figure-value">75 s</td>', today)
    assert "No decision taken yet today." in today and "Nothing yet today" not in today
    assert "No data for these weeks yet." in weekly  # today's conversation is in no complete week yet
