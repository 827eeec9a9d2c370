"""PII redaction: every structured identifier type, names, addresses, and no false positives."""

from __future__ import annotations

import pytest

from deskpilot.understand.pii import find_pii, redact, restore


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
