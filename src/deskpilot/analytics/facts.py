"""The conversation facts the metrics aggregate: one row per inbound conversation, kept current incrementally.

A refresh rebuilds the facts of every conversation whose row or outcome changed since the previous refresh, and of
every conversation its change can affect: the same person's other conversations (their next related contact) and
the conversation it names as its origin. The rest stays as it was, so reading twelve weeks of metrics aggregates one
narrow table instead of joining conversations, customers, outcomes and the taxonomy every time. A change of the
intent taxonomy, or no previous refresh, rebuilds everything.

What a fact holds does not depend on the reader's window, moment or re-contact days: ``next_related_at`` is the
creation of the same person's first later conversation on the same intent or one of the same category after the
resolution, and ``named_at`` the first later conversation naming it as its origin; whether either falls inside the
re-contact window is decided when the metrics are read.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Select,
    Table,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    text,
    union,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.elements import ClauseElement, ColumnElement

from deskpilot.storage.database import Database
from deskpilot.storage.tables import (
    ConversationFactRow,
    ConversationRow,
    CustomerRow,
    IntentRow,
    LlmCallRow,
    MetricFactsStateRow,
    OutcomeRow,
    utcnow,
)

AI_RESOLVER = "ai"
Period = Literal["day", "week", "month"]
STATE_ID = 1
# a transaction still open when the previous refresh started may commit stamps older than it: look back this far
OVERLAP = timedelta(minutes=10)
LOCK_KEY = 0x6465736B  # PostgreSQL advisory lock serialising refreshes (SQLite's write lock does it there)


@dataclass(frozen=True)
class FactsRefresh:
    """What a refresh did: rebuilt everything or only what changed, how many facts it wrote, how long it took."""

    full: bool
    rebuilt: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {"full": self.full, "rebuilt": self.rebuilt, "seconds": round(self.seconds, 3)}


def taxonomy_fingerprint(session: Session) -> str:
    """A hash of the intent → category taxonomy the facts' categories were derived from."""
    rows = session.execute(select(IntentRow.name, IntentRow.category).order_by(IntentRow.name)).all()
    return hashlib.sha256("\n".join(f"{name}={category}" for name, category in rows).encode()).hexdigest()[:32]


def refresh_facts(session: Session, *, full: bool = False, overlap: timedelta = OVERLAP) -> FactsRefresh:
    """Bring the conversation facts up to date (everything when ``full``, the taxonomy changed or never built),
    looking ``overlap`` further back than the previous refresh for late commits; the caller commits."""
    started, clock = utcnow(), time.perf_counter()
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
    state = session.get(MetricFactsStateRow, STATE_ID)
    taxonomy = taxonomy_fingerprint(session)
    full = full or state is None or state.taxonomy != taxonomy
    if full:
        session.execute(delete(ConversationFactRow))
        rebuilt = _build(session, dialect, None)
    else:
        assert state is not None
        with _targets(session, state.refreshed_at - overlap) as targets:
            session.execute(delete(ConversationFactRow).where(
                ConversationFactRow.conversation_id.in_(select(targets.c.id))))
            rebuilt = _build(session, dialect, targets)
    if state is None:
        session.add(MetricFactsStateRow(id=STATE_ID, refreshed_at=started, taxonomy=taxonomy))
    else:
        state.refreshed_at, state.taxonomy = started, taxonomy
    session.flush()
    if dialect == "postgresql" and full:
        session.execute(text(f"ANALYZE {ConversationFactRow.__tablename__}"))
    return FactsRefresh(full, rebuilt, time.perf_counter() - clock)


def bring_up_to_date(db: Database, *, full: bool = False, overlap: timedelta = OVERLAP) -> FactsRefresh:
    """Refresh the facts in a transaction of their own and commit it."""
    with db.uow() as uow:
        done = refresh_facts(uow.session, full=full, overlap=overlap)
        uow.commit()
    return done


def _build(session: Session, dialect: str, targets: Table | None) -> int:
    """Insert the facts of the target conversations (all when None), then link each to its later contacts."""
    only = None if targets is None else select(targets.c.id)
    f = ConversationFactRow
    session.execute(insert(f).from_select([column.name for column in FACT_COLUMNS], _base_facts(dialect, only)))
    links: tuple[tuple[Any, Select[int, datetime]], ...] = ((f.next_related_at, _next_related()),
                                                            (f.named_at, _first_naming()))
    for column, query in links:
        if only is not None:
            query = query.where(f.conversation_id.in_(only))
        linked = query.subquery("linked")
        session.execute(update(f).where(f.conversation_id == linked.c.id).values({column: linked.c.at}))
    count = select(func.count()).select_from(f)  # the driver may not report an INSERT … SELECT's row count
    return int(session.execute(count if only is None else count.where(f.conversation_id.in_(only))).scalar_one())


def period_key(dialect: str, column: Any, period: Period) -> ColumnElement[str]:
    """The UTC day, ISO week (its Monday) or month (its first day) of a timestamp as ``YYYY-MM-DD``."""
    if dialect == "sqlite":
        fmt = {"day": func.date(column), "week": func.date(column, "weekday 0", "-6 days"),
               "month": func.strftime("%Y-%m-01", column)}
        return fmt[period]
    return func.to_char(func.date_trunc(period, func.timezone("UTC", column)), "YYYY-MM-DD")


def seconds_between(dialect: str, earlier: Any, later: Any) -> ColumnElement[Any]:
    """Seconds from one timestamp to another (NULL when either is)."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


FACT_COLUMNS = [column for column in ConversationFactRow.__table__.columns
                if column.name not in ("next_related_at", "named_at")]


def _base_facts(dialect: str, only: Select[Any] | None) -> Select[Any]:
    """The facts of inbound conversations (the customer wrote first), without their later contacts."""
    c, k, o = ConversationRow, CustomerRow, OutcomeRow
    intent_key = func.coalesce(c.intent, c.category)
    taxonomy = aliased(IntentRow, name="taxonomy")
    llm = (select(LlmCallRow.conversation_id, func.sum(LlmCallRow.cost).label("cost"))
           .group_by(LlmCallRow.conversation_id).subquery("llm"))
    solved = and_(o.resolution == "solved", o.resolved_at.is_not(None))
    is_ai = and_(solved, o.resolved_by == AI_RESOLVER)
    values: dict[str, Any] = {
        "conversation_id": c.id, "created_at": c.created_at, "day": period_key(dialect, c.created_at, "day"),
        "week": period_key(dialect, c.created_at, "week"), "month": period_key(dialect, c.created_at, "month"),
        "locale": func.coalesce(c.locale, literal("unknown")),
        "category": func.coalesce(taxonomy.category, intent_key, literal("uncategorised")), "intent": intent_key,
        "taxonomy_category": taxonomy.category, "identity_key": k.identity_key,
        "solved": case((solved, 1), else_=0),
        "deflected": case((and_(is_ai, c.person_replied.is_(False)), 1), else_=0),
        "resolver": case((is_ai, AI_RESOLVER), (solved, "human"), else_=null()), "resolved_by": o.resolved_by,
        "ref": func.coalesce(o.resolved_at, c.created_at),
        "reopened": case((and_(solved, o.reopened.is_(True)), 1), else_=0), "recontact_of": o.recontact_of,
        "csat": o.csat, "handle_seconds": o.handle_seconds, "assisted": case((c.drafted, 1), else_=0),
        "decisions": c.decisions_count, "llm_cost": func.coalesce(llm.c.cost, 0.0),
        "first_response_seconds": seconds_between(dialect, c.first_customer_at, c.first_reply_at)}
    query: Select[Any] = (select(*(values[column.name].label(column.name) for column in FACT_COLUMNS))
             .select_from(c)
             .outerjoin(k, k.id == c.customer_id)
             .outerjoin(o, o.conversation_id == c.id)
             .outerjoin(taxonomy, taxonomy.name == intent_key)
             .outerjoin(llm, llm.c.conversation_id == c.id)
             .where(c.first_customer_at.is_not(None), c.first_customer_at == c.first_message_at))
    return query if only is None else query.where(c.id.in_(only))


def _next_related() -> Select[int, datetime]:
    """(id, at): a solved fact's person's first later conversation on the same intent or one of the same category."""
    f = ConversationFactRow
    later, person, kind = (aliased(ConversationRow, name="later"), aliased(CustomerRow, name="later_customer"),
                           aliased(IntentRow, name="later_taxonomy"))
    later_intent = func.coalesce(later.intent, later.category)
    return (select(f.conversation_id.label("id"), func.min(later.created_at).label("at"))
            .join(person, person.identity_key == f.identity_key)
            .join(later, and_(later.customer_id == person.id, later.created_at > f.ref,
                              later.id != f.conversation_id))
            .outerjoin(kind, kind.name == later_intent)
            .where(f.solved == 1, or_(later_intent == f.intent,
                                      and_(kind.category.is_not(None), kind.category == f.taxonomy_category)))
            .group_by(f.conversation_id))


def _first_naming() -> Select[int, datetime]:
    """(id, at): the first later conversation naming a solved fact as its origin (``recontact_of``)."""
    f = ConversationFactRow
    named, naming = aliased(OutcomeRow, name="named"), aliased(ConversationRow, name="naming")
    return (select(f.conversation_id.label("id"), func.min(naming.created_at).label("at"))
            .join(named, named.recontact_of == f.conversation_id)
            .join(naming, naming.id == named.conversation_id)
            .where(f.solved == 1, naming.created_at > f.ref)
            .group_by(f.conversation_id))


@contextmanager
def _targets(session: Session, since: datetime) -> Iterator[Table]:
    """A temporary table of the conversations whose facts must be rebuilt: those whose row or outcome changed since
    ``since``, the other conversations of their people (before and after an identity change) and the origins they
    name (now or before)."""
    c, k, o, f = ConversationRow, CustomerRow, OutcomeRow, ConversationFactRow
    changed = _temporary(session, union(select(c.id.label("id")).where(c.updated_at >= since),
                                        select(o.conversation_id.label("id")).where(o.updated_at >= since)))
    try:
        ids = select(changed.c.id)
        person = aliased(CustomerRow, name="person")
        same_person = (select(c.id).join(person, person.id == c.customer_id)
                       .where(person.identity_key.in_(select(k.identity_key).join(c, c.customer_id == k.id)
                                                      .where(c.id.in_(ids), k.identity_key.is_not(None)))))
        before = aliased(ConversationFactRow, name="before")
        same_person_before = select(f.conversation_id).where(f.identity_key.in_(
            select(before.identity_key).where(before.conversation_id.in_(ids), before.identity_key.is_not(None))))
        origins = select(o.recontact_of).where(o.conversation_id.in_(ids), o.recontact_of.is_not(None))
        origins_before = select(f.recontact_of).where(f.conversation_id.in_(ids), f.recontact_of.is_not(None))
        targets = _temporary(session, union(ids, same_person, same_person_before, origins, origins_before))
        try:
            yield targets
        finally:
            session.execute(text(f"DROP TABLE {targets.name}"))
    finally:
        session.execute(text(f"DROP TABLE {changed.name}"))


def _temporary(session: Session, query: Any) -> Table:
    """Materialise a one-column (``id``) query as a temporary table."""
    table = Table(f"facts_ids_{uuid.uuid4().hex[:12]}", MetaData(), Column("id", Integer))
    session.execute(CreateTempTableAs(table.name, query))
    return table


class CreateTempTableAs(Executable, ClauseElement):
    """``CREATE TEMPORARY TABLE name AS <select>`` with the select's bound parameters."""

    inherit_cache = False

    def __init__(self, name: str, query: Any) -> None:
        self.name = name
        self.query = query


@compiles(CreateTempTableAs)
def _compile_create_temp_table_as(element: CreateTempTableAs, compiler: Any, **kw: Any) -> str:
    return f"CREATE TEMPORARY TABLE {element.name} AS {compiler.process(element.query, **kw)}"
