"""Language detection restricted to the workspace's locales, on the body of the newest message.

Short requests often carry a title, product or place name in another language ("Suche nach The Sound of One Hand
Clapping", "Paleisk This Is: Miles Davis per Lastfm"). The language a customer writes in is the language of the
sentence around such names, so detection runs on the *matrix* text: the body without quoted spans and without runs
of capitalised words inside a sentence. Function words of the served locales back lingua up on very short texts, and
a salutation or closing in another language ("Bonjour," ... "Saludos cordiales,") is left out: the body wins.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from lingua import IsoCode639_1, LanguageDetectorBuilder
from lingua import LanguageDetector as _Lingua

from deskpilot.understand.text import strip_quoted, strip_signature

# Languages a European support inbox also receives; a message confidently in one of them is reported as
# "not a served locale" instead of being forced into the nearest served one.
OTHER_LANGUAGES = ("it", "pt", "nl", "pl", "lv", "et", "ru", "uk", "sv", "da", "fi", "cs", "ro", "hu")
MIN_WORDS_FOR_OTHER = 5  # words of the matrix text needed before a message is declared "not a served language"
OTHER_MARGIN = 0.25
FUNCTION_WORD_WEIGHT = 1.0  # added to a locale's lingua confidence, times the share of words that are its own
MAX_FRAME_WORDS = 12  # a salutation line or a closing paragraph is at most this long
MAX_CLOSING_LINES = 3

_WORD = re.compile(r"[^\W\d_]{2,}")
_ANY_WORD = re.compile(r"[^\W\d_]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SALUTATION = re.compile(r"^[^\n]{1,100}[,:!]$")
_QUOTED = re.compile(r"\"[^\"\n]{1,120}\"|“[^”\n]{1,120}”|„[^“”\n]{1,120}[“”]|«[^»\n]{1,120}»|‘[^’\n]{1,120}’")
_URL_OR_EMAIL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
_TOKEN = re.compile(r"\S+")
_EDGE = "\"'“”„«»‘’()[]{},.!?;"
_SENTENCE_END = re.compile(r"[.!?…]['\"”»)]*$")
# Lower-case words that may sit inside a title-case name ("Ghosts of Onyx", "Journal of the British ...").
_NAME_CONNECTORS = frozenset({"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with",
                              "from", "as", "vs", "&", "-", "–", "is", "'s", "’s"})

def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Frequent closed-class and courtesy words of each served locale; a word listed for several locales counts for
# each of them. They decide short texts, where character n-grams have little to go on; on longer texts lingua is
# sure and they agree with it.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _vocabulary("""the a an and or of to in on at for with from by about is are was were be been will would
        can could should do does did have has had not no my me i you your we our it its this that these those what
        when where why how who which there here please all some any thanks thank hello hi today tomorrow yesterday
        next last now up off"""),
    "de": _vocabulary("""der die das den dem des ein eine einen einem einer und oder von zu zum zur im in am an auf
        für mit aus bei nach ist sind war wird werden kann können soll habe hast hat haben nicht kein keine mein
        meine meinen meinem mir mich ich du sie wir ihr es er dies diese dieser was wann wo warum wie wer welche
        bitte alle alles einige danke hallo heute morgen gestern nächste jetzt noch schon auch"""),
    "fr": _vocabulary("""le la les un une des du de et ou à au aux en dans sur pour avec par est sont était sera
        peut peux dois fait ai as avons ont ne pas mon ma mes me moi je tu vous nous il elle on ce cette ces quoi
        quand où pourquoi comment qui quel quelle quels plaît tous tout toutes merci bonjour demain hier prochain
        maintenant encore déjà aussi"""),
    "es": _vocabulary("""el la los las un una unos unas y o de del al a en con por para sobre es son era será puede
        puedo debo hace he ha han no mi mis me yo tú usted nosotros él ella esto este esta estos qué cuándo dónde
        por qué cómo quién cuál todos todas todo algunos gracias hola hoy mañana ayer próximo ahora todavía ya
        también"""),
    "lt": _vocabulary("""ir ar arba į iš prie per su nuo už apie po iki be dėl ant pas tarp yra buvo bus gali galiu
        reikia turiu turi ne nėra mano man mane aš tu jūs mes jis ji tai šis ši šie kas kada kur kodėl kaip kuris
        kuri prašau visi visus visas kelis ačiū labas sveiki šiandien rytoj vakar kitą dabar dar jau irgi taip"""),
}

# Letters that, among the served locales, only one of them writes: a word carrying one counts like a function word.
OWN_LETTERS = {"lt": "ąčęėįšųūž", "de": "äöüß", "es": "ñáíóú", "fr": "çàâèêëîïôùûœ"}


@dataclass(frozen=True)
class LanguageResult:
    """The detected locale (None when unknown or not served), its confidence and what was looked at."""

    locale: str | None
    confidence: float
    other_language: str | None = None
    scores: dict[str, float] = field(default_factory=dict)


def _iso(code: str) -> IsoCode639_1:
    return getattr(IsoCode639_1, code.upper())


def _core(token: str) -> str:
    return token.strip(_EDGE)


def _capitalised(token: str) -> bool:
    core = _core(token)
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def _is_lower_case(token: str) -> bool:
    core = _core(token)
    return core[:1].isalpha() and core[:1].islower()


def _name_runs(tokens: list[str]) -> set[int]:
    """Indexes of tokens in runs of two or more capitalised words that do not open a sentence."""
    dropped: set[int] = set()
    run: list[int] = []
    opens_sentence = True

    def close() -> None:
        while run and not _capitalised(tokens[run[-1]]):
            run.pop()
        if sum(1 for i in run if _core(tokens[i])[:1].isalpha()) >= 2:
            dropped.update(run)
        run.clear()

    for i, token in enumerate(tokens):
        core = _core(token)
        in_name = _capitalised(token) or (bool(run) and (not core or core.lower() in _NAME_CONNECTORS))
        if in_name and not opens_sentence:
            run.append(i)
        else:
            close()
        opens_sentence = bool(_SENTENCE_END.search(token))
        if opens_sentence:
            close()
    close()
    return dropped


def _is_salutation(line: str) -> bool:
    """A line shaped like "Dear team," / "Estimados señores:" / "Sveiki!" (an exclamation only when short)."""
    line = line.strip()
    words = len(_WORD.findall(line))
    return bool(_SALUTATION.match(line)) and words <= (MAX_FRAME_WORDS if line[-1] in ",:" else 3)


def _is_name(line: str) -> bool:
    tokens = line.split()
    return 0 < len(tokens) <= 3 and all(t[:1].isupper() and t.replace("-", "").replace(".", "").isalpha()
                                        for t in tokens)


def _is_closing(paragraph: str) -> bool:
    """A short paragraph that opens with a sign-off ("Kind regards,") or ends with a name."""
    lines = [line.strip() for line in paragraph.strip().splitlines()]
    short = len(lines) <= MAX_CLOSING_LINES and len(_WORD.findall(paragraph)) <= MAX_FRAME_WORDS
    return short and (lines[0][-1:] in (",", "!") or (len(lines) > 1 and _is_name(lines[-1])))


def detection_body(text: str) -> str:
    """The new text without quotes, signature, salutation lines and closing lines: what the language is judged on."""
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(strip_signature(strip_quoted(text))) if _WORD.search(p)]
    # one-line salutation paragraphs, wherever they are (the pipeline puts the subject above the greeting)
    paragraphs = [p for p in paragraphs if "\n" in p or not _is_salutation(p)] or paragraphs
    while len(paragraphs) > 1 and _is_closing(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    lines = [line.strip() for line in "\n".join(paragraphs).splitlines() if _WORD.search(line)]
    if len(lines) > 1 and _is_salutation(lines[0]):
        lines = lines[1:]
    while len(lines) > 1 and (_is_name(lines[-1]) or _is_salutation(lines[-1])):
        lines = lines[:-1]
    return "\n".join(lines)


def matrix_text(body: str) -> str:
    """The body without quoted spans, links and in-sentence runs of capitalised names (the words around them)."""
    kept: list[str] = []
    for line in body.splitlines():
        tokens = _TOKEN.findall(_QUOTED.sub(" ", _URL_OR_EMAIL.sub(" ", line)))
        dropped = _name_runs(tokens)
        kept.append(" ".join(t for i, t in enumerate(tokens) if i not in dropped))
    return "\n".join(line for line in kept if line)


def function_word_shares(text: str, locales: tuple[str, ...]) -> dict[str, float]:
    """Per locale, the share of the text's words that are its function words or carry a letter only it writes."""
    lowered = [w.lower() for w in _ANY_WORD.findall(text)]
    if not lowered:
        return {code: 0.0 for code in locales}
    return {code: sum(w in FUNCTION_WORDS.get(code, frozenset()) or any(c in OWN_LETTERS.get(code, "") for c in w)
                      for w in lowered) / len(lowered)
            for code in locales}


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

    def _scores(self, served: _Lingua, text: str) -> dict[str, float]:
        """lingua's confidence per served locale plus the share of the words that are its function words."""
        values = served.compute_language_confidence_values(text)
        lingua = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
        shares = function_word_shares(text, tuple(c for c in lingua if c in self.locales))
        boosted = {k: v + FUNCTION_WORD_WEIGHT * shares.get(k, 0.0) for k, v in lingua.items()}
        total = sum(boosted.values()) or 1.0
        return {k: v / total for k, v in boosted.items() if k in self.locales}

    def detect(self, text: str) -> LanguageResult:
        """The locale of the message body (the body wins over a greeting; quoted history and names are ignored)."""
        body = detection_body(text)
        if not _WORD.search(body):
            return LanguageResult(None, 0.0)
        matrix = matrix_text(body)
        words = _WORD.findall(matrix)
        if not words:  # nothing but names: judge the names
            matrix, words = body, _WORD.findall(body)
        served, wide = self._detectors()
        scores = self._scores(served, matrix)
        if matrix != body and not any(_is_lower_case(t) for t in _TOKEN.findall(body)):
            # all capitals or Title Case: capitals need not mark names, so the whole body gets an equal say
            whole = self._scores(served, body)
            scores = {k: (v + whole.get(k, 0.0)) / 2 for k, v in scores.items()}
        if not scores:
            return LanguageResult(None, 0.0)
        best, confidence = max(scores.items(), key=lambda kv: kv[1])
        if len(words) >= MIN_WORDS_FOR_OTHER:
            wide_values = wide.compute_language_confidence_values(matrix)
            top = wide_values[0]
            top_code = top.language.iso_code_639_1.name.lower()
            served_best = max((float(v.value) for v in wide_values
                               if v.language.iso_code_639_1.name.lower() in self.locales), default=0.0)
            if top_code not in self.locales and float(top.value) - served_best >= OTHER_MARGIN:
                return LanguageResult(None, float(top.value), other_language=top_code, scores=scores)
        if confidence < self.min_confidence:
            return LanguageResult(None, confidence, scores=scores)
        return LanguageResult(best, confidence, scores=scores)
