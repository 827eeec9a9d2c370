"""The metrics of a window read in one transaction, with the deployment's cost model."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from deskpilot.analytics.facts import FactsRefresh, bring_up_to_date
from deskpilot.analytics.metrics import CostModel, GroupBy, Metrics, Period, compute_metrics
from deskpilot.config import Settings
from deskpilot.storage.database import Database

WINDOW = re.compile(r"^\s*(\d{1,4})\s*([dw])\s*$")


def parse_window(text: str) -> timedelta:
    """`7d`, `12w` … as a duration (ValueError on anything else)."""
    match = WINDOW.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a window like 7d or 12w")
    count = int(match.group(1))
    return timedelta(days=count * (7 if match.group(2) == "w" else 1))


def cost_model(settings: Settings) -> CostModel:
    """The deployment's costs from its settings."""
    return CostModel(settings.hourly_rate, settings.ai_cost_per_decision, settings.platform_cost_month,
                     settings.default_aht_minutes)


class MetricsService:
    """Computes the metrics of a window ending at a moment (default: now)."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    def window(self, window: timedelta, *, until: datetime | None = None, period: Period | None = None,
               by: GroupBy | None = None) -> Metrics:
        """Metrics of conversations created in [until − window, until) from facts brought up to date first;
        re-contact windows close by now."""
        now = datetime.now(UTC)
        end = min(until or now, now)
        bring_up_to_date(self.db)
        with self.db.reader() as uow:
            return compute_metrics(uow.session, start=end - window, end=end, as_of=now, period=period, by=by,
                                   recontact_days=self.settings.recontact_days, costs=cost_model(self.settings))

    def refresh(self, *, full: bool = False) -> FactsRefresh:
        """Bring the metric facts up to date (rebuild every one with ``full``)."""
        return bring_up_to_date(self.db, full=full)
