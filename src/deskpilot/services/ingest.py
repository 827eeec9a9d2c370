"""Ingest: a conversation payload becomes stored messages and a processing job, idempotently."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from deskpilot.audit.events import ConversationIngested
from deskpilot.connectors.generic.schema import GenericConversation, GenericMessage
from deskpilot.domain.enums import AuthorRole, Channel, ConversationStatus
from deskpilot.domain.models import Conversation, Customer, Message
from deskpilot.services.outcomes import record_outcome
from deskpilot.storage.database import Database, UnitOfWork
from deskpilot.understand.pii import redact
from deskpilot.understand.text import html_to_text

PROCESS_JOB = "process_conversation"


@dataclass(frozen=True)
class IngestResult:
    """What an ingest changed: nothing at all for a replay."""

    conversation_id: int
    created: bool
    new_messages: int
    job_id: int | None


class IngestService:
    """Stores conversations from any source; replays and duplicate deliveries change nothing."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def ingest(self, payload: GenericConversation, *, actor: str = "system:ingest") -> IngestResult:
        """Ingest one conversation in its own transaction."""
        with self.db.uow() as uow:
            result = ingest_into(uow, payload, actor=actor)
            uow.commit()
        return result

    def ingest_many(self, payloads: Iterable[GenericConversation], *, actor: str = "system:ingest",
                    batch_size: int = 200) -> list[IngestResult]:
        """Ingest many conversations, committing every batch_size."""
        results: list[IngestResult] = []
        batch: list[GenericConversation] = []
        for payload in payloads:
            batch.append(payload)
            if len(batch) >= batch_size:
                results.extend(self._batch(batch, actor))
                batch = []
        if batch:
            results.extend(self._batch(batch, actor))
        return results

    def _batch(self, payloads: list[GenericConversation], actor: str) -> list[IngestResult]:
        with self.db.uow() as uow:
            results = [ingest_into(uow, p, actor=actor) for p in payloads]
            uow.commit()
        return results


def ingest_into(uow: UnitOfWork, payload: GenericConversation, *, actor: str) -> IngestResult:
    """Apply one payload inside an open unit of work (the caller commits)."""
    existing = uow.conversations.get_by_external(payload.source, payload.external_id)
    created = existing is None
    conversation = uow.conversations.add(_conversation(payload)) if existing is None else existing
    assert conversation.id is not None
    known = {"name": payload.customer.name or "", "email": payload.customer.email or "",
             "phone": payload.customer.phone or ""}
    messages = [_message(m, {k: v for k, v in known.items() if v}) for m in payload.messages]
    inserted = uow.conversations.add_messages(conversation.id, messages)
    if payload.outcome is not None:
        recontact_of = None
        original = payload.metadata.get("recontact_of")
        if isinstance(original, str):
            earlier = uow.conversations.get_by_external(payload.source, original)
            recontact_of = earlier.id if earlier else None
        record_outcome(uow, conversation.id, payload.outcome, recontact_of=recontact_of, actor=actor)
    if not created and inserted and payload.status != conversation.status.value:
        uow.conversations.update(conversation.id, status=payload.status)
    job_id = None
    new_customer = [m for m in inserted if m.author_role == AuthorRole.CUSTOMER]
    if new_customer and payload.status in ("new", "open", "pending"):
        job_id = uow.jobs.enqueue(PROCESS_JOB, {"conversation_id": conversation.id},
                                  dedupe_key=f"process:{conversation.id}:{new_customer[-1].external_id}")
    if created or inserted:
        uow.audit.append(ConversationIngested(actor=actor, conversation_id=conversation.id, source=payload.source,
                                              external_id=payload.external_id, new_messages=len(inserted),
                                              created=created))
    return IngestResult(conversation.id, created, len(inserted), job_id)


def _conversation(payload: GenericConversation) -> Conversation:
    return Conversation(
        source=payload.source, external_id=payload.external_id, channel=Channel(payload.channel),
        status=ConversationStatus(payload.status), created_at=payload.created_at, subject=payload.subject,
        locale=payload.locale, category=payload.category,
        customer=Customer(source=payload.source, external_id=payload.customer.external_id,
                          name=payload.customer.name, email=payload.customer.email, phone=payload.customer.phone),
        tags=list(payload.tags), metadata=dict(payload.metadata),
    )


def _message(msg: GenericMessage, known: dict[str, str]) -> Message:
    body = html_to_text(msg.body) if msg.content_type == "text/html" else msg.body
    return Message(external_id=msg.external_id, author_role=AuthorRole(msg.author_role), author_name=msg.author_name,
                   body=body, body_redacted=redact(body, known=known).text, content_type=msg.content_type,
                   public=msg.public, created_at=msg.created_at)
