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

_LATIN = [chr(c) for c in range(0xC0, 0x250)]
_UPPER = "A-Z" + "".join(c for c in _LATIN if c.isupper())
_LOWER = "a-z" + "".join(c for c in _LATIN if c.islower())
# O'Brien, McCarthy, Marie-Claire, Yılmaz, Kazlauskienė
_NAME_WORD = rf"(?:Mc|Mac|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}][{_LOWER}]+)*"
_NAME = rf"{_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,3}}"
# street names in patterns that end with a house number may be written in lower case
_LOOSE_WORD = rf"[{_UPPER}{_LOWER}][{_LOWER}]+(?:[-'’][{_UPPER}{_LOWER}][{_LOWER}]+)*"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,3})?(?![\w])")
_CARD = re.compile(r"(?<![\w#/.-])(?:[2-6]\d{3}(?:[ -]\d{4}){3}(?:[ -]?\d{3})?|3[0-9]\d{2}[ -]\d{6}[ -]\d{4,5}|"
                   r"[2-6]\d{12,18})(?![\w-])")
_IBAN_HEAD = re.compile(r"(?i)\b[a-z]{2}\d{2}(?:[ -]?[a-z0-9]{4})*[ -]?$")  # a card-like run inside an IBAN
_VAT_COUNTRIES = "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI"
_VAT = re.compile(rf"(?<![\w.-])(?i:{_VAT_COUNTRIES})[ -]?[0-9A-Za-z](?:[ .-]?[0-9A-Za-z]){{7,13}}(?!\w)")
_VAT_CUE = re.compile(r"(?i)(?:vat|tva|iva|ust|uid|pvm|nif|btw|moms|mwst|umsatzsteuer)")
_ELEVEN_DIGITS = re.compile(r"(?<![\w#/.-])\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}(?![\w/-])")
_DNI = re.compile(r"(?<![\w.-])(?:\d{8}|\d{2}\.\d{3}\.\d{3})[ -]?[A-Za-z](?!\w)")
_NIE = re.compile(r"(?<![\w.-])[XYZxyz][ -]?\d{7}[ -]?[A-Za-z](?!\w)")
_ID_CUE = re.compile(r"(?i)(?:dni|nie|nif|documento|identidad|pasaporte)\W*$")
_NIR = re.compile(r"(?<!\w)[12][ ]?\d{2}[ ]?(?:0[1-9]|1[0-2]|[2-9]\d)[ ]?(?:\d{2}|2[ABab])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}"
                  r"(?!\w)")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{3,39}(?![\w:])")
_IP_CUE = re.compile(r"(?i)\b(?:ip|ipv4|ipv6|adresse ip|dirección ip)\b")
_VERSION_BEFORE = re.compile(
    r"(?i)(?:version|versión|versiją|versija|vers\.|firmware|build|update|mise à jour|actualización|"
    r"atnaujinim\w*|app|application|aplicación|programėl\w*|įrang\w*|software|ios|android|v)\W{0,3}$")
# Words right before a number that make it an order, parcel, invoice or company number, not personal data.
_REFERENCE_BEFORE = re.compile(
    r"(?i)(?:#|\b(?:orders?|bestell\w*|auftrag\w*|commandes?|pedidos?|užsakym\w*|tracking|sendung\w*|paket\w*|"
    r"parcel|colis|suivi|envío|envio|seguimiento|siunt\w*|invoice|rechnung\w*|factures?|facturas?|sąskait\w*|"
    r"ticket|case|incidencia|užklaus\w*|siren|siret|cif|ean|gtin|sku|art|ref|imei|serial|serien\w*|kunden\w*|"
    r"customer|hrb|įmonės kodas|į\. ?k\.|verwendungszweck|referenz\w*|reference|référence|referencia|concepto|"
    r"mokėjimo kodas|paskirt\w*)\b)\W*(?:(?:nr|no|n°|nº|number|nummer|numéro|número|numeris|id)\b\W*)?"
    r"(?:(?:is|ist|est|es|yra|lautet|was|war|era|c'est|le|el|la|der|die|das)\W+){0,2}$")
_PHONE_CUE = re.compile(
    r"(?i)\b(?:tel|phone|mobile?|mob|cell|call|ring|reach|handy|telefon|festnetz|rückruf|anruf\w*|erreich\w*|"
    r"tél|portable|fixe|appel\w*|joindre|teléfono|telefono|tlf|móvil|movil|fijo|llam\w*|contact\w*|skambin\w*|"
    r"mobil\w*|numer\w*|number|nummer|numéro|número)\b")
_DATE_IN = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)|\d{4}[./-]\d{1,2}[./-]\d{1,2}")
_FR_PAIRS = re.compile(r"0[1-9](?:([ .-])\d\d)(?:\1\d\d){3}")
_ADDRESS = re.compile(
    "|".join([
        # 12 Baker Street / 221B Main Road / 40A Elm Grove
        rf"\b\d{{1,4}}[A-Za-z]?,?[ ](?:{_NAME_WORD}[ ]){{1,3}}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|"
        rf"Close|Way|Place|Square|Court|Gardens|Terrace|Crescent|Grove|Mews|Row|Hill|Park|Walk|Parade|Rise|Green)\b",
        # Hauptstraße 5 / Friedrich-Ebert-Straße 59b / Münchner Ring 8 / Lindenweg 12a (German)
        rf"(?<![\w-])(?:[{_UPPER}][{_LOWER}]+er[ ]|(?:Alte|Neue|Große|Kleine|Lange|Hohe)[ ])?"
        rf"(?:[{_UPPER}{_LOWER}][\w-]*?)?(?i:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|"
        rf"pfad)[ ]?\d{{1,4}}[a-zA-Z]?\b",
        # Am Markt 3 / An der Kirche 2 / Zum Sportplatz 110 / Auf dem Berg 7
        rf"\b(?:Am|An der|An den|Im|In der|In den|Zum|Zur|Auf dem|Auf der|Unter den|Hinter der|Vor dem)[ ]"
        rf"(?!(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Wochenende|Anfang|Ende)\b)"
        rf"[{_UPPER}][\w-]+[ ]\d{{1,4}}[a-zA-Z]?\b",
        # 12 rue de la Paix / 3 bis avenue Victor Hugo / 85 bis, place du Général de Gaulle (French)
        rf"\b\d{{1,4}}(?:[ ]?(?:bis|ter))?,?[ ](?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|"
        rf"route|cours|square|résidence)[ ](?:(?:de la|de l['’]|d['’]|du|des|de|la|le|les|l['’]|aux|au)[ ]?|"
        rf"{_NAME_WORD}[ ])*{_NAME_WORD}",
        # Calle Mayor 12 / C/ Alcalá, 45 / Avda. de la Constitución, n.º 3 (Spanish)
        rf"(?:\b(?i:calle|avenida|avda\.|av\.|plaza|pza\.|paseo|camino|carrer|ronda|travesía|glorieta|ctra\.)|"
        rf"(?<!\w)[Cc]/)[ ]?(?:(?:de|del|la|las|los|el)[ ])*(?:{_LOOSE_WORD}[ ]){{0,3}}{_LOOSE_WORD},?[ ]"
        rf"(?:n\.?º[ ]?|núm\.[ ]?)?\d{{1,4}}\b",
        # Gedimino pr. 9 / Vilniaus g. 12-4 / J. Basanavičiaus g. 15 / Liepų gatvė 77A (Lithuanian)
        rf"\b(?:[{_UPPER}{_LOWER}]\.[ ]|[{_UPPER}][{_LOWER}]+[ ])?{_LOOSE_WORD}[ ](?:g\.|gatvė|pr\.|prospektas|"
        rf"al\.|alėja|skg\.|skersgatvis|pl\.|plentas|a\.|aikštė|kel\.)[ ]?\d{{1,4}}[A-Za-z]?(?:[-–]\d{{1,4}})?\b",
    ]))
_NAME_CUES = (
    # introductions
    r"my name is|my name's|mein name ist|ich heiße|ich heisse|je m'appelle|je m’appelle|mon nom est|me llamo|"
    r"mi nombre es|mano vardas(?: yra)?|vadinuosi|hier schreibt|les escribe|le escribe|"
    r"in the name of|under the name(?: of)?|auf den namen(?: von)?|im namen von|au nom de|a nombre de|"
    r"mis datos(?: son)?:|meine daten:|mes coordonnées :?|my details:|mano duomenys:|"
    # people mentioned by their relation or role
    r"(?:my|our) (?:neighbour|neighbor|mother|father|mum|mom|dad|wife|husband|son|daughter|colleague|partner)|"
    r"account holder|holder|recipient|kontoinhaber(?:in)?|empfänger(?:in)?|(?:meine[mr]?|unsere[mr]?) "
    r"(?:nachbar(?:in)?|mutter|vater|frau|mann|sohn|tochter|kollegin|kollege)|titulaire|destinataire|"
    r"(?:ma|mon) (?:voisine?|mère|père|femme|mari|fils|fille|collègue)|titular|destinatari[oa]|"
    r"mi (?:vecin[oa]|madre|padre|mujer|marido|hij[oa]|compañer[oa])|gavėja[s]?|vardas,? pavardė|"
    r"kaimyn(?:ei|ui|ė|as)|(?:ji|jis|jos vardas|jo vardas)[ ]?[–-]"
)
_NAME_INTRO = re.compile(rf"(?i:\b(?:{_NAME_CUES}))[ ]?[,:–-]?[ ]+(?P<name>{_NAME})")
# weaker cues ("I'm …", "Soy …", "Čia …") only count when the name ends the clause
# ("This is Unacceptable!"): a first name alone only after the cues that rarely precede anything else
_NAME_SHORT_INTRO = re.compile(
    rf"(?:(?i:\b(?:i am|i'm|i’m|this is|ich bin|hier ist|je suis|esu|aš esu))[ ]+"
    rf"(?P<full>{_NAME_WORD}(?:[ ]{_NAME_WORD}){{1,3}})|(?i:\b(?:c'est|c’est|ici|soy|čia))[ ]+(?P<first>{_NAME}))"
    rf"(?=[ ]*(?:[,.!;:\n]|$)|[ ](?:and|und|et|y|ir)\b)")
_NAME_HERE = re.compile(rf"(?:^|(?<=[.!?,:][ ])|(?<=\n))(?P<name>{_NAME})[ ](?:here|hier)\b")
_GREETING_NAME = re.compile(
    rf"\A\s*(?i:hi|hello|hey|dear|hallo|liebe[rs]?|sehr geehrte[rs]?|guten tag|moin|bonjour|bonsoir|salut|"
    rf"cher|chère|hola|estimad[oa]|buenos días|buenas|sveiki|labas|laba diena|gerbiam\w+)[ ,]+"
    rf"(?:(?:Frau|Herr|Mme|Mr|Mrs|Ms|Dr|M|Sr|Sra|Madame|Monsieur|Ponia|Pone)\.?[ ])?(?P<name>{_NAME})[ ]*"
    rf"(?:,|[:!]?[ ]*$)", re.MULTILINE)
_FIELD_NAME = re.compile(rf"^[ \t]*(?i:name|full name|customer name|nom|nom complet|nombre|nombre completo|"
                         rf"vardas|vardas,? pavardė)[ ]?:[ ]*(?P<name>{_NAME})[ ]*$", re.MULTILINE)
_SIGN_OFF_WORDS = (
    r"best regards|kind regards|warm regards|regards|best wishes|all the best|yours faithfully|"
    r"yours sincerely|yours|best|thanks|thank you|many thanks|thanks again|cheers|sincerely|"
    r"mit freundlichen grüßen|mit freundlichen gruessen|freundliche grüße|viele grüße|liebe grüße|beste grüße|"
    r"schöne grüße|herzliche grüße|lg|mfg|vg|gruß|grüße|danke|vielen dank|cordialement|bien cordialement|"
    r"bien à vous|merci|merci d'avance|merci beaucoup|salutations|sincères salutations|bonne journée|bises|"
    r"saludos|un saludo|saludos cordiales|atentamente|gracias|muchas gracias|un abrazo|quedo atent[oa]|"
    r"pagarbiai|su pagarba|ačiū|dėkoju|linkėjimai|geros dienos|gražios dienos|iš anksto ačiū|"
    r"iš anksto dėkoju|laukiu atsakymo")
_SIGN_OFF = re.compile(rf"^\s*(?:{_SIGN_OFF_WORDS})[ ,.!]*$", re.IGNORECASE)
# "… Merci, Claire Dubois" closing a one-paragraph message
_SIGN_OFF_AT_END = re.compile(rf"(?i:\b(?:{_SIGN_OFF_WORDS}))[ ]*[,.!]?[ ]+(?P<name>{_NAME})[ ]*[.!]?\s*\Z")
_SIGN_OFF_SAME_LINE = re.compile(rf"^(?P<signoff>[^\n,]{{2,30}}),[ ]*(?P<name>{_NAME})[ ]*$")
_SIGNATURE_NAME = re.compile(rf"^\s*(?:(?:Dr|Prof|Ing|Mr|Mrs|Ms|Mme|M|Sr|Sra|Dipl\.-Ing)\.?[ ])?(?P<name>{_NAME})\s*$")
# Capitalised words that follow greetings, sign-offs and name cues but are not names.
_NOT_NAMES = {w.casefold() for w in (
    "Thanks", "Thank", "Regards", "Danke", "Merci", "Gracias", "Ačiū", "Customer", "Kunde", "Kundin", "Client",
    "Cliente", "Klientas", "Support", "Team", "Lumio", "Sent", "Best", "Service", "Kundenservice", "Madame",
    "Monsieur", "Damen", "Herren", "Sir", "Madam", "All", "Everyone", "There", "Equipo", "Komanda", "Urgent",
    "Here", "Hier", "Ici", "Not", "Very", "Sorry", "Happy", "Still", "Also", "Writing", "Again", "Just",
    "Mutter", "Nachbarin", "Gerbiamieji", "Amazon", "Apple", "Google", "Samsung", "iPhone", "Android", "Windows",
    "Von", "Envoyé", "Enviado", "Išsiųsta", "Monday", "Friday", "Today", "Tomorrow", "Grüße", "Gruß", "Grüßen",
    "Cordialement", "Salutations", "Pagarbiai", "Saludos", "Atentamente", "Regards", "Cheers", "Sincerely",
    "Guys", "Folks", "Appreciated", "Much", "So")}


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
    return re.sub(r"[\s.-]", "", value).upper()


def _before(text: str, start: int, width: int = 30) -> str:
    return text[max(0, start - width):start]


def _regex(kind: str, pattern: re.Pattern[str], valid: Callable[[str], bool] | None = None,
           group: str | int = 0) -> Callable[[str], Iterator[_Span]]:
    def find(text: str) -> Iterator[_Span]:
        for m in pattern.finditer(text):
            value = m.group(group)
            if value and (valid is None or valid(value)):
                yield _Span(kind, m.start(group), m.end(group))
    return find


def _scan(pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], int | None]) -> Iterator[_Span]:
    """Matches of pattern, retried one character later when accept() rejects one (candidates may overlap)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        end = accept(m)
        if end is None:
            pos = m.start() + 1
        else:
            yield _Span("", m.start(), end)
            pos = end


def _shrink(text: str, start: int, value: str, valid: Callable[[str], bool]) -> int | None:
    """End of the longest prefix of value, cut at a separator, that is valid (None when none is)."""
    while value:
        if valid(_compact(value)):
            return start + len(value)
        cut = max(value.rfind(" "), value.rfind("-"), value.rfind("."))
        if cut <= 4:
            return None
        value = value[:cut]
    return None


def _iban_spans(text: str) -> Iterator[_Span]:
    for span in _scan(_IBAN, text, lambda m: _shrink(text, m.start(), m.group(0), _iban.is_valid)):
        yield _Span("IBAN", span.start, span.end)


def _card_valid(digits: str) -> bool:
    """Luhn plus the issuer prefixes that go with each length (15 digits is Amex only, 16 Visa/MC/…)."""
    n = len(digits)
    prefix = int(digits[:6]) if n >= 6 else 0
    if not _luhn.is_valid(digits):
        return False
    if n == 15:
        return digits[:2] in ("34", "37")
    if n == 14:
        return digits[:2] in ("36", "38") or 300000 <= prefix < 306000
    if n in (16, 19):
        return digits[0] == "4" or 510000 <= prefix < 560000 or 222100 <= prefix < 272100 or \
            digits.startswith(("6011", "62", "64", "65", "50", "56", "57", "58", "67")) or 352800 <= prefix < 359000
    return n == 13 and digits[0] == "4"


def _card_spans(text: str) -> Iterator[_Span]:
    for m in _CARD.finditer(text):
        if not _card_valid(_compact(m.group(0))):
            continue
        before = _before(text, m.start(), 40)
        if _REFERENCE_BEFORE.search(before) or _IBAN_HEAD.search(before):
            continue
        yield _Span("CARD", m.start(), m.end())


def _vat_end(text: str, m: re.Match[str]) -> int | None:
    value = m.group(0)
    if not value[:2].isupper() and not value[2].isalnum():
        # "de 123…", "es X-123…": a lower-case word before a number; only with a VAT label near, and not when the
        # number is a national id on its own ("mi NIE es Z-9013122-W")
        body = _compact(value[3:])
        national = _es_dni.is_valid(body) or _es_nie.is_valid(body)
        if not _VAT_CUE.search(_before(text, m.start(), 12 if national else 40)):
            return None
    end = _shrink(text, m.start(), value, _eu_vat.is_valid)
    return end if end is not None and end - m.start() >= 10 else None


def _vat_spans(text: str) -> Iterator[_Span]:
    for span in _scan(_VAT, text, lambda m: _vat_end(text, m)):
        yield _Span("VAT_ID", span.start, span.end)


def _eleven_digit_ids(text: str) -> Iterator[_Span]:
    for m in _ELEVEN_DIGITS.finditer(text):
        digits = _compact(m.group(0))
        before = _before(text, m.start(), 40).lower()
        if _REFERENCE_BEFORE.search(before):
            continue
        # codes starting with 9 skip the birth-date check: only with a label
        lt = " " not in m.group(0) and _lt_asmens.is_valid(digits) and (
            digits[0] != "9" or bool(re.search(r"asmens|a\. ?k\.", before)))
        de = _de_idnr.is_valid(digits)
        if lt and de:  # valid as both: let the label decide, else the unspaced Lithuanian form
            de = bool(re.search(r"steuer|idnr|identifikation", before)) and not re.search(r"asmens|a\. ?k\.", before)
            lt = not de
        if lt:
            yield _Span("LT_PERSONAL_CODE", m.start(), m.end())
        elif de:
            yield _Span("DE_TAX_ID", m.start(), m.end())


def _spanish_id(kind: str, pattern: re.Pattern[str], valid: Callable[[str], bool]) -> Callable[[str], Iterator[_Span]]:
    def find(text: str) -> Iterator[_Span]:
        for m in pattern.finditer(text):
            value = m.group(0)
            if not valid(_compact(value)):
                continue
            if value[-1].islower() and value[-2] == " " and not _ID_CUE.search(_before(text, m.start())):
                continue  # "12345678 a las…": a number followed by a word
            yield _Span(kind, m.start(), m.end())
    return find


def _ip_spans(text: str) -> Iterator[_Span]:
    for pattern in (_IPV4, _IPV6):
        for m in pattern.finditer(text):
            try:
                ipaddress.ip_address(m.group(0))
            except ValueError:
                continue
            before = _before(text, m.start(), 30)
            if pattern is _IPV4 and not _IP_CUE.search(before) and _VERSION_BEFORE.search(before):
                continue  # "firmware 2.10.3.1", "the app (4.5.0.12)"
            yield _Span("IP_ADDRESS", m.start(), m.end())


def _standalone(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    return bool(re.fullmatch(r"[^\d\n]{0,15}", line.replace(text[start:end], "")))


def _phone_shape(text: str, start: int, raw: str, digits: str, region: str) -> bool:
    """Whether a valid-number candidate is written like a phone number, not a date, amount or reference."""
    if _FR_PAIRS.fullmatch(raw):  # 06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78
        return True
    if _DATE_IN.search(raw) or ":" in raw or ("." in raw and re.search(r"[ /-]", raw)):
        return False  # dates, times and mixed separators ("07-18 16.40")
    if raw.startswith(("+", "(+", "00")):
        return True
    if raw.startswith(("0", "(0")):
        return len(digits) <= 12  # longer national-looking numbers are parcel or reference numbers
    if region == "LT" and raw.startswith(("8", "(8")):  # the old national trunk prefix
        return len(digits) == 9
    if region == "ES" and len(digits) == 9 and digits[0] in "6789":  # no trunk prefix in Spain
        return bool(re.search(r"\s", raw)) or bool(_PHONE_CUE.search(_before(text, start, 30))) or \
            _standalone(text, start, start + len(raw))
    return False


def _phone_spans(text: str) -> Iterator[_Span]:
    seen: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            raw = match.raw_string
            digits = re.sub(r"\D", "", raw)
            if len(digits) < 8 or (match.start, match.end) in seen:
                continue
            if not raw.startswith(("+", "(+")) and _REFERENCE_BEFORE.search(_before(text, match.start, 25)):
                continue
            if not _phone_shape(text, match.start, raw.strip(), digits, region):
                continue
            seen.add((match.start, match.end))
            yield _Span("PHONE", match.start, match.end)


def _is_name(name: str) -> bool:
    parts = re.split(r"[ -]", name)
    return bool(parts) and not any(p.casefold() in _NOT_NAMES for p in parts)


def _trim_name(name: str) -> str:
    words = name.split(" ")
    while words and not _is_name(words[-1]):
        words.pop()
    return " ".join(words) if words and _is_name(words[0]) else ""


def _name_spans(text: str) -> Iterator[_Span]:
    for pattern in (_NAME_INTRO, _NAME_SHORT_INTRO, _NAME_HERE, _GREETING_NAME, _FIELD_NAME, _SIGN_OFF_AT_END):
        for m in pattern.finditer(text):
            if pattern is _SIGN_OFF_AT_END and _SIGN_OFF.match(m.group(0).strip()):
                continue  # "Merci Beaucoup", "Thanks Again": the capitalised word belongs to the sign-off
            group = "name" if "name" in pattern.groupindex else "full" if m.group("full") else "first"
            name = _trim_name(m.group(group))
            if name:
                yield _Span("NAME", m.start(group), m.start(group) + len(name))
    yield from _signature_names(text)


def _signature_names(text: str) -> Iterator[_Span]:
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    content = [i for i, line in enumerate(lines) if line.strip()]
    tail = set(content[-4:])
    previous: str | None = None
    for i in content:
        line = lines[i].rstrip("\r\n")
        stripped = line.strip()
        signed_off = previous is not None and (_SIGN_OFF.match(previous) is not None or (
            i in tail and len(previous) <= 30 and previous.endswith(",") and len(previous.split()) <= 4))
        signed = None if _SIGN_OFF.match(stripped) else _SIGNATURE_NAME.match(line)
        if signed_off and signed and _is_name(signed.group("name")):
            yield _Span("NAME", offsets[i] + signed.start("name"), offsets[i] + signed.end("name"))
        same = _SIGN_OFF_SAME_LINE.match(stripped)
        if same and _SIGN_OFF.match(same.group("signoff")) and _is_name(same.group("name")):
            start = offsets[i] + line.index(stripped) + same.start("name")
            yield _Span("NAME", start, start + len(same.group("name")))
        previous = stripped


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
    _spanish_id("ES_DNI", _DNI, _es_dni.is_valid),
    _spanish_id("ES_NIE", _NIE, _es_nie.is_valid),
    _regex("FR_NIR", _NIR, lambda v: _fr_nir.is_valid(_compact(v))),
    _ip_spans,
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
