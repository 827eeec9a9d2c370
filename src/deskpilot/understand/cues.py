"""Matching lexicon cues (word prefixes and phrases) against a tokenised message."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|n't", re.UNICODE)
SHORT_CUE = 4
SHORT_CUE_SLACK = 2
EXACT = "$"  # a cue word ending in "$" matches that whole word only ("but$" is not "button")
ELIDED = "'"  # a cue word ending in an apostrophe matches any word it starts ("d'" matches "d'avance")
TYPO_MIN = 6  # with `typos`, cue words this long also match with a slip (see _one_typo)


def tokens(text: str) -> list[str]:
    """Lowercased word tokens."""
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def fold(word: str) -> str:
    """A word without diacritics ("déçu" → "decu"), for matching chat typed without accents."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word_matches(token: str, cue: str) -> bool:
    if cue.endswith(EXACT):
        return token == cue[:-1]
    if cue.endswith(ELIDED):
        return token.startswith(cue)
    if not token.startswith(cue):
        return False
    return len(cue) > SHORT_CUE or len(token) - len(cue) <= SHORT_CUE_SLACK


def _one_typo(token: str, cue: str) -> bool:
    """Whether the token starts with the cue misspelt once: two neighbours swapped, a letter doubled or a double
    letter typed once ("beleive", "unnacceptable", "disapointed")."""
    if len(cue) < TYPO_MIN or cue.endswith((EXACT, ELIDED)) or token[:1] != cue[:1]:
        return False
    n = len(cue)
    head = token[:n]
    if len(head) == n:
        diff = [i for i in range(n) if head[i] != cue[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and (head[diff[0]], head[diff[1]]) == (cue[diff[1]], cue[diff[0]]):
            return True
    longer = token[:n + 1]
    if len(longer) == n + 1 and any(longer[i] == longer[i - 1] and longer[:i] + longer[i + 1:] == cue
                                    for i in range(1, n)):
        return True
    shorter = token[:n - 1]
    return len(token) >= n - 1 and any(cue[i] == cue[i - 1] and cue[:i] + cue[i + 1:] == shorter
                                       for i in range(1, n))


@dataclass(frozen=True)
class CueHit:
    """A cue found at token position `index` spanning `length` tokens."""

    cue: str
    index: int
    length: int
    text: str


@lru_cache(maxsize=256)
def _by_first_letter(cues: tuple[str, ...], folded: bool) -> dict[str, list[tuple[str, list[str]]]]:
    index: dict[str, list[tuple[str, list[str]]]] = {}
    for cue in cues:
        parts = [fold(p) for p in cue.split()] if folded else cue.split()
        if parts:
            index.setdefault(parts[0][:1], []).append((cue, parts))
    return index


def find_cues(words: list[str], cues: tuple[str, ...], *, accents_optional: bool = False,
              typos: bool = False) -> list[CueHit]:
    """Every occurrence of the cues in the token list (phrases match word by word).

    With `accents_optional`, a cue also matches words typed without its diacritics ("decu" for "déçu"); with
    `typos`, long cue words also match with one slip ("beleive" for "believe", "dissapointed" is two slips).
    """
    hits: list[CueHit] = []
    index = _by_first_letter(tuple(cues), accents_optional)
    keys = [fold(w) for w in words] if accents_optional else words

    def matches(token: str, cue: str) -> bool:
        return _word_matches(token, cue) or (typos and _one_typo(token, cue))

    for i, key in enumerate(keys):
        for cue, parts in index.get(key[:1], ()):
            if i + len(parts) <= len(keys) and all(matches(keys[i + j], p) for j, p in enumerate(parts)):
                hits.append(CueHit(cue, i, len(parts), " ".join(words[i:i + len(parts)])))
    return hits
