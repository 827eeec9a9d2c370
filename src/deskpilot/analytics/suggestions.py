"""How agents take the reply suggestions, per category: share of offered batches used, sent unchanged or edited,
how far they were edited, and how often an alternative was preferred over the draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from deskpilot.storage.tables import SuggestionRow


@dataclass(frozen=True)
class SuggestionRates:
    """One category's uptake of suggestions in a window."""

    category: str
    offered: int  # batches offered
    used: int  # batches one suggestion of which was sent
    unchanged: int
    edited: int
    alternative: int  # sent suggestions that were an alternative, not the draft
    mean_edit_distance: float | None  # over edited ones

    @property
    def acceptance_rate(self) -> float | None:
        """Used ÷ offered."""
        return self.used / self.offered if self.offered else None

    @property
    def edit_rate(self) -> float | None:
        """Edited ÷ used."""
        return self.edited / self.used if self.used else None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready rates."""
        return {"category": self.category, "offered": self.offered, "used": self.used, "unchanged": self.unchanged,
                "edited": self.edited, "alternative": self.alternative,
                "acceptance_rate": None if self.acceptance_rate is None else round(self.acceptance_rate, 4),
                "edit_rate": None if self.edit_rate is None else round(self.edit_rate, 4),
                "mean_edit_distance": None if self.mean_edit_distance is None else round(self.mean_edit_distance, 4)}


def suggestion_rates(session: Session, start: datetime, end: datetime) -> list[SuggestionRates]:
    """Uptake per category of the suggestions offered in [start, end)."""
    s = SuggestionRow
    category = func.coalesce(s.category, literal("uncategorised"))
    used = s.used_at.is_not(None)
    edited = used & (s.edit_distance > 0)
    query = (select(category, func.count(func.distinct(s.batch)), func.sum(case((used, 1), else_=0)),
                    func.sum(case((used & (s.edit_distance == 0), 1), else_=0)), func.sum(case((edited, 1), else_=0)),
                    func.sum(case((used & (s.rank > 0), 1), else_=0)), func.avg(case((edited, s.edit_distance))))
             .where(s.created_at >= start, s.created_at < end).group_by(category).order_by(category))
    return [SuggestionRates(str(c), int(offered), int(n or 0), int(same or 0), int(changed or 0), int(alt or 0),
                            None if distance is None else float(distance))
            for c, offered, n, same, changed, alt, distance in session.execute(query)]
