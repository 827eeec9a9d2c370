"""Reply suggestions: offer the pipeline's draft and alternatives to an agent, record which one was sent and how
much it was edited."""

from __future__ import annotations

from dataclasses import dataclass

from deskpilot.analytics.metrics import word_edit_distance
from deskpilot.assist.suggestions import Suggestion, suggest
from deskpilot.audit.events import SuggestionsOffered, SuggestionUsed
from deskpilot.domain.models import Conversation
from deskpilot.drafting.composer import Composer
from deskpilot.drafting.verifier import Verifier
from deskpilot.pipeline import Pipeline
from deskpilot.storage.database import Database, UnitOfWork


class SuggestionAlreadyUsed(RuntimeError):
    """A suggestion of this batch was already sent."""


@dataclass(frozen=True)
class UsedSuggestion:
    """What the agent sent from a suggestion."""

    suggestion_id: int
    rank: int
    edited: bool
    edit_distance: float


class SuggestionService:
    """Offers suggestions (running the pipeline without taking a decision) and records their use."""

    def __init__(self, db: Database, pipeline: Pipeline, composer: Composer, verifier: Verifier) -> None:
        self.db = db
        self.pipeline = pipeline
        self.composer = composer
        self.verifier = verifier

    def current(self, conversation_id: int, *, actor: str) -> list[Suggestion]:
        """The suggestions offered since the conversation last changed, offering new ones when there are none."""
        with self.db.reader() as uow:
            conversation = uow.conversations.get(conversation_id)
            if conversation is None:
                raise LookupError(f"conversation {conversation_id} not found")
            offered = uow.suggestions.latest_batch(conversation_id, since=conversation.updated_at)
        return offered or self._offer(conversation, actor=actor)

    def offer(self, conversation_id: int, *, actor: str) -> list[Suggestion]:
        """Run the pipeline and store its draft and alternatives as one batch (audited)."""
        with self.db.reader() as uow:
            conversation = uow.conversations.get(conversation_id)
        if conversation is None:
            raise LookupError(f"conversation {conversation_id} not found")
        return self._offer(conversation, actor=actor)

    def _offer(self, conversation: Conversation, *, actor: str) -> list[Suggestion]:
        assert conversation.id is not None
        ctx = self.pipeline.run(conversation)
        found = suggest(ctx, self.composer, self.verifier)
        category = ctx.understanding.category if ctx.understanding else None
        with self.db.uow() as uow:
            batch = uow.suggestions.add_batch(conversation.id, category, found)
            uow.audit.append(SuggestionsOffered(
                actor=actor, conversation_id=conversation.id, batch=batch,
                suggestions=[{"id": s.id, "rank": s.rank, "citations": [c["clause_id"] for c in s.citations]}
                             for s in found]))
            uow.commit()
        return found

    def use(self, suggestion_id: int, *, sent_text: str, actor: str) -> UsedSuggestion:
        """Record that the agent sent ``sent_text`` from a suggestion (once per batch)."""
        with self.db.uow() as uow:
            used, _, _ = record_use(uow, suggestion_id, sent_text=sent_text, actor=actor)
            uow.commit()
        return used


def record_use(uow: UnitOfWork, suggestion_id: int, *, sent_text: str,
               actor: str) -> tuple[UsedSuggestion, Suggestion, int]:
    """Mark a suggestion used with what was sent, audited, in the caller's transaction; returns the use, the
    suggestion and its conversation id (LookupError: no such suggestion; SuggestionAlreadyUsed: its batch was)."""
    found = uow.suggestions.get(suggestion_id)
    if found is None:
        raise LookupError(f"suggestion {suggestion_id} not found")
    suggestion, conversation_id, batch = found
    if uow.suggestions.batch_used(batch):
        raise SuggestionAlreadyUsed(f"a suggestion of this batch was already sent (suggestion {suggestion_id})")
    distance = word_edit_distance(suggestion.text, sent_text)
    edited = sent_text.strip() != suggestion.text.strip()
    uow.suggestions.mark_used(suggestion_id, sent_text=sent_text, used_by=actor, edit_distance=distance)
    uow.audit.append(SuggestionUsed(actor=actor, conversation_id=conversation_id, suggestion_id=suggestion_id,
                                    rank=suggestion.rank, edited=edited, edit_distance=round(distance, 4)))
    return UsedSuggestion(suggestion_id, suggestion.rank, edited, distance), suggestion, conversation_id
