"""The weekly metrics over HTTP."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query

from deskpilot.analytics.metrics import utc_midnight
from deskpilot.analytics.today import build_today
from deskpilot.api.deps import DatabaseDep, SettingsDep
from deskpilot.auth.access import ANALYTICS, allow
from deskpilot.services.metrics import MetricsService, parse_window

router = APIRouter(prefix="/api", tags=["metrics"])


@router.get("/metrics")
@allow(*ANALYTICS)
def metrics(db: DatabaseDep, settings: SettingsDep,
            window: str = Query("7d", max_length=8, description="how far back: 7d, 30d, 12w …"),
            until: date | None = Query(None, description="last day of the window (default: now)"),
            period: Literal["day", "week", "month"] | None = Query(None, description="trend per period"),
            by: Literal["category", "locale"] | None = Query(None, description="split by category or locale"),
            ) -> dict[str, Any]:
    """Deflection, 7-day re-contact and honest deflection (always together), CSAT matched on intent, first-response
    time, handling time, cost per resolved contact, knowledge freshness and reviewer feedback."""
    try:
        span = parse_window(window)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    end = utc_midnight(until + timedelta(days=1)) if until is not None else None
    return MetricsService(db, settings).window(span, until=end, period=period, by=by).to_json()


@router.get("/metrics/today")
@allow(*ANALYTICS)
def metrics_today(db: DatabaseDep, settings: SettingsDep) -> dict[str, Any]:
    """Today so far in the console's time zone against yesterday by the same time: inbound conversations per hour,
    decisions per outcome and conversations solved, first-response time and the review queue's age."""
    return build_today(db, settings).to_json()
