"""Extractive thread summary for the agent: the customer's request, what happened so far, open questions and mood.

Sentences are taken verbatim from the conversation, cleaned of Twitter and e-mail noise (@handles, links,
signatures, quoted history). Each role's sentences of at least MIN_WORDS words are scored by position (the
customer's first ones state the request; the agent's last ones say what was done or advised in the end), length and
how much they say beyond greetings, thanks and apologies; the best ones fill a small word budget per role, and a
sentence too similar (TF-IDF cosine) to one already picked is skipped. Section labels follow the agent's locale;
the extracted sentences stay in the conversation's language.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from deskpilot.domain.enums import AuthorRole
from deskpilot.domain.models import Conversation
from deskpilot.knowledge.tokenize import tokenize
from deskpilot.understand.language import FUNCTION_WORDS
from deskpilot.understand.sentiment import Sentiment, score_sentiment
from deskpilot.understand.text import split_sentences, strip_quoted, strip_signature

CUSTOMER = "customer"
AGENT_ROLES = frozenset({"agent", "ai", "bot"})
LOCALES = ("en", "de", "fr", "es", "lt")

# Tuned for ROUGE on the TweetSumm validation split (`deskpilot bench summary --split validation`).
REQUEST_WORDS = 10  # word budget of the request sentences (the best one is always taken)
SO_FAR_WORDS = 18  # word budget of the agent / AI sentences (likewise)
MIN_WORDS = 7  # shorter sentences are picked only when a role has no longer one
LONG_WORDS = 18  # sentences this long earn the full length bonus
LENGTH_WEIGHT = 0.75
CUSTOMER_FIRST_WEIGHT = 1.0  # bonus of the customer's first candidate sentence, weight / (1 + k) for the k-th
AGENT_FIRST_WEIGHT = 0.1  # the same for the agent's candidates from the first on
AGENT_LAST_WEIGHT = 0.6  # and counted from the last one back: what the agent did or advised in the end
FILLER_PENALTY = 0.5  # times the share of a sentence's words that are filler (courtesy and function words)
REDUNDANT_AT = 0.3  # TF-IDF cosine above which a sentence repeats one already picked
MOOD_TURNS = 2  # the customer's latest messages that set the mood

# Section labels and mood words in the agent's locale.
LABELS: dict[str, dict[str, str]] = {
    "en": {"request": "Request", "so_far": "So far", "open_questions": "Open questions", "mood": "Mood",
           "negative": "negative", "neutral": "neutral", "positive": "positive", "empty": "No messages yet."},
    "de": {"request": "Anliegen", "so_far": "Bisher", "open_questions": "Offene Fragen", "mood": "Stimmung",
           "negative": "negativ", "neutral": "neutral", "positive": "positiv", "empty": "Noch keine Nachrichten."},
    "fr": {"request": "Demande", "so_far": "Jusqu'ici", "open_questions": "Questions ouvertes", "mood": "Humeur",
           "negative": "négative", "neutral": "neutre", "positive": "positive", "empty": "Aucun message."},
    "es": {"request": "Solicitud", "so_far": "Hasta ahora", "open_questions": "Preguntas abiertas",
           "mood": "Estado de ánimo", "negative": "negativo", "neutral": "neutral", "positive": "positivo",
           "empty": "Todavía no hay mensajes."},
    "lt": {"request": "Prašymas", "so_far": "Iki šiol", "open_questions": "Atviri klausimai", "mood": "Nuotaika",
           "negative": "neigiama", "neutral": "neutrali", "positive": "teigiama", "empty": "Žinučių dar nėra."},
}

# Greeting, thanks, apology and sign-off words; with the locale's function words they are filler, saying nothing
# about the case.
COURTESY: dict[str, str] = {
    "en": "hi hello hey dear thank thanks thx sorry apologies apologise apologize inconvenience hear glad happy help "
          "assist welcome great good morning afternoon evening day night appreciate appreciated reaching reach out "
          "regards cheers wonderful awesome ok okay hope well much so very just",
    "de": "hallo hi guten tag morgen abend danke vielen dank bitte entschuldigung entschuldigen leider gerne "
          "freundlichen grüßen gruß grüße helfen hilfe schönen tut uns leid sehr",
    "fr": "bonjour bonsoir salut merci beaucoup désolé désolée excuses pardon cordialement aider aide plaisir bonne "
          "journée très",
    "es": "hola buenos días buenas tardes gracias muchas muchos perdón disculpa disculpas lo siento saludos ayudar "
          "ayuda encantados muy",
    "lt": "labas laba diena sveiki ačiū dėkoju atsiprašome atsiprašau pagarbiai padėti mielai labai",
}

_URL = re.compile(r"https?://\S+|www\.\S+")
_LEADING_HANDLES = re.compile(r"^(?:[@＠]\w+[\s,:]*)+")
_NUMERIC_HANDLE = re.compile(r"[@＠]\d+\b")
_HANDLE = re.compile(r"[@＠](\w+)")
_CARET_SIGNATURE = re.compile(r"\s*\^\s?[A-Za-z]{1,4}\b")
_NAME_SIGNATURE = re.compile(r"(?:\s+|(?<=[\w.!])|^)[-–—~*]\s?[A-Z][A-Za-z]{1,15}\.?\s*$")
_STAR_SIGNATURE = re.compile(r"\s*\*[A-Z][A-Za-z]{1,20}\b")
_BULLET = re.compile(r"^[-–—•*]+\s*")
_SIGNATURE_LINE = re.compile(r"^\s*[-–—~^*]\s?[^\W\d_]{1,15}\.?\s*$")
_PART_COUNTER = re.compile(r"\(?(?<![\d/])[1-9]/[1-9](?![\d/])\)?")
_CONTINUATION = re.compile(r">{2,}|…$")
_QUESTION_BREAK = re.compile(r"(?<=\?)\s+(?=\S)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Turn:
    """One message of a conversation: who wrote it ("customer", "agent", "ai" or "bot") and what it says."""

    role: str
    text: str


@dataclass(frozen=True)
class ThreadSummary:
    """The agent-facing summary of a conversation.

    `request`: the customer's key sentences; `so_far`: the agent's / AI's key sentences, in conversation order
    (open questions are listed under `open_questions` only); `open_questions`: questions of whoever wrote last
    that nobody has answered yet; `mood`: sentiment of the customer's latest messages; `text`: all of it as one
    paragraph with section labels in `locale`; `sentences`: the extracted request and so-far sentences alone.
    """

    request: str
    so_far: str
    open_questions: list[str]
    mood: Sentiment
    locale: str
    text: str
    sentences: tuple[str, ...] = ()  # the extracted request and so-far sentences, in order

    @property
    def extract(self) -> str:
        """The extracted sentences alone, without section labels."""
        return " ".join(self.sentences)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"locale": self.locale, "request": self.request, "so_far": self.so_far,
                "open_questions": list(self.open_questions),
                "mood": {"label": self.mood.label, "score": round(self.mood.score, 3),
                         "evidence": list(self.mood.evidence)},
                "text": self.text}


@dataclass(frozen=True)
class _Sentence:
    role: str  # "customer" or "agent" (people and deskpilot alike)
    text: str
    words: int
    terms: tuple[str, ...]


def clean_text(text: str) -> str:
    """A message without @handles, URLs, quoted history, signatures ("^AB", "-Name") and tweet part counters."""
    text = strip_signature(strip_quoted(html.unescape(text)))
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(">") or _SIGNATURE_LINE.match(line):
            continue
        line = _LEADING_HANDLES.sub("", _URL.sub(" ", line))
        line = _HANDLE.sub(r"\1", _NUMERIC_HANDLE.sub(" ", line))
        line = _CARET_SIGNATURE.sub("", _PART_COUNTER.sub(" ", _CONTINUATION.sub(" ", line)))
        line = _STAR_SIGNATURE.sub("", _NAME_SIGNATURE.sub("", " ".join(line.split())))
        line = _BULLET.sub("", line)
        if _WORD.search(line):
            lines.append(line)
    return "\n".join(lines)


def sentences_of(text: str) -> list[str]:
    """Sentences of a cleaned message (a question mark always ends one)."""
    return [part for sentence in split_sentences(text) for part in _QUESTION_BREAK.split(sentence) if part]


def _role(role: str) -> str | None:
    role = role.strip().lower()
    return CUSTOMER if role == CUSTOMER else "agent" if role in AGENT_ROLES else None


def _sentences(turns: Sequence[Turn], language: str) -> list[_Sentence]:
    found = []
    for turn in turns:
        role = _role(turn.role)
        if role is None:
            continue
        for text in sentences_of(clean_text(turn.text)):
            found.append(_Sentence(role, text, len(_WORD.findall(text)), tuple(tokenize(text, language))))
    return found


def _tfidf(sentences: Sequence[_Sentence]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors, sentences as documents."""
    df = Counter(term for s in sentences for term in set(s.terms))
    n = len(sentences)
    vectors = []
    for s in sentences:
        weights = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in Counter(s.terms).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


@lru_cache(maxsize=8)
def _filler(language: str) -> frozenset[str]:
    """Words that say nothing about the case: courtesy and function words of a language."""
    return frozenset(COURTESY.get(language, COURTESY["en"]).split()) | FUNCTION_WORDS.get(language, frozenset())


def _candidates(sentences: Sequence[_Sentence], role: str) -> list[int]:
    """A role's sentences long enough to summarise with (all of them if none is)."""
    own = [i for i, s in enumerate(sentences) if s.role == role]
    return [i for i in own if sentences[i].words >= MIN_WORDS] or own


def _scores(sentences: Sequence[_Sentence], candidates: Sequence[int], language: str) -> dict[int, float]:
    """Position among the candidates (first customer sentences; first and last agent sentences), length and how
    little of the sentence is filler."""
    filler = _filler(language)
    scores = {}
    for k, i in enumerate(candidates):
        s = sentences[i]
        if s.role == CUSTOMER:
            position = CUSTOMER_FIRST_WEIGHT / (1 + k)
        else:
            position = AGENT_FIRST_WEIGHT / (1 + k) + AGENT_LAST_WEIGHT / (len(candidates) - k)
        words = _WORD.findall(s.text.lower())
        empty = sum(w in filler for w in words) / len(words) if words else 1.0
        scores[i] = position + LENGTH_WEIGHT * min(s.words, LONG_WORDS) / LONG_WORDS - FILLER_PENALTY * empty
    return scores


def _select(sentences: Sequence[_Sentence], vectors: Sequence[dict[str, float]], role: str, budget: int,
            language: str, skip: Sequence[str] = ()) -> list[int]:
    """Best-scoring sentences of a role within a word budget (the best one always), skipping repeats and `skip`."""
    candidates = [i for i in _candidates(sentences, role) if sentences[i].text not in skip]
    scores = _scores(sentences, candidates, language)
    chosen: list[int] = []
    used = 0
    for i in sorted(candidates, key=lambda i: -scores[i]):
        if chosen and used + sentences[i].words > budget:
            continue
        if any(_cosine(vectors[i], vectors[j]) > REDUNDANT_AT for j in chosen):
            continue
        chosen.append(i)
        used += sentences[i].words
    return sorted(chosen)


def _open_questions(turns: Sequence[Turn]) -> list[str]:
    """Questions of the trailing turns of whoever wrote last: nobody has answered them yet."""
    roles = [_role(t.role) for t in turns]
    last = next((r for r in reversed(roles) if r is not None), None)
    trailing: list[Turn] = []
    for turn, role in zip(reversed(turns), reversed(roles), strict=True):
        if role is None:
            continue
        if role != last:
            break
        trailing.insert(0, turn)
    return [s for t in trailing for s in sentences_of(clean_text(t.text)) if s.endswith("?")]


def _mood(turns: Sequence[Turn], language: str) -> Sentiment:
    latest = [clean_text(t.text) for t in turns if _role(t.role) == CUSTOMER][-MOOD_TURNS:]
    return score_sentiment("\n".join(latest), language) if latest else Sentiment("neutral", 0.0, ())


def _closed(text: str) -> str:
    return text if not text or text[-1] in ".!?…" else f"{text}."


def _render(labels: dict[str, str], request: str, so_far: str, questions: list[str], mood: Sentiment) -> str:
    parts = [f"{labels[key]}: {_closed(value)}" for key, value in (("request", request), ("so_far", so_far)) if value]
    if questions:
        parts.append(f"{labels['open_questions']}: {' '.join(questions)}")
    parts.append(f"{labels['mood']}: {labels[mood.label]} ({mood.score:+.2f}).")
    return " ".join(parts)


def summarise(turns: Sequence[Turn], locale: str = "en", *, language: str | None = None) -> ThreadSummary:
    """Summarise a conversation for an agent working in `locale` (`language`: the conversation's, default locale)."""
    if locale not in LABELS:
        raise ValueError(f"locale {locale!r} is not one of {', '.join(LOCALES)}")
    language = language or locale
    labels = LABELS[locale]
    sentences = _sentences(turns, language)
    if not sentences:
        empty = Sentiment("neutral", 0.0, ())
        return ThreadSummary("", "", [], empty, locale, labels["empty"])
    vectors = _tfidf(sentences)
    request = _select(sentences, vectors, CUSTOMER, REQUEST_WORDS, language)
    questions = _open_questions(turns)
    so_far = _select(sentences, vectors, "agent", SO_FAR_WORDS, language, skip=questions)  # each question is shown once
    request_text = " ".join(sentences[i].text for i in request)
    so_far_text = " ".join(sentences[i].text for i in so_far)
    mood = _mood(turns, language)
    return ThreadSummary(request_text, so_far_text, questions, mood, locale,
                         _render(labels, request_text, so_far_text, questions, mood),
                         tuple(sentences[i].text for i in [*request, *so_far]))


def summarise_conversation(conversation: Conversation, locale: str | None = None) -> ThreadSummary:
    """The summary of a stored conversation's public messages (the customer's in their redacted view) for an agent
    working in `locale` (default: the conversation's locale, else English)."""
    turns = [Turn(m.author_role.value, (m.body_redacted or m.body) if m.author_role is AuthorRole.CUSTOMER else m.body)
             for m in conversation.messages if m.public]
    language = conversation.locale if conversation.locale in LABELS else None
    agent_locale = locale or language or "en"
    return summarise(turns, agent_locale, language=language or agent_locale)
