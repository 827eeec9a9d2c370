"""PII redaction: every structured identifier type, names, addresses, no false positives, and the seeded corpus."""

from __future__ import annotations

import re
from collections import Counter
from types import ModuleType

import phonenumbers
import pytest
from stdnum import iban, luhn
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.eu import vat
from stdnum.fr import nir
from stdnum.lt import asmens

from deskpilot.cli.bench import load_benchmark
from deskpilot.understand.pii import STRUCTURED_TYPES, find_pii, redact, restore
from deskpilot.understand.pii_corpus import LOCALES, CorpusMessage, Span, generate_corpus


def found(text: str, known: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(type, value) of every detected span."""
    return [(kind, text[start:end]) for kind, start, end in find_pii(text, known)]


@pytest.mark.parametrize(("text", "kind"), [
    ("write to anna.kowalska+shop@mail.example.com please", "EMAIL"),
    ("IBAN DE89 3704 0044 0532 0130 00 thanks", "IBAN"),
    ("IBAN LT121000011101001000", "IBAN"),
    ("card 4111 1111 1111 1111 was charged", "CARD"),
    ("our VAT id is DE136695976", "VAT_ID"),
    ("PVM kodas LT100001919017", "VAT_ID"),
    ("asmens kodas 33309240064", "LT_PERSONAL_CODE"),
    ("mi DNI es 54362315K", "ES_DNI"),
    ("NIE X2482300W", "ES_NIE"),
    ("NIR 2 95 10 99 126 111 93", "FR_NIR"),
    ("Steuer-ID 36574261809", "DE_TAX_ID"),
    ("from IP 192.168.10.4 this morning", "IP_ADDRESS"),
    ("from 2001:db8::8a2e:370:7334", "IP_ADDRESS"),
    ("call me on +370 612 34567", "PHONE"),
    ("Rückruf unter 0151 23456789", "PHONE"),
    ("appelez-moi au 06 12 34 56 78", "PHONE"),
    ("Ship it to Hauptstraße 5 please", "ADDRESS"),
    ("livrez au 12 rue de la Paix", "ADDRESS"),
    ("envíelo a Calle Mayor 12", "ADDRESS"),
    ("siųskite į Gedimino pr. 9", "ADDRESS"),
    ("my name is Jonas Petraitis and", "NAME"),
])
def test_each_type_is_found(text: str, kind: str) -> None:
    assert kind in {t for t, _, _ in find_pii(text)}, find_pii(text)


@pytest.mark.parametrize("text", [
    "Order #W2611340 of 12.03.2026 cost 536.65 EUR and €4.95 shipping.",
    "Tracking 1Z999AA10123456784 and RR123456785LT, parcel 357962501027.",
    "Bestellung #W7678072 vom 2026-11-20, Betrag 1.074,48 €, 3 Artikel.",
    "Commande #W2378156, 49,90 €, livrée le 20/11/2026 à 14:30.",
    "Version 2.4.1 of the app, 30 days, 14 business days, €10 credit.",
    "Rechnungsnummer 2026004512, Kundennummer 100234567, Bestellung vom 12.03.2026 um 14:30 Uhr, 1.074,48 €",
    "EAN 4006381333931, Art.-Nr. 1234567, Größe 42, 2 Stück à 19,99 €",
    "Parcel 00340434161094000000, DPD 01234567890123, marketplace order 302-1234567-1234567",
    "Numéro de suivi : LX123456789FR, livraison le 20 novembre entre 14h et 18h, SIRET 732 829 320 00074.",
    "el importe fue 1 234,56 € el 2026.03.12, incidencia 2026-118842, ref. 88-1203",
])
def test_no_false_positives_on_order_numbers_amounts_dates_and_tracking(text: str) -> None:
    assert find_pii(text) == []


def test_signature_names_and_known_fields_are_redacted_consistently() -> None:
    text = "Hello,\nRūta here, my email is ruta.k@example.lt.\n\nPagarbiai,\nRūta Kazlauskienė\n+370 612 34567"
    result = redact(text, known={"name": "Rūta Kazlauskienė", "email": "ruta.k@example.lt"})
    assert "Rūta" not in result.text and "ruta.k@" not in result.text and "34567" not in result.text
    assert "<EMAIL_1>" in result.text and "<PHONE_1>" in result.text
    assert restore(result.text, result.mapping) == text


def test_same_value_gets_the_same_placeholder_and_numbers_increase_per_type() -> None:
    result = redact("a@x.example b@x.example a@x.example")
    assert result.text == "<EMAIL_1> <EMAIL_2> <EMAIL_1>"
    assert result.counts() == {"EMAIL": 2}
    assert [e.placeholder for e in result.entities] == ["<EMAIL_1>", "<EMAIL_2>", "<EMAIL_1>"]


def test_checksums_reject_lookalikes() -> None:
    assert find_pii("card 4111 1111 1111 1112 and IBAN DE89 3704 0044 0532 0130 01") == []


# --- unit cases for the hardening fixes ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("auf DE60-2004-1133-3402-4758-13, die Karte", ("IBAN", "DE60-2004-1133-3402-4758-13")),
    ("iban gb37loyd85794007659090.", ("IBAN", "gb37loyd85794007659090")),
    ("IBAN: lt71 4010 0784 0357 4751", ("IBAN", "lt71 4010 0784 0357 4751")),
    ("número de IVA ES-B09148875 a la factura", ("VAT_ID", "ES-B09148875")),
    ("intracomunitario es ES 24060661Q; no aparece", ("VAT_ID", "ES 24060661Q")),
    ("TVA BE 1855.381.257 sur la facture", ("VAT_ID", "BE 1855.381.257")),
    ("TVA intracommunautaire est FR 23 492 760 327 ; il manque", ("VAT_ID", "FR 23 492 760 327")),
    ("mit unserer ust-idnr. de858277016 und", ("VAT_ID", "de858277016")),
    ("DNI 50.342.125-R, Camino", ("ES_DNI", "50.342.125-R")),
    ("dni 03460575h, por favor", ("ES_DNI", "03460575h")),
    ("Mi NIE es Z-9013122-W, me lo pide la aduana", ("ES_NIE", "Z-9013122-W")),
    ("N° de sécu : 257104400156840", ("FR_NIR", "257104400156840")),
])
def test_identifier_formats_found_after_hardening(text: str, expected: tuple[str, str]) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("le livreur peut me joindre au 06.74.17.87.90.", "06.74.17.87.90"),
    ("avec le numéro 07-91-95-95-80, mais", "07-91-95-95-80"),
    ("Rückruf bitte unter Tel.-Nr. 0175/04559915.", "0175/04559915"),
    ("Telefon: (0176) 92770464", "(0176) 92770464"),
    ("dejó un aviso con el teléfono 954981159, pero", "954981159"),
    ("Teléfono: (+34) 666518610", "(+34) 666518610"),
    ("Teléfono: 0034 658465819", "0034 658465819"),
    ("He cambiado de número, ahora es el 711150589.", "711150589"),
    ("Tel. nr. 8 634 29379", "8 634 29379"),
    ("the landline (020) 4609 8773 is", "(020) 4609 8773"),
])
def test_phone_formats_found_after_hardening(text: str, expected: str) -> None:
    assert found(text) == [("PHONE", expected)]


@pytest.mark.parametrize("text", [
    "nuskaičiavote du kartus: 10,00 € 04.04.2025 9.30 val., abu kartus",  # date + time
    "Kažkas 07-18 16.40 val. prisijungė",  # month-day + time
    "Die Rücksendung lief mit Sendungsnummer 06458303381995.",  # 14-digit parcel number with a leading 0
    "Ich hatte mit Verwendungszweck 0755064826 überwiesen.",  # bank-transfer reference
    "Die App (2.5.0.133) sagt, das Konto existiert nicht.",  # four-part version, valid as IPv4
    "kompatibel mit der Firmware 1.10.8.205?",
    "Die Paketnummer ist 97976725464, die Zustellung",  # 11 digits valid as an LT code starting with 9
    "The parcel number is 91340733681 and",  # 11 digits valid as a German tax id
    "El formulario rechaza ES06 0182 4989 8194 0611 4652 como no válido.",  # Luhn-valid run inside a bad IBAN
    "colis retour EE245203468FR, merci",  # UPU tracking code that starts with a valid Estonian VAT id
    "EAN 4006381333931 and 5901234123457",
])
def test_lookalikes_rejected_after_hardening(text: str) -> None:
    assert find_pii(text) == []


def test_ip_with_a_label_is_kept_even_after_version_words() -> None:
    assert found("after the app update my IP 2.5.0.133 was blocked") == [("IP_ADDRESS", "2.5.0.133")]


def test_fifteen_digit_numbers_are_cards_only_with_an_amex_prefix() -> None:
    assert found("card 378282246310005") == [("CARD", "378282246310005")]
    assert found("code 257104400156841") == []  # Luhn-valid, but 15 digits not starting 34/37


@pytest.mark.parametrize(("text", "expected"), [
    ("Hallo Frau Berger,\n\nder Paketbote", "Berger"),
    ("Hola, Miguel:\n\nDatos del pedido", "Miguel"),
    ("Danke für die Hilfe.\n\nThanks, Harry", "Harry"),
    ("Mit freundlichen Grüßen\n\nDr. Ursula Müller", "Ursula Müller"),
    ("Sincerely,\nSarah O'Sullivan", "Sarah O'Sullivan"),
    ("My name is George McCarthy and", "George McCarthy"),
    ("Viele Grüße\nMatthias Yılmaz", "Matthias Yılmaz"),
    ("Iš anksto ačiū,\nŠarūnas Stankevičius", "Šarūnas Stankevičius"),
    ("Un abrazo,\nJosé Luis García Castaño", "José Luis García Castaño"),
    ("please leave it with my neighbour Patrick Jones at", "Patrick Jones"),
    ("Factura a nombre de Lucía Pérez, por favor", "Lucía Pérez"),
    ("Guten Tag, Katharina hier.", "Katharina"),
    ("Soy María José.", "María José"),
    ("Merci pour votre aide. Merci, Claire Dubois", "Claire Dubois"),
])
def test_names_found_after_hardening(text: str, expected: str) -> None:
    assert ("NAME", expected) in found(text), found(text)


@pytest.mark.parametrize("text", [
    "Liebe Grüße, Felix",  # the sign-off is not a name
    "Guten Tag, Bankverbindung: siehe unten",  # a capitalised German noun after a greeting
    "Merci d'avance.\n\nCordialement\n",
    "Dear Lumio team,\nthe parcel",
    "Je n'ai toujours rien reçu. Merci Beaucoup",
    "Still nothing. Many Thanks",
    "This is Unacceptable!",
])
def test_sign_offs_and_nouns_are_not_names(text: str) -> None:
    names = [value for kind, value in found(text) if kind == "NAME"]
    not_names = {"Grüße", "Bankverbindung", "Cordialement", "Lumio", "Beaucoup", "Thanks", "Unacceptable"}
    assert not set(names) & not_names, names


@pytest.mark.parametrize(("text", "expected"), [
    ("aber bei Friedrich-Ebert-Straße 59b ist nichts", "Friedrich-Ebert-Straße 59b"),
    ("aber bei Am Markt 69b ist nichts", "Am Markt 69b"),
    ("Münchner Ring 8b, 04109 Leipzig", "Münchner Ring 8b"),
    ("nothing arrived at 14B Station Mews.", "14B Station Mews"),
    ("à l'adresse suivante : 132 ter rue du Général de Gaulle, 13001 Marseille", "132 ter rue du Général de Gaulle"),
    ("en c/ Doctor Fleming, n.º 54.", "c/ Doctor Fleming, n.º 54"),
    ("pristatyti adresu Taikos pr. 33A, LT-44248 Kaunas", "Taikos pr. 33A"),
    ("gyvenu Gedimino pr. 9-12, Vilniuje", "Gedimino pr. 9-12"),
])
def test_addresses_found_after_hardening(text: str, expected: str) -> None:
    assert ("ADDRESS", expected) in found(text), found(text)


# --- the seeded corpus -----------------------------------------------------------------------------------------

_VALIDATORS = {
    "IBAN": iban.is_valid, "CARD": lambda v: luhn.is_valid(re.sub(r"\D", "", v)), "VAT_ID": vat.is_valid,
    "LT_PERSONAL_CODE": asmens.is_valid, "ES_DNI": dni.is_valid, "ES_NIE": nie.is_valid, "FR_NIR": nir.is_valid,
    "DE_TAX_ID": idnr.is_valid,
}


@pytest.fixture(scope="module")
def corpus() -> list[CorpusMessage]:
    return generate_corpus(400, seed=11)


def test_corpus_is_deterministic_balanced_and_sliceable() -> None:
    big = generate_corpus(1000)
    assert generate_corpus(1000) == big
    assert generate_corpus(40) == big[:40]
    assert generate_corpus(40, seed=3) != big[:40]
    assert Counter(m.locale for m in big) == {locale: 200 for locale in LOCALES}


def test_corpus_gold_values_carry_valid_check_digits(corpus: list[CorpusMessage]) -> None:
    checked: Counter[str] = Counter()
    for message in corpus:
        for span in message.gold:
            value = message.text[span.start:span.end]
            if span.kind in _VALIDATORS:
                compact = re.sub(r"[\s.-]", "", value).upper()
                assert _VALIDATORS[span.kind](compact), (message.id, span.kind, value)
                checked[span.kind] += 1
            elif span.kind == "PHONE":
                regions = {"en": ("GB", "IE"), "de": ("DE",), "fr": ("FR",), "es": ("ES",), "lt": ("LT",)}
                assert any(phonenumbers.is_valid_number(phonenumbers.parse(value, region))
                           for region in regions[message.locale]), (message.id, value)
                checked[span.kind] += 1
    assert set(checked) == {*_VALIDATORS, "PHONE"}


def test_corpus_checksum_lookalikes_fail_their_checksum(corpus: list[CorpusMessage]) -> None:
    seen = 0
    for message in corpus:
        for span in message.lookalikes:
            compact = re.sub(r"[\s.-]", "", message.text[span.start:span.end]).upper()
            if span.kind == "BAD_IBAN":
                assert not iban.is_valid(compact)
                seen += 1
            elif span.kind == "BAD_CARD":
                assert not luhn.is_valid(compact)
                seen += 1
    assert seen > 10


def test_corpus_spans_are_inside_the_text_and_gold_never_overlaps_lookalikes(corpus: list[CorpusMessage]) -> None:
    for message in corpus:
        for span in (*message.gold, *message.lookalikes):
            assert 0 <= span.start < span.end <= len(message.text)
            assert message.text[span.start:span.end].strip() == message.text[span.start:span.end]
        for g in message.gold:
            assert all(g.end <= s.start or g.start >= s.end for s in message.lookalikes), message.id


def test_corpus_slice_is_redacted_exactly() -> None:
    """The first 40 messages of the default corpus: structured spans exact, no look-alike touched."""
    messages = generate_corpus(40)
    gold_counts = Counter(g.kind for m in messages for g in m.gold)
    assert gold_counts == {"NAME": 53, "PHONE": 25, "EMAIL": 16, "ADDRESS": 13, "VAT_ID": 10, "IBAN": 7, "CARD": 3,
                           "FR_NIR": 3, "DE_TAX_ID": 2, "LT_PERSONAL_CODE": 2, "ES_NIE": 1, "IP_ADDRESS": 1}
    assert sum(len(m.lookalikes) for m in messages) == 64
    for m in messages:
        spans = find_pii(m.text, m.known)
        predicted = {(k, s, e) for k, s, e in spans if k in STRUCTURED_TYPES}
        assert predicted == {(g.kind, g.start, g.end) for g in m.gold if g.kind in STRUCTURED_TYPES}, m.id
        assert not any(s < la.end and la.start < e for _, s, e in spans for la in m.lookalikes), m.id
    first = messages[1]
    assert first.id == "de-00000" and first.text.startswith("Moin,\nFür die Rechnung brauchen Sie")
    assert first.text[first.gold[0].start:first.gold[0].end] == "10389846524"


# --- the benchmark's scoring -----------------------------------------------------------------------------------

def _bench_module() -> ModuleType:
    return load_benchmark("pii")


def test_bench_counts_a_gold_span_as_found_at_eighty_percent_same_type_coverage() -> None:
    bench = _bench_module()
    message = CorpusMessage("x", "en", "a" * 40, (Span("PHONE", 10, 20),), (Span("DATE", 30, 35),))
    P = bench.Prediction
    assert bench.score_message(message, [P("PHONE", 12, 25)]).found == [True]  # 8 of 10 characters
    assert bench.score_message(message, [P("PHONE", 13, 25)]).found == [False]  # 7 of 10
    wrong_type = bench.score_message(message, [P("CARD", 10, 20)])
    assert wrong_type.found == [False] and wrong_type.correct == [False]
    assert wrong_type.confusions == [("PHONE", "CARD")]
    over = bench.score_message(message, [P("PHONE", 10, 20), P("NAME", 34, 38)])
    assert over.correct == [True, False] and over.redacted_lookalikes == [True]


def test_bench_runs_on_a_small_corpus_and_reports_the_targets() -> None:
    result = _bench_module().main(["--messages", "25", "--no-real"], json_out=True)
    assert result["messages"] == 25 and set(result["per_locale"]) == set(LOCALES)
    assert result["structured"]["recall"] == 1.0 and result["false_positive_rate"] == 0.0
    assert result["targets"]["met"] is True and "_scores" not in result
