"""The weekly metrics, exactly as defined (deflection, 7-day re-contact, honest deflection, CSAT matched on intent,
first-response time, handling time, cost per resolved contact), computed by aggregate queries over the conversation
facts (``analytics.facts``; the caller brings them up to date first).

Definitions (per window, period and group):

* **inbound**: conversations created in the window whose first message is the customer's.
* **deflected**: inbound conversations solved by deskpilot (``resolved_by = "ai"``) with no public message written
  by a person; **deflection** = deflected ÷ inbound.
* **re-contact**: a solved conversation is re-contacted when it was reopened, when a later conversation names it
  as its origin (``recontact_of``), or when the same person (the hashed identity key: e-mail, else phone, else the
  connector's customer id) opens another conversation on the same intent or an intent of the same category within
  ``recontact_days`` of the resolution. It is attributed to the original resolver. Only conversations whose window
  has closed by ``as_of`` count (the others are reported as pending): a young conversation has had no time to be
  re-contacted. **honest deflection** = deflection × (1 − AI re-contact rate).
* **CSAT AI vs human matched on intent**: mean AI CSAT, and the human CSAT per intent weighted by the AI's mix of
  rated intents (intents rated on both sides only).
* **first-response time**: first customer message → first public reply by anyone (AI or person); median and p90.
* **AHT**: mean agent handling time of person-solved conversations, assisted (deskpilot drafted a reply) vs not.
* **cost per resolved contact**: (person minutes × loaded rate + AI cost per decision × decisions + the measured
  cost of LLM calls + the platform fee pro-rated to the window) ÷ solved conversations; person minutes use the
  reported handling time, else the default.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, NamedTuple

from sqlalchemy import Subquery, and_, case, func, literal, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from deskpilot.analytics.suggestions import SuggestionRates, suggestion_rates
from deskpilot.storage.tables import ArticleRow, ConversationFactRow, DecisionRow, DraftRow, ReviewRow

Period = Literal["day", "week", "month"]
GroupBy = Literal["category", "locale"]
ALL = "all"
AI_RESOLVER = "ai"


@dataclass(frozen=True)
class CostModel:
    """What a contact costs: loaded rate of a person's hour, AI cost per decision, platform fee per month."""

    hourly_rate: float = 18.0
    ai_cost_per_decision: float = 0.0
    platform_cost_month: float = 0.0
    default_aht_minutes: float = 5.0


@dataclass
class MetricRow:
    """Every metric of one period × group (shares in 0..1, times in seconds, money in euros)."""

    period: str
    group: str
    inbound: int = 0
    solved: int = 0
    deflected: int = 0
    human_solved: int = 0
    ai_solved_mature: int = 0
    ai_recontacted: int = 0
    human_solved_mature: int = 0
    human_recontacted: int = 0
    recontact_pending: int = 0
    decisions: int = 0
    llm_cost: float = 0.0  # measured cost of the LLM calls behind the drafts, euros
    csat_ai: float | None = None
    csat_ai_rated: int = 0
    csat_human_matched: float | None = None
    csat_human: float | None = None
    csat_human_rated: int = 0
    frt_median_s: float | None = None
    frt_p90_s: float | None = None
    aht_assisted_s: float | None = None
    aht_unassisted_s: float | None = None
    handle_seconds_reported: float = 0.0  # sum over person-solved conversations that report a handling time
    handle_missing: int = 0  # person-solved conversations without one (costed at the default AHT)
    person_minutes: float = 0.0
    cost_per_resolved: float | None = None

    @property
    def person_aht_minutes(self) -> float | None:
        """Mean person minutes per person-solved conversation (reported time, else the default)."""
        return self.person_minutes / self.human_solved if self.human_solved else None

    @property
    def deflection(self) -> float | None:
        """Deflected ÷ inbound."""
        return self.deflected / self.inbound if self.inbound else None

    @property
    def ai_recontact_rate(self) -> float | None:
        """Re-contacted ÷ mature AI-solved conversations."""
        return self.ai_recontacted / self.ai_solved_mature if self.ai_solved_mature else None

    @property
    def human_recontact_rate(self) -> float | None:
        """Re-contacted ÷ mature person-solved conversations."""
        return self.human_recontacted / self.human_solved_mature if self.human_solved_mature else None

    @property
    def recontact_rate(self) -> float | None:
        """Re-contacted ÷ all mature solved conversations."""
        mature = self.ai_solved_mature + self.human_solved_mature
        return (self.ai_recontacted + self.human_recontacted) / mature if mature else None

    @property
    def honest_deflection(self) -> float | None:
        """Deflection × (1 − AI re-contact rate); a deflection with no mature AI resolution yet counts as is."""
        if self.deflection is None:
            return None
        return self.deflection * (1.0 - (self.ai_recontact_rate or 0.0))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready row with the derived rates beside the counts they come from."""
        data = asdict(self)
        for name in ("deflection", "ai_recontact_rate", "human_recontact_rate", "recontact_rate",
                     "honest_deflection"):
            data[name] = getattr(self, name)
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in data.items()}


@dataclass
class Feedback:
    """Reviewers' verdicts on deskpilot's drafts for one category."""

    category: str
    approved: int = 0
    edited: int = 0
    rejected: int = 0
    mean_edit_distance: float | None = None  # word-level, normalised to 0..1, over edited drafts

    @property
    def total(self) -> int:
        """Reviews counted."""
        return self.approved + self.edited + self.rejected

    @property
    def approve_rate(self) -> float | None:
        """Share of drafts approved unchanged (None without reviews)."""
        return self.approved / self.total if self.total else None

    @property
    def edit_rate(self) -> float | None:
        """Share of drafts edited before sending (None without reviews)."""
        return self.edited / self.total if self.total else None

    @property
    def reject_rate(self) -> float | None:
        """Share of drafts rejected (None without reviews)."""
        return self.rejected / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready feedback with shares."""
        return {**asdict(self), "total": self.total, **{
            name: round(value or 0.0, 4) for name, value in (("approve_unchanged_rate", self.approve_rate),
                                                             ("edit_rate", self.edit_rate),
                                                             ("reject_rate", self.reject_rate))}}


@dataclass
class Metrics:
    """The window's metrics: the whole window per group, the trend per period, and the window-level figures."""

    start: datetime
    end: datetime
    as_of: datetime
    period: Period | None
    by: GroupBy | None
    recontact_days: int
    totals: list[MetricRow]
    trend: list[MetricRow]
    knowledge_freshness: float | None
    articles_published: int
    freshness_days: int
    feedback: list[Feedback]
    recontact_by_resolver: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[SuggestionRates] = field(default_factory=list)

    def total(self) -> MetricRow:
        """The row of the whole window over every group."""
        return next(r for r in self.totals if r.group == ALL)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready metrics."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "as_of": self.as_of.isoformat(),
                "period": self.period, "by": self.by, "recontact_days": self.recontact_days,
                "totals": [r.to_json() for r in self.totals], "trend": [r.to_json() for r in self.trend],
                "knowledge_freshness": None if self.knowledge_freshness is None else round(
                    self.knowledge_freshness, 4), "articles_published": self.articles_published,
                "freshness_days": self.freshness_days, "feedback": [f.to_json() for f in self.feedback],
                "recontact_by_resolver": self.recontact_by_resolver,
                "suggestions": [r.to_json() for r in self.suggestions]}


def utc_midnight(day: date) -> datetime:
    """00:00 UTC of a day."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def compute_metrics(session: Session, *, start: datetime, end: datetime, as_of: datetime | None = None,
                    period: Period | None = None, by: GroupBy | None = None, recontact_days: int = 7,
                    costs: CostModel | None = None, freshness_days: int = 90, crossed: bool = True) -> Metrics:
    """Every metric of conversations created in [start, end), per group and (optionally) per period; with
    ``crossed`` off the trend is per period only (no period × group rows)."""
    costs = costs or CostModel()
    as_of = as_of or end
    dialect = session.get_bind().dialect.name
    facts = _window_facts(dialect, start=start, end=end, as_of=as_of, recontact_days=recontact_days, period=period,
                          by=by)
    sets = _sets(period is not None, by is not None, crossed)
    finest = _finest(session, facts)
    rows = _aggregate(finest, sets)
    _add_csat(session, facts, rows, sets)
    _add_percentiles(session, dialect, facts, rows, sets)
    by_resolver = _by_resolver(finest)
    window_days = (end - start).total_seconds() / 86400
    for (period_key, group), row in rows.items():
        whole = rows.get((period_key, ALL))
        share = 1.0 if group == ALL or whole is None or not whole.solved else row.solved / whole.solved
        _add_cost(row, costs, window_days if period_key == ALL else _period_days(period_key, period), share)
    totals = sorted((r for r in rows.values() if r.period == ALL), key=lambda r: (r.group != ALL, r.group))
    trend = sorted((r for r in rows.values() if r.period != ALL), key=lambda r: (r.period, r.group != ALL, r.group))
    freshness, published = knowledge_freshness(session, as_of, freshness_days)
    return Metrics(start, end, as_of, period, by, recontact_days, totals, trend, freshness, published,
                   freshness_days, reviewer_feedback(session, start, end), by_resolver,
                   suggestion_rates(session, start, end))


# --- the window's facts ---------------------------------------------------------------------------------------------


def _plus_days(dialect: str, column: Any, days: int) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return func.datetime(column, f"+{days} days")
    return column + func.make_interval(0, 0, 0, days)  # type: ignore[no-any-return]


def _window_facts(dialect: str, *, start: datetime, end: datetime, as_of: datetime, recontact_days: int,
                  period: Period | None, by: GroupBy | None) -> Subquery:
    """The facts of the window's inbound conversations with their period, group and re-contact state as of
    ``as_of``: mature once the re-contact window closed, re-contacted when reopened or when the person's next
    related contact or a conversation naming it falls inside the window."""
    f = ConversationFactRow
    closes = _plus_days(dialect, f.ref, recontact_days)
    closed = closes <= _as_literal(dialect, as_of)
    mature = and_(f.solved == 1, closed)
    recontacted = and_(mature, or_(f.reopened == 1, f.next_related_at <= closes, f.named_at <= closes))
    period_key = literal(ALL) if period is None else getattr(f, period)
    group = {None: literal(ALL), "category": f.category, "locale": f.locale}[by]
    return (select(period_key.label("period"), group.label("grp"), f.intent, f.resolver, f.resolved_by, f.solved,
                   f.deflected, case((mature, 1), else_=0).label("mature"),
                   case((recontacted, 1), else_=0).label("recontacted"),
                   case((and_(f.solved == 1, ~closed), 1), else_=0).label("pending"), f.csat, f.handle_seconds,
                   f.assisted, f.decisions, f.llm_cost, f.first_response_seconds)
            .where(f.created_at >= start, f.created_at < end).subquery("facts"))


def _as_literal(dialect: str, moment: datetime) -> ColumnElement[Any]:
    if dialect == "sqlite":  # stored as naive UTC text
        return literal(moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"))
    return literal(moment)


# --- aggregates -----------------------------------------------------------------------------------------------------
# One GROUP BY at the finest grain the figures need (period × group × resolver), which the database can run in
# parallel, rolled up here into every grouping asked for; only the percentiles need a pass per grouping.


Sets = list[tuple[bool, bool]]  # which of (period, group) each grouping keeps
Key = tuple[str, str]  # (period or ALL, group or ALL)
SUMS = ("inbound", "solved", "deflected", "ai_mature", "ai_recontacted", "human_mature", "human_recontacted",
        "pending", "decisions", "assisted_seconds", "assisted_timed", "unassisted_seconds", "unassisted_timed",
        "handle_seconds", "handle_missing", "human_solved", "llm_cost")


def _sets(by_period: bool, by_group: bool, crossed: bool = True) -> Sets:
    """The window total, plus per group, per period and (when ``crossed``) per period × group as requested."""
    return [(p, g) for p in ((False, True) if by_period else (False,))
            for g in ((False, True) if by_group else (False,)) if crossed or not (p and g)]


def _keys(period: str, group: str, sets: Sets) -> Iterator[Key]:
    """The grouping keys a finest-grain row counts towards."""
    for by_period, by_group in sets:
        yield (period if by_period else ALL, group if by_group else ALL)


class _Finest(NamedTuple):
    period: str
    group: str
    resolved_by: str | None
    resolver: str | None
    sums: dict[str, float]


def _finest(session: Session, facts: Subquery) -> list[_Finest]:
    """Every sum per period × group × resolver."""
    f = facts.c
    human, ai = f.resolver == "human", f.resolver == AI_RESOLVER
    assisted, unassisted = and_(human, f.assisted == 1), and_(human, f.assisted == 0)
    measures = [
        func.count(), func.sum(f.solved), func.sum(f.deflected), func.sum(case((ai, f.mature), else_=0)),
        func.sum(case((ai, f.recontacted), else_=0)), func.sum(case((human, f.mature), else_=0)),
        func.sum(case((human, f.recontacted), else_=0)), func.sum(f.pending), func.sum(f.decisions),
        func.sum(case((assisted, f.handle_seconds))), func.count(case((assisted, f.handle_seconds))),
        func.sum(case((unassisted, f.handle_seconds))), func.count(case((unassisted, f.handle_seconds))),
        func.sum(case((human, f.handle_seconds))), func.sum(case((and_(human, f.handle_seconds.is_(None)), 1),
                                                                  else_=0)),
        func.sum(case((human, 1), else_=0)), func.sum(f.llm_cost)]
    query = (select(f.period, f.grp, f.resolved_by, f.resolver, *measures)
             .group_by(f.period, f.grp, f.resolved_by, f.resolver))
    return [_Finest(str(p), str(g), who, resolver, {name: float(v or 0) for name, v in zip(SUMS, values, strict=True)})
            for p, g, who, resolver, *values in session.execute(query)]


def _aggregate(finest: Sequence[_Finest], sets: Sets) -> dict[Key, MetricRow]:
    """The finest rows rolled up into one MetricRow per grouping key."""
    sums: dict[Key, dict[str, float]] = defaultdict(lambda: dict.fromkeys(SUMS, 0.0))
    for fine in finest:
        for key in _keys(fine.period, fine.group, sets):
            total = sums[key]
            for name, value in fine.sums.items():
                total[name] += value
    rows = {}
    for (period, group), t in sums.items():
        row = MetricRow(period=period, group=group, inbound=int(t["inbound"]), solved=int(t["solved"]),
                        deflected=int(t["deflected"]), human_solved=int(t["human_solved"]),
                        ai_solved_mature=int(t["ai_mature"]), ai_recontacted=int(t["ai_recontacted"]),
                        human_solved_mature=int(t["human_mature"]), human_recontacted=int(t["human_recontacted"]),
                        recontact_pending=int(t["pending"]), decisions=int(t["decisions"]),
                        llm_cost=t["llm_cost"])
        row.aht_assisted_s = t["assisted_seconds"] / t["assisted_timed"] if t["assisted_timed"] else None
        row.aht_unassisted_s = t["unassisted_seconds"] / t["unassisted_timed"] if t["unassisted_timed"] else None
        row.handle_seconds_reported, row.handle_missing = t["handle_seconds"], int(t["handle_missing"])
        rows[(period, group)] = row
    return rows


def _by_resolver(finest: Sequence[_Finest]) -> list[dict[str, Any]]:
    """Mature, re-contacted and pending resolutions per resolver (AI or each agent)."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in finest:
        if row.resolver is None or row.resolved_by is None:
            continue
        counts = found[row.resolved_by]
        counts[0] += int(row.sums["ai_mature"] + row.sums["human_mature"])
        counts[1] += int(row.sums["ai_recontacted"] + row.sums["human_recontacted"])
        counts[2] += int(row.sums["pending"])
    return [{"resolved_by": who, "solved_mature": n, "recontacted": r,
             "recontact_rate": round(r / n, 4) if n else None, "pending": p}
            for who, (n, r, p) in sorted(found.items())]


def _add_cost(row: MetricRow, costs: CostModel, days: float, fee_share: float) -> None:
    """Cost per solved conversation; a group carries the platform fee in proportion to its solved conversations."""
    row.person_minutes = row.handle_seconds_reported / 60.0 + row.handle_missing * costs.default_aht_minutes
    total = (row.person_minutes / 60.0 * costs.hourly_rate + row.decisions * costs.ai_cost_per_decision + row.llm_cost
             + costs.platform_cost_month * days / 30.0 * fee_share)
    row.cost_per_resolved = total / row.solved if row.solved else None


def _period_days(period_key: str, period: Period | None) -> float:
    if period == "day":
        return 1.0
    if period == "week":
        return 7.0
    start = datetime.fromisoformat(period_key)
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return float((following - start).days)


def _add_csat(session: Session, facts: Subquery, rows: dict[Key, MetricRow], sets: Sets) -> None:
    """CSAT of the AI, of people, and of people matched on the AI's mix of rated intents."""
    f = facts.c
    rated: dict[Key, dict[str, dict[str, list[float]]]] = defaultdict(lambda: defaultdict(dict))
    query = (select(f.period, f.grp, f.intent, f.resolver, func.count(), func.sum(f.csat))
             .where(f.csat.is_not(None), f.resolver.is_not(None)).group_by(f.period, f.grp, f.intent, f.resolver))
    for p, g, intent, resolver, n, total in session.execute(query):
        for key in _keys(str(p), str(g), sets):
            counted = rated[key][intent].setdefault(resolver, [0, 0.0])
            counted[0] += int(n)
            counted[1] += float(total)
    for key, by_intent in rated.items():
        row = rows.get(key)
        if row is None:
            continue
        ai_n = sum(v[AI_RESOLVER][0] for v in by_intent.values() if AI_RESOLVER in v)
        h_n = sum(v["human"][0] for v in by_intent.values() if "human" in v)
        row.csat_ai_rated, row.csat_human_rated = int(ai_n), int(h_n)
        if ai_n:
            row.csat_ai = sum(v[AI_RESOLVER][1] for v in by_intent.values() if AI_RESOLVER in v) / ai_n
        if h_n:
            row.csat_human = sum(v["human"][1] for v in by_intent.values() if "human" in v) / h_n
        both = {i: v for i, v in by_intent.items() if AI_RESOLVER in v and "human" in v}
        weight = sum(v[AI_RESOLVER][0] for v in both.values())
        if weight:
            row.csat_human_matched = sum(v[AI_RESOLVER][0] / weight * (v["human"][1] / v["human"][0])
                                         for v in both.values())


def _add_percentiles(session: Session, dialect: str, facts: Subquery, rows: dict[Key, MetricRow],
                     sets: Sets) -> None:
    """First-response median and p90 per grouping: GROUPING SETS on PostgreSQL, computed here elsewhere."""
    f = facts.c
    seconds = f.first_response_seconds
    answered = seconds.is_not(None)
    if dialect == "postgresql":
        keys = [f.period if any(p for p, _ in sets) else None, f.grp if any(g for _, g in sets) else None]
        labels = [literal(ALL) if k is None else case((func.grouping(k) == 1, literal(ALL)), else_=k) for k in keys]
        spec = ", ".join("(" + ", ".join(["period"] * p + ["grp"] * g) + ")" for p, g in sets)
        query = (select(*labels, func.percentile_cont(0.5).within_group(seconds),
                        func.percentile_cont(0.9).within_group(seconds))
                 .where(answered).group_by(text(f"GROUPING SETS ({spec})")))
        for result in session.execute(query):
            p, g, median, p90 = tuple(result)
            if median is not None and (row := rows.get((str(p), str(g)))) is not None:  # () yields a row for none
                row.frt_median_s, row.frt_p90_s = float(median), float(p90)
        return
    values: dict[Key, list[float]] = defaultdict(list)
    for p, g, value in session.execute(select(f.period, f.grp, seconds).where(answered)):
        for key in _keys(str(p), str(g), sets):
            values[key].append(float(value))
    for key, found in values.items():
        if (row := rows.get(key)) is not None:
            row.frt_median_s, row.frt_p90_s = percentile_cont(found, 0.5), percentile_cont(found, 0.9)


def percentile_cont(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (the same definition as PostgreSQL's percentile_cont)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


# --- window-level figures -------------------------------------------------------------------------------------------


def knowledge_freshness(session: Session, as_of: datetime, days: int = 90) -> tuple[float | None, int]:
    """Share of published articles reviewed in the `days` before `as_of`, and how many are published."""
    a = ArticleRow
    since = as_of - timedelta(days=days)
    published, fresh = session.execute(
        select(func.count(), func.sum(case((and_(a.last_reviewed_at >= since, a.last_reviewed_at <= as_of), 1),
                                           else_=0)))
        .where(a.state == "published")).one()
    return (int(fresh or 0) / int(published) if published else None), int(published)


def reviewer_feedback(session: Session, start: datetime, end: datetime) -> list[Feedback]:
    """Approve-unchanged / edit / reject counts and edit distance per category for reviews in [start, end)."""
    r, d, dr = ReviewRow, DecisionRow, DraftRow
    query = (select(func.coalesce(d.category, literal("uncategorised")), r.action, dr.text, r.edited_text)
             .join(d, d.id == r.decision_id).outerjoin(dr, dr.id == d.draft_id)
             .where(r.created_at >= start, r.created_at < end))
    found: dict[str, Feedback] = {}
    distances: dict[str, list[float]] = defaultdict(list)
    for category, action, draft, edited in session.execute(query):
        fb = found.setdefault(category, Feedback(category))
        if action == "approve" and (edited is None or edited == draft):
            fb.approved += 1
        elif action in ("approve", "edit"):
            fb.edited += 1
            distances[category].append(word_edit_distance(draft or "", edited or ""))
        elif action == "reject":
            fb.rejected += 1
    for category, fb in found.items():
        if distances[category]:
            fb.mean_edit_distance = statistics.fmean(distances[category])
    return sorted(found.values(), key=lambda f: f.category)


def word_edit_distance(before: str, after: str) -> float:
    """Levenshtein distance over words divided by the longer text's word count (0 = unchanged, 1 = rewritten)."""
    a, b = before.split(), after.split()
    if not a and not b:
        return 0.0
    previous = list(range(len(b) + 1))
    for i, word in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other)))
        previous = current
    return previous[-1] / max(len(a), len(b))
