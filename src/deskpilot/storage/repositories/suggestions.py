"""Reply suggestions offered to agents and what they sent."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from deskpilot.assist.suggestions import Suggestion
from deskpilot.storage.tables import SuggestionRow, utcnow


class SuggestionRepository:
    """Batches of suggestions per conversation; each may be used once."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_batch(self, conversation_id: int, category: str | None, suggestions: Sequence[Suggestion]) -> str:
        """Store suggestions offered together; fills their ids and returns the batch id."""
        batch = uuid.uuid4().hex
        for suggestion in suggestions:
            row = SuggestionRow(conversation_id=conversation_id, batch=batch, rank=suggestion.rank,
                                text=suggestion.text, citations=suggestion.citations, category=category,
                                locale=suggestion.locale, model_version=suggestion.model_version,
                                prompt_version=suggestion.prompt_version, support_ratio=suggestion.support_ratio)
            self.session.add(row)
            self.session.flush()
            suggestion.id = row.id
        return batch

    def latest_batch(self, conversation_id: int, since: datetime | None = None) -> builtins.list[Suggestion]:
        """The newest batch offered for a conversation (created at or after ``since``), by rank."""
        query = select(SuggestionRow.batch).where(SuggestionRow.conversation_id == conversation_id)
        if since is not None:
            query = query.where(SuggestionRow.created_at >= since)
        batch = self.session.execute(query.order_by(SuggestionRow.created_at.desc(), SuggestionRow.id.desc())
                                     .limit(1)).scalar_one_or_none()
        if batch is None:
            return []
        rows = self.session.execute(select(SuggestionRow).where(SuggestionRow.batch == batch)
                                    .order_by(SuggestionRow.rank)).scalars()
        return [_suggestion(r) for r in rows]

    def get(self, suggestion_id: int) -> tuple[Suggestion, int, str] | None:
        """A suggestion with its conversation id and batch."""
        row = self.session.get(SuggestionRow, suggestion_id)
        return None if row is None else (_suggestion(row), row.conversation_id, row.batch)

    def batch_used(self, batch: str) -> bool:
        """True when one suggestion of the batch was already used."""
        return self.session.execute(select(SuggestionRow.id).where(SuggestionRow.batch == batch,
                                                                   SuggestionRow.used_at.is_not(None))
                                    .limit(1)).first() is not None

    def mark_used(self, suggestion_id: int, *, sent_text: str, used_by: str, edit_distance: float) -> None:
        """Record what the agent sent from a suggestion."""
        row = self.session.get(SuggestionRow, suggestion_id)
        if row is None:
            raise KeyError(suggestion_id)
        row.used_at, row.used_by, row.sent_text, row.edit_distance = utcnow(), used_by, sent_text, edit_distance
        self.session.flush()


def _suggestion(row: SuggestionRow) -> Suggestion:
    used = None if row.used_at is None else {"at": row.used_at.isoformat(), "by": row.used_by,
                                             "edit_distance": row.edit_distance}
    return Suggestion(rank=row.rank, text=row.text, citations=list(row.citations), locale=row.locale,
                      model_version=row.model_version, prompt_version=row.prompt_version,
                      support_ratio=row.support_ratio,
                      id=row.id, used=used)
