"""PII redaction: typed, numbered placeholders with a mapping kept inside the trust boundary."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import phonenumbers
from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum.de import idnr as _de_idnr
from stdnum.es import dni as _es_dni
from stdnum.es import nie as _es_nie
from stdnum.eu import vat as _eu_vat
from stdnum.fr import nir as _fr_nir
from stdnum.lt import asmens as _lt_asmens

PHONE_REGIONS = ("LT", "DE", "FR", "ES", "GB", "IE", "LV", "EE", "PL", "AT", "NL", "BE", "IT")
STRUCTURED_TYPES = ("EMAIL", "PHONE", "IBAN", "CARD", "VAT_ID", "LT_PERSONAL_CODE", "ES_DNI", "ES_NIE", "FR_NIR",
                    "DE_TAX_ID", "IP_ADDRESS")
# Higher wins when two candidates overlap with the same extent.
_PRIORITY = {t: i for i, t in enumerate(reversed(("EMAIL", "IBAN", "CARD", "VAT_ID", "FR_NIR", "LT_PERSONAL_CODE",
                                                  "DE_TAX_ID", "ES_DNI", "ES_NIE", "IP_ADDRESS", "PHONE", "ADDRESS",
                                                  "NAME")))}

_UPPER = "A-ZÀ-ÖØ-ÞĄČĘĖĮŠŲŪŽ"
_LOWER = "a-zß-öø-ÿąčęėįšųūž"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}'’-]+"
_NAME = rf"{_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,2}}"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"(?<![\w#])(?:[2-6]\d{3}(?:[ -]\d{4}){3}(?:[ -]?\d{3})?|3[47]\d{2}[ -]\d{6}[ -]\d{5}|"
                   r"[2-6]\d{12,18})(?![\w-])")
_VAT = re.compile(r"\b(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK)"
                  r"(?:[ ]?[0-9A-Z]){8,12}\b")
_ELEVEN_DIGITS = re.compile(r"(?<![\w#/.-])\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}(?![\w/-])")
_DNI = re.compile(r"\b\d{8}[ -]?[A-Z]\b")
_NIE = re.compile(r"\b[XYZ][ -]?\d{7}[ -]?[A-Z]\b")
_NIR = re.compile(r"\b[12][ ]?\d{2}[ ]?(?:0[1-9]|1[0-2]|[2-9]\d)[ ]?(?:\d{2}|2A|2B)[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}\b")
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{3,39}(?![\w:])")
_ADDRESS = re.compile(
    "|".join([
        # 12 Baker Street / 221B Main Road
        rf"\b\d{{1,4}}[A-Za-z]?,?[ ](?:{_NAME_WORD}[ ]){{1,3}}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|"
        rf"Close|Way|Place|Square|Court|Gardens|Terrace)\b",
        # Hauptstraße 5 / Lindenweg 12a / Am Markt 3 (German)
        rf"\b[{_UPPER}][{_LOWER}-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer)[ ]\d{{1,4}}[a-z]?\b",
        # 12 rue de la Paix / 3 bis avenue Victor Hugo (French)
        rf"\b\d{{1,4}}(?:[ ]?(?:bis|ter))?,?[ ](?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|"
        rf"route|cours)[ ](?:(?:de|du|des|la|le|l'|d')[ ]?)*(?:{_NAME_WORD}[ -]?){{1,3}}",
        # Calle Mayor 12 / C/ Alcalá, 45 / Avenida de la Constitución 3 (Spanish)
        rf"\b(?:Calle|C/|Avenida|Avda\.|Av\.|Plaza|Pza\.|Paseo|Camino|Carrer|Ronda)[ ]?(?:(?:de|del|la|las|los|el)[ ])*"
        rf"(?:{_NAME_WORD}[ ]?){{1,3}},?[ ](?:n\.?º[ ]?)?\d{{1,4}}\b",
        # Gedimino pr. 9 / Vilniaus g. 12-4 / Laisvės alėja 10 (Lithuanian)
        rf"\b[{_UPPER}][{_LOWER}]+(?:[ ][{_UPPER}][{_LOWER}]+)?[ ](?:g\.|gatvė|pr\.|prospektas|al\.|alėja|"
        rf"skg\.|skersgatvis|pl\.|plentas|a\.)[ ]?\d{{1,4}}(?:[-–]\d{{1,4}})?\b",
    ]))
_NAME_INTRO = re.compile(
    rf"\b(?i:my name is|my name's|mein name ist|ich heiße|ich heisse|je m'appelle|je m’appelle|mon nom est|"
    rf"me llamo|mi nombre es|mano vardas(?: yra)?|vadinuosi)[ ]+(?P<name>{_NAME})")
_SIGN_OFF = re.compile(
    r"^\s*(?:best regards|kind regards|warm regards|regards|best wishes|best|thanks|thank you|many thanks|cheers|"
    r"sincerely|yours sincerely|mit freundlichen grüßen|mit freundlichen gruessen|freundliche grüße|viele grüße|"
    r"liebe grüße|beste grüße|lg|mfg|gruß|danke|cordialement|bien cordialement|bien à vous|merci|merci d'avance|"
    r"salutations|bonne journée|saludos|un saludo|saludos cordiales|atentamente|gracias|muchas gracias|"
    r"pagarbiai|su pagarba|ačiū|dėkoju|linkėjimai|geros dienos)[ ,.!]*$", re.IGNORECASE)
_SIGNATURE_NAME = re.compile(rf"^\s*(?P<name>{_NAME})\s*$")
# Capitalised words that end a letter but are not names.
_NOT_NAMES = {"Thanks", "Thank", "Regards", "Danke", "Merci", "Gracias", "Ačiū", "Customer", "Kunde", "Client",
              "Cliente", "Klientas", "Support", "Team", "Lumio", "Sent", "Best"}


@dataclass(frozen=True)
class PiiEntity:
    """One redacted span of the original text."""

    type: str
    start: int
    end: int
    placeholder: str

    def to_json(self) -> dict[str, object]:
        """JSON-ready span (no value: values stay in the mapping)."""
        return {"type": self.type, "start": self.start, "end": self.end, "placeholder": self.placeholder}


@dataclass
class Redaction:
    """The redacted text, its entities and the placeholder → original mapping."""

    text: str
    entities: list[PiiEntity] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many distinct values of each type were redacted."""
        out: dict[str, int] = {}
        for placeholder in self.mapping:
            kind = placeholder[1:-1].rsplit("_", 1)[0]
            out[kind] = out.get(kind, 0) + 1
        return out


@dataclass(frozen=True)
class _Span:
    type: str
    start: int
    end: int


def _compact(value: str) -> str:
    return re.sub(r"[\s-]", "", value)


def _regex(kind: str, pattern: re.Pattern[str], valid: Callable[[str], bool] | None = None,
           group: str | int = 0) -> Callable[[str], Iterator[_Span]]:
    def find(text: str) -> Iterator[_Span]:
        for m in pattern.finditer(text):
            value = m.group(group)
            if value and (valid is None or valid(value)):
                yield _Span(kind, m.start(group), m.end(group))
    return find


def _iban_spans(text: str) -> Iterator[_Span]:
    for m in _IBAN.finditer(text):
        value = m.group(0)
        # a trailing word may have been swallowed by the optional groups: shrink until it validates
        while value:
            if _iban.is_valid(_compact(value)):
                yield _Span("IBAN", m.start(), m.start() + len(value))
                break
            cut = value.rfind(" ")
            if cut <= 4:
                break
            value = value[:cut]


def _card_valid(value: str) -> bool:
    digits = _compact(value)
    return 13 <= len(digits) <= 19 and _luhn.is_valid(digits)


def _card_spans(text: str) -> Iterator[_Span]:
    for m in _CARD.finditer(text):
        if _card_valid(m.group(0)) and not re.search(r"[A-Z]{2}\d{2}[ ]?$", text[max(0, m.start() - 6):m.start()]):
            yield _Span("CARD", m.start(), m.end())


def _vat_spans(text: str) -> Iterator[_Span]:
    for m in _VAT.finditer(text):
        value = m.group(0)
        while len(_compact(value)) >= 10:
            if _eu_vat.is_valid(_compact(value)):
                yield _Span("VAT_ID", m.start(), m.start() + len(value))
                break
            value = value[:-1].rstrip()


def _eleven_digit_ids(text: str) -> Iterator[_Span]:
    for m in _ELEVEN_DIGITS.finditer(text):
        digits = _compact(m.group(0))
        if " " not in m.group(0) and _lt_asmens.is_valid(digits):
            yield _Span("LT_PERSONAL_CODE", m.start(), m.end())
        elif _de_idnr.is_valid(digits):
            yield _Span("DE_TAX_ID", m.start(), m.end())


def _ip_valid(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _phone_shape(raw: str, digits: str, region: str) -> bool:
    """Whether a candidate is written like a phone number rather than a date, amount or parcel number."""
    if re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", raw):
        return False
    if raw.startswith(("+", "(+", "00", "0")):
        return True
    if region == "ES":  # Spanish numbers have no trunk prefix: 9 digits starting 6, 7, 8 or 9
        return len(digits) == 9 and digits[0] in "6789" and bool(re.search(r"\s", raw))
    if region == "LT":  # the old national trunk prefix 8
        return len(digits) == 9 and digits.startswith("86")
    return False


def _phone_spans(text: str) -> Iterator[_Span]:
    seen: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            raw = match.raw_string
            digits = re.sub(r"\D", "", raw)
            if len(digits) < 8 or (match.start, match.end) in seen:
                continue
            before = text[max(0, match.start - 12):match.start].lower()
            if re.search(r"(#w?|\bw|order|bestellung|commande|pedido|užsakym\w*|nr\.?|no\.?|tracking)\s*:?\s*$",
                         before) and not raw.startswith("+"):
                continue
            if not _phone_shape(raw.strip(), digits, region):
                continue
            seen.add((match.start, match.end))
            yield _Span("PHONE", match.start, match.end)


def _name_spans(text: str) -> Iterator[_Span]:
    for m in _NAME_INTRO.finditer(text):
        words = m.group("name").split(" ")
        while words and words[-1] in _NOT_NAMES:
            words.pop()
        if words:
            yield _Span("NAME", m.start("name"), m.start("name") + len(" ".join(words)))
    offset = 0
    lines = text.splitlines(keepends=True)
    after_sign_off = False
    for line in lines:
        stripped = line.strip()
        if after_sign_off and stripped:
            signed = _SIGNATURE_NAME.match(line)
            if signed and not set(signed.group("name").split()) & _NOT_NAMES:
                yield _Span("NAME", offset + signed.start("name"), offset + signed.end("name"))
            after_sign_off = False
        if _SIGN_OFF.match(stripped):
            after_sign_off = True
        elif stripped:
            after_sign_off = False
        offset += len(line)


def _known_spans(text: str, known: Mapping[str, str]) -> Iterator[_Span]:
    name = (known.get("name") or "").strip()
    if name:
        parts = [name] + [p for p in re.split(r"\s+", name) if len(p) >= 3]
        for part in sorted(set(parts), key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(part)}\w{{0,3}}(?!\w)", text, re.IGNORECASE):
                yield _Span("NAME", m.start(), m.end())
    email = (known.get("email") or "").strip()
    if email:
        for m in re.finditer(re.escape(email), text, re.IGNORECASE):
            yield _Span("EMAIL", m.start(), m.end())
    phone = re.sub(r"\D", "", known.get("phone") or "")
    if len(phone) >= 7:
        tail = phone[-8:]
        pattern = r"[\s().-]?".join(re.escape(d) for d in tail)
        for m in re.finditer(rf"(?:\+?\d[\s().-]?){{0,5}}{pattern}(?!\d)", text):
            yield _Span("PHONE", m.start(), m.end())


_DETECTORS: tuple[Callable[[str], Iterator[_Span]], ...] = (
    _regex("EMAIL", _EMAIL),
    _iban_spans,
    _card_spans,
    _vat_spans,
    _eleven_digit_ids,
    _regex("ES_DNI", _DNI, lambda v: _es_dni.is_valid(_compact(v))),
    _regex("ES_NIE", _NIE, lambda v: _es_nie.is_valid(_compact(v))),
    _regex("FR_NIR", _NIR, lambda v: _fr_nir.is_valid(_compact(v))),
    _regex("IP_ADDRESS", _IPV4, _ip_valid),
    _regex("IP_ADDRESS", _IPV6, _ip_valid),
    _phone_spans,
    _regex("ADDRESS", _ADDRESS),
    _name_spans,
)


def find_pii(text: str, known: Mapping[str, str] | None = None) -> list[tuple[str, int, int]]:
    """Non-overlapping (type, start, end) spans of personal data in text, in order."""
    candidates: list[_Span] = []
    for detector in _DETECTORS:
        candidates.extend(detector(text))
    if known:
        candidates.extend(_known_spans(text, known))
    candidates.sort(key=lambda s: (-(s.end - s.start), -_PRIORITY.get(s.type, 0), s.start))
    taken: list[_Span] = []
    for span in candidates:
        if all(span.end <= t.start or span.start >= t.end for t in taken):
            taken.append(span)
    return [(s.type, s.start, s.end) for s in sorted(taken, key=lambda s: s.start)]


def _normalise(kind: str, value: str) -> str:
    if kind in ("NAME", "ADDRESS", "EMAIL"):
        return value.casefold()
    return re.sub(r"[^0-9A-Za-z]", "", value).upper()


def redact(text: str, known: Mapping[str, str] | None = None) -> Redaction:
    """Replace personal data with placeholders like `<EMAIL_1>`; the same value gets the same placeholder."""
    spans = find_pii(text, known)
    counters: dict[str, int] = {}
    by_value: dict[tuple[str, str], str] = {}
    mapping: dict[str, str] = {}
    entities: list[PiiEntity] = []
    out: list[str] = []
    cursor = 0
    for kind, start, end in spans:
        value = text[start:end]
        key = (kind, _normalise(kind, value))
        placeholder = by_value.get(key)
        if placeholder is None:
            counters[kind] = counters.get(kind, 0) + 1
            placeholder = f"<{kind}_{counters[kind]}>"
            by_value[key] = placeholder
            mapping[placeholder] = value
        entities.append(PiiEntity(kind, start, end, placeholder))
        out.append(text[cursor:start])
        out.append(placeholder)
        cursor = end
    out.append(text[cursor:])
    return Redaction("".join(out), entities, mapping)


def restore(text: str, mapping: Mapping[str, str]) -> str:
    """Put the original values back into a redacted text (inside the trust boundary only)."""
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(p) for p in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)
