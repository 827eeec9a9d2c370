"""Conversation repository: customers, conversations and messages."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from deskpilot.analytics.identity import identity_key
from deskpilot.domain.enums import AuthorRole, Channel, ConversationStatus
from deskpilot.domain.models import Conversation, Customer, Message
from deskpilot.storage.tables import ConversationRow, CustomerRow, MessageRow, OutcomeRow, utcnow

ID_BATCH = 5000  # ids per IN (...) list, well under SQLite's bound-parameter limit


class ConversationRepository:
    """Reads and writes conversations; idempotent on (source, external id) and message external id."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, conversation_id: int) -> Conversation | None:
        """One conversation with its messages and customer."""
        row = self.session.get(ConversationRow, conversation_id, options=[selectinload(ConversationRow.messages),
                                                                          selectinload(ConversationRow.customer)])
        return None if row is None else _conversation(row)

    def get_by_external(self, source: str, external_id: str) -> Conversation | None:
        """The conversation known to a source under an external id."""
        row = self.session.execute(
            select(ConversationRow)
            .where(ConversationRow.source == source, ConversationRow.external_id == external_id)
            .options(selectinload(ConversationRow.messages), selectinload(ConversationRow.customer))
        ).scalar_one_or_none()
        return None if row is None else _conversation(row)

    def upsert_customer(self, customer: Customer) -> Customer:
        """Insert or refresh a customer by (source, external id)."""
        row = self.session.execute(
            select(CustomerRow).where(CustomerRow.source == customer.source,
                                      CustomerRow.external_id == customer.external_id)
        ).scalar_one_or_none()
        if row is None:
            row = CustomerRow(source=customer.source, external_id=customer.external_id)
            self.session.add(row)
        row.name = customer.name or row.name
        row.email = customer.email or row.email
        row.phone = customer.phone or row.phone
        key = identity_key(email=row.email, phone=row.phone, source=row.source, external_id=row.external_id)
        if row.id is not None and key != row.identity_key:  # their conversations now count for another person
            self.session.execute(update(ConversationRow).where(ConversationRow.customer_id == row.id)
                                 .values(updated_at=utcnow()))
        row.identity_key = key
        self.session.flush()
        return _customer(row)

    def add(self, conversation: Conversation) -> Conversation:
        """Insert a new conversation (without messages); returns it with its id."""
        customer_id = None
        if conversation.customer is not None:
            customer_id = self.upsert_customer(conversation.customer).id
        row = ConversationRow(
            source=conversation.source, external_id=conversation.external_id, channel=conversation.channel.value,
            subject=conversation.subject, locale=conversation.locale, status=conversation.status.value,
            category=conversation.category, intent=conversation.intent, customer_id=customer_id,
            tags=list(conversation.tags), meta=dict(conversation.metadata), understanding={},
            created_at=conversation.created_at, updated_at=utcnow(),
        )
        self.session.add(row)
        self.session.flush()
        conversation.id = row.id
        return conversation

    def add_messages(self, conversation_id: int, messages: Sequence[Message]) -> list[Message]:
        """Insert the messages whose external id is new for this conversation; returns those inserted."""
        known = set(self.session.execute(
            select(MessageRow.external_id).where(MessageRow.conversation_id == conversation_id)
        ).scalars())
        inserted: list[Message] = []
        for msg in messages:
            if msg.external_id in known:
                continue
            row = MessageRow(conversation_id=conversation_id, external_id=msg.external_id,
                             author_role=msg.author_role.value, author_name=msg.author_name, body=msg.body,
                             body_redacted=msg.body_redacted, content_type=msg.content_type, public=msg.public,
                             created_at=msg.created_at)
            self.session.add(row)
            known.add(msg.external_id)
            inserted.append(msg)
        self.session.flush()
        if inserted:
            conv = self.session.get(ConversationRow, conversation_id)
            if conv is not None:
                conv.updated_at = utcnow()
                _summarise(conv, inserted)
        return inserted

    def set_redacted(self, message_ids_to_text: dict[int, str]) -> None:
        """Store the redacted view of messages."""
        for message_id, text in message_ids_to_text.items():
            row = self.session.get(MessageRow, message_id)
            if row is not None:
                row.body_redacted = text
        self.session.flush()

    def update(self, conversation_id: int, **fields: Any) -> None:
        """Update scalar fields (locale, intent, category, status, understanding, tags)."""
        row = self.session.get(ConversationRow, conversation_id)
        if row is None:
            raise KeyError(conversation_id)
        for name, value in fields.items():
            if name == "metadata":
                name = "meta"
            if not hasattr(row, name):
                raise AttributeError(f"conversations have no field {name!r}")
            if hasattr(value, "value"):
                value = value.value
            setattr(row, name, value)
        row.updated_at = utcnow()
        self.session.flush()

    def list(self, *, status: str | None = None, source: str | None = None, limit: int = 50,
             offset: int = 0) -> list[Conversation]:
        """Conversations newest first, optionally filtered."""
        query = select(ConversationRow).options(selectinload(ConversationRow.messages),
                                                 selectinload(ConversationRow.customer))
        if status:
            query = query.where(ConversationRow.status == status)
        if source:
            query = query.where(ConversationRow.source == source)
        query = query.order_by(ConversationRow.created_at.desc(), ConversationRow.id.desc()).limit(limit).offset(offset)
        return [_conversation(r) for r in self.session.execute(query).scalars()]

    def count(self, *, status: str | None = None) -> int:
        """Number of conversations, optionally with one status."""
        query = select(func.count()).select_from(ConversationRow)
        if status:
            query = query.where(ConversationRow.status == status)
        return int(self.session.execute(query).scalar_one())

    def labelled_customer_rows(self, *, source: str | None = None) -> builtins.list[LabelledText]:
        """The first customer message of every labelled conversation with its label and identity."""
        first_msg = (
            select(MessageRow.conversation_id, func.min(MessageRow.id).label("mid"))
            .where(MessageRow.author_role == AuthorRole.CUSTOMER.value)
            .group_by(MessageRow.conversation_id)
            .subquery()
        )
        query = (
            select(func.coalesce(MessageRow.body_redacted, MessageRow.body), ConversationRow.category,
                   ConversationRow.locale, ConversationRow.source, ConversationRow.external_id)
            .join(first_msg, first_msg.c.mid == MessageRow.id)
            .join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
            .where(ConversationRow.category.is_not(None))
            .order_by(ConversationRow.id)
        )
        if source:
            query = query.where(ConversationRow.source == source)
        return [LabelledText(t, c or "", loc or "", src, ext)
                for t, c, loc, src, ext in self.session.execute(query).all()]

    def labelled_articles(self) -> builtins.list[tuple[str, str, str, str]]:
        """(intent label, article key the resolver used, source, external id) of labelled conversations whose
        metadata names the article (``metadata.article``)."""
        query = (select(ConversationRow.category, ConversationRow.meta, ConversationRow.source,
                        ConversationRow.external_id)
                 .where(ConversationRow.category.is_not(None)).order_by(ConversationRow.id))
        return [(label, str(meta["article"]), src, ext) for label, meta, src, ext in self.session.execute(query).all()
                if isinstance(meta, dict) and meta.get("article")]

    def resolved_between(self, since: datetime, until: datetime | None = None, *,
                         keep: Callable[[str, str], bool] | None = None) -> builtins.list[Conversation]:
        """Solved or closed conversations created in [since, until), oldest first, with their messages; with
        ``keep(source, external_id)`` only the ones it accepts are loaded."""
        where = [ConversationRow.status.in_([ConversationStatus.SOLVED.value, ConversationStatus.CLOSED.value]),
                 ConversationRow.created_at >= since]
        if until is not None:
            where.append(ConversationRow.created_at < until)
        order = (ConversationRow.created_at, ConversationRow.id)
        query = (select(ConversationRow).options(selectinload(ConversationRow.messages),
                                                 selectinload(ConversationRow.customer)).order_by(*order))
        if keep is None:
            return [_conversation(r) for r in self.session.execute(query.where(*where)).scalars()]
        ids = [i for i, source, external in self.session.execute(
            select(ConversationRow.id, ConversationRow.source, ConversationRow.external_id).where(*where)
            .order_by(*order)) if keep(source, external)]
        return [_conversation(r) for start in range(0, len(ids), ID_BATCH)
                for r in self.session.execute(query.where(ConversationRow.id.in_(ids[start:start + ID_BATCH])))
                .scalars()]

    def recontacts_since(self, since: datetime) -> builtins.list[tuple[int, datetime]]:
        """(id of the earlier conversation, created_at of the re-contact) for conversations created since a time that
        re-contact an earlier one, from the outcome's ``recontact_of`` or the source's ``metadata["recontact_of"]``."""
        found: set[tuple[int, datetime]] = set()
        for target, created in self.session.execute(
                select(OutcomeRow.recontact_of, ConversationRow.created_at)
                .join(ConversationRow, ConversationRow.id == OutcomeRow.conversation_id)
                .where(OutcomeRow.recontact_of.is_not(None), ConversationRow.created_at >= since)).all():
            found.add((int(target or 0), created))
        by_external: dict[tuple[str, str], builtins.list[datetime]] = {}
        for src, meta, created in self.session.execute(
                select(ConversationRow.source, ConversationRow.meta, ConversationRow.created_at)
                .where(ConversationRow.created_at >= since)).all():
            original = (meta or {}).get("recontact_of")
            if isinstance(original, str) and original:
                by_external.setdefault((src, original), []).append(created)
        for src, original in by_external:
            earlier = self.session.execute(select(ConversationRow.id).where(
                ConversationRow.source == src, ConversationRow.external_id == original)).scalar_one_or_none()
            if earlier is not None:
                found.update((int(earlier), created) for created in by_external[(src, original)])
        return sorted(found)


@dataclass(frozen=True)
class LabelledText:
    """A labelled conversation's first customer message, as training and evaluation see it."""

    text: str
    label: str
    locale: str
    source: str
    external_id: str

def _customer(row: CustomerRow) -> Customer:
    return Customer(id=row.id, source=row.source, external_id=row.external_id, name=row.name, email=row.email,
                    phone=row.phone)


def _message(row: MessageRow) -> Message:
    return Message(id=row.id, external_id=row.external_id, author_role=AuthorRole(row.author_role),
                   author_name=row.author_name, body=row.body, body_redacted=row.body_redacted,
                   content_type=row.content_type, public=row.public, created_at=row.created_at)


def _conversation(row: ConversationRow) -> Conversation:
    return Conversation(
        id=row.id, source=row.source, external_id=row.external_id, channel=Channel(row.channel),
        status=ConversationStatus(row.status), created_at=row.created_at, updated_at=row.updated_at,
        subject=row.subject, locale=row.locale, category=row.category, intent=row.intent,
        customer=_customer(row.customer) if row.customer is not None else None,
        tags=list(row.tags or []), metadata=dict(row.meta or {}), understanding=dict(row.understanding or {}),
        messages=[_message(m) for m in row.messages],
    )


def _earliest(current: datetime | None, candidates: Sequence[datetime]) -> datetime | None:
    return min([*candidates, *([current] if current is not None else [])], default=None)


def _summarise(conv: ConversationRow, added: Sequence[Message]) -> None:
    """Fold new messages into the conversation's first-message, first-reply and who-replied summary."""
    public_replies = [m for m in added if m.public and m.author_role in (AuthorRole.AGENT, AuthorRole.AI)]
    conv.first_message_at = _earliest(conv.first_message_at, [m.created_at for m in added])
    conv.first_customer_at = _earliest(conv.first_customer_at,
                                       [m.created_at for m in added if m.author_role == AuthorRole.CUSTOMER])
    conv.first_reply_at = _earliest(conv.first_reply_at, [m.created_at for m in public_replies])
    conv.person_replied = bool(conv.person_replied) or any(m.author_role == AuthorRole.AGENT for m in public_replies)
