"""The weekly metrics, exactly as defined (deflection, 7-day re-contact, honest deflection, CSAT matched on intent,
first-response time, handling time, cost per resolved contact), computed by aggregate queries in the database.

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
* **cost per resolved contact**: (person minutes × loaded rate + AI cost per decision × decisions + the platform fee
  pro-rated to the window) ÷ solved conversations; person minutes use the reported handling time, else the default.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.elements import ClauseElement, ColumnElement

from deskpilot.storage.tables import (
    ArticleRow,
    ConversationRow,
    CustomerRow,
    DecisionRow,
    DraftRow,
    IntentRow,
    OutcomeRow,
    ReviewRow,
    UTCDateTime,
)

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
                "recontact_by_resolver": self.recontact_by_resolver}


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
    with _materialized_facts(session, dialect, start=start, end=end, as_of=as_of, recontact_days=recontact_days,
                             period=period, by=by) as facts:
        sets = _sets(period is not None, by is not None, crossed)
        rows = {(row.period, row.group): row for row in _aggregate(session, dialect, facts, sets)}
        _add_csat(session, dialect, facts, rows, sets)
        _add_percentiles(session, dialect, facts, rows, sets)
        by_resolver = _by_resolver(session, facts)
    window_days = (end - start).total_seconds() / 86400
    for (period_key, group), row in rows.items():
        whole = rows.get((period_key, ALL))
        share = 1.0 if group == ALL or whole is None or not whole.solved else row.solved / whole.solved
        _add_cost(row, costs, window_days if period_key == ALL else _period_days(period_key, period), share)
    totals = sorted((r for r in rows.values() if r.period == ALL), key=lambda r: (r.group != ALL, r.group))
    trend = sorted((r for r in rows.values() if r.period != ALL), key=lambda r: (r.period, r.group != ALL, r.group))
    freshness, published = knowledge_freshness(session, as_of, freshness_days)
    return Metrics(start, end, as_of, period, by, recontact_days, totals, trend, freshness, published,
                   freshness_days, reviewer_feedback(session, start, end), by_resolver)


# --- per-conversation facts -----------------------------------------------------------------------------------------


def _plus_days(dialect: str, column: Any, days: int) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return func.datetime(column, f"+{days} days")
    return column + func.make_interval(0, 0, 0, days)  # type: ignore[no-any-return]


def _period_expr(dialect: str, column: Any, period: Period | None) -> ColumnElement[str]:
    if period is None:
        return literal(ALL)
    if dialect == "sqlite":
        fmt = {"day": func.date(column), "week": func.date(column, "weekday 0", "-6 days"),
               "month": func.strftime("%Y-%m-01", column)}
        return fmt[period]
    return func.to_char(func.date_trunc(period, func.timezone("UTC", column)), "YYYY-MM-DD")


def _fact_columns() -> list[Column[Any]]:
    """The columns of the facts table (fresh objects: a column belongs to one table)."""
    return [
        Column("id", Integer), Column("period", String(10)), Column("grp", String(64)),
        Column("intent", String(64)), Column("taxonomy_category", String(64)), Column("identity_key", String(64)),
        Column("solved", Integer), Column("deflected", Integer), Column("resolver", String(8)),
        Column("resolved_by", String(200)), Column("ref", UTCDateTime()), Column("mature", Integer),
        Column("recontacted", Integer), Column("pending", Integer), Column("csat", Integer),
        Column("handle_seconds", Integer), Column("assisted", Integer), Column("decisions", Integer),
        Column("first_in", UTCDateTime()), Column("first_out", UTCDateTime()), Column("inbound", Integer)]


@contextmanager
def _materialized_facts(session: Session, dialect: str, *, start: datetime, end: datetime, as_of: datetime,
                        recontact_days: int, period: Period | None, by: GroupBy | None) -> Iterator[Table]:
    """A temporary table with one row per inbound conversation of the window and everything the metrics need,
    built by set-based joins (no per-conversation subqueries) and dropped afterwards."""
    table = Table(f"metric_facts_{uuid.uuid4().hex[:12]}", MetaData(), *_fact_columns())
    base = _base_facts(dialect, start=start, end=end, as_of=as_of, recontact_days=recontact_days, period=period,
                       by=by)
    session.execute(CreateTempTableAs(table.name, base))  # one statement: the database may run it in parallel
    try:
        # filtering on a comparison of two columns inside the query hides the row count from the planner
        session.execute(delete(table).where(table.c.inbound == 0))
        if dialect == "postgresql":
            session.execute(text(f"ANALYZE {table.name}"))
        session.execute(update(table).where(table.c.mature == 1, table.c.recontacted == 0, or_(
            table.c.id.in_(_same_person_again(dialect, table, recontact_days)),
            table.c.id.in_(_named_as_origin(dialect, table, recontact_days)))).values(recontacted=1))
        yield table
    finally:
        session.execute(text(f"DROP TABLE {table.name}"))


def _base_facts(dialect: str, *, start: datetime, end: datetime, as_of: datetime, recontact_days: int,
                period: Period | None, by: GroupBy | None) -> Select[Any]:
    """The fact rows of the window's conversations (``inbound`` = the customer wrote first) from the conversation's
    own summary columns, without the re-contact joins (a reopen already counts as one)."""
    c, k, o = ConversationRow, CustomerRow, OutcomeRow
    intent_key = func.coalesce(c.intent, c.category)
    taxonomy = aliased(IntentRow, name="taxonomy")
    solved = and_(o.resolution == "solved", o.resolved_at.is_not(None))
    reference = func.coalesce(o.resolved_at, c.created_at)
    closed = _plus_days(dialect, reference, recontact_days) <= _as_literal(dialect, as_of)
    is_ai = and_(solved, o.resolved_by == AI_RESOLVER)
    group = {None: literal(ALL), "category": func.coalesce(taxonomy.category, intent_key, literal("uncategorised")),
             "locale": func.coalesce(c.locale, literal("unknown"))}[by]
    values = [
        c.id, _period_expr(dialect, c.created_at, period), group, intent_key, taxonomy.category, k.identity_key,
        case((solved, 1), else_=0), case((and_(is_ai, c.person_replied.is_(False)), 1), else_=0),
        case((is_ai, AI_RESOLVER), (solved, "human"), else_=None), o.resolved_by, reference,
        case((and_(solved, closed), 1), else_=0), case((and_(solved, closed, o.reopened.is_(True)), 1), else_=0),
        case((and_(solved, ~closed), 1), else_=0), o.csat, o.handle_seconds, case((c.drafted, 1), else_=0),
        c.decisions_count, c.first_customer_at, c.first_reply_at,
        case((and_(c.first_customer_at.is_not(None), c.first_customer_at == c.first_message_at), 1), else_=0)]
    return (select(  # type: ignore[return-value]
        *(value.label(column.name) for value, column in zip(values, _fact_columns(), strict=True)))
        .select_from(c)
        .outerjoin(k, k.id == c.customer_id)
        .outerjoin(o, o.conversation_id == c.id)
        .outerjoin(taxonomy, taxonomy.name == intent_key)
        .where(c.created_at >= start, c.created_at < end))


def _same_person_again(dialect: str, facts: Table, recontact_days: int) -> Select[Any]:
    """Solved facts whose person (identity key) opened another conversation on the same intent or one of the same
    category within the re-contact window."""
    f = facts.c
    later, person, kind = (aliased(ConversationRow, name="later"), aliased(CustomerRow, name="later_customer"),
                           aliased(IntentRow, name="later_taxonomy"))
    later_intent = func.coalesce(later.intent, later.category)
    return (select(f.id).join(person, person.identity_key == f.identity_key)
            .join(later, and_(later.customer_id == person.id, later.created_at > f.ref,
                              later.created_at <= _plus_days(dialect, f.ref, recontact_days), later.id != f.id))
            .outerjoin(kind, kind.name == later_intent)
            .where(f.mature == 1, or_(later_intent == f.intent, and_(kind.category.is_not(None),
                                                                     kind.category == f.taxonomy_category))))


def _named_as_origin(dialect: str, facts: Table, recontact_days: int) -> Select[Any]:
    """Solved facts a later conversation names as its origin (``recontact_of``) within the re-contact window."""
    f = facts.c
    named, named_conversation = aliased(OutcomeRow, name="named"), aliased(ConversationRow, name="named_conv")
    return (select(f.id).join(named, named.recontact_of == f.id)
            .join(named_conversation, named_conversation.id == named.conversation_id)
            .where(f.mature == 1, named_conversation.created_at > f.ref,
                   named_conversation.created_at <= _plus_days(dialect, f.ref, recontact_days)))


class CreateTempTableAs(Executable, ClauseElement):
    """``CREATE TEMPORARY TABLE name AS <select>`` with the select's bound parameters."""

    inherit_cache = False

    def __init__(self, name: str, query: Select[Any]) -> None:
        self.name = name
        self.query = query


@compiles(CreateTempTableAs)
def _compile_create_temp_table_as(element: CreateTempTableAs, compiler: Any, **kw: Any) -> str:
    return f"CREATE TEMPORARY TABLE {element.name} AS {compiler.process(element.query, **kw)}"


def _as_literal(dialect: str, moment: datetime) -> ColumnElement[Any]:
    if dialect == "sqlite":  # stored as naive UTC text
        return literal(moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"))
    return literal(moment)


# --- aggregates -----------------------------------------------------------------------------------------------------


Sets = list[tuple[bool, bool]]  # which of (period, group) each grouping keeps


def _sets(by_period: bool, by_group: bool, crossed: bool = True) -> Sets:
    """The window total, plus per group, per period and (when ``crossed``) per period × group as requested."""
    return [(p, g) for p in ((False, True) if by_period else (False,))
            for g in ((False, True) if by_group else (False,)) if crossed or not (p and g)]


def _grouped(session: Session, dialect: str, facts: Table, sets: Sets, measures: Sequence[Any],
             extra: Sequence[Any] = (), where: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
    """Rows of (period or ALL, group or ALL, *extra, *measures) for every grouping set: one pass with GROUPING SETS
    on PostgreSQL, one query per set elsewhere."""
    f = facts.c
    extras = [e.name for e in extra]
    if dialect == "postgresql":
        keys = [f.period if any(p for p, _ in sets) else None, f.grp if any(g for _, g in sets) else None]
        labels = [literal(ALL) if k is None else case((func.grouping(k) == 1, literal(ALL)), else_=k) for k in keys]
        spec = ", ".join("(" + ", ".join(["period"] * p + ["grp"] * g + extras) + ")" for p, g in sets)
        query = select(*labels, *extra, *measures).where(*where).group_by(text(f"GROUPING SETS ({spec})"))
        yield from session.execute(query)
        return
    for by_period, by_group in sets:
        period = f.period if by_period else literal(ALL)
        group = f.grp if by_group else literal(ALL)
        query = select(period, group, *extra, *measures).where(*where).group_by(period, group, *extra)
        yield from session.execute(query)


def _aggregate(session: Session, dialect: str, facts: Table, sets: Sets) -> list[MetricRow]:
    f = facts.c
    human = f.resolver == "human"
    ai = f.resolver == AI_RESOLVER
    measures = [
        func.count(), func.sum(f.solved), func.sum(f.deflected),
        func.sum(case((ai, f.mature), else_=0)), func.sum(case((ai, f.recontacted), else_=0)),
        func.sum(case((human, f.mature), else_=0)), func.sum(case((human, f.recontacted), else_=0)),
        func.sum(f.pending), func.sum(f.decisions),
        func.avg(case((and_(human, f.assisted == 1), f.handle_seconds))),
        func.avg(case((and_(human, f.assisted == 0), f.handle_seconds))),
        func.sum(case((human, f.handle_seconds))),
        func.sum(case((and_(human, f.handle_seconds.is_(None)), 1), else_=0)),
        func.sum(case((human, 1), else_=0))]
    out = []
    for (p, g, inbound, solved, deflected, ai_mature, ai_re, h_mature, h_re, pending, decisions, aht_a, aht_u,
         handled, missing, human_solved) in _grouped(session, dialect, facts, sets, measures):
        if not inbound:  # GROUPING SETS answers the empty set () even when nothing matched
            continue
        row = MetricRow(period=str(p), group=str(g), inbound=int(inbound), solved=int(solved or 0),
                        deflected=int(deflected or 0), human_solved=int(human_solved or 0),
                        ai_solved_mature=int(ai_mature or 0), ai_recontacted=int(ai_re or 0),
                        human_solved_mature=int(h_mature or 0), human_recontacted=int(h_re or 0),
                        recontact_pending=int(pending or 0), decisions=int(decisions or 0))
        row.aht_assisted_s = float(aht_a) if aht_a is not None else None
        row.aht_unassisted_s = float(aht_u) if aht_u is not None else None
        row.handle_seconds_reported, row.handle_missing = float(handled or 0), int(missing or 0)
        out.append(row)
    return out


def _add_cost(row: MetricRow, costs: CostModel, days: float, fee_share: float) -> None:
    """Cost per solved conversation; a group carries the platform fee in proportion to its solved conversations."""
    row.person_minutes = row.handle_seconds_reported / 60.0 + row.handle_missing * costs.default_aht_minutes
    total = (row.person_minutes / 60.0 * costs.hourly_rate + row.decisions * costs.ai_cost_per_decision
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


def _add_csat(session: Session, dialect: str, facts: Table, rows: dict[tuple[str, str], MetricRow],
              sets: Sets) -> None:
    f = facts.c
    rated: dict[tuple[str, str], dict[str, dict[str, tuple[int, float]]]] = {}
    for p, g, intent, resolver, n, total in _grouped(
            session, dialect, facts, sets, [func.count(), func.sum(f.csat)], extra=[f.intent, f.resolver],
            where=[f.csat.is_not(None), f.resolver.is_not(None)]):
        rated.setdefault((str(p), str(g)), {}).setdefault(intent, {})[resolver] = (int(n), float(total))
    for key, by_intent in rated.items():
        row = rows.get(key)
        if row is None:
            continue
        ai_n = sum(v[AI_RESOLVER][0] for v in by_intent.values() if AI_RESOLVER in v)
        h_n = sum(v["human"][0] for v in by_intent.values() if "human" in v)
        row.csat_ai_rated, row.csat_human_rated = ai_n, h_n
        if ai_n:
            row.csat_ai = sum(v[AI_RESOLVER][1] for v in by_intent.values() if AI_RESOLVER in v) / ai_n
        if h_n:
            row.csat_human = sum(v["human"][1] for v in by_intent.values() if "human" in v) / h_n
        both = {i: v for i, v in by_intent.items() if AI_RESOLVER in v and "human" in v}
        weight = sum(v[AI_RESOLVER][0] for v in both.values())
        if weight:
            row.csat_human_matched = sum(v[AI_RESOLVER][0] / weight * (v["human"][1] / v["human"][0])
                                         for v in both.values())


def _add_percentiles(session: Session, dialect: str, facts: Table, rows: dict[tuple[str, str], MetricRow],
                     sets: Sets) -> None:
    f = facts.c
    seconds = _seconds_between(dialect, f.first_in, f.first_out)
    answered = [f.first_out.is_not(None)]
    if dialect == "postgresql":
        measures = [func.percentile_cont(0.5).within_group(seconds), func.percentile_cont(0.9).within_group(seconds)]
        for p, g, median, p90 in _grouped(session, dialect, facts, sets, measures, where=answered):
            if median is not None and (row := rows.get((str(p), str(g)))) is not None:  # () yields a row for none
                row.frt_median_s, row.frt_p90_s = float(median), float(p90)
        return
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for by_period, by_group in sets:
        period = f.period if by_period else literal(ALL)
        group = f.grp if by_group else literal(ALL)
        for p, g, value in session.execute(select(period, group, seconds).where(*answered)):
            values[(str(p), str(g))].append(float(value))
    for key, found in values.items():
        if (row := rows.get(key)) is not None:
            row.frt_median_s, row.frt_p90_s = percentile_cont(found, 0.5), percentile_cont(found, 0.9)


def _seconds_between(dialect: str, earlier: Any, later: Any) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def percentile_cont(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (the same definition as PostgreSQL's percentile_cont)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def _by_resolver(session: Session, facts: Any) -> list[dict[str, Any]]:
    f = facts.c
    query = (select(f.resolved_by, func.sum(f.mature), func.sum(f.recontacted), func.sum(f.pending))
             .where(f.resolver.is_not(None)).group_by(f.resolved_by).order_by(f.resolved_by))
    return [{"resolved_by": who, "solved_mature": int(n or 0), "recontacted": int(r or 0),
             "recontact_rate": round(int(r or 0) / int(n), 4) if n else None, "pending": int(p or 0)}
            for who, n, r, p in session.execute(query)]


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
