"""Seeded generator of multilingual support messages with gold PII spans and non-PII look-alikes (PII benchmark).

Messages are written per locale (en for GB/IE customers, de, fr, es, lt) from a greeting, an optional introduction,
one to three topics (refund to a bank account, card problems, invoices with VAT ids, national ids, delivery,
account access, contact details, products), a closing line and a signature block. Identifiers carry check digits
computed here (IBAN mod 97 with national RIB/CCC keys, Luhn cards, EU VAT ids, LT asmens kodas, ES DNI/NIE,
FR NIR, DE IdNr) and are written the ways customers write them; phone numbers are checked with phonenumbers.
Every gold span (`CorpusMessage.gold`) is personal data; every `lookalikes` span is a token that must stay:
order, parcel and tracking numbers, amounts, dates, times, versions, product and EAN codes, postcodes alone,
payment references, company registration numbers and IBAN/card numbers with a wrong checksum.
Message i of a seed does not depend on how many messages are generated, so any prefix is a stable slice.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import phonenumbers

LOCALES = ("en", "de", "fr", "es", "lt")
NAME_TYPES = ("NAME", "ADDRESS")


@dataclass(frozen=True)
class Span:
    """A typed character span: a PII type for gold spans, a look-alike kind for non-PII tokens."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class CorpusMessage:
    """One generated customer message with its gold PII spans, non-PII look-alikes and known record fields."""

    id: str
    locale: str
    text: str
    gold: tuple[Span, ...]
    lookalikes: tuple[Span, ...]
    known: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------------------
# check digits (computed here; the tests validate every generated value with python-stdnum)

def luhn_digit(body: str) -> str:
    """Luhn check digit to append to body."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str(-total % 10)


def _mod97_iban(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def _mod11_10(body: str) -> str:
    check = 5
    for ch in body:
        check = (((check or 10) * 2) % 11 + int(ch)) % 10
    return str((1 - ((check or 10) * 2) % 11) % 10)


def _ee_ik_digit(body: str) -> str:
    check = sum((1 + i % 9) * int(n) for i, n in enumerate(body)) % 11
    if check == 10:
        check = sum((1 + (i + 2) % 9) * int(n) for i, n in enumerate(body)) % 11
    return str(check % 10)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(n))


def _es_ccc_digit(part: str) -> str:
    check = sum(int(n) * 2 ** i for i, n in enumerate(part)) % 11
    return str(check if check < 2 else 11 - check)


def _fr_rib_key(bank: str, branch: str, account: str) -> str:
    conv = "".join(str(int(c)) if c.isdigit() else str((ord(c) - 64 - 1) % 9 + 1) for c in account)
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(conv)) % 97:02d}"


def make_iban(rng: random.Random, country: str) -> str:
    """A valid IBAN (compact) for one of LT, DE, FR, ES, GB, IE, NL, AT, BE."""
    if country == "LT":
        bban = rng.choice(["73000", "70440", "40100", "21400", "32500"]) + _digits(rng, 11)
    elif country == "DE":
        bban = rng.choice(["37040044", "10010010", "50010517", "70150000", "20041133"]) + _digits(rng, 10)
    elif country == "FR":
        bank, branch, account = rng.choice(["30006", "30004", "20041", "10278"]), _digits(rng, 5), _digits(rng, 11)
        bban = bank + branch + account + _fr_rib_key(bank, branch, account)
    elif country == "ES":
        bank, branch, account = rng.choice(["2100", "0049", "0182", "2038"]), _digits(rng, 4), _digits(rng, 10)
        bban = bank + branch + _es_ccc_digit("00" + bank + branch) + _es_ccc_digit(account) + account
    elif country in ("GB", "IE"):
        bank = rng.choice(["NWBK", "BARC", "HBUK", "LOYD"] if country == "GB" else ["AIBK", "BOFI", "IPBS"])
        bban = bank + _digits(rng, 14)
    elif country == "NL":
        bban = rng.choice(["ABNA", "INGB", "RABO"]) + _digits(rng, 10)
    elif country == "AT":
        bban = rng.choice(["12000", "20111", "32000"]) + _digits(rng, 11)
    elif country == "BE":
        body = rng.choice(["001", "068", "310", "363", "734"]) + _digits(rng, 7)
        bban = body + f"{int(body) % 97 or 97:02d}"
    else:
        raise ValueError(country)
    return country + _mod97_iban(country, bban) + bban


def make_card(rng: random.Random) -> str:
    """A Luhn-valid Visa, Mastercard or Amex number (compact)."""
    brand = rng.choices(["visa", "mc", "mc2", "amex"], weights=[5, 3, 1, 1])[0]
    if brand == "visa":
        body = "4" + _digits(rng, 14)
    elif brand == "mc":
        body = str(rng.randint(51, 55)) + _digits(rng, 13)
    elif brand == "mc2":
        body = str(rng.randint(2221, 2720)) + _digits(rng, 11)
    else:
        body = rng.choice(["34", "37"]) + _digits(rng, 12)
    return body + luhn_digit(body)


def make_vat(rng: random.Random, country: str) -> str:
    """A valid EU VAT number (compact, with country prefix) for LT, DE, AT, FR, BE, ES, IE, NL, PL."""
    if country == "DE":
        body = str(rng.randint(1, 9)) + _digits(rng, 7)
        return "DE" + body + _mod11_10(body)
    if country == "AT":
        body = _digits(rng, 7)
        luhn = int(luhn_digit(body + "0"))  # luhn checksum of body as stdnum computes it
        checksum = (10 - luhn) % 10
        return "ATU" + body + str((6 - checksum) % 10)
    if country == "FR":
        body = str(rng.randint(3, 9)) + _digits(rng, 7)
        siren = body + luhn_digit(body)
        return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
    if country == "BE":
        body = rng.choice("01") + str(rng.randint(2, 9)) + _digits(rng, 6)
        return f"BE{body}{97 - int(body) % 97:02d}"
    if country == "ES":
        if rng.random() < 0.6:
            body = _digits(rng, 7)
            return "ES" + rng.choice("AB") + body + luhn_digit(body)
        return "ES" + make_dni(rng)
    if country == "IE":
        body = _digits(rng, 7)
        return "IE" + body + "WABCDEFGHIJKLMNOPQRSTUV"[sum((8 - i) * int(n) for i, n in enumerate(body)) % 23]
    if country == "NL":
        while True:
            body = str(rng.randint(1, 9)) + _digits(rng, 7)
            last = sum((9 - i) * int(n) for i, n in enumerate(body)) % 11
            if last < 10:
                return f"NL{body}{last}B0{rng.randint(1, 9)}"
    if country == "PL":
        while True:
            body = str(rng.randint(1, 9)) + _digits(rng, 8)
            check = sum(w * int(n) for w, n in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), body, strict=True)) % 11
            if check < 10:
                return "PL" + body + str(check)
    if country == "LT":
        body = _digits(rng, 7 if rng.random() < 0.7 else 10) + "1"  # legal entities, or natural persons
        return "LT" + body + _lt_vat_digit(body)
    raise ValueError(country)


def _lt_vat_digit(body: str) -> str:
    check = sum((1 + i % 9) * int(n) for i, n in enumerate(body)) % 11
    if check == 10:
        check = sum((1 + (i + 2) % 9) * int(n) for i, n in enumerate(body))
    return str(check % 11 % 10)


def make_lt_personal_code(rng: random.Random) -> str:
    """A valid Lithuanian asmens kodas: gender/century digit, birth date, serial, check digit."""
    year = rng.randint(1942, 2007)
    female = rng.random() < 0.5
    first = (3 if year < 2000 else 5) + int(female)
    body = f"{first}{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{_digits(rng, 3)}"
    return body + _ee_ik_digit(body)


def make_dni(rng: random.Random) -> str:
    """A valid Spanish DNI: 8 digits and the mod-23 letter."""
    number = rng.randint(1_000_000, 79_999_999)
    return f"{number:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def make_nie(rng: random.Random) -> str:
    """A valid Spanish NIE: X/Y/Z, 7 digits and the mod-23 letter."""
    prefix, digits = rng.choice("XYZ"), _digits(rng, 7)
    return prefix + digits + "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(prefix)) + digits) % 23]


def make_fr_nir(rng: random.Random) -> str:
    """A valid French NIR (social security number) with its 2-digit key."""
    dept = rng.choice(["75", "69", "13", "33", "59", "2A", "2B", "44", "31", "67", "06", "92", "93"])
    body = f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{dept}{rng.randint(1, 999):03d}" \
           f"{rng.randint(1, 999):03d}"
    numeric = body[:5] + {"2A": "19", "2B": "18"}.get(dept, dept) + body[7:]
    return body + f"{97 - int(numeric) % 97:02d}"


def make_de_idnr(rng: random.Random) -> str:
    """A valid German tax id (IdNr): one digit repeated 2-3 times in the first ten, ISO 7064 check digit."""
    while True:
        repeated = rng.choice("0123456789")
        times = rng.choice((2, 2, 2, 3))
        others = rng.sample([d for d in "0123456789" if d != repeated], 10 - times)
        body = list(others) + [repeated] * times
        rng.shuffle(body)
        if body[0] != "0":
            text = "".join(body)
            return text + _mod11_10(text)


# ---------------------------------------------------------------------------------------------------------------
# how people write identifiers

def _chunks(value: str, sizes: Sequence[int], sep: str = " ") -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(value[pos:pos + size])
        pos += size
    if pos < len(value):
        out.append(value[pos:])
    return sep.join(p for p in out if p)


def write_iban(rng: random.Random, iban: str) -> str:
    """IBAN as customers write it: grouped by four, compact, occasionally lower case or dashed."""
    style = rng.choices(["groups", "compact", "lower", "dashes"], weights=[55, 35, 5, 5])[0]
    grouped = _chunks(iban, [4] * 9)
    return {"groups": grouped, "compact": iban, "lower": grouped.lower(),
            "dashes": grouped.replace(" ", "-")}[style]


def write_card(rng: random.Random, card: str) -> str:
    """Card number grouped 4-4-4-4 (Amex 4-6-5), with spaces, dashes or none."""
    sep = rng.choices([" ", "", "-"], weights=[55, 30, 15])[0]
    sizes = [4, 6, 5] if len(card) == 15 else [4, 4, 4, 4]
    return _chunks(card, sizes, sep) if sep else card


def write_vat(rng: random.Random, vat: str) -> str:
    """VAT id compact, with a space after the country code, or in the national print format."""
    country, body = vat[:2], vat[2:]
    style = rng.choices(["compact", "space", "national"], weights=[55, 25, 20])[0]
    if style == "compact":
        return vat
    if country == "DE" and style == "national":
        return f"DE {_chunks(body, [3, 3, 3])}"
    if style == "space" or country in ("IE", "PL", "LT"):
        return f"{country} {body}"
    if country == "FR":
        return f"FR {body[:2]} {_chunks(body[2:], [3, 3, 3])}"
    if country == "BE":
        return f"BE {body[:4]}.{body[4:7]}.{body[7:]}"
    if country == "ES":
        return f"ES-{body}"
    if country == "AT":
        return f"ATU {body[1:]}"
    if country == "NL":
        return f"NL {body[:9]} {body[9:]}"
    return vat


def write_lt_code(rng: random.Random, code: str) -> str:
    """Lithuanian personal codes are written as 11 digits without separators."""
    return code


def write_dni(rng: random.Random, dni: str) -> str:
    """DNI compact, with a dash or space before the letter, dotted thousands, rarely a lower-case letter."""
    style = rng.choices(["compact", "dash", "space", "dots", "lower"], weights=[45, 20, 10, 20, 5])[0]
    digits, letter = dni[:8], dni[8]
    return {"compact": dni, "dash": f"{digits}-{letter}", "space": f"{digits} {letter}",
            "dots": f"{digits[:2]}.{digits[2:5]}.{digits[5:]}-{letter}", "lower": digits + letter.lower()}[style]


def write_nie(rng: random.Random, nie: str) -> str:
    """NIE compact or with dashes/spaces between prefix, digits and letter."""
    sep = rng.choices(["", "-", " "], weights=[60, 30, 10])[0]
    return sep.join([nie[0], nie[1:8], nie[8]])


def write_nir(rng: random.Random, nir: str) -> str:
    """NIR in the printed 1 85 05 78 006 084 36 grouping, compact, or with the key apart."""
    style = rng.choices(["groups", "compact", "key"], weights=[55, 30, 15])[0]
    if style == "groups":
        return _chunks(nir, [1, 2, 2, 2, 3, 3, 2])
    if style == "key":
        return f"{nir[:13]} {nir[13:]}"
    return nir


def write_idnr(rng: random.Random, idnr: str) -> str:
    """German tax id compact or in the 2-3-3-3 grouping printed on tax letters."""
    return _chunks(idnr, [2, 3, 3, 3]) if rng.random() < 0.45 else idnr


# phone numbers: national significant number generators and writing styles per country
_PHONE_CC = {"LT": "370", "DE": "49", "FR": "33", "ES": "34", "GB": "44", "IE": "353"}


def _phone_nsn(rng: random.Random, country: str, mobile: bool) -> str:
    if country == "LT":
        return "6" + _digits(rng, 7) if mobile else rng.choice(["5" + _digits(rng, 7), "37" + _digits(rng, 6)])
    if country == "DE":
        if mobile:
            prefix = rng.choice(["151", "152", "157", "160", "162", "170", "171", "172", "173", "175", "176", "177",
                                 "178", "179"])
            return prefix + _digits(rng, 8 if prefix.startswith("15") else rng.choice((7, 8)))
        return rng.choice(["30" + _digits(rng, 8), "89" + _digits(rng, 7), "40" + _digits(rng, 8),
                           "221" + _digits(rng, 7)])
    if country == "FR":
        return rng.choice("67") + _digits(rng, 8) if mobile else rng.choice("12345") + _digits(rng, 8)
    if country == "ES":
        if mobile:
            return "6" + _digits(rng, 8) if rng.random() < 0.8 else "7" + rng.choice("1234") + _digits(rng, 7)
        return rng.choice(["91", "93", "95", "96"]) + _digits(rng, 7)
    if country == "GB":
        return "7" + rng.choice("4578") + _digits(rng, 8) if mobile else rng.choice(["20" + _digits(rng, 8),
                                                                                     "161" + _digits(rng, 7)])
    if country == "IE":
        return "8" + rng.choice("35679") + _digits(rng, 7) if mobile else "1" + _digits(rng, 7)
    raise ValueError(country)


def make_phone(rng: random.Random, country: str, mobile: bool = True) -> str:
    """A national significant number that phonenumbers accepts as valid for the country."""
    while True:
        nsn = _phone_nsn(rng, country, mobile)
        if phonenumbers.is_valid_number(phonenumbers.parse("+" + _PHONE_CC[country] + nsn)):
            return nsn


def write_phone(rng: random.Random, country: str, nsn: str) -> str:
    """A phone number in one of the ways people write it in that country (national and international)."""
    cc = _PHONE_CC[country]
    if country == "LT":
        if nsn.startswith("6"):
            styles = [f"+370 {nsn[:3]} {nsn[3:]}", f"+370{nsn}", f"8{nsn}", f"8 {nsn[:3]} {nsn[3:]}",
                      f"8{nsn[:3]} {nsn[3:]}", f"8-{nsn[:3]}-{nsn[3:]}", f"+370 {nsn[:3]} {nsn[3:5]} {nsn[5:]}",
                      f"+370-{nsn[:3]}-{nsn[3:]}", f"(+370) {nsn[:3]} {nsn[3:]}", f"8 ({nsn[:3]}) {nsn[3:]}"]
        else:
            area = nsn[:1] if nsn.startswith("5") else nsn[:2]
            rest = nsn[len(area):]
            styles = [f"+370 {area} {rest[:3]} {rest[3:]}", f"(8 {area}) {rest[:3]} {rest[3:]}",
                      f"8 {area} {rest}"]
    elif country == "DE":
        area = nsn[:3] if nsn[0] == "1" or nsn.startswith("22") else nsn[:2]
        rest = nsn[len(area):]
        styles = [f"0{area} {rest}", f"0{area}/{rest}", f"0{area}-{rest}", f"+49 {area} {rest}",
                  f"+49 (0){area} {rest}", f"0049 {area} {rest}", f"+49{nsn}", f"0{area} {rest[:4]} {rest[4:]}",
                  f"(0{area}) {rest}", f"+49 {area} {rest[:4]} {rest[4:]}", f"+49-{area}-{rest}",
                  f"0{area} {rest[:3]} {rest[3:6]} {rest[6:]}"]
    elif country == "FR":
        pairs = " ".join(nsn[i:i + 2] for i in range(1, 9, 2))
        styles = [f"0{nsn[0]} {pairs}", f"0{nsn[0]}.{pairs.replace(' ', '.')}", f"0{nsn}",
                  f"+33 {nsn[0]} {pairs}", f"+33 (0){nsn[0]} {pairs}", f"+33{nsn}",
                  f"0{nsn[0]}-{pairs.replace(' ', '-')}"]
    elif country == "ES":
        if nsn[0] in "67":
            styles = [f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}", nsn, f"+34 {nsn[:3]} {nsn[3:6]} {nsn[6:]}",
                      f"+34 {nsn[:3]} {nsn[3:5]} {nsn[5:7]} {nsn[7:]}", f"0034 {nsn}", f"{nsn[:3]} {nsn[3:5]} "
                      f"{nsn[5:7]} {nsn[7:]}", f"(+34) {nsn}",
                      f"+34-{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"]
        else:
            styles = [f"{nsn[:2]} {nsn[2:5]} {nsn[5:7]} {nsn[7:]}", f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}",
                      f"+34 {nsn[:2]} {nsn[2:5]} {nsn[5:7]} {nsn[7:]}", nsn]
    elif country == "GB":
        if nsn.startswith("7"):
            styles = [f"0{nsn[:4]} {nsn[4:]}", f"+44 {nsn[:4]} {nsn[4:]}", f"+44 (0){nsn[:4]} {nsn[4:]}",
                      f"0{nsn}", f"+44{nsn}", f"0{nsn[:4]} {nsn[4:7]} {nsn[7:]}", f"+44 {nsn[:4]} {nsn[4:7]} {nsn[7:]}"]
        elif nsn.startswith("20"):
            styles = [f"020 {nsn[2:6]} {nsn[6:]}", f"+44 20 {nsn[2:6]} {nsn[6:]}", f"(020) {nsn[2:6]} {nsn[6:]}"]
        else:
            styles = [f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}", f"+44 {nsn[:3]} {nsn[3:6]} {nsn[6:]}"]
    else:  # IE
        if nsn.startswith("8"):
            styles = [f"0{nsn[:2]} {nsn[2:5]} {nsn[5:]}", f"0{nsn}", f"+353 {nsn[:2]} {nsn[2:5]} {nsn[5:]}",
                      f"+353 (0){nsn[:2]} {nsn[2:5]} {nsn[5:]}", f"00353 {nsn[:2]} {nsn[2:]}", f"+353{nsn}"]
        else:
            styles = [f"01 {nsn[1:4]} {nsn[4:]}", f"+353 1 {nsn[1:4]} {nsn[4:]}"]
    assert cc
    return rng.choice(styles)


def make_ip(rng: random.Random) -> str:
    """A public IPv4 (mostly) or IPv6 address as shown by routers and login alerts."""
    if rng.random() < 0.75:
        first = rng.choice([31, 46, 62, 78, 81, 83, 88, 91, 95, 109, 141, 176, 185, 193, 212, 213, 217])
        return ".".join(str(x) for x in (first, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)))
    groups = [rng.choice(["2a02", "2001", "2a01", "2003"]), f"{rng.randint(0x100, 0xffff):x}",
              f"{rng.randint(0, 0xffff):x}", f"{rng.randint(0, 0xffff):x}"]
    tail = [f"{rng.randint(0, 0xffff):x}" for _ in range(rng.choice((1, 2, 4)))]
    return ":".join(groups) + ("::" + ":".join(tail) if len(tail) < 4 else ":" + ":".join(tail))


# ---------------------------------------------------------------------------------------------------------------
# non-PII look-alikes

def make_ups(rng: random.Random) -> str:
    """A UPS tracking number 1Z… with its check digit."""
    body = _alnum(rng, 6) + _digits(rng, 2) + _digits(rng, 7)
    values = [int(c) if c.isdigit() else (ord(c) - 63) % 10 for c in body]
    total = sum(values[0::2]) + 2 * sum(values[1::2])
    return "1Z" + body + str(-total % 10)


def make_s10(rng: random.Random, country: str) -> str:
    """A UPU S10 postal tracking code like RR123456785LT (check digit computed)."""
    digits = _digits(rng, 8)
    check = 11 - sum(w * int(d) for w, d in zip((8, 6, 4, 2, 3, 5, 9, 7), digits, strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return rng.choice(["RR", "RL", "CP", "CE", "LX", "EE", "RB"]) + digits + str(check) + country


def make_ean13(rng: random.Random) -> str:
    """An EAN-13 barcode number with its check digit."""
    body = rng.choice(["400", "401", "376", "477", "840", "590", "841", "500", "506"]) + _digits(rng, 9)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str(-total % 10)


def make_siret(rng: random.Random) -> str:
    """A Luhn-valid French SIRET (SIREN + NIC), written 3-3-3-5."""
    siren_body = str(rng.randint(3, 9)) + _digits(rng, 7)
    siren = siren_body + luhn_digit(siren_body)
    nic_body = siren + "000" + _digits(rng, 1)
    siret = nic_body + luhn_digit(nic_body)
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def make_payment_reference(rng: random.Random) -> str:
    """Bank-transfer references: ISO 11649 RF creditor references (mod 97, like an IBAN) or plain digits."""
    if rng.random() < 0.5:
        ref = _digits(rng, rng.randint(8, 14))
        return _chunks("RF" + _mod97_iban("RF", ref) + ref, [4] * 6)
    digits = _digits(rng, rng.choice((10, 11, 12)))
    return _chunks(digits, [4, 4, 4]) if rng.random() < 0.5 else digits


def bad_checksum(rng: random.Random, value: str, valid: Callable[[str], bool]) -> str:
    """Change one digit of value so that its checksum no longer holds."""
    positions = [i for i, c in enumerate(value) if c.isdigit() and i >= 4]
    while True:
        i = rng.choice(positions)
        candidate = value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1:]
        if not valid(candidate):
            return candidate


# ---------------------------------------------------------------------------------------------------------------
# message assembly

Piece = tuple[str, str | None, str | None]  # text, kind, role ("pii", "look" or None)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.gold: list[Span] = []
        self.looks: list[Span] = []

    def add(self, text: str, kind: str | None = None, role: str | None = None) -> None:
        if role == "pii" and kind:
            self.gold.append(Span(kind, self.pos, self.pos + len(text)))
        elif role == "look" and kind:
            self.looks.append(Span(kind, self.pos, self.pos + len(text)))
        self.parts.append(text)
        self.pos += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


_SLOT = re.compile(r"\{(\w+)\}")


def ascii_fold(text: str) -> str:
    """Strip diacritics (for e-mail local parts)."""
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ø", "o"))
    return "".join(c for c in folded if not unicodedata.combining(c))



@dataclass(frozen=True)
class _Locale:
    countries: tuple[str, ...]
    first_m: tuple[str, ...]
    first_f: tuple[str, ...]
    last: tuple[str, ...]  # lt: "male|married|unmarried"
    agents: tuple[str, ...]
    greetings: tuple[str, ...]
    intros: tuple[str, ...]
    topics: dict[str, tuple[str, ...]]
    closings: tuple[str, ...]
    signoffs: tuple[str, ...]
    phone_labels: tuple[str, ...]
    email_labels: tuple[str, ...]
    vat_label: str
    company_reg: tuple[str, ...]
    companies: tuple[str, ...]
    iphone: str
    mail_domains: tuple[str, ...]


_EN = _Locale(
    countries=("GB", "GB", "GB", "IE", "IE"),
    first_m=("Oliver", "James", "Liam", "Conor", "Harry", "Thomas", "Daniel", "Jack", "Seán", "George", "Ciarán",
             "Ryan", "Patrick", "William"),
    first_f=("Emily", "Sophie", "Aoife", "Siobhán", "Charlotte", "Grace", "Niamh", "Chloe", "Hannah", "Lucy",
             "Orla", "Megan", "Sarah", "Ella"),
    last=("Smith", "Jones", "Taylor", "Brown", "Williams", "O'Brien", "Murphy", "Kelly", "Walsh", "McCarthy", "Evans",
          "Wilson", "Davies", "Robinson", "Thompson", "O'Sullivan", "Byrne", "Hughes", "Clarke", "Fitzgerald"),
    agents=("Sarah", "Mark", "Julia", "Tom"),
    greetings=("Hello,", "Hi,", "Hi there,", "Dear Lumio team,", "Good morning,", "Dear Sir or Madam,", "Hello team,",
               "Hey,", ""),
    intros=("My name is {name} and I ordered from you last week.", "This is {name}.",
            "I'm {name}, I have been ordering from you for years.", "{first} here.", "My name is {name}.",
            "I am writing on behalf of my mother, {other_f}."),
    topics={
        "refund": (
            "Please refund the {amount} to my bank account, IBAN {iban}.",
            "I returned order {order} on {date}. Could you send the refund of {amount} to {iban}? The card I paid "
            "with has been cancelled.",
            "My IBAN for the refund is {iban}, account holder {name}.",
            "The refund form rejected {bad_iban} as invalid. My actual IBAN is {iban}.",
            "Bank details for the refund: IBAN {iban}, BIC {bic}.",
            "I paid by bank transfer (reference {payref}), so please send the money back to {iban}.",
            "Refund for {order} please ({amount}). IBAN: {iban}\nThe return parcel was {tracking}.",
        ),
        "card": (
            "I was charged twice for order {order}: {amount} on {date} at {time}, both times on my card {card}.",
            "Please update the card on my subscription to {card}. The old one ending in {masked_card} has expired.",
            "Your checkout says {bad_card} is not a valid card number, is something wrong with the page?",
            "Can you check whether the {amount} was refunded to {card}? My statement from {date} shows nothing.",
            "The payment with card {masked_card} failed three times today at {time}.",
            "New card for the subscription: {card}, expiry {expiry}.",
        ),
        "invoice": (
            "Please reissue invoice {invoice} with our VAT number {vat} and the company name {company}.",
            "Our VAT ID is {vat}; the invoice for order {order} doesn't show it.",
            "For the reverse-charge invoice: {company}, VAT {vat}, {address_full}.",
            "Could you add VAT no. {vat} to invoice {invoice}? The total was {amount}.",
        ),
        "delivery": (
            "Please deliver order {order} to {address_full} instead of my home address.",
            "The courier can call me on {phone}. Parcel {tracking} has been stuck since {date}.",
            "Tracking {tracking} says it was delivered at {time} on {date}, but nothing arrived at {address}.",
            "If I'm not in, please leave it with my neighbour {other} at {address}.",
            "Do you deliver to {postcode}? The website won't accept it.",
            "The parcel number is {parcel} and the estimated delivery was {date}.",
            "The driver left a card saying to call {phone2} to rebook, but nobody answers.",
        ),
        "account": (
            "I can't log in with {email} since the update to version {version}.",
            "Please change the email on my account from {email2} to {email}.",
            "Someone logged into my account from {ip} on {date} at {time}, that wasn't me!",
            "My IP is {ip} if you need it to unblock my access.",
            "The app ({version}) says my account {email} doesn't exist.",
        ),
        "contact": (
            "You can call me on {phone} between {time} and {time}.",
            "Best to reach me at {phone} or {email}.",
            "Please call my mobile {phone}; the landline {phone2} is no longer in use.",
            "My number has changed, it is now {phone}.",
            "Phone: {phone}",
        ),
        "product": (
            "The {product} I received (EAN {ean}) is the wrong size, I ordered {measure}.",
            "Is the {product} compatible with firmware {version}?",
            "I ordered 2 x {product} at {amount} each but was charged {amount}.",
            "Ticket {ticket} has been open since {date}, any news about order {order}?",
            "Your email of {date} at {time} mentions invoice {invoice} for {amount}, but I never ordered {product}.",
        ),
    },
    closings=("Thanks in advance.", "Looking forward to your reply.", "Please let me know as soon as possible.",
              "This is really urgent.", "Thank you for your help."),
    signoffs=("Best regards,", "Kind regards,", "Regards,", "Thanks,", "Many thanks,", "Cheers,", "Best,",
              "Thank you,", "Warm regards,", "Sincerely,", "All the best,", "Yours faithfully,"),
    phone_labels=("", "Tel: ", "Mob: ", "Phone: ", "Mobile: ", "M: "),
    email_labels=("", "Email: ", "E: "),
    vat_label="VAT no. ",
    company_reg=("Company no. {creg}",),
    companies=("Harbour Design Ltd", "Doyle & Sons Ltd", "Brightwater Studio Ltd", "Northfield Joinery Ltd"),
    iphone="Sent from my iPhone",
    mail_domains=("gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com", "eircom.net", "hotmail.co.uk"),
)

_DE = _Locale(
    countries=("DE",),
    first_m=("Lukas", "Jonas", "Leon", "Felix", "Maximilian", "Jürgen", "Björn", "Jörg", "Uwe", "Michael", "Stefan",
             "Tobias", "Matthias", "Sören"),
    first_f=("Anna", "Marie", "Sophie", "Lena", "Katharina", "Sabine", "Petra", "Stefanie", "Jana", "Ursula",
             "Annika", "Julia", "Birgit", "Jülide"),
    last=("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
          "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Zimmermann", "Krüger",
          "Yılmaz", "Kowalski"),
    agents=("Frau Berger", "Herr Vogel", "Lisa", "Jan"),
    greetings=("Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo Lumio-Team,", "Moin,",
               "Liebes Lumio-Team,", "Guten Morgen,", ""),
    intros=("Mein Name ist {name}, ich habe letzte Woche bei Ihnen bestellt.", "Hier schreibt {name}.",
            "Ich bin {name} und bestelle seit Jahren bei Ihnen.", "{first} hier.", "Ich heiße {name}.",
            "Ich schreibe für meine Mutter, {other_f}."),
    topics={
        "refund": (
            "Bitte überweisen Sie die {amount} auf mein Konto, IBAN {iban}.",
            "Ich habe die Bestellung {order} am {date} zurückgeschickt. Bitte erstatten Sie {amount} auf {iban}, "
            "die Karte ist gesperrt.",
            "Meine IBAN für die Erstattung: {iban}, Kontoinhaber {name}.",
            "Das Formular lehnt {bad_iban} als ungültig ab. Meine richtige IBAN lautet {iban}.",
            "Bankverbindung: IBAN {iban}, BIC {bic}.",
            "Ich hatte mit Verwendungszweck {payref} überwiesen, bitte zurück auf {iban}.",
            "Erstattung für {order} bitte ({amount}) an IBAN: {iban}\nDie Rücksendung lief mit Sendungsnummer "
            "{parcel}.",
        ),
        "card": (
            "Mir wurde die Bestellung {order} doppelt abgebucht: {amount} am {date} um {time}, beide Male von meiner "
            "Karte {card}.",
            "Bitte hinterlegen Sie für mein Abo die neue Karte {card}. Die alte mit den Endziffern {masked_card} ist "
            "abgelaufen.",
            "Beim Bezahlen kommt immer die Meldung, {bad_card} sei keine gültige Kartennummer.",
            "Wurden die {amount} schon auf {card} zurückgebucht? Auf meiner Abrechnung vom {date} sehe ich nichts.",
            "Die Zahlung mit der Karte {masked_card} ist heute um {time} dreimal fehlgeschlagen.",
            "Neue Karte für das Abo: {card}, gültig bis {expiry}.",
        ),
        "invoice": (
            "Bitte stellen Sie die Rechnung {invoice} neu aus, mit unserer USt-IdNr. {vat} und der Firma {company}.",
            "Unsere USt-ID lautet {vat}, auf der Rechnung zur Bestellung {order} fehlt sie.",
            "Rechnungsadresse: {company}, {address_full}, USt-IdNr.: {vat}",
            "Können Sie die Umsatzsteuer-ID {vat} noch auf Rechnung {invoice} ergänzen? Betrag {amount}.",
        ),
        "id": (
            "Für die Rechnung brauchen Sie laut Ihrer Mail meine Steuer-ID, sie lautet {natid}.",
            "Meine steuerliche Identifikationsnummer: {natid}",
            "Steuer-IdNr. {natid} – bitte nur für die Rechnung verwenden.",
            "Hier noch meine Steuer-Identifikationsnummer {natid}, wie am Telefon besprochen.",
        ),
        "delivery": (
            "Bitte liefern Sie die Bestellung {order} an {address_full}.",
            "Der Paketbote kann mich unter {phone} erreichen. Die Sendung {tracking} hängt seit dem {date} fest.",
            "Laut Sendungsverfolgung {tracking} wurde das Paket am {date} um {time} zugestellt, aber bei {address} "
            "ist nichts angekommen.",
            "Falls ich nicht da bin, bitte bei meiner Nachbarin {other_f}, {address}, abgeben.",
            "Liefern Sie auch nach {postcode}? Die Postleitzahl wird nicht akzeptiert.",
            "Die Paketnummer ist {parcel}, die Zustellung war für den {date} angekündigt.",
            "Der Fahrer hat einen Zettel hinterlassen, ich soll {phone2} anrufen, aber da geht niemand ran.",
        ),
        "account": (
            "Ich kann mich seit dem Update auf Version {version} nicht mehr mit {email} anmelden.",
            "Bitte ändern Sie die E-Mail-Adresse meines Kontos von {email2} auf {email}.",
            "Jemand hat sich am {date} um {time} von der IP {ip} in mein Konto eingeloggt, das war nicht ich!",
            "Meine IP-Adresse ist {ip}, falls Sie die zum Entsperren brauchen.",
            "Die App ({version}) sagt, das Konto {email} existiert nicht.",
        ),
        "contact": (
            "Sie erreichen mich unter {phone} zwischen {time} und {time}.",
            "Am besten erreichen Sie mich unter {phone} oder {email}.",
            "Bitte rufen Sie mich auf dem Handy an: {phone}. Die Festnetznummer {phone2} ist nicht mehr aktuell.",
            "Meine Handynummer hat sich geändert, sie lautet jetzt {phone}.",
            "Rückruf bitte unter Tel.-Nr. {phone}.",
        ),
        "product": (
            "Der Artikel {product} (EAN {ean}) kam in der falschen Größe, bestellt hatte ich {measure}.",
            "Ist {product} mit der Firmware {version} kompatibel?",
            "Ich habe 2 x {product} zu je {amount} bestellt, abgebucht wurden aber {amount}.",
            "Ticket {ticket} ist seit dem {date} offen, gibt es Neuigkeiten zu {order}?",
            "In Ihrer Mail vom {date} um {time} steht Rechnung {invoice} über {amount}, aber {product} habe ich nie "
            "bestellt.",
        ),
    },
    closings=("Vielen Dank im Voraus.", "Ich freue mich auf Ihre Antwort.", "Bitte um schnelle Rückmeldung.",
              "Das ist wirklich dringend.", "Danke für Ihre Hilfe."),
    signoffs=("Mit freundlichen Grüßen", "Mit freundlichen Grüßen,", "Viele Grüße", "Viele Grüße,", "Beste Grüße",
              "LG", "MfG", "Gruß", "Danke,", "Freundliche Grüße", "Liebe Grüße", "Schöne Grüße"),
    phone_labels=("", "Tel.: ", "Mobil: ", "Tel. ", "Handy: ", "Telefon: "),
    email_labels=("", "E-Mail: ", "Mail: "),
    vat_label="USt-IdNr.: ",
    company_reg=("Amtsgericht München, HRB {creg}", "Registergericht Köln HRB {creg}"),
    companies=("Lindner Haustechnik GmbH", "Brandt & Vogt OHG", "Schreinerei Albers GmbH", "Kleinmann Media UG"),
    iphone="Von meinem iPhone gesendet",
    mail_domains=("gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "freenet.de"),
)

_FR = _Locale(
    countries=("FR",),
    first_m=("Julien", "Thomas", "Nicolas", "François", "Benoît", "Jérôme", "Mathieu", "Sébastien", "Jean-Pierre",
             "Loïc", "Hugo", "Antoine", "Cédric", "Gaël"),
    first_f=("Camille", "Léa", "Manon", "Chloé", "Inès", "Hélène", "Élodie", "Céline", "Amélie", "Marie-Claire",
             "Margaux", "Anaïs", "Sophie", "Noémie"),
    last=("Martin", "Bernard", "Dubois", "Durand", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy",
          "Roux", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Faure", "Rousseau",
          "Le Goff", "Garnier"),
    agents=("Claire", "Paul", "Mme Petit", "Karim"),
    greetings=("Bonjour,", "Bonjour à tous,", "Madame, Monsieur,", "Bonsoir,", "Bonjour l'équipe Lumio,",
               "Salut,", ""),
    intros=("Je m'appelle {name} et j'ai passé commande la semaine dernière.", "Ici {name}.",
            "Je suis {name}, je commande chez vous depuis des années.", "Mon nom est {name}.", "C'est {first}.",
            "J'écris pour ma mère, {other_f}."),
    topics={
        "refund": (
            "Merci de rembourser les {amount} sur mon compte, IBAN {iban}.",
            "J'ai renvoyé la commande {order} le {date}. Pouvez-vous virer le remboursement de {amount} sur {iban} ? "
            "Ma carte a été annulée.",
            "Mon IBAN pour le remboursement : {iban}, titulaire {name}.",
            "Le formulaire refuse {bad_iban} comme invalide. Mon vrai IBAN est {iban}.",
            "Coordonnées bancaires : IBAN {iban}, BIC {bic}.",
            "J'avais payé par virement (référence {payref}), merci de rembourser sur {iban}.",
            "RIB pour le remboursement de {order} ({amount}) : {iban}\nLe colis retour porte le numéro {tracking}.",
        ),
        "card": (
            "J'ai été débité deux fois pour la commande {order} : {amount} le {date} à {time}, les deux fois sur ma "
            "carte {card}.",
            "Merci de mettre à jour la carte de mon abonnement : {card}. L'ancienne, se terminant par {masked_card}, "
            "a expiré.",
            "Votre site indique que {bad_card} n'est pas un numéro de carte valide.",
            "Pouvez-vous vérifier si les {amount} ont bien été recrédités sur {card} ? Mon relevé du {date} ne "
            "montre rien.",
            "Le paiement avec la carte {masked_card} a échoué trois fois aujourd'hui vers {time}.",
            "Nouvelle carte pour l'abonnement : {card}, expiration {expiry}.",
        ),
        "invoice": (
            "Merci de refaire la facture {invoice} avec notre numéro de TVA {vat} et la raison sociale {company}.",
            "Notre n° de TVA intracommunautaire est {vat} ; il manque sur la facture de la commande {order}.",
            "Adresse de facturation : {company}, {address_full}, TVA {vat}",
            "Pourriez-vous ajouter le numéro de TVA {vat} sur la facture {invoice} ? Montant : {amount}.",
        ),
        "id": (
            "Pour le dossier de remboursement, voici mon numéro de sécurité sociale : {natid}.",
            "N° de sécu : {natid}",
            "Mon NIR est {natid}, la mutuelle le demande sur la facture.",
            "Numéro de sécurité sociale de mon fils pour l'attestation : {natid}.",
        ),
        "delivery": (
            "Merci de livrer la commande {order} à l'adresse suivante : {address_full}.",
            "Le livreur peut me joindre au {phone}. Le colis {tracking} est bloqué depuis le {date}.",
            "Le suivi {tracking} indique livré le {date} à {time}, mais rien n'est arrivé au {address}.",
            "Si je suis absent, merci de laisser le colis chez ma voisine {other_f}, {address}.",
            "Livrez-vous au code postal {postcode} ? Le site le refuse.",
            "Le numéro de colis est {parcel}, la livraison était prévue le {date}.",
            "Le livreur a laissé un avis de passage avec le numéro {phone2}, mais personne ne répond.",
        ),
        "account": (
            "Je n'arrive plus à me connecter avec {email} depuis la mise à jour {version}.",
            "Merci de remplacer l'adresse e-mail de mon compte, {email2}, par {email}.",
            "Quelqu'un s'est connecté à mon compte depuis l'adresse IP {ip} le {date} à {time}, ce n'était pas moi !",
            "Mon adresse IP est {ip}, si cela peut aider à débloquer mon accès.",
            "L'application ({version}) me dit que le compte {email} n'existe pas.",
        ),
        "contact": (
            "Vous pouvez m'appeler au {phone} entre {time} et {time}.",
            "Le plus simple : {phone} ou {email}.",
            "Merci de m'appeler sur mon portable {phone}, le fixe {phone2} n'est plus attribué.",
            "Mon numéro a changé, c'est désormais le {phone}.",
            "Tél. : {phone}",
        ),
        "product": (
            "L'article {product} (EAN {ean}) n'est pas à la bonne taille, j'avais commandé {measure}.",
            "Le {product} est-il compatible avec le firmware {version} ?",
            "J'ai commandé 2 x {product} à {amount} pièce mais on m'a débité {amount}.",
            "Le ticket {ticket} est ouvert depuis le {date}, des nouvelles de la commande {order} ?",
            "Votre mail du {date} à {time} parle de la facture {invoice} de {amount}, mais je n'ai jamais commandé "
            "{product}.",
        ),
    },
    closings=("Merci d'avance.", "Dans l'attente de votre réponse.", "Merci de me répondre rapidement.",
              "C'est vraiment urgent.", "Merci pour votre aide."),
    signoffs=("Cordialement,", "Bien cordialement,", "Cordialement", "Merci,", "Bien à vous,", "Salutations,",
              "Merci d'avance,", "Bonne journée,", "Sincères salutations,", "Bises,"),
    phone_labels=("", "Tél. : ", "Tél : ", "Portable : ", "Mobile : "),
    email_labels=("", "E-mail : ", "Mail : "),
    vat_label="TVA : ",
    company_reg=("SIRET {siret}", "SIRET : {siret}"),
    companies=("Atelier Chevalier SARL", "Boulangerie Perrin", "Gauthier Conseil SAS", "Menuiserie Lemaire EURL"),
    iphone="Envoyé de mon iPhone",
    mail_domains=("orange.fr", "free.fr", "laposte.net", "gmail.com", "hotmail.fr", "sfr.fr", "wanadoo.fr"),
)

_ES = _Locale(
    countries=("ES",),
    first_m=("Alejandro", "Pablo", "Javier", "Sergio", "José Luis", "Íñigo", "Ángel", "Raúl", "Jesús", "Andrés",
             "Álvaro", "Rubén", "Joaquín", "Iván"),
    first_f=("Lucía", "María", "Martina", "Paula", "Sofía", "Carmen", "María José", "Begoña", "Nuria", "Rocío",
             "Inmaculada", "Ainhoa", "Elena", "Marta"),
    last=("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
          "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro", "Torres",
          "Ibáñez", "Castaño"),
    agents=("Laura", "Miguel", "Cristina", "Óscar"),
    greetings=("Hola,", "Buenos días,", "Buenas tardes,", "Estimados señores:", "Hola equipo de Lumio,", "Buenas,",
               ""),
    intros=("Me llamo {name} y la semana pasada hice un pedido.", "Soy {name}.", "Mi nombre es {name}.",
            "Les escribe {name}.", "Soy {first}.", "Escribo en nombre de mi madre, {other_f}."),
    topics={
        "refund": (
            "Por favor, devuélvanme los {amount} a mi cuenta, IBAN {iban}.",
            "Devolví el pedido {order} el {date}. ¿Pueden hacer la transferencia de {amount} a {iban}? La tarjeta "
            "con la que pagué está cancelada.",
            "Mi IBAN para el reembolso es {iban}, titular {name}.",
            "El formulario rechaza {bad_iban} como no válido. Mi IBAN correcto es {iban}.",
            "Datos bancarios: IBAN {iban}, BIC {bic}.",
            "Pagué por transferencia con el concepto {payref}; devuélvanlo a {iban}.",
            "Reembolso del pedido {order} ({amount}) a la cuenta: {iban}\nEl paquete de devolución es el "
            "{tracking}.",
        ),
        "card": (
            "Me han cobrado dos veces el pedido {order}: {amount} el {date} a las {time}, las dos veces en mi tarjeta "
            "{card}.",
            "Por favor, actualicen la tarjeta de mi suscripción a {card}. La antigua, terminada en {masked_card}, "
            "ha caducado.",
            "Su web dice que {bad_card} no es un número de tarjeta válido.",
            "¿Pueden comprobar si los {amount} se devolvieron a la tarjeta {card}? En el extracto del {date} no "
            "aparece nada.",
            "El pago con la tarjeta {masked_card} ha fallado tres veces hoy hacia las {time}.",
            "Nueva tarjeta para la suscripción: {card}, caducidad {expiry}.",
        ),
        "invoice": (
            "Por favor, emitan de nuevo la factura {invoice} con nuestro NIF-IVA {vat} y la razón social {company}.",
            "Nuestro número de IVA intracomunitario es {vat}; no aparece en la factura del pedido {order}.",
            "Datos de facturación: {company}, {address_full}, VAT {vat}",
            "¿Podrían añadir el número de IVA {vat} a la factura {invoice}? Importe: {amount}.",
        ),
        "id": (
            "Para la factura necesito que pongan mi DNI: {dni}.",
            "Mi NIE es {nie}, me lo pide la aduana.",
            "Factura a nombre de {name}, DNI {dni}, por favor.",
            "El transportista pide el documento de identidad: NIE {nie}.",
            "Les paso mis datos: {name}, DNI {dni}, {address_full}.",
        ),
        "delivery": (
            "Por favor, envíen el pedido {order} a {address_full}.",
            "El repartidor puede llamarme al {phone}. El envío {tracking} está parado desde el {date}.",
            "El seguimiento {tracking} dice entregado el {date} a las {time}, pero en {address} no ha llegado nada.",
            "Si no estoy, pueden dejárselo a mi vecina {other_f}, en {address}.",
            "¿Envían al código postal {postcode}? La web no lo acepta.",
            "El número de envío es {parcel} y la entrega estaba prevista para el {date}.",
            "El repartidor dejó un aviso con el teléfono {phone2}, pero nadie contesta.",
        ),
        "account": (
            "No puedo iniciar sesión con {email} desde la actualización a la versión {version}.",
            "Cambien el correo de mi cuenta de {email2} a {email}, por favor.",
            "Alguien entró en mi cuenta desde la IP {ip} el {date} a las {time} y no fui yo.",
            "Mi dirección IP es {ip}, por si la necesitan para desbloquear el acceso.",
            "La app ({version}) dice que la cuenta {email} no existe.",
        ),
        "contact": (
            "Pueden llamarme al {phone} entre las {time} y las {time}.",
            "Mejor contactarme en el {phone} o en {email}.",
            "Llámenme al móvil {phone}, el fijo {phone2} ya no funciona.",
            "He cambiado de número, ahora es el {phone}.",
            "Mi teléfono: {phone}",
        ),
        "product": (
            "El artículo {product} (EAN {ean}) ha llegado en otra talla, yo pedí {measure}.",
            "¿El {product} es compatible con el firmware {version}?",
            "Pedí 2 x {product} a {amount} cada uno, pero me cobraron {amount}.",
            "La incidencia {ticket} sigue abierta desde el {date}, ¿hay novedades del pedido {order}?",
            "Su correo del {date} a las {time} menciona la factura {invoice} de {amount}, pero nunca pedí "
            "{product}.",
        ),
    },
    closings=("Gracias de antemano.", "Quedo a la espera de su respuesta.", "Por favor, respondan cuanto antes.",
              "Es urgente.", "Gracias por su ayuda."),
    signoffs=("Un saludo,", "Saludos,", "Saludos cordiales,", "Atentamente,", "Gracias,", "Muchas gracias,",
              "Un saludo", "Un abrazo,", "Quedo atento,"),
    phone_labels=("", "Tel.: ", "Móvil: ", "Tlf: ", "Teléfono: "),
    email_labels=("", "Email: ", "Correo: "),
    vat_label="NIF-IVA: ",
    company_reg=("CIF {cif}", "CIF: {cif}"),
    companies=("Talleres Olabarría S.L.", "Quintana Asesores S.L.", "Panadería Urquijo", "Reformas Echeverri S.L."),
    iphone="Enviado desde mi iPhone",
    mail_domains=("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"),
)

_LT = _Locale(
    countries=("LT",),
    first_m=("Jonas", "Tomas", "Mindaugas", "Darius", "Paulius", "Lukas", "Mantas", "Andrius", "Vytautas",
             "Giedrius", "Žilvinas", "Šarūnas", "Kęstutis", "Rokas"),
    first_f=("Rūta", "Eglė", "Aistė", "Giedrė", "Simona", "Gintarė", "Ieva", "Austėja", "Jurgita", "Živilė",
             "Laura", "Dalia", "Kristina", "Ugnė"),
    last=("Petraitis|Petraitienė|Petraitytė", "Kazlauskas|Kazlauskienė|Kazlauskaitė",
          "Jankauskas|Jankauskienė|Jankauskaitė", "Žukauskas|Žukauskienė|Žukauskaitė",
          "Stankevičius|Stankevičienė|Stankevičiūtė", "Vasiliauskas|Vasiliauskienė|Vasiliauskaitė",
          "Butkus|Butkienė|Butkutė", "Paulauskas|Paulauskienė|Paulauskaitė", "Urbonas|Urbonienė|Urbonaitė",
          "Navickas|Navickienė|Navickaitė", "Šimkus|Šimkienė|Šimkutė", "Balčiūnas|Balčiūnienė|Balčiūnaitė",
          "Ramanauskas|Ramanauskienė|Ramanauskaitė", "Kavaliauskas|Kavaliauskienė|Kavaliauskaitė"),
    agents=("Inga", "Marius", "Agnė", "Tadas"),
    greetings=("Laba diena,", "Sveiki,", "Labas,", "Sveiki!", "Gerbiamieji,", "Labas vakaras,",
               "Sveiki, Lumio komanda,", ""),
    intros=("Mano vardas {name}, praėjusią savaitę pateikiau užsakymą.", "Čia {name}.",
            "Esu {name}, pas jus perku jau kelerius metus.", "Čia {first}.", "Mano vardas yra {name}.",
            "Rašau mamos vardu, ji – {other_f}."),
    topics={
        "refund": (
            "Prašau grąžinti {amount} į mano sąskaitą, IBAN {iban}.",
            "Užsakymą {order} grąžinau {date}. Gal galite pervesti {amount} į sąskaitą {iban}? Kortelė, kuria "
            "mokėjau, jau uždaryta.",
            "Mano sąskaita pinigams grąžinti: {iban}, gavėjas {name}.",
            "Forma atmeta {bad_iban} kaip neteisingą. Teisinga mano sąskaita yra {iban}.",
            "Banko rekvizitai: IBAN {iban}, BIC {bic}.",
            "Mokėjau pavedimu (mokėjimo kodas {payref}), grąžinkite į {iban}.",
            "Pinigus už užsakymą {order} ({amount}) grąžinkite į {iban}\nGrąžinimo siuntos numeris {tracking}.",
        ),
        "card": (
            "Už užsakymą {order} nuskaičiavote du kartus: {amount} {date} {time}, abu kartus iš mano kortelės "
            "{card}.",
            "Prašau prenumeratai pakeisti kortelę į {card}. Senoji, kurios pabaiga {masked_card}, nebegalioja.",
            "Jūsų svetainė rašo, kad {bad_card} nėra tinkamas kortelės numeris.",
            "Ar {amount} jau grąžinti į kortelę {card}? {date} išraše nieko nematau.",
            "Mokėjimas kortele {masked_card} šiandien apie {time} nepavyko tris kartus.",
            "Nauja kortelė prenumeratai: {card}, galioja iki {expiry}.",
        ),
        "invoice": (
            "Prašau perrašyti sąskaitą faktūrą {invoice} su mūsų PVM kodu {vat} ir įmonės pavadinimu {company}.",
            "Mūsų PVM mokėtojo kodas {vat}, jo trūksta užsakymo {order} sąskaitoje.",
            "Sąskaitai: {company}, {address_full}, PVM kodas {vat}",
            "Ar galite į sąskaitą {invoice} įrašyti PVM kodą {vat}? Suma {amount}.",
        ),
        "id": (
            "Išsimokėtinai pirkti prašo asmens kodo, jis {natid}.",
            "Sąskaitai faktūrai nurodykite mano asmens kodą {natid}.",
            "Mano a. k. {natid}, vardas pavardė {name}.",
            "Muitinei reikia mano asmens kodo, tai {natid}.",
        ),
        "delivery": (
            "Prašau užsakymą {order} pristatyti adresu {address_full}.",
            "Kurjeris gali skambinti {phone}. Siunta {tracking} stovi vietoje nuo {date}.",
            "Pagal sekimą {tracking} siunta pristatyta {date} {time}, bet adresu {address} nieko negavau.",
            "Jei manęs nebus, palikite kaimynei {other_f}, {address}.",
            "Ar pristatote į {postcode}? Svetainė nepriima šio pašto kodo.",
            "Siuntos numeris {parcel}, pristatymas buvo numatytas {date}.",
            "Kurjeris paliko raštelį paskambinti {phone2}, bet niekas neatsiliepia.",
        ),
        "account": (
            "Po atnaujinimo į versiją {version} nebegaliu prisijungti su {email}.",
            "Prašau pakeisti paskyros el. paštą iš {email2} į {email}.",
            "Kažkas {date} {time} prisijungė prie mano paskyros iš IP {ip}, tai buvau ne aš!",
            "Mano IP adresas {ip}, jei reikia prieigai atblokuoti.",
            "Programėlė ({version}) rašo, kad paskyra {email} neegzistuoja.",
        ),
        "contact": (
            "Galite skambinti {phone} nuo {time} iki {time}.",
            "Geriausia susisiekti {phone} arba {email}.",
            "Skambinkite mobiliuoju {phone}, laidinis {phone2} nebenaudojamas.",
            "Pasikeitė mano numeris, dabar jis {phone}.",
            "Mano tel. nr. {phone}",
        ),
        "product": (
            "Prekė {product} (EAN {ean}) atkeliavo ne to dydžio, užsakiau {measure}.",
            "Ar {product} suderinamas su programine įranga {version}?",
            "Užsakiau 2 vnt. {product} po {amount}, bet nuskaičiavote {amount}.",
            "Užklausa {ticket} atvira nuo {date}, ar yra naujienų dėl užsakymo {order}?",
            "Jūsų laiške {date} {time} minima sąskaita {invoice} už {amount}, bet {product} niekada neužsakiau.",
        ),
    },
    closings=("Iš anksto dėkoju.", "Laukiu atsakymo.", "Prašau atsakyti kuo greičiau.", "Labai skubu.",
              "Ačiū už pagalbą."),
    signoffs=("Pagarbiai,", "Su pagarba,", "Ačiū,", "Dėkoju,", "Linkėjimai,", "Geros dienos,", "Pagarbiai",
              "Iš anksto ačiū,", "Gražios dienos,"),
    phone_labels=("", "Tel. ", "Tel.: ", "Mob. ", "Tel. nr. "),
    email_labels=("", "El. p.: ", "El. paštas: "),
    vat_label="PVM kodas: ",
    company_reg=("Įmonės kodas {ltco}", "Į. k. {ltco}"),
    companies=("UAB „Baltic Print“", "MB „Medžio dirbtuvės“", "UAB „Šviesos sprendimai“", "IĮ „Ramunė“"),
    iphone="Išsiųsta iš mano iPhone",
    mail_domains=("gmail.com", "inbox.lt", "one.lt", "yahoo.com", "splius.lt"),
)

LOCALE_SPECS = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES, "lt": _LT}

# ---------------------------------------------------------------------------------------------------------------
# addresses and look-alike values per locale

_CITIES = {
    "GB": (("NW1 6XE", "London"), ("M1 4BT", "Manchester"), ("B15 2TT", "Birmingham"), ("LS1 4DY", "Leeds"),
           ("EH1 1YZ", "Edinburgh"), ("BS1 5TR", "Bristol")),
    "IE": (("D02 X285", "Dublin 2"), ("T12 X70A", "Cork"), ("H91 E2K3", "Galway"), ("V94 T9PX", "Limerick")),
    "DE": (("10115", "Berlin"), ("80331", "München"), ("20095", "Hamburg"), ("50667", "Köln"),
           ("60311", "Frankfurt am Main"), ("04109", "Leipzig"), ("70173", "Stuttgart")),
    "FR": (("75011", "Paris"), ("69003", "Lyon"), ("13001", "Marseille"), ("33000", "Bordeaux"), ("59000", "Lille"),
           ("44000", "Nantes"), ("31000", "Toulouse")),
    "ES": (("28013", "Madrid"), ("08007", "Barcelona"), ("41001", "Sevilla"), ("46002", "Valencia"),
           ("48001", "Bilbao"), ("29015", "Málaga")),
    "LT": (("LT-01103", "Vilnius"), ("LT-44248", "Kaunas"), ("LT-92231", "Klaipėda"), ("LT-76300", "Šiauliai"),
           ("LT-35173", "Panevėžys")),
}
_GB_STREETS = ("Baker", "Church", "Victoria", "Kings", "Queens", "Mill", "Station", "Park", "Elm", "Oak", "Chester",
               "Highfield", "Albert", "Castle", "Seaview", "Main", "Willow", "Greenhill")
_GB_TYPES = ("Street", "Road", "Lane", "Avenue", "Close", "Drive", "Crescent", "Grove", "Terrace", "Gardens",
             "Way", "Place", "Mews", "Row", "Hill", "Park")
_DE_STEMS = ("Haupt", "Bahnhof", "Schiller", "Goethe", "Linden", "Garten", "Berg", "Kirch", "Schul", "Wald",
             "Mozart", "Eichen", "Rosen", "Birken", "Friedrich-Ebert-", "Münchner ")
_DE_SUFFIX = ("straße", "straße", "str.", "weg", "allee", "platz", "gasse", "ring")
_DE_WHOLE = ("Am Markt", "An der Kirche", "Im Wiesengrund", "Karl-Marx-Allee", "Zum Sportplatz", "Alte Landstraße",
             "Kurfürstendamm", "Unter den Linden", "Auf dem Berg")
_FR_TYPES = ("rue", "rue", "avenue", "boulevard", "place", "allée", "impasse", "chemin", "quai", "Rue", "Avenue")
_FR_NAMES = ("de la Paix", "Victor Hugo", "Jean Jaurès", "des Lilas", "du Général de Gaulle", "de la République",
             "Pasteur", "des Tilleuls", "Saint-Michel", "de Verdun", "Émile Zola", "du Moulin", "Gambetta")
_ES_TYPES = ("Calle", "Calle", "C/", "c/", "Avda.", "Avenida", "Plaza", "Paseo", "Camino")
_ES_NAMES = ("Mayor", "Alcalá", "de Serrano", "Gran Vía", "de la Constitución", "del Carmen", "San Bernardo",
             "de Gracia", "Real", "de Colón", "de los Reyes Católicos", "Nueva", "Doctor Fleming")
_LT_STREETS = ("Gedimino pr.", "Vilniaus g.", "Laisvės al.", "Savanorių pr.", "Žirmūnų g.", "Taikos pr.",
               "Kalvarijų g.", "Ukmergės g.", "Pilies g.", "Didžioji g.", "Antakalnio g.", "Kęstučio g.",
               "J. Basanavičiaus g.", "Vytauto g.", "Liepų gatvė", "Klaipėdos pl.")


def make_street(rng: random.Random, country: str) -> tuple[str, str, str]:
    """(flat prefix, street and house number, floor suffix): only the middle part is the gold span."""
    n = rng.randint(1, 180)
    if country in ("GB", "IE"):
        number = f"{n}{rng.choice(['', '', '', 'A', 'B'])}"
        flat = rng.choice(["", "", "", f"Flat {rng.randint(1, 12)}, ", f"Apartment {rng.randint(1, 30)}, "])
        return flat, f"{number} {rng.choice(_GB_STREETS)} {rng.choice(_GB_TYPES)}", ""
    if country == "DE":
        stem, suffix = rng.choice(_DE_STEMS), rng.choice(_DE_SUFFIX)
        if stem.endswith(("-", " ")):  # Friedrich-Ebert-Straße, Münchner Straße
            suffix = suffix.capitalize()
        street = rng.choice(_DE_WHOLE) if rng.random() < 0.25 else stem + suffix
        return "", f"{street} {n}{rng.choice(['', '', '', 'a', 'b'])}", ""
    if country == "FR":
        number = f"{n}{rng.choice(['', '', '', ' bis', ' ter'])}{rng.choice(['', '', ','])}"
        return "", f"{number} {rng.choice(_FR_TYPES)} {rng.choice(_FR_NAMES)}", ""
    if country == "ES":
        street = f"{rng.choice(_ES_TYPES)} {rng.choice(_ES_NAMES)}"
        number = rng.choice([f" {n}", f", {n}", f", n.º {n}", f" nº {n}"])
        floor = rng.choice(["", "", f", {rng.randint(1, 9)}º {rng.choice('ABCD')}", f", {rng.randint(1, 6)}º "
                            f"{rng.randint(1, 4)}ª", ", bajo"])
        return "", street + number, floor
    if country == "LT":
        number = rng.choice([str(n), f"{n}-{rng.randint(1, 80)}", f"{n}A", f"{n}-{rng.randint(1, 80)}"])
        return "", f"{rng.choice(_LT_STREETS)} {number}", ""
    raise ValueError(country)


def make_city(rng: random.Random, country: str) -> str:
    """Postcode and city, written in the country's order."""
    postcode, city = rng.choice(_CITIES[country])
    if country == "GB":
        return f"{city} {postcode}"
    if country == "IE":
        return f"{city}, {postcode}" if not city.startswith("Dublin") else city
    if country == "LT" and rng.random() < 0.3:
        postcode = postcode[3:]
    return f"{postcode} {city}"


def make_postcode(rng: random.Random, country: str) -> str:
    """A postcode on its own."""
    postcode = rng.choice(_CITIES[country])[0]
    if country == "LT" and rng.random() < 0.4:
        return postcode[3:]
    return postcode


_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "lt": ("sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos", "rugpjūčio", "rugsėjo",
           "spalio", "lapkričio", "gruodžio"),
}


def make_date(rng: random.Random, locale: str) -> str:
    """A date as written in the locale (numeric and spelled-out forms)."""
    y, m, d = rng.choice((2025, 2026)), rng.randint(1, 12), rng.randint(1, 28)
    month = _MONTHS[locale][m - 1]
    forms = {
        "en": [f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d} {month} {y}", f"{d:02d}.{m:02d}.{y}",
               f"{d}/{m}/{y % 100:02d}", f"{month} {d}"],
        "de": [f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y % 100:02d}", f"{y}-{m:02d}-{d:02d}",
               f"{d}. {month} {y}", f"{d:02d}.{m:02d}."],
        "fr": [f"{d:02d}/{m:02d}/{y}", f"{d:02d}/{m:02d}/{y % 100:02d}", f"{d} {month} {y}", f"{y}-{m:02d}-{d:02d}",
               f"{d:02d}.{m:02d}.{y}", f"{d} {month}"],
        "es": [f"{d:02d}/{m:02d}/{y}", f"{d}-{m}-{y}", f"{d} de {month} de {y}", f"{y}-{m:02d}-{d:02d}",
               f"{d}/{m}/{y % 100:02d}", f"{d} de {month}"],
        "lt": [f"{y}-{m:02d}-{d:02d}", f"{y}.{m:02d}.{d:02d}", f"{y} m. {month} {d} d.", f"{m:02d}-{d:02d}",
               f"{d:02d}.{m:02d}.{y}", f"{month} {d} d."],
    }[locale]
    return rng.choice(forms)


def make_time(rng: random.Random, locale: str) -> str:
    """A clock time as written in the locale."""
    h, mi = rng.randint(7, 21), rng.choice((0, 5, 15, 20, 30, 40, 45, 50))
    forms = {"en": [f"{h}:{mi:02d}", f"{h % 12 or 12}:{mi:02d} {'pm' if h >= 12 else 'am'}",
                    f"{h % 12 or 12}{'pm' if h >= 12 else 'am'}"],
             "de": [f"{h}:{mi:02d}", f"{h}.{mi:02d} Uhr", f"{h} Uhr"],
             "fr": [f"{h}h{mi:02d}", f"{h}:{mi:02d}", f"{h}h"],
             "es": [f"{h}:{mi:02d}", f"{h}.{mi:02d}", f"{h}:{mi:02d} h"],
             "lt": [f"{h}:{mi:02d}", f"{h}.{mi:02d} val.", f"{h} val."]}[locale]
    return rng.choice(forms)


def make_amount(rng: random.Random, locale: str) -> str:
    """A money amount as written in the locale (thousands separators, currency before/after)."""
    value = rng.choice([rng.randint(3, 99) + rng.choice((0, 0.5, 0.9, 0.99, 0.49)), rng.randint(100, 2500) + 0.48,
                        float(rng.randint(5, 300))])
    whole, cents = int(value), round((value - int(value)) * 100)
    en = f"{whole:,}.{cents:02d}"
    eu = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    sp = f"{whole:,}".replace(",", "\u00a0") + f",{cents:02d}"
    forms = {"en": [f"€{en}", f"£{en}", f"EUR {en}", f"{en} EUR", f"€{whole}"],
             "de": [f"{eu} €", f"{eu} EUR", f"EUR {eu}", f"{whole} €", f"€ {eu}"],
             "fr": [f"{eu} €", f"{sp} €", f"{whole} €", f"{eu} euros", f"{sp} EUR"],
             "es": [f"{eu} €", f"{eu}€", f"{whole} €", f"{eu} euros"],
             "lt": [f"{eu} €", f"{sp} €", f"{eu} Eur", f"{whole} eurų", f"EUR {eu}"]}[locale]
    return rng.choice(forms)


def make_order(rng: random.Random) -> str:
    """Order numbers: the shop's #W1234567, or a marketplace 302-1234567-1234567."""
    digits = _digits(rng, 7)
    return rng.choices([f"#W{digits}", f"W{digits}", f"{rng.randint(301, 408)}-{digits}-{_digits(rng, 7)}"],
                       weights=[70, 15, 15])[0]


def make_parcel(rng: random.Random) -> str:
    """Carrier parcel numbers that are digits only: DHL 12/20, DPD 14, GLS 11."""
    kind = rng.choices(["dhl12", "dpd14", "dhl20", "gls11"], weights=[50, 25, 15, 10])[0]
    if kind == "dhl12":
        return str(rng.randint(1, 9)) + _digits(rng, 11)
    if kind == "dpd14":
        return "0" + rng.choice("1569") + _digits(rng, 12)
    if kind == "dhl20":
        return "00340434" + _digits(rng, 12)
    return str(rng.randint(5, 9)) + _digits(rng, 10)


def make_version(rng: random.Random) -> str:
    """App and firmware versions, including four-part ones that parse as IPv4."""
    forms = [f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
             f"v{rng.randint(1, 20)}.{rng.randint(0, 9)}",
             f"{rng.randint(1, 5)}.{rng.randint(0, 12)}.{rng.randint(0, 9)}.{rng.randint(1, 250)}",
             f"{rng.choice(('2025', '2026'))}.{rng.randint(1, 12)}.{rng.randint(1, 9)}",
             f"iOS {rng.randint(16, 18)}.{rng.randint(0, 6)}.{rng.randint(1, 3)}"]
    return rng.choice(forms)


def make_product(rng: random.Random) -> str:
    """A product code or model name as printed on the packaging."""
    forms = [f"LM-{_digits(rng, 4)}-{rng.choice(('BLK', 'WHT', 'RED', 'XL'))}", f"SKU {_digits(rng, 6)}",
             f"model {rng.choice('ABKX')}{rng.choice('XRS')}-{rng.randint(100, 9000)}",
             f"Art.-Nr. {_digits(rng, 7)}", f"ref. {_digits(rng, 2)}-{_digits(rng, 4)}",
             f"Lumio {rng.choice(('Air', 'Max', 'Go'))} {rng.randint(2, 9)}"]
    return rng.choice(forms)


def make_invoice(rng: random.Random) -> str:
    """Invoice numbers in the shop's and common accounting formats."""
    y = rng.choice((2025, 2026))
    return rng.choice([f"INV-{y}-{_digits(rng, 6)}", f"RE-{y}-{_digits(rng, 5)}", f"FA{y}-{_digits(rng, 4)}",
                       f"F-{y}/{_digits(rng, 4)}", f"LUM-{_digits(rng, 6)}", f"{y}{_digits(rng, 6)}"])


def make_ticket(rng: random.Random) -> str:
    """Support ticket / case numbers."""
    return rng.choice([f"#{rng.randint(10000, 999999)}", f"{_digits(rng, 8)}", f"CS-{_digits(rng, 7)}",
                       f"{rng.choice((2025, 2026))}-{_digits(rng, 6)}"])


def make_measure(rng: random.Random) -> str:
    """Sizes and dimensions."""
    return rng.choice([f"EU {rng.randint(36, 46)}", f"{rng.randint(40, 200)} x {rng.randint(30, 90)} cm",
                       f"{rng.randint(1, 9)},{rng.randint(1, 9)} kg", f"{rng.choice(('S', 'M', 'L', 'XL'))}",
                       f"{rng.randint(34, 48)}/{rng.randint(30, 36)}"])


def make_masked_card(rng: random.Random) -> str:
    """A card shown only by its last four digits."""
    last = _digits(rng, 4)
    return rng.choice([last, f"**** {last}", f"XXXX-XXXX-XXXX-{last}", f"•••• {last}", f"*{last}"])


_BICS = ("CBVILT2X", "HABALT22", "COBADEFFXXX", "DEUTDEFF", "BNPAFRPP", "CRLYFRPP", "CAIXESBBXXX", "BBVAESMM",
         "AIBKIE2D", "BARCGB22", "REVOLT21")


# ---------------------------------------------------------------------------------------------------------------
# personas and messages

@dataclass(frozen=True)
class _Persona:
    country: str
    first: str
    last: str
    email: str
    phone_nsn: str
    phone: str
    flat: str
    street: str
    floor: str
    city: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _person_name(rng: random.Random, spec: _Locale, female: bool | None = None) -> tuple[str, str]:
    if female is None:
        female = rng.random() < 0.5
    first = rng.choice(spec.first_f if female else spec.first_m)
    if spec is _LT:
        forms = rng.choice(spec.last).split("|")
        last = forms[0] if not female else forms[1 if rng.random() < 0.6 else 2]
    elif spec is _ES:
        last = " ".join(rng.sample(spec.last, 2)) if rng.random() < 0.7 else rng.choice(spec.last)
    else:
        last = rng.choice(spec.last)
    return first, last


def _email(rng: random.Random, first: str, last: str, domains: Sequence[str]) -> str:
    f = re.sub(r"[^a-z]", "", ascii_fold(first).lower())
    surnames = [re.sub(r"[^a-z]", "", ascii_fold(p).lower()) for p in last.split()]
    s = surnames[0] if rng.random() < 0.6 else "".join(surnames)
    local = rng.choice([f"{f}.{s}", f"{f}{s}", f"{f[0]}.{s}", f"{s}.{f}", f"{f}_{s}", f"{f}.{s}{rng.randint(70, 99)}",
                        f"{f}{rng.randint(1, 999)}", f"{f[0]}{s}"])
    return f"{local}@{rng.choice(domains)}"


def _persona(rng: random.Random, spec: _Locale) -> _Persona:
    country = rng.choice(spec.countries)
    first, last = _person_name(rng, spec)
    nsn = make_phone(rng, country, mobile=rng.random() < 0.85)
    flat, street, floor = make_street(rng, country)
    return _Persona(country, first, last, _email(rng, first, last, spec.mail_domains), nsn,
                    write_phone(rng, country, nsn), flat, street, floor,
                    make_city(rng, country))


_IBAN_ABROAD = ("LT", "DE", "FR", "ES", "NL", "IE", "GB", "AT", "BE")
_VAT_COUNTRIES = {"en": ("IE", "IE", "IE", "NL", "DE"), "de": ("DE", "DE", "DE", "AT", "PL"),
                  "fr": ("FR", "FR", "FR", "BE"), "es": ("ES",), "lt": ("LT", "LT", "LT", "PL")}
_TOPIC_WEIGHTS = {"refund": 14, "card": 13, "invoice": 10, "id": 12, "delivery": 20, "account": 12, "contact": 10,
                  "product": 12}


class _Context:
    def __init__(self, rng: random.Random, locale: str, persona: _Persona) -> None:
        self.rng = rng
        self.locale = locale
        self.spec = LOCALE_SPECS[locale]
        self.persona = persona
        self.cache: dict[str, list[Piece]] = {}

    def fill(self, slot: str) -> list[Piece]:
        """Pieces for one template slot; PII slots keep their value within a message."""
        if slot in self.cache:
            return self.cache[slot]
        pieces = self._make(slot)
        if any(role == "pii" for _, _, role in pieces):
            self.cache[slot] = pieces
        return pieces

    def _make(self, slot: str) -> list[Piece]:
        rng, p, locale = self.rng, self.persona, self.locale
        home = p.country
        if slot in ("name", "first"):
            return [(p.name if slot == "name" else p.first, "NAME", "pii")]
        if slot in ("other", "other_f"):
            return [(" ".join(_person_name(rng, self.spec, female=slot == "other_f" or None)), "NAME", "pii")]
        if slot in ("email", "email2"):
            value = p.email if slot == "email" else _email(rng, p.first, p.last, self.spec.mail_domains)
            if value == p.email and slot == "email2":
                value = "old." + value
            if rng.random() < 0.1:
                return [("<", None, None), (value, "EMAIL", "pii"), (">", None, None)]
            return [(value.capitalize() if rng.random() < 0.05 else value, "EMAIL", "pii")]
        if slot == "phone":
            return [(p.phone, "PHONE", "pii")]
        if slot == "phone2":
            nsn = make_phone(rng, home, mobile=rng.random() < 0.5)
            return [(write_phone(rng, home, nsn), "PHONE", "pii")]
        if slot == "iban":
            country = home if rng.random() < 0.85 else rng.choice(_IBAN_ABROAD)
            return [(write_iban(rng, make_iban(rng, country)), "IBAN", "pii")]
        if slot == "card":
            return [(write_card(rng, make_card(rng)), "CARD", "pii")]
        if slot == "vat":
            return [(write_vat(rng, make_vat(rng, rng.choice(_VAT_COUNTRIES[locale]))), "VAT_ID", "pii")]
        if slot == "natid":
            if locale == "lt":
                return [(write_lt_code(rng, make_lt_personal_code(rng)), "LT_PERSONAL_CODE", "pii")]
            if locale == "fr":
                return [(write_nir(rng, make_fr_nir(rng)), "FR_NIR", "pii")]
            return [(write_idnr(rng, make_de_idnr(rng)), "DE_TAX_ID", "pii")]
        if slot == "dni":
            return [(write_dni(rng, make_dni(rng)), "ES_DNI", "pii")]
        if slot == "nie":
            return [(write_nie(rng, make_nie(rng)), "ES_NIE", "pii")]
        if slot == "ip":
            return [(make_ip(rng), "IP_ADDRESS", "pii")]
        if slot == "address":
            return [(p.street, "ADDRESS", "pii")]
        if slot == "address_full":
            return [(p.flat, None, None), (p.street, "ADDRESS", "pii"), (p.floor + ", " + p.city, None, None)]
        return [(self._lookalike(slot), slot.upper(), "look")]

    def _lookalike(self, slot: str) -> str:
        rng, locale = self.rng, self.locale
        if slot == "order":
            return make_order(rng)
        if slot == "amount":
            return make_amount(rng, locale)
        if slot == "date":
            return make_date(rng, locale)
        if slot == "time":
            return make_time(rng, locale)
        if slot == "tracking":
            suffix = {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "lt": "LT"}[locale]
            return make_ups(rng) if rng.random() < 0.4 else make_s10(rng, suffix)
        if slot == "parcel":
            return make_parcel(rng)
        if slot == "product":
            return make_product(rng)
        if slot == "ean":
            return make_ean13(rng)
        if slot == "version":
            return make_version(rng)
        if slot == "postcode":
            return make_postcode(rng, self.persona.country)
        if slot == "bad_iban":
            country = self.persona.country if rng.random() < 0.85 else rng.choice(_IBAN_ABROAD)
            return write_iban(rng, bad_checksum(rng, make_iban(rng, country), _stdnum_iban_valid))
        if slot == "bad_card":
            if rng.random() < 0.15:
                return "4111 1111 1111 1112"
            return write_card(rng, bad_checksum(rng, make_card(rng), _stdnum_luhn_valid))
        if slot == "masked_card":
            return make_masked_card(rng)
        if slot == "invoice":
            return make_invoice(rng)
        if slot == "ticket":
            return make_ticket(rng)
        if slot == "measure":
            return make_measure(rng)
        if slot == "bic":
            return rng.choice(_BICS)
        if slot == "expiry":
            return rng.choice([f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}", f"{rng.randint(1, 12):02d}/20"
                               f"{rng.randint(26, 31)}", f"{rng.randint(1, 12):02d}-{rng.randint(26, 31)}"])
        if slot == "payref":
            return make_payment_reference(rng)
        raise KeyError(slot)


def _stdnum_iban_valid(value: str) -> bool:
    from stdnum import iban
    return bool(iban.is_valid(value))


def _stdnum_luhn_valid(value: str) -> bool:
    from stdnum import luhn
    return bool(luhn.is_valid(value))


def _render(b: _Builder, ctx: _Context, template: str) -> None:
    pos = 0
    for m in _SLOT.finditer(template):
        b.add(template[pos:m.start()])
        if m.group(1) == "company":
            b.add(ctx.rng.choice(ctx.spec.companies))
        else:
            for text, kind, role in ctx.fill(m.group(1)):
                b.add(text, kind, role)
        pos = m.end()
    b.add(template[pos:])


_AGENT_GREETING = {"en": "Hi {agent},", "de": "Hallo {agent},", "fr": "Bonjour {agent},", "es": "Hola, {agent}:",
                   "lt": "Sveiki, {agent},"}
_TITLES = ("Frau ", "Herr ", "Mme ")


def _company_reg(rng: random.Random, spec: _Locale) -> str:
    template = rng.choice(spec.company_reg)
    body = _digits(rng, 7)
    values = {"creg": str(rng.randint(10000, 299999)), "siret": make_siret(rng),
              "cif": f"{rng.choice('AB')}{body}{luhn_digit(body)}", "ltco": f"30{_digits(rng, 7)}"}
    return _SLOT.sub(lambda m: values[m.group(1)], template)


def _signature(b: _Builder, ctx: _Context) -> None:
    rng, spec, p = ctx.rng, ctx.spec, ctx.persona
    signoff = rng.choice(spec.signoffs)
    if rng.random() < 0.15:
        b.add(signoff.rstrip(",") + ", ")
        b.add(p.first, "NAME", "pii")
    else:
        b.add(signoff + ("\n\n" if rng.random() < 0.25 else "\n"))
        if rng.random() < 0.05:
            b.add(rng.choice(("Dr. ", "Dr ", "Ing. ")))
        b.add(p.name if rng.random() < 0.7 else p.first, "NAME", "pii")
    if rng.random() < 0.35:
        b.add("\n" + rng.choice(spec.phone_labels))
        b.add(p.phone, "PHONE", "pii")
    if rng.random() < 0.15:
        b.add("\n" + rng.choice(spec.email_labels))
        b.add(p.email, "EMAIL", "pii")
    if rng.random() < 0.12:
        b.add("\n" + p.flat)
        b.add(p.street, "ADDRESS", "pii")
        b.add(p.floor + ", " + p.city)
    if rng.random() < 0.07:
        b.add("\n" + rng.choice(spec.companies) + "\n" + spec.vat_label)
        b.add(write_vat(rng, make_vat(rng, rng.choice(_VAT_COUNTRIES[ctx.locale]))), "VAT_ID", "pii")
        if rng.random() < 0.6:
            b.add("\n")
            b.add(_company_reg(rng, spec), "COMPANY_REG", "look")


def make_message(seed: int, index: int, locale: str) -> CorpusMessage:
    """One message, determined by (seed, index, locale) alone, so any slice of the corpus is stable."""
    rng = random.Random(f"pii-corpus:{seed}:{index}:{locale}")
    spec = LOCALE_SPECS[locale]
    persona = _persona(rng, spec)
    ctx = _Context(rng, locale, persona)
    b = _Builder()
    if rng.random() < 0.06:
        agent = rng.choice(spec.agents)
        title = next((t for t in _TITLES if agent.startswith(t)), "")
        head, tail = _AGENT_GREETING[locale].split("{agent}")
        b.add(head.replace("{agent}", "") + title)
        b.add(agent[len(title):], "NAME", "pii")
        b.add(tail + "\n\n")
    else:
        greeting = rng.choice(spec.greetings)
        if greeting:
            b.add(greeting + rng.choice(("\n\n", "\n", " ")))
    if rng.random() < 0.3:
        _render(b, ctx, rng.choice(spec.intros))
        b.add(rng.choice((" ", "\n")))
    topics = [t for t in _TOPIC_WEIGHTS if t in spec.topics]
    count = rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
    chosen: list[str] = []
    while len(chosen) < count:
        topic = rng.choices(topics, weights=[_TOPIC_WEIGHTS[t] for t in topics])[0]
        if topic not in chosen:
            chosen.append(topic)
    joiner = rng.choice((" ", "\n\n", "\n"))
    for i, topic in enumerate(chosen):
        if i:
            b.add(joiner)
        _render(b, ctx, rng.choice(spec.topics[topic]))
    if rng.random() < 0.4:
        b.add(joiner + rng.choice(spec.closings))
    if rng.random() < 0.85:
        b.add("\n\n")
        _signature(b, ctx)
    if rng.random() < 0.08:
        b.add("\n\n" + spec.iphone)
    text = b.text
    if rng.random() < 0.04 and len(text.lower()) == len(text):
        text = text.lower()
    known: dict[str, str] = {}
    if rng.random() < 0.75:
        known = {"name": persona.name, "email": persona.email,
                 "phone": "+" + _PHONE_CC[persona.country] + persona.phone_nsn}
    return CorpusMessage(f"{locale}-{index:05d}", locale, text, tuple(b.gold), tuple(b.looks), known)


def generate_corpus(messages: int = 1000, seed: int = 2026) -> list[CorpusMessage]:
    """`messages` messages spread evenly over the five locales (en, de, fr, es, lt), deterministic per seed."""
    return [make_message(seed, i // len(LOCALES), LOCALES[i % len(LOCALES)]) for i in range(messages)]
