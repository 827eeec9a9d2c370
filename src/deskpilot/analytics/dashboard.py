"""The metrics dashboard: the five weekly metrics over the last N ISO weeks, read in one transaction.

Weeks are ISO weeks (Monday 00:00 to Monday 00:00, UTC). The dashboard ends at the Monday on or before the moment
asked for, so its latest week is the latest complete one; that week is the headline and is compared with the week
before. Every figure comes from the aggregate queries of :mod:`deskpilot.analytics.metrics`:

1. deflection with its 7-day AI re-contact rate and honest deflection = deflection × (1 − AI re-contact rate);
2. CSAT of AI-solved conversations against person-solved ones matched on the AI's intent mix;
3. knowledge freshness as of each week's end;
4. reviewers' feedback on the drafts (approved unchanged, edited, rejected, mean edit distance), all categories
   combined per week and per category over the window;
5. cost per resolved contact;

plus first-response time, a per-category table of the window (its cost per resolved contact shares the window's
platform fee among categories by their solved conversations) and the ROI of the measured figures with the re-contact
sensitivity scenarios.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from deskpilot.analytics.facts import bring_up_to_date
from deskpilot.analytics.metrics import (
    ALL,
    CostModel,
    Feedback,
    MetricRow,
    Metrics,
    compute_metrics,
    knowledge_freshness,
    reviewer_feedback,
    utc_midnight,
)
from deskpilot.analytics.roi import WARNING_SCENARIOS, RoiInputs, RoiResult, roi, sensitivity
from deskpilot.config import Settings
from deskpilot.services.metrics import cost_model
from deskpilot.storage.database import Database

WEEK = timedelta(days=7)
DEFAULT_WEEKS = 12
MAX_WEEKS = 52
DAYS_PER_MONTH = 30.0


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class WeekFigures:
    """The five metrics and first-response time of one ISO week (None where there was nothing to measure)."""

    start: date
    inbound: int = 0
    solved: int = 0
    deflection: float | None = None
    ai_recontact_rate: float | None = None
    honest_deflection: float | None = None
    recontact_pending: int = 0
    csat_ai: float | None = None
    csat_ai_rated: int = 0
    csat_human_matched: float | None = None
    knowledge_freshness: float | None = None
    reviews: int = 0
    approve_rate: float | None = None
    edit_rate: float | None = None
    reject_rate: float | None = None
    mean_edit_distance: float | None = None
    cost_per_resolved: float | None = None
    frt_median_s: float | None = None
    frt_p90_s: float | None = None

    @property
    def label(self) -> str:
        """The ISO week, e.g. `2026-W45`."""
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def short_label(self) -> str:
        """The week number alone, e.g. `W45`."""
        return f"W{self.start.isocalendar()[1]:02d}"

    @property
    def last_day(self) -> date:
        """The week's Sunday."""
        return self.start + timedelta(days=6)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready figures of the week."""
        data = {k: _rounded(v) if isinstance(v, float) else v for k, v in asdict(self).items()}
        return {**data, "start": self.start.isoformat(), "last_day": self.last_day.isoformat(), "week": self.label}


@dataclass(frozen=True)
class CategoryFigures:
    """The window's figures of one category: conversation metrics and reviewers' feedback."""

    category: str
    inbound: int = 0
    deflection: float | None = None
    ai_recontact_rate: float | None = None
    honest_deflection: float | None = None
    csat_ai: float | None = None
    csat_human_matched: float | None = None
    cost_per_resolved: float | None = None
    reviews: int = 0
    approve_rate: float | None = None
    edit_rate: float | None = None
    reject_rate: float | None = None
    mean_edit_distance: float | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready figures of the category."""
        return {k: _rounded(v) if isinstance(v, float) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class RoiPanel:
    """The ROI model applied to the window's measured figures, with the re-contact sensitivity scenarios."""

    result: RoiResult
    scenarios: list[RoiResult]
    window_days: float
    inbound: int
    decisions: int
    aht_measured: bool  # False when no conversation was solved by a person and the default handling time was used

    def to_json(self) -> dict[str, Any]:
        """JSON-ready panel."""
        return {"result": self.result.to_json(), "sensitivity": [s.to_json() for s in self.scenarios],
                "window_days": self.window_days, "inbound": self.inbound, "decisions": self.decisions,
                "aht_measured": self.aht_measured}


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard page and the weekly report show."""

    start: datetime
    end: datetime
    as_of: datetime
    recontact_days: int
    freshness_days: int
    articles_published: int
    weeks: list[WeekFigures]
    categories: list[CategoryFigures]
    window_inbound: int
    window_reviews: int
    costs: CostModel
    roi: RoiPanel | None = None

    @property
    def current(self) -> WeekFigures:
        """The latest complete week."""
        return self.weeks[-1]

    @property
    def previous(self) -> WeekFigures | None:
        """The week before it, when the window has one."""
        return self.weeks[-2] if len(self.weeks) > 1 else None

    @property
    def is_empty(self) -> bool:
        """True when no inbound conversation and no review falls in the window."""
        return self.window_inbound == 0 and self.window_reviews == 0

    def delta(self, name: str) -> float | None:
        """Current minus previous week for one figure (None when either is missing)."""
        if self.previous is None:
            return None
        now, before = getattr(self.current, name), getattr(self.previous, name)
        return None if now is None or before is None else now - before

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dashboard."""
        names = ("deflection", "ai_recontact_rate", "honest_deflection", "csat_ai", "csat_human_matched",
                 "knowledge_freshness", "approve_rate", "edit_rate", "reject_rate", "mean_edit_distance",
                 "cost_per_resolved", "frt_median_s", "frt_p90_s")
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "as_of": self.as_of.isoformat(),
                "recontact_days": self.recontact_days, "freshness_days": self.freshness_days,
                "articles_published": self.articles_published, "window_inbound": self.window_inbound,
                "window_reviews": self.window_reviews, "costs": asdict(self.costs), "current_week": self.current.label,
                "previous_week": self.previous.label if self.previous else None,
                "deltas": {n: _rounded(self.delta(n)) for n in names},
                "weeks": [w.to_json() for w in self.weeks], "categories": [c.to_json() for c in self.categories],
                "roi": self.roi.to_json() if self.roi else None}


# --- building -------------------------------------------------------------------------------------------------------


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the ISO week holding `moment`."""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc_midnight(moment.date() - timedelta(days=moment.weekday()))


def build_dashboard(db: Database, settings: Settings, *, weeks: int = DEFAULT_WEEKS, until: datetime | None = None,
                    now: datetime | None = None) -> Dashboard:
    """The dashboard of the `weeks` complete ISO weeks before `until` (default: now): the metric facts are brought
    up to date, then everything is read in one transaction."""
    now = now or datetime.now(UTC)
    bring_up_to_date(db)
    with db.reader() as uow:
        return compute_dashboard(uow.session, settings, weeks=weeks, until=min(until or now, now), as_of=now)


def compute_dashboard(session: Session, settings: Settings, *, weeks: int, until: datetime,
                      as_of: datetime) -> Dashboard:
    """The dashboard of the `weeks` complete ISO weeks before `until`; re-contact windows close by `as_of`."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be between 1 and {MAX_WEEKS}, got {weeks}")
    end = week_start(until)
    start = end - weeks * WEEK
    costs = cost_model(settings)
    metrics = compute_metrics(session, start=start, end=end, as_of=as_of, period="week", by="category", crossed=False,
                              recontact_days=settings.recontact_days, costs=costs)
    trend = {row.period: row for row in metrics.trend if row.group == ALL}
    series = [_week(session, start + i * WEEK, trend.get((start + i * WEEK).date().isoformat()),
                    metrics.freshness_days) for i in range(weeks)]
    totals = metrics.total() if metrics.totals else None
    return Dashboard(start=start, end=end, as_of=as_of, recontact_days=metrics.recontact_days,
                     freshness_days=metrics.freshness_days, articles_published=metrics.articles_published,
                     weeks=series, categories=_categories(metrics),
                     window_inbound=totals.inbound if totals else 0,
                     window_reviews=sum(f.total for f in metrics.feedback), costs=costs,
                     roi=roi_panel(metrics, settings))


def _week(session: Session, start: datetime, row: MetricRow | None, freshness_days: int) -> WeekFigures:
    end = start + WEEK
    freshness, _ = knowledge_freshness(session, end, freshness_days)
    feedback = combine_feedback(reviewer_feedback(session, start, end))
    rates = _feedback_rates(feedback)
    if row is None:
        return WeekFigures(start.date(), knowledge_freshness=freshness, **rates)
    return WeekFigures(start.date(), inbound=row.inbound, solved=row.solved, deflection=row.deflection,
                       ai_recontact_rate=row.ai_recontact_rate, honest_deflection=row.honest_deflection,
                       recontact_pending=row.recontact_pending, csat_ai=row.csat_ai, csat_ai_rated=row.csat_ai_rated,
                       csat_human_matched=row.csat_human_matched, knowledge_freshness=freshness,
                       cost_per_resolved=row.cost_per_resolved, frt_median_s=row.frt_median_s,
                       frt_p90_s=row.frt_p90_s, **rates)


def combine_feedback(items: list[Feedback], category: str = ALL) -> Feedback:
    """Several categories' feedback as one (the edit distance weighted by each category's edited drafts)."""
    combined = Feedback(category, sum(f.approved for f in items), sum(f.edited for f in items),
                        sum(f.rejected for f in items))
    weighted = [(f.mean_edit_distance, f.edited) for f in items if f.mean_edit_distance is not None and f.edited]
    weight = sum(n for _, n in weighted)
    if weight:
        combined.mean_edit_distance = sum(d * n for d, n in weighted) / weight
    return combined


def _feedback_rates(feedback: Feedback | None) -> dict[str, Any]:
    if feedback is None or not feedback.total:
        return {"reviews": 0}
    return {"reviews": feedback.total, "approve_rate": feedback.approve_rate, "edit_rate": feedback.edit_rate,
            "reject_rate": feedback.reject_rate, "mean_edit_distance": feedback.mean_edit_distance}


def _categories(metrics: Metrics) -> list[CategoryFigures]:
    rows = {r.group: r for r in metrics.totals if r.group != ALL}
    feedback = {f.category: f for f in metrics.feedback}
    out = []
    for name in sorted(set(rows) | set(feedback)):
        row, rates = rows.get(name), _feedback_rates(feedback.get(name))
        if row is None:
            out.append(CategoryFigures(name, **rates))
            continue
        out.append(CategoryFigures(name, inbound=row.inbound, deflection=row.deflection,
                                   ai_recontact_rate=row.ai_recontact_rate, honest_deflection=row.honest_deflection,
                                   csat_ai=row.csat_ai, csat_human_matched=row.csat_human_matched,
                                   cost_per_resolved=row.cost_per_resolved, **rates))
    return out


# --- ROI from measured figures --------------------------------------------------------------------------------------


def measured_roi_inputs(metrics: Metrics, settings: Settings) -> RoiInputs | None:
    """ROI inputs from a window's measured figures and the deployment's costs (None without inbound contacts).

    Contacts a month = inbound × 30 ÷ window days; deflection and AI re-contact rate as measured; handling time =
    person minutes per person-solved conversation (the default when none was solved by a person); AI cost a month =
    cost per decision × decisions × 30 ÷ window days + the platform fee.
    """
    if not metrics.totals:
        return None
    total = metrics.total()
    days = (metrics.end - metrics.start).total_seconds() / 86400
    if total.deflection is None or days <= 0:
        return None
    per_month = DAYS_PER_MONTH / days
    aht = total.person_aht_minutes
    return RoiInputs(contacts_month=total.inbound * per_month,
                     aht_minutes=aht if aht is not None else settings.default_aht_minutes,
                     hourly_rate=settings.hourly_rate, deflection=total.deflection,
                     recontact=total.ai_recontact_rate or 0.0,
                     ai_cost_month=settings.ai_cost_per_decision * total.decisions * per_month
                     + settings.platform_cost_month)


def roi_panel(metrics: Metrics, settings: Settings) -> RoiPanel | None:
    """The ROI of the measured figures with the `WARNING_SCENARIOS` sensitivity (None without inbound contacts)."""
    inputs = measured_roi_inputs(metrics, settings)
    if inputs is None:
        return None
    total = metrics.total()
    return RoiPanel(result=roi(inputs), scenarios=sensitivity(inputs, WARNING_SCENARIOS),
                    window_days=(metrics.end - metrics.start).total_seconds() / 86400, inbound=total.inbound,
                    decisions=total.decisions, aht_measured=total.person_aht_minutes is not None)
