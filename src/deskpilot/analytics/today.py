"""The console's Today panel: what happened since local midnight, as of a moment, against yesterday by the same time.

"Today" runs from 00:00 in the console's time zone (``console_timezone``) to the moment asked for ("now");
"yesterday" is the local day before, up to the same local time of day, so the two compare like for like. Hours are
local wall-clock hours. Every figure is read as of now: what happened after it does not count.

* **volume**: inbound conversations (the customer wrote first, as in the weekly metrics) by ``created_at``, per local
  hour of the day so far, today and yesterday up to the same time; totals are the sums of the hours.
* **outcomes**: the gate's decisions (auto_reply, review, escalate) by ``decisions.created_at``, per outcome and
  hour, with each outcome's share of the day's decisions; and conversations solved today (outcome ``solved`` with
  ``resolved_at`` today), of them by deskpilot (``resolved_by = "ai"``).
* **first response**: inbound conversations whose first customer message arrived in the window; the seconds from it
  to the first public reply (AI or person) of those answered by the window's end, as median and 90th percentile
  (linear interpolation, as PostgreSQL's percentile_cont), and how many have no reply yet. Yesterday's figures are as
  they stood at the same time yesterday.
* **queue age**: the review queue as it stands (``review.queue.ages``): conversations whose latest decision is review
  or escalate, not solved or closed, whose decision nobody reviewed yet, each waiting since the customer's last
  message (a message stamped after now counts as just arrived); how many, the oldest, the median and a histogram
  over waiting-time buckets (each bucket holds its lower bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from deskpilot.analytics.charts import Series, bar_chart, count_axis_max, stacked_bar_chart
from deskpilot.analytics.metrics import AI_RESOLVER, percentile_cont
from deskpilot.config import Settings
from deskpilot.review.queue import ages
from deskpilot.storage.database import Database
from deskpilot.storage.tables import ConversationRow, DecisionRow, OutcomeRow

OUTCOMES = ("auto_reply", "review", "escalate")
OUTCOME_NAMES = {"auto_reply": "Auto-reply", "review": "Review", "escalate": "Escalate"}
OUTCOME_COLOURS = ("#1f7a4d", "#c9a227", "#b42318")  # the console's badge colours: answered, review, escalate
SOLVED = "solved"
# (label, lower bound in seconds, upper bound or None); a bucket holds its lower bound
QUEUE_BUCKETS: tuple[tuple[str, float, float | None], ...] = (
    ("< 15 min", 0.0, 15 * 60.0), ("15–60 min", 15 * 60.0, 3600.0), ("1–4 h", 3600.0, 4 * 3600.0),
    ("4–24 h", 4 * 3600.0, 86_400.0), ("> 1 day", 86_400.0, None))


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class Volume:
    """Inbound conversations per local hour of the day so far, today and yesterday up to the same time."""

    hours: tuple[int, ...]
    today: tuple[int, ...]
    yesterday: tuple[int, ...]

    @property
    def total_today(self) -> int:
        """Inbound conversations today so far."""
        return sum(self.today)

    @property
    def total_yesterday(self) -> int:
        """Inbound conversations yesterday up to the same time of day."""
        return sum(self.yesterday)

    @property
    def change(self) -> int:
        """Today's total minus yesterday's by the same time."""
        return self.total_today - self.total_yesterday

    def to_json(self) -> dict[str, Any]:
        """JSON-ready volume."""
        return {"total_today": self.total_today, "total_yesterday": self.total_yesterday, "change": self.change,
                "hours": [{"hour": h, "today": t, "yesterday": y}
                          for h, t, y in zip(self.hours, self.today, self.yesterday, strict=True)]}


@dataclass(frozen=True)
class Outcomes:
    """Today's decisions per outcome (overall and per local hour) and the conversations solved today."""

    counts: dict[str, int]
    by_hour: dict[str, tuple[int, ...]]
    solved: int
    solved_by_ai: int

    @property
    def total(self) -> int:
        """Decisions taken today."""
        return sum(self.counts.values())

    def share(self, outcome: str) -> float | None:
        """An outcome's share of today's decisions (None before the first decision)."""
        return self.counts.get(outcome, 0) / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready outcomes."""
        return {"total": self.total, "counts": dict(self.counts),
                "shares": {o: _rounded(self.share(o), 4) for o in OUTCOMES},
                "by_hour": {o: list(v) for o, v in self.by_hour.items()},
                "solved": self.solved, "solved_by_ai": self.solved_by_ai}


@dataclass(frozen=True)
class FirstResponseDay:
    """First-response time of one day's conversations as it stood at the day's cut-off."""

    arrived: int = 0
    answered: int = 0
    median_s: float | None = None
    p90_s: float | None = None

    @property
    def unanswered(self) -> int:
        """Conversations without a public reply by the cut-off."""
        return self.arrived - self.answered

    def to_json(self) -> dict[str, Any]:
        """JSON-ready first-response figures."""
        return {"arrived": self.arrived, "answered": self.answered, "unanswered": self.unanswered,
                "median_s": _rounded(self.median_s), "p90_s": _rounded(self.p90_s)}


@dataclass(frozen=True)
class FirstResponse:
    """First-response time today against yesterday at the same time."""

    today: FirstResponseDay
    yesterday: FirstResponseDay

    @property
    def median_change_s(self) -> float | None:
        """Today's median minus yesterday's (None unless both exist)."""
        if self.today.median_s is None or self.yesterday.median_s is None:
            return None
        return self.today.median_s - self.yesterday.median_s

    def to_json(self) -> dict[str, Any]:
        """JSON-ready first-response figures of both days."""
        return {"today": self.today.to_json(), "yesterday": self.yesterday.to_json(),
                "median_change_s": _rounded(self.median_change_s)}


@dataclass(frozen=True)
class QueueAges:
    """How long the conversations in the review queue have waited."""

    waiting: int = 0
    oldest_s: float | None = None
    median_s: float | None = None
    buckets: tuple[int, ...] = (0,) * len(QUEUE_BUCKETS)

    @property
    def labelled_buckets(self) -> list[tuple[str, int]]:
        """(label, count) per waiting-time bucket."""
        return [(label, n) for (label, _, _), n in zip(QUEUE_BUCKETS, self.buckets, strict=True)]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready queue figures."""
        return {"waiting": self.waiting, "oldest_s": _rounded(self.oldest_s), "median_s": _rounded(self.median_s),
                "buckets": [{"label": label, "min_s": low, "max_s": high, "count": n}
                            for (label, low, high), n in zip(QUEUE_BUCKETS, self.buckets, strict=True)]}


@dataclass(frozen=True)
class TodayFigures:
    """The Today panel: volume, outcomes, first response and queue age as of `now` in one time zone."""

    timezone: str
    now: datetime
    start: datetime
    yesterday_start: datetime
    yesterday_until: datetime
    volume: Volume
    outcomes: Outcomes
    first_response: FirstResponse
    queue: QueueAges

    @property
    def local_now(self) -> datetime:
        """Now on the console's clock."""
        return self.now.astimezone(ZoneInfo(self.timezone))

    @property
    def local_start(self) -> datetime:
        """Today's local midnight."""
        return self.start.astimezone(ZoneInfo(self.timezone))

    @property
    def is_empty(self) -> bool:
        """Nothing arrived, was decided or solved today and nothing waits for review."""
        return not (self.volume.total_today or self.outcomes.total or self.outcomes.solved
                    or self.first_response.today.arrived or self.queue.waiting)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {"timezone": self.timezone, "day": self.local_start.date().isoformat(), "now": self.now.isoformat(),
                "start": self.start.isoformat(), "yesterday_start": self.yesterday_start.isoformat(),
                "yesterday_until": self.yesterday_until.isoformat(), "volume": self.volume.to_json(),
                "outcomes": self.outcomes.to_json(), "first_response": self.first_response.to_json(),
                "queue": self.queue.to_json()}

    def charts(self) -> dict[str, Markup]:
        """The panel's charts as inline SVG, by name; a figure with nothing to draw has none."""
        return {name: Markup(svg) for name, svg in today_charts(self).items()}  # every text in the SVG is escaped


# --- computing ------------------------------------------------------------------------------------------------------


def day_bounds(now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime, datetime]:
    """Today's local midnight, yesterday's local midnight and yesterday at the same local time, in UTC."""
    local = now.astimezone(tz)
    today = local.date()
    yesterday = today - timedelta(days=1)
    start = datetime(today.year, today.month, today.day, tzinfo=tz)
    yesterday_start = datetime(yesterday.year, yesterday.month, yesterday.day, tzinfo=tz)
    yesterday_until = datetime.combine(yesterday, local.time(), tzinfo=tz)
    return start.astimezone(UTC), yesterday_start.astimezone(UTC), yesterday_until.astimezone(UTC)


def compute_today(session: Session, now: datetime, tz: ZoneInfo) -> TodayFigures:
    """The Today figures as of `now`, with days starting at local midnight in `tz`."""
    now = (now if now.tzinfo is not None else now.replace(tzinfo=UTC)).astimezone(UTC)
    start, yesterday_start, yesterday_until = day_bounds(now, tz)
    hours = tuple(range(now.astimezone(tz).hour + 1))
    return TodayFigures(
        timezone=str(tz.key), now=now, start=start, yesterday_start=yesterday_start,
        yesterday_until=yesterday_until,
        volume=_volume(session, tz, hours, now, start, yesterday_start, yesterday_until),
        outcomes=_outcomes(session, tz, hours, now, start),
        first_response=_first_response(session, now, start, yesterday_start, yesterday_until),
        queue=queue_ages(ages(session, now)))


def build_today(db: Database, settings: Settings, now: datetime | None = None) -> TodayFigures:
    """The Today figures as of `now` (default: the current time) in the console's time zone."""
    with db.reader() as uow:
        return compute_today(uow.session, now or datetime.now(UTC), ZoneInfo(settings.console_timezone))


def _inbound() -> ColumnElement[bool]:
    """The conversation was opened by the customer (as the weekly metrics' inbound)."""
    c = ConversationRow
    return and_(c.first_customer_at.is_not(None), c.first_customer_at == c.first_message_at)


def _volume(session: Session, tz: ZoneInfo, hours: Sequence[int], now: datetime, start: datetime,
            yesterday_start: datetime, yesterday_until: datetime) -> Volume:
    c = ConversationRow
    today, yesterday = [0] * len(hours), [0] * len(hours)
    query = select(c.created_at).where(c.created_at >= yesterday_start, c.created_at < now, _inbound())
    for created in session.execute(query).scalars():
        counts = today if created >= start else yesterday if created < yesterday_until else None
        hour = created.astimezone(tz).hour
        if counts is not None and hour < len(hours):
            counts[hour] += 1
    return Volume(tuple(hours), tuple(today), tuple(yesterday))


def _outcomes(session: Session, tz: ZoneInfo, hours: Sequence[int], now: datetime, start: datetime) -> Outcomes:
    d, o = DecisionRow, OutcomeRow
    by_hour = {outcome: [0] * len(hours) for outcome in OUTCOMES}
    query = select(d.outcome, d.created_at).where(d.created_at >= start, d.created_at < now, d.outcome.in_(OUTCOMES))
    for outcome, created in session.execute(query):
        hour = created.astimezone(tz).hour
        if hour < len(hours):
            by_hour[outcome][hour] += 1
    solved, by_ai = session.execute(
        select(func.count(), func.sum(case((o.resolved_by == AI_RESOLVER, 1), else_=0)))
        .where(o.resolution == SOLVED, o.resolved_at >= start, o.resolved_at < now)).one()
    return Outcomes({outcome: sum(v) for outcome, v in by_hour.items()},
                    {outcome: tuple(v) for outcome, v in by_hour.items()}, int(solved or 0), int(by_ai or 0))


def _first_response(session: Session, now: datetime, start: datetime, yesterday_start: datetime,
                    yesterday_until: datetime) -> FirstResponse:
    c = ConversationRow
    found: dict[bool, list[float | None]] = {True: [], False: []}  # today? → seconds to the first reply, or None
    query = (select(c.first_customer_at, c.first_reply_at)
             .where(c.first_customer_at >= yesterday_start, c.first_customer_at < now, _inbound()))
    for arrived, replied in session.execute(query):
        if arrived is None:
            continue
        is_today = arrived >= start
        if not is_today and arrived >= yesterday_until:
            continue
        cutoff = now if is_today else yesterday_until
        answered = replied is not None and replied < cutoff  # a reply after the cut-off had not come yet then
        found[is_today].append((replied - arrived).total_seconds() if answered and replied is not None else None)
    return FirstResponse(_first_response_day(found[True]), _first_response_day(found[False]))


def _first_response_day(values: Sequence[float | None]) -> FirstResponseDay:
    answered = [v for v in values if v is not None]
    if not answered:
        return FirstResponseDay(arrived=len(values))
    return FirstResponseDay(len(values), len(answered), percentile_cont(answered, 0.5),
                            percentile_cont(answered, 0.9))


def queue_ages(seconds: Sequence[float]) -> QueueAges:
    """How many wait, the oldest, the median and the waiting-time histogram of the queue's ages (seconds)."""
    if not seconds:
        return QueueAges()
    seconds = [max(age, 0.0) for age in seconds]  # a message stamped after now (clock skew) has just arrived
    buckets = [0] * len(QUEUE_BUCKETS)
    for age in seconds:
        index = next((i for i, (_, _, high) in enumerate(QUEUE_BUCKETS) if high is None or age < high),
                     len(QUEUE_BUCKETS) - 1)
        buckets[index] += 1
    return QueueAges(len(seconds), max(seconds), percentile_cont(seconds, 0.5), tuple(buckets))


# --- charts ---------------------------------------------------------------------------------------------------------


def _hour_labels(hours: Sequence[int]) -> tuple[list[str], list[str]]:
    return [f"{h:02d}" for h in hours], [f"{h:02d}:00–{h + 1:02d}:00" for h in hours]


def today_charts(figures: TodayFigures) -> dict[str, str]:
    """The Today charts as SVG markup, by name: volume, outcomes and queue, each only when it has data."""
    charts: dict[str, str] = {}
    labels, tips = _hour_labels(figures.volume.hours)
    x_label = f"hour of the day ({figures.timezone})"
    v = figures.volume
    if v.total_today or v.total_yesterday:
        charts["volume"] = bar_chart(
            "Inbound conversations by hour", labels,
            [Series("Today", v.today), Series("Yesterday", v.yesterday)],
            y_label="conversations", x_label=x_label, decimals=0, tooltip_labels=tips,
            y_max=count_axis_max(max([*v.today, *v.yesterday])),
            summary=f"{v.total_today} today so far, {v.total_yesterday} yesterday by the same time.")
    o = figures.outcomes
    if o.total:
        totals = [sum(column) for column in zip(*o.by_hour.values(), strict=True)]
        charts["outcomes"] = stacked_bar_chart(
            "Decisions by hour and outcome", labels,
            [Series(OUTCOME_NAMES[name], o.by_hour[name]) for name in OUTCOMES],
            unit="number", y_label="decisions", x_label=x_label, decimals=0, tooltip_labels=tips,
            y_max=count_axis_max(max(totals)), empty="No decision yet today", palette=OUTCOME_COLOURS)
    q = figures.queue
    if q.waiting:
        pairs = q.labelled_buckets
        charts["queue"] = bar_chart(
            "Review queue by waiting time", [label for label, _ in pairs],
            [Series("Conversations waiting", [n for _, n in pairs])],
            y_label="conversations", x_label="waiting since the customer's last message", decimals=0,
            y_max=count_axis_max(max(q.buckets)),
            summary="; ".join(f"{label}: {n}" for label, n in pairs) + ".")
    return charts
