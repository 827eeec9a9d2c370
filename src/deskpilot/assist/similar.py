"""Similar resolved cases for an open conversation: the past conversations most like it, and how they were resolved.

Cases are the conversations whose outcome is "solved" (conversation status solved or closed) with at least one
customer message and at least one public agent / AI reply. A case is represented by its customer's request: the
customer messages before the first public reply (all of them when none came before it), always in their redacted
form (``body_redacted``; redacted here when a message has none), without quoted history, signatures and greeting
lines; for matching, PII placeholders are reduced to their kind and digits dropped. A query is represented the same
way.

Ranking of one query (text, locale, optional predicted intent):

1. Lexical similarity ``sim`` in 0..1: the mean of two TF-IDF cosines (sublinear tf, unit rows), one over stemmed
   content words and their bigrams (``deskpilot.knowledge.tokenize``: per-locale stopwords and Snowball stemmer,
   each case tokenised in its own locale), one over character 3-5-grams inside word boundaries (typos, compounds
   and inflections the stemmer misses). Each locale has its own index (vocabulary and idf fitted on that locale's
   cases); a global index over all cases serves the other locales.
2. Intent boost: with a predicted intent that is not "unknown" (the understand stage's, never a human label), a case
   whose intent (its help-desk label, else its own understood intent) is that intent scores
   ``(1 - INTENT_WEIGHT) * sim + INTENT_WEIGHT``, every other case ``(1 - INTENT_WEIGHT) * sim``; scores stay in
   0..1. With INTENT_WEIGHT 0.4 a case of another intent outranks one of the predicted intent only when its
   similarity is higher by more than 0.67 (a near-duplicate). Without an intent the score is ``sim``.
3. Cases in the query's locale come first, best score first (ties: the newer case first); cases of other locales,
   scored by the global index, fill the list up to k. Cases without any similarity (``sim`` 0) are never returned.

Cases created at or after ``before`` and those listed in ``exclude_ids`` are never returned. The index lives in the
process and is rebuilt only when the set of resolved conversations changes (their count, the latest outcome or
conversation update and the highest conversation id).
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from deskpilot.domain.enums import AuthorRole, ConversationStatus
from deskpilot.domain.models import Conversation, Message
from deskpilot.knowledge.tokenize import tokenize
from deskpilot.storage.database import Database
from deskpilot.storage.tables import ConversationRow, DraftRow, MessageRow, OutcomeRow
from deskpilot.understand.text import PLACEHOLDER, message_body

SOLVED = "solved"
RESOLVED_STATUSES = (ConversationStatus.SOLVED.value, ConversationStatus.CLOSED.value)
REPLY_ROLES = frozenset({AuthorRole.AGENT.value, AuthorRole.AI.value})
UNKNOWN_INTENT = "unknown"
INTENT_WEIGHT = 0.4  # share of the score given to agreeing with the predicted intent (bench/similar.py)
WORD_WEIGHT = 0.5  # share of the lexical similarity from the word block (the rest from character n-grams)
CHAR_NGRAMS = (3, 5)
TEXT_CHARS = 300  # customer text shown per case
REPLY_CHARS = 400  # reply text shown per case
ID_BATCH = 2000  # conversation ids per IN (...) list
Keep = Callable[[str, str], bool]
IndexKey = tuple[int, str, str, int]


@dataclass(frozen=True)
class SimilarCase:
    """A past resolved conversation like the query, with how it ended."""

    conversation_id: int
    external_id: str
    locale: str | None
    intent: str | None
    score: float
    same_locale: bool
    customer_text: str
    resolution: dict[str, Any]
    reply: str | None
    article: str | None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"conversation_id": self.conversation_id, "external_id": self.external_id, "locale": self.locale,
                "intent": self.intent, "score": round(self.score, 4), "same_locale": self.same_locale,
                "customer_text": self.customer_text, "resolution": dict(self.resolution), "reply": self.reply,
                "article": self.article}


@dataclass(frozen=True)
class PastCase:
    """One resolved conversation as the index holds it."""

    conversation_id: int
    source: str
    external_id: str
    locale: str | None
    intent: str | None
    created_at: datetime
    text: str
    resolution: dict[str, Any]
    reply: str | None
    article: str | None
    category: str | None = None  # the help-desk label
    understood_intent: str | None = None  # what the understand stage predicted (None when unknown)
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)

    def result(self, score: float, same_locale: bool) -> SimilarCase:
        """This case as a search result."""
        return SimilarCase(self.conversation_id, self.external_id, self.locale, self.intent, float(score),
                           same_locale, shorten(self.text, TEXT_CHARS), dict(self.resolution), self.reply,
                           self.article)


# --- text ----------------------------------------------------------------------------------------------------------


def shorten(text: str, limit: int) -> str:
    """The text on one line, cut at a word boundary to at most ``limit`` characters (with "…" when cut)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def redacted_body(message: Message) -> str:
    """A message's redacted text (redacted now when it was stored without one)."""
    if message.body_redacted is not None:
        return message.body_redacted
    from deskpilot.understand.pii import redact

    return redact(message.body).text


def request_text(messages: Sequence[Message]) -> str:
    """The customer's request: redacted customer messages before the first public reply (else all of them)."""
    first_reply = next((i for i, m in enumerate(messages) if m.public and m.author_role.value in REPLY_ROLES),
                       len(messages))
    before = [m for m in messages[:first_reply] if m.author_role == AuthorRole.CUSTOMER]
    chosen = before or [m for m in messages if m.author_role == AuthorRole.CUSTOMER]
    return "\n\n".join(message_body(redacted_body(m)) for m in chosen).strip()


def last_reply(messages: Sequence[Message]) -> str | None:
    """The last public agent / AI reply, redacted and shortened."""
    replies = [m for m in messages if m.public and m.author_role.value in REPLY_ROLES]
    return shorten(redacted_body(replies[-1]), REPLY_CHARS) if replies else None


def index_text(text: str) -> str:
    """What the index reads: placeholders reduced to their kind (``<EMAIL_1>`` → ``email``), digits dropped."""
    return re.sub(r"\d+", " ", PLACEHOLDER.sub(lambda m: f" {m.group(1).lower()} ", text))


def word_features(text: str, locale: str | None) -> list[str]:
    """Stemmed content words of a text in its locale, and their bigrams."""
    words = tokenize(index_text(text), locale or "en")
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def _identity(tokens: list[str]) -> list[str]:
    return tokens


# --- the lexical index ---------------------------------------------------------------------------------------------


class LexicalIndex:
    """TF-IDF word and character n-gram vectors of a set of cases; cosine similarity to a query in 0..1."""

    def __init__(self, cases: Sequence[PastCase]) -> None:
        self._words = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True)
        self._word_matrix: csr_matrix = self._words.fit_transform([word_features(c.text, c.locale) for c in cases])
        self._char_matrix: csr_matrix = self._chars.fit_transform([index_text(c.text).lower() for c in cases])

    def similarities(self, text: str, locale: str | None) -> np.ndarray:
        """The similarity of every indexed case to the text (one value per case, in index order)."""
        words = self._words.transform([word_features(text, locale)])
        chars = self._chars.transform([index_text(text).lower()])
        sims = WORD_WEIGHT * (self._word_matrix @ words.T).toarray().ravel()
        sims += (1.0 - WORD_WEIGHT) * (self._char_matrix @ chars.T).toarray().ravel()
        return np.clip(sims, 0.0, 1.0)


def _lexical(cases: Sequence[PastCase]) -> LexicalIndex | None:
    return LexicalIndex(cases) if cases and any(c.text.strip() for c in cases) else None


class SimilarCaseIndex:
    """An in-process index of resolved cases: one lexical index per locale and a global one."""

    def __init__(self, cases: Sequence[PastCase], *, key: IndexKey | None = None) -> None:
        self.cases = list(cases)
        self.key = key
        self._ids = np.array([c.conversation_id for c in self.cases], dtype=np.int64)
        self._created = np.array([c.created_at.timestamp() for c in self.cases], dtype=np.float64)
        self._intents = np.array([c.intent or "" for c in self.cases], dtype=object)
        self._locales = np.array([c.locale or "" for c in self.cases], dtype=object)
        self._global = _lexical(self.cases)
        self._by_locale: dict[str, tuple[np.ndarray, LexicalIndex]] = {}
        for locale in sorted({c.locale for c in self.cases if c.locale}):
            rows = np.flatnonzero(self._locales == locale)
            lexical = _lexical([self.cases[i] for i in rows])
            if lexical is not None:
                self._by_locale[locale] = (rows, lexical)

    @classmethod
    def load(cls, db: Database, *, keep: Keep | None = None) -> SimilarCaseIndex:
        """Build the index from the database's resolved conversations (only those ``keep(source, external_id)``
        accepts, when given)."""
        with db.reader() as uow:
            key = index_key(uow.session)
            cases = load_cases(uow.session, keep=keep)
        return cls(cases, key=key)

    def __len__(self) -> int:
        return len(self.cases)

    def search(self, text: str, locale: str | None, *, intent: str | None = None, k: int = 5,
               exclude_ids: Iterable[int] = (), before: datetime | None = None) -> list[SimilarCase]:
        """The k most similar cases: same locale first, then other locales (see the module docstring)."""
        if k <= 0 or not self.cases or not text.strip():
            return []
        allowed = self._allowed(exclude_ids, before)
        agree = None if not intent or intent == UNKNOWN_INTENT else (self._intents == intent).astype(np.float64)
        found: list[SimilarCase] = []
        same = self._by_locale.get(locale or "")
        if same is not None:
            rows, lexical = same
            scores = _scores(lexical.similarities(text, locale), allowed[rows], None if agree is None else agree[rows])
            found += [self.cases[rows[i]].result(scores[i], True) for i in _top(scores, self._created[rows], k)]
        if len(found) < k and self._global is not None:
            others = allowed & (self._locales != locale) if same is not None else allowed
            scores = _scores(self._global.similarities(text, locale), others, agree)
            found += [self.cases[i].result(scores[i], False) for i in _top(scores, self._created, k - len(found))]
        return found

    def _allowed(self, exclude_ids: Iterable[int], before: datetime | None) -> np.ndarray:
        allowed: np.ndarray = ~np.isin(self._ids, np.fromiter(exclude_ids, dtype=np.int64))
        if before is not None:
            allowed &= self._created < before.timestamp()
        return allowed


def _scores(similarity: np.ndarray, allowed: np.ndarray, agree: np.ndarray | None) -> np.ndarray:
    """The similarity, with the intent boost when there is an intent (``agree`` 1 for cases of that intent); 0 for
    cases not allowed and cases without any similarity."""
    score = similarity if agree is None else (1.0 - INTENT_WEIGHT) * similarity + INTENT_WEIGHT * agree
    return np.where(allowed & (similarity > 0.0), score, 0.0)


def _top(scores: np.ndarray, created: np.ndarray, k: int) -> list[int]:
    """Positions of the k best scores above 0, the newer case first on ties."""
    candidates = np.flatnonzero(scores > 0.0)
    if k <= 0 or not len(candidates):
        return []
    order = np.lexsort((-created[candidates], -scores[candidates]))
    return [int(i) for i in candidates[order[:k]]]


# --- loading -------------------------------------------------------------------------------------------------------


def _resolved() -> list[Any]:
    return [OutcomeRow.resolution == SOLVED, ConversationRow.status.in_(RESOLVED_STATUSES)]


def index_key(session: Session) -> IndexKey:
    """What identifies the set of resolved conversations: count, latest outcome and conversation update, top id."""
    count, outcome_at, conversation_at, top_id = session.execute(
        select(func.count(), func.max(OutcomeRow.updated_at), func.max(ConversationRow.updated_at),
               func.max(ConversationRow.id))
        .select_from(ConversationRow).join(OutcomeRow, OutcomeRow.conversation_id == ConversationRow.id)
        .where(*_resolved())).one()
    return int(count), str(outcome_at), str(conversation_at), int(top_id or 0)


def load_cases(session: Session, *, keep: Keep | None = None) -> list[PastCase]:
    """The resolved conversations with a customer message and a public reply, oldest first."""
    heads = session.execute(
        select(ConversationRow.id, ConversationRow.source, ConversationRow.external_id, ConversationRow.locale,
               ConversationRow.category, ConversationRow.understanding, ConversationRow.meta,
               ConversationRow.created_at, OutcomeRow.resolution, OutcomeRow.resolved_by, OutcomeRow.resolved_at)
        .join(OutcomeRow, OutcomeRow.conversation_id == ConversationRow.id)
        .where(*_resolved()).order_by(ConversationRow.created_at, ConversationRow.id)).all()
    if keep is not None:
        heads = [h for h in heads if keep(h.source, h.external_id)]
    cases: list[PastCase] = []
    for start in range(0, len(heads), ID_BATCH):
        chunk = heads[start:start + ID_BATCH]
        ids = [h.id for h in chunk]
        messages, articles = _messages(session, ids), _draft_articles(session, ids)
        for head in chunk:
            case = _case(head, messages.get(head.id, []), articles.get(head.id))
            if case is not None:
                cases.append(case)
    return cases


def _messages(session: Session, ids: Sequence[int]) -> dict[int, list[Message]]:
    found: dict[int, list[Message]] = {}
    for cid, external_id, role, body, redacted, public, created in session.execute(
            select(MessageRow.conversation_id, MessageRow.external_id, MessageRow.author_role, MessageRow.body,
                   MessageRow.body_redacted, MessageRow.public, MessageRow.created_at)
            .where(MessageRow.conversation_id.in_(ids))
            .order_by(MessageRow.conversation_id, MessageRow.created_at, MessageRow.id)):
        found.setdefault(cid, []).append(Message(author_role=AuthorRole(role), body=body, created_at=created,
                                                 external_id=external_id, body_redacted=redacted, public=public))
    return found


def _draft_articles(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """The article of the first citation of each conversation's latest draft that cites one."""
    found: dict[int, str] = {}
    for cid, citations in session.execute(
            select(DraftRow.conversation_id, DraftRow.citations).where(DraftRow.conversation_id.in_(ids))
            .order_by(DraftRow.id)):
        first = next((c.get("clause_id") for c in citations or [] if isinstance(c, dict) and c.get("clause_id")), None)
        if first:
            found[cid] = str(first).split("#", 1)[0].split("@", 1)[0]
    return found


def _case(head: Any, messages: list[Message], draft_article: str | None) -> PastCase | None:
    """A case from a conversation's columns and messages; None without a customer message or a public reply."""
    reply = last_reply(messages)
    if reply is None or not any(m.author_role == AuthorRole.CUSTOMER for m in messages):
        return None
    understanding = head.understanding if isinstance(head.understanding, dict) else {}
    meta = head.meta if isinstance(head.meta, dict) else {}
    understood = understood_intent(understanding)
    article = meta.get("article") or draft_article
    return PastCase(
        conversation_id=head.id, source=head.source, external_id=head.external_id,
        locale=head.locale or understanding.get("locale") or None, intent=head.category or understood,
        created_at=head.created_at, text=request_text(messages),
        resolution={"resolution": head.resolution, "resolved_by": head.resolved_by,
                    "resolved_at": head.resolved_at.isoformat() if head.resolved_at else None},
        reply=reply, article=str(article) if article else None, category=head.category,
        understood_intent=understood, metadata=dict(meta))


def understood_intent(understanding: dict[str, Any]) -> str | None:
    """The intent the understand stage predicted, None when it stored none or "unknown"."""
    intent = understanding.get("intent")
    return intent if isinstance(intent, str) and intent and intent != UNKNOWN_INTENT else None


def query_locale(conversation: Conversation) -> str | None:
    """The conversation's locale, else the one the understand stage detected."""
    detected = conversation.understanding.get("locale")
    return conversation.locale or (detected if isinstance(detected, str) and detected else None)


# --- service -------------------------------------------------------------------------------------------------------


class SimilarCaseService:
    """Similar resolved cases for stored conversations; the index is rebuilt only when the resolved set changed."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._index: SimilarCaseIndex | None = None

    def index(self) -> SimilarCaseIndex:
        """The current index (rebuilt when the resolved conversations changed since it was built)."""
        with self.db.reader() as uow:
            key = index_key(uow.session)
        with self._lock:
            if self._index is None or self._index.key != key:
                self._index = SimilarCaseIndex.load(self.db)
            return self._index

    def for_conversation(self, conversation_id: int, k: int = 5) -> list[SimilarCase]:
        """The k most similar earlier resolved cases of a stored conversation (KeyError when it does not exist)."""
        with self.db.reader() as uow:
            conversation = uow.conversations.get(conversation_id)
        if conversation is None:
            raise KeyError(conversation_id)
        return self.index().search(request_text(conversation.messages), query_locale(conversation),
                                   intent=understood_intent(conversation.understanding), k=k,
                                   exclude_ids=(conversation_id,), before=conversation.created_at)


_SERVICES: weakref.WeakKeyDictionary[Database, SimilarCaseService] = weakref.WeakKeyDictionary()
_SERVICES_LOCK = threading.Lock()


def service_for(db: Database) -> SimilarCaseService:
    """The process-wide service (and cached index) of a database."""
    with _SERVICES_LOCK:
        service = _SERVICES.get(db)
        if service is None:
            service = _SERVICES[db] = SimilarCaseService(db)
        return service


def similar_cases(db: Database, conversation_id: int, k: int = 5) -> list[SimilarCase]:
    """The k most similar earlier resolved cases of a stored conversation, same locale first."""
    return service_for(db).for_conversation(conversation_id, k)
