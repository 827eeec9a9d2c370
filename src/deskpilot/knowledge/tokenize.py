"""Per-locale tokenisation for lexical retrieval: lower-case words, stopwords removed, stemmed."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

STEMMER_BY_LOCALE = {"en": "english", "de": "german", "fr": "french", "es": "spanish", "lt": "lithuanian"}
_WORD = re.compile(r"\w+", re.UNICODE)

# Lithuanian function words (bm25s and Snowball ship none): pronouns, prepositions, conjunctions,
# particles and the forms of "būti"/"turėti"/"galėti" that carry no topic.
LITHUANIAN_STOPWORDS = frozenset([
    "aš", "tu", "jis", "ji", "mes", "jūs", "jie", "jos", "mane", "tave", "jį", "ją", "mus", "jus", "juos",
    "jas", "man", "tau", "jam", "jai", "mums", "jums", "jiems", "joms", "mano", "tavo", "savo", "jo", "jos",
    "mūsų", "jūsų", "jų", "manęs", "tavęs", "savęs", "sau", "save", "jumis", "ir", "ar", "bet", "o", "tačiau",
    "nes", "kad", "jog", "kai", "kol", "jei", "jeigu", "nors", "arba", "ba", "nei", "taip", "pat", "tai",
    "tas", "ta", "tie", "tos", "šis", "ši", "šie", "šios", "tas", "tą", "to", "tam", "toje", "tuo", "šio",
    "šiam", "šią", "šiuo", "šioje", "kas", "kur", "kada", "kaip", "kodėl", "kiek", "koks", "kokia", "kuris",
    "kuri", "kurie", "kurios", "kurį", "kurią", "kurio", "kurios", "kuriam", "kuriai", "kuriame", "kurioje",
    "į", "iš", "ant", "po", "per", "prie", "prieš", "pas", "su", "be", "už", "apie", "nuo", "iki", "tarp",
    "ties", "link", "dėl", "pagal", "virš", "yra", "buvo", "bus", "būti", "esu", "esi", "esame", "esate",
    "būtų", "nėra", "nebuvo", "turi", "turiu", "turime", "turėti", "galiu", "gali", "galime", "galėti", "ne",
    "nė", "net", "jau", "dar", "tik", "labai", "gal", "gi", "juk", "štai", "vis", "visi", "visa", "viskas",
    "kiekvienas", "kitas", "kita", "kiti", "čia", "ten", "taip", "pat", "irgi", "dabar", "tada", "vėl",
    "labas", "laba", "sveiki", "ačiū", "prašau",
])


@lru_cache(maxsize=8)
def stopwords_for(locale: str) -> frozenset[str]:
    """The stopword set of a locale (empty for unknown locales)."""
    if locale == "lt":
        return LITHUANIAN_STOPWORDS
    import bm25s.stopwords as sw

    lists = {"en": sw.STOPWORDS_EN, "de": sw.STOPWORDS_GERMAN, "fr": sw.STOPWORDS_FRENCH,
             "es": sw.STOPWORDS_SPANISH}
    return frozenset(lists.get(locale, ()))


@lru_cache(maxsize=8)
def stemmer_for(locale: str) -> Any:
    """The Snowball stemmer of a locale (English for locales without one)."""
    import Stemmer

    return Stemmer.Stemmer(STEMMER_BY_LOCALE.get(locale, "english"))


def tokenize(text: str, locale: str) -> list[str]:
    """Stemmed content words of a text in a locale."""
    stop = stopwords_for(locale)
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in stop and not w.isdigit()]
    return list(stemmer_for(locale).stemWords(words))
