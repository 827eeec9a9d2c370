"""Language detection restricted to the workspace's locales, on the body of the newest message."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from lingua import IsoCode639_1, LanguageDetectorBuilder
from lingua import LanguageDetector as _Lingua

from deskpilot.understand.text import message_body

# Languages a European support inbox also receives; a message confidently in one of them is reported as
# "not a served locale" instead of being forced into the nearest served one.
OTHER_LANGUAGES = ("it", "pt", "nl", "pl", "lv", "et", "ru", "uk", "sv", "da", "fi", "cs", "ro", "hu")
MIN_WORDS_FOR_OTHER = 4
OTHER_MARGIN = 0.25
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class LanguageResult:
    """The detected locale (None when unknown or not served), its confidence and what was looked at."""

    locale: str | None
    confidence: float
    other_language: str | None = None
    scores: dict[str, float] = field(default_factory=dict)


def _iso(code: str) -> IsoCode639_1:
    return getattr(IsoCode639_1, code.upper())


class LanguageDetector:
    """Detects which configured locale a customer wrote in."""

    def __init__(self, locales: tuple[str, ...] | list[str], *, min_confidence: float = 0.0) -> None:
        self.locales = tuple(locales)
        self.min_confidence = min_confidence
        self._lock = threading.Lock()
        self._served: _Lingua | None = None
        self._wide: _Lingua | None = None

    def _detectors(self) -> tuple[_Lingua, _Lingua]:
        with self._lock:
            if self._served is None or self._wide is None:
                served = [_iso(c) for c in self.locales]
                others = [_iso(c) for c in OTHER_LANGUAGES if c not in self.locales]
                if len(served) == 1:
                    # lingua needs two languages; a one-locale workspace still rejects other languages
                    served_detector = LanguageDetectorBuilder.from_iso_codes_639_1(served[0], *others[:1]).build()
                else:
                    served_detector = LanguageDetectorBuilder.from_iso_codes_639_1(*served).build()
                self._served = served_detector
                self._wide = LanguageDetectorBuilder.from_iso_codes_639_1(*served, *others).build()
            return self._served, self._wide

    def detect(self, text: str) -> LanguageResult:
        """The locale of the message body (the body wins over a greeting; quoted history is ignored)."""
        body = message_body(text)
        words = _WORD.findall(body)
        if not words:
            return LanguageResult(None, 0.0)
        served, wide = self._detectors()
        values = served.compute_language_confidence_values(body)
        scores = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
        scores = {k: v for k, v in scores.items() if k in self.locales}
        if not scores:
            return LanguageResult(None, 0.0)
        best, confidence = max(scores.items(), key=lambda kv: kv[1])
        if len(words) >= MIN_WORDS_FOR_OTHER:
            wide_values = wide.compute_language_confidence_values(body)
            top = wide_values[0]
            top_code = top.language.iso_code_639_1.name.lower()
            served_best = max((float(v.value) for v in wide_values
                               if v.language.iso_code_639_1.name.lower() in self.locales), default=0.0)
            if top_code not in self.locales and float(top.value) - served_best >= OTHER_MARGIN:
                return LanguageResult(None, float(top.value), other_language=top_code, scores=scores)
        if confidence < self.min_confidence:
            return LanguageResult(None, confidence, scores=scores)
        return LanguageResult(best, confidence, scores=scores)
