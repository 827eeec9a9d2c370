"""Per-category summary of gate decisions: volume, outcome split, time to decision, citations."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select

from deskpilot.storage.database import UnitOfWork
from deskpilot.storage.tables import DecisionRow, DraftRow


@dataclass
class CategorySummary:
    """Decisions of one category."""

    category: str
    count: int
    auto_reply: int
    review: int
    escalate: int
    median_ms: float
    p95_ms: float
    citations_per_draft: float

    def to_json(self) -> dict[str, object]:
        """JSON-ready summary."""
        return asdict(self)


def summarize_decisions(uow: UnitOfWork, *, since: datetime | None = None,
                        conversation_ids: set[int] | None = None) -> list[CategorySummary]:
    """One row per category plus an 'all' row, latest decision per conversation."""
    query = select(DecisionRow.conversation_id, DecisionRow.id, DecisionRow.category, DecisionRow.outcome,
                   DecisionRow.stage_timings, DraftRow.citations).outerjoin(
        DraftRow, DraftRow.id == DecisionRow.draft_id).order_by(DecisionRow.id)
    if since is not None:
        query = query.where(DecisionRow.created_at >= since)
    latest: dict[int, tuple] = {}
    for found in uow.session.execute(query).all():
        if conversation_ids is None or found[0] in conversation_ids:
            latest[found[0]] = tuple(found)
    groups: dict[str, list[tuple]] = {}
    for row in latest.values():
        groups.setdefault(row[2] or "unknown", []).append(row)
    out = [_summary(cat, rows) for cat, rows in sorted(groups.items())]
    if latest:
        out.append(_summary("all", list(latest.values())))
    return out


def _summary(category: str, rows: list[tuple]) -> CategorySummary:
    times = sorted(float((r[4] or {}).get("total", 0.0)) for r in rows)
    drafts = [r[5] for r in rows if r[5] is not None]
    return CategorySummary(
        category=category, count=len(rows),
        auto_reply=sum(1 for r in rows if r[3] == "auto_reply"),
        review=sum(1 for r in rows if r[3] == "review"),
        escalate=sum(1 for r in rows if r[3] == "escalate"),
        median_ms=round(statistics.median(times), 1) if times else 0.0,
        p95_ms=round(percentile(times, 95), 1) if times else 0.0,
        citations_per_draft=round(sum(len(d) for d in drafts) / len(drafts), 2) if drafts else 0.0,
    )


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(pct / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]
