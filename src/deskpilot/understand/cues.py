"""Matching lexicon cues (word prefixes and phrases) against a tokenised message."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|n't", re.UNICODE)
SHORT_CUE = 4
SHORT_CUE_SLACK = 2


def tokens(text: str) -> list[str]:
    """Lowercased word tokens."""
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def _word_matches(token: str, cue: str) -> bool:
    if not token.startswith(cue):
        return False
    return len(cue) > SHORT_CUE or len(token) - len(cue) <= SHORT_CUE_SLACK


@dataclass(frozen=True)
class CueHit:
    """A cue found at token position `index` spanning `length` tokens."""

    cue: str
    index: int
    length: int
    text: str


def find_cues(words: list[str], cues: tuple[str, ...]) -> list[CueHit]:
    """Every occurrence of the cues in the token list (phrases match word by word)."""
    hits: list[CueHit] = []
    split = [(cue, cue.split()) for cue in cues]
    for i in range(len(words)):
        for cue, parts in split:
            if i + len(parts) <= len(words) and all(_word_matches(words[i + j], p) for j, p in enumerate(parts)):
                hits.append(CueHit(cue, i, len(parts), " ".join(words[i:i + len(parts)])))
    return hits
