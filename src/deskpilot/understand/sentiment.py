"""Lexicon sentiment per locale: weighted cues, negation, contrast, courtesy, sarcasm and emoji; explains itself."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from deskpilot.understand import lexicons as lex
from deskpilot.understand.cues import find_cues, tokens

# Cue weights by kind; a negative weight blames, a positive one praises.
WEIGHTS: dict[str, float] = {"strong": -1.8, "negative": -1.0, "churn": -1.0, "complaint": -0.5, "positive": 1.0,
                             "mild": 0.5, "thanks": 0.7}
# Saying you are leaving is blame too; single words ("amazon", "elsewhere") and asking to close an account (a plain
# request) are left to the churn signal.
_ACCOUNT = ("account", "konto", "compte", "cuenta", "paskyr")
CHURN_PHRASES = {lang: tuple(c for c in cues if " " in c and not any(a in c for a in _ACCOUNT))
                 for lang, cues in lex.CHURN.items()}
LEXICONS: dict[str, dict[str, tuple[str, ...]]] = {
    "formula": lex.FORMULAS, "strong": lex.STRONG_NEGATIVE, "negative": lex.NEGATIVE, "churn": CHURN_PHRASES,
    "complaint": lex.COMPLAINT, "thanks": lex.THANKS, "positive": lex.POSITIVE, "mild": lex.MILD_POSITIVE}
COURTESY_THANKS = 0.2  # "thanks" closing a question or request
INTENSIFIED = 1.5
NEGATION_WINDOW = 3  # tokens before a cue, within its clause
INTENSIFIER_WINDOW = 2  # tokens either side of a cue, within its clause
NEGATED_NEGATIVE = 0.5  # "not bad" praises a little; a negated complaint ("nothing missing") counts 0
BEFORE_CONTRAST, AFTER_CONTRAST = 0.3, 2.0
MIXED_AT, MIXED_DAMPING = 1.0, 0.4  # once blame reaches MIXED_AT, praise and thanks count for less
SARCASTIC_OPENER_TOKENS = 3
EMOJI_WEIGHT, EMOJI_CAP = 0.8, 2
NEGATIVE_AT, POSITIVE_AT = -0.75, 0.9  # on the raw total; the score is tanh(total / 2)
ACCENTS_OPTIONAL = frozenset({"fr", "es", "lt"})
LT_NEGATION_PREFIXES = ("nebe", "ne")  # Lithuanian negates verbs and adjectives by prefix: nepatenkintas, neblogai
_FR_ELISION = re.compile(r"\b(qu|[cdjlmnst])'(?=\w)")  # "j'adore" → "j' adore", so "adore" is a word of its own
_CLAUSE_BREAK = re.compile(r"[.!?;:…,()\[\]\"“”«»\n]+|\s[-–—]+\s|[–—]")
_MULTI_PUNCT = re.compile(r"[!?¡¿]{2,}")
_SHOUTING = re.compile(r"\b[A-ZÄÖÜÀ-ÞĄČĘĖĮŠŲŪŽ]{4,}\b")


@dataclass(frozen=True)
class Sentiment:
    """Label (negative / neutral / positive), score in [-1, 1] and the cues that produced it."""

    label: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int
    length: int
    text: str
    prefix_negated: bool = False


@dataclass
class _Message:
    words: list[str]
    clause: list[int]
    lang: str

    def clause_start(self, i: int) -> int:
        start = i
        while start > 0 and self.clause[start - 1] == self.clause[i]:
            start -= 1
        return start

    def same_clause(self, i: int, j: int) -> bool:
        return 0 <= j < len(self.words) and self.clause[i] == self.clause[j]


def _words(text: str, lang: str) -> list[str]:
    words = tokens(text)
    if lang == "fr":
        return [part for w in words for part in _FR_ELISION.sub(r"\1' ", w).split()]
    return words


def _split(text: str, lang: str) -> _Message:
    words: list[str] = []
    clause: list[int] = []
    for number, part in enumerate(_CLAUSE_BREAK.split(text)):
        found = _words(part, lang)
        words.extend(found)
        clause.extend([number] * len(found))
    return _Message(words, clause, lang)


def _find(msg: _Message, cues: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str]]:
    phrases = cues[msg.lang]
    if msg.lang == "fr":
        phrases = _fr_cues(phrases)
    hits = find_cues(msg.words, phrases, accents_optional=msg.lang in ACCENTS_OPTIONAL, typos=True)
    return [(h.index, h.length, h.text) for h in hits if msg.clause[h.index] == msg.clause[h.index + h.length - 1]]


@lru_cache(maxsize=64)
def _fr_cues(cues: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_FR_ELISION.sub(r"\1' ", c) for c in cues)


def _is_negator(word: str, lang: str) -> bool:
    if word in lex.NEGATORS[lang]:
        return True
    if lang == "lt":  # a ne- verb negates what follows and agrees with "nieko", "niekas" before it
        return word.startswith(LT_NEGATION_PREFIXES) and len(word) > 4
    return lang == "en" and word.endswith("n't")


def _select_hits(msg: _Message) -> list[_Hit]:
    """Cues of every kind, longest first, no two sharing a word; then Lithuanian ne- prefixed words."""
    order = list(LEXICONS)
    found = [(start, length, kind, text) for kind, cues in LEXICONS.items() for start, length, text in _find(msg, cues)]
    found.sort(key=lambda h: (-h[1], order.index(h[2]), h[0]))
    taken: set[int] = set()
    hits: list[_Hit] = []
    for start, length, kind, text in found:
        span = set(range(start, start + length))
        if span & taken:
            continue
        taken |= span
        if kind != "formula":
            hits.append(_Hit(kind, start, length, text))
    if msg.lang == "lt":
        hits.extend(_lt_prefixed(msg, taken))
    return sorted(hits, key=lambda h: h.start)


def _lt_prefixed(msg: _Message, taken: set[int]) -> list[_Hit]:
    hits = []
    for i, word in enumerate(msg.words):
        if i in taken or word in lex.NEGATORS["lt"]:
            continue
        prefix = next((p for p in LT_NEGATION_PREFIXES if word.startswith(p) and len(word) > len(p) + 3), None)
        if prefix is None:
            continue
        rest = [word[len(prefix):]]
        for kind in ("strong", "negative", "positive", "mild"):
            if find_cues(rest, _single_words(LEXICONS[kind]["lt"]), accents_optional=True):
                hits.append(_Hit(kind, i, 1, word, prefix_negated=True))
                break
    return hits


@lru_cache(maxsize=16)
def _single_words(cues: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in cues if " " not in c)


def _intensified(msg: _Message, hit: _Hit, intensifiers: set[int]) -> bool:
    around = range(hit.start - INTENSIFIER_WINDOW, hit.start + hit.length + INTENSIFIER_WINDOW)
    return any(j in intensifiers and msg.same_clause(hit.start, j) for j in around
               if not hit.start <= j < hit.start + hit.length)


def _negated(msg: _Message, hit: _Hit) -> bool:
    if hit.prefix_negated:
        return True
    if any(_is_negator(w, msg.lang) for w in hit.text.split()):
        return False  # the cue carries its own negation ("still not", "toujours pas")
    window = msg.words[max(msg.clause_start(hit.start), hit.start - NEGATION_WINDOW):hit.start]
    return any(_is_negator(w, msg.lang) for w in window)


def _count(text: str, mark: str) -> int:
    if not mark.isascii():
        return text.count(mark)
    return len(re.findall(rf"(?<![\w:;]){re.escape(mark)}(?![\w)(])", text))  # ":D" is no emoticon in "Betreff:Defekt"


def _emoji(text: str) -> tuple[float, float, bool, list[str]]:
    """Praise and blame from emoji and emoticons, whether one marks sarcasm, and which were seen."""
    counts = {e: _count(text, e) for e in (*lex.EMOJI_POSITIVE, *lex.EMOJI_NEGATIVE, *lex.EMOJI_SARCASM)}
    praise = min(EMOJI_CAP, sum(counts[e] for e in lex.EMOJI_POSITIVE)) * EMOJI_WEIGHT
    blame = min(EMOJI_CAP, sum(counts[e] for e in (*lex.EMOJI_NEGATIVE, *lex.EMOJI_SARCASM))) * EMOJI_WEIGHT
    return praise, blame, any(counts[e] for e in lex.EMOJI_SARCASM), [e for e, n in counts.items() if n]


def _weigh(msg: _Message, hits: list[_Hit], *, requests: list[int] | None) -> list[tuple[float, str, int, str]]:
    """Each cue's signed weight and its evidence label (negation, intensifiers, courtesy, contrast applied)."""
    intensifiers = {h.index + k for h in find_cues(msg.words, lex.INTENSIFIERS[msg.lang]) for k in range(h.length)}
    contrasts = [start for start, _, _ in _find(msg, lex.CONTRAST)]
    pivot = contrasts[-1] if contrasts and contrasts[-1] > 0 else None
    weighed = []
    for hit in hits:
        weight = WEIGHTS[hit.kind]
        label = hit.text
        if hit.kind == "thanks" and requests is not None and _courtesy(hit, requests):
            weight, label = COURTESY_THANKS, f"{hit.text} (courtesy)"
        elif _intensified(msg, hit, intensifiers):
            weight *= INTENSIFIED
        if _negated(msg, hit):
            label = hit.text if hit.prefix_negated else f"not {hit.text}"
            weight = -weight if weight > 0 else 0.0 if hit.kind == "complaint" else -NEGATED_NEGATIVE * weight
        if pivot is not None:
            weight *= BEFORE_CONTRAST if hit.start < pivot else AFTER_CONTRAST
        if weight:
            weighed.append((weight, label, hit.start, hit.kind))
    return weighed


def _courtesy(thanks: _Hit, requests: list[int]) -> bool:
    """Thanks in a message asking something is courtesy, unless a request verb introduces it ("I wanted to thank")."""
    return not requests or any(end != thanks.start for end in requests)


def _sarcastic_opener(msg: _Message, hits: list[_Hit]) -> int | None:
    """Where a lone praising word opens a message that praises nothing else ("Great, another automatic e-mail")."""
    if not msg.words:
        return None
    size = msg.clause.count(msg.clause[0])
    first = [h for h in hits if msg.clause[h.start] == msg.clause[0]]
    praising = [h for h in hits if h.kind in {"positive", "mild"} and not _negated(msg, h)]
    if len(first) == 1 and praising == first and size <= min(SARCASTIC_OPENER_TOKENS, first[0].length + 1):
        return first[0].start
    return None


def score_sentiment(text: str, locale: str) -> Sentiment:
    """Sentiment of a (redacted) customer message in `locale` (unknown locales use English cues)."""
    lang = locale if locale in lex.NEGATIVE else "en"
    msg = _split(text, lang)
    hits = _select_hits(msg)
    found = [start + length for start, length, _ in _find(msg, lex.REQUEST)]
    weighed = _weigh(msg, hits, requests=found if found or "?" in text else None)
    praise_emoji, blame_emoji, sarcasm, seen = _emoji(text)
    opener = _sarcastic_opener(msg, hits)
    blames = any(w < 0 for w, *_ in weighed) or blame_emoji > 0
    evidence: list[str] = []
    praise, thanks, blame = praise_emoji, 0.0, blame_emoji
    for weight, label, start, kind in weighed:
        if weight > 0 and (sarcasm or (start == opener and blames)):
            blame += weight
            evidence.append(f"sarcasm: {label}")
        elif start == opener and not any(k == "thanks" for _, _, _, k in weighed):
            evidence.append(f"{label} (alone, not counted)")
        elif weight > 0 and kind == "thanks":
            thanks += weight
            evidence.append(label)
        elif weight > 0:
            praise += weight
            evidence.append(label)
        else:
            blame -= weight
            evidence.append(label)
    evidence.extend(seen)
    if blame >= MIXED_AT:  # "thanks, but it is still broken": a complaint; thanks there are courtesy or sarcasm
        praise, thanks = praise * MIXED_DAMPING, 0.0
    total = praise + thanks - blame
    total += _typography(text, praise > blame, evidence)
    score = math.tanh(total / 2.0)
    label = "negative" if total <= NEGATIVE_AT else "positive" if total >= POSITIVE_AT else "neutral"
    return Sentiment(label, score, tuple(dict.fromkeys(evidence)))


def _typography(text: str, praising: bool, evidence: list[str]) -> float:
    """Repeated !/? intensify praise or read as exasperation; words in capitals read as shouting."""
    adjust = 0.0
    repeats = len(_MULTI_PUNCT.findall(text))
    if repeats:
        adjust += 0.3 if praising else -0.5 * min(2, repeats)
        evidence.append("!!")
    shouting = [w for w in _SHOUTING.findall(text) if not w.startswith("EUR")]
    if len(shouting) >= 2:
        adjust -= 1.0
        evidence.append("CAPITALS")
    return adjust
