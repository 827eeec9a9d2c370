"""The verifier on hand-built drafts: support, numbers, time units and negation in every first language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
import pytest

from deskpilot.domain.enums import Channel, ConversationStatus
from deskpilot.domain.models import Clause, Conversation
from deskpilot.drafting.composer import ComposedDraft, DraftSentence
from deskpilot.drafting.verifier import (
    Verifier,
    VerifyStage,
    missing_numbers,
    negation_mismatch,
    quantities,
    swapped_numbers,
    time_units,
    unit_mismatches,
    unknown_names,
)
from deskpilot.pipeline import PipelineContext

# The demo returns policy, clause 1.1, in the five first languages (sentence, then its cited evidence).
RETURNS = {
    "en": "You can return any item within 30 days of delivery, which is longer than the 14-day right of "
          "withdrawal set by EU law.",
    "de": "Sie können jeden Artikel innerhalb von 30 Tagen nach der Zustellung zurückgeben – das ist länger als "
          "die 14-tägige Widerrufsfrist, die das EU-Recht vorsieht.",
    "fr": "Vous pouvez retourner tout article dans un délai de 30 jours à compter de la livraison, soit davantage "
          "que le délai de rétractation de 14 jours prévu par la législation de l'UE.",
    "es": "Puede devolver cualquier artículo en un plazo de 30 días desde la entrega, un plazo más amplio que los "
          "14 días del derecho de desistimiento que establece la normativa de la UE.",
    "lt": "Bet kurią prekę galite grąžinti per 30 dienų nuo pristatymo – tai ilgiau nei ES teisės aktuose "
          "numatyta 14 dienų teisė atsisakyti sutarties.",
}
# The same clause with 30 days made 30 weeks.
WEEKS = {
    "en": RETURNS["en"].replace("30 days", "30 weeks"),
    "de": RETURNS["de"].replace("30 Tagen", "30 Wochen"),
    "fr": RETURNS["fr"].replace("30 jours", "30 semaines"),
    "es": RETURNS["es"].replace("30 días", "30 semanas"),
    "lt": RETURNS["lt"].replace("30 dienų", "30 savaičių"),
}
# Gift cards cannot be returned (evidence) / can be returned (negation dropped).
GIFT_CARDS = {
    "en": ("Gift cards cannot be returned.", "Gift cards can be returned."),
    "de": ("Geschenkkarten können nicht zurückgegeben werden.", "Geschenkkarten können zurückgegeben werden."),
    "fr": ("Les cartes cadeaux ne peuvent pas être retournées.", "Les cartes cadeaux peuvent être retournées."),
    "es": ("Las tarjetas regalo no se pueden devolver.", "Las tarjetas regalo se pueden devolver."),
    "lt": ("Dovanų kortelių grąžinti negalima.", "Dovanų kortelių grąžinti galima."),
}
# A negation added to the returns clause.
NEGATED = {
    "en": RETURNS["en"].replace("You can return", "You cannot return"),
    "de": RETURNS["de"].replace("Sie können jeden", "Sie können keinen"),
    "fr": RETURNS["fr"].replace("Vous pouvez retourner", "Vous ne pouvez pas retourner"),
    "es": RETURNS["es"].replace("Puede devolver", "No puede devolver"),
    "lt": RETURNS["lt"].replace("galite", "negalite"),
}
CONNECTORS = {"en": "Please note that you", "de": "Bitte beachten Sie: Sie", "fr": "Veuillez noter que vous",
              "es": "Tenga en cuenta que puede", "lt": "Atkreipkite dėmesį, kad bet"}
PROMISES = {"en": "We will also refund you twice the amount.", "de": "Wir erstatten Ihnen außerdem den doppelten "
            "Betrag.", "fr": "Nous vous rembourserons également le double du montant.",
            "es": "Además, le reembolsaremos el doble del importe.", "lt": "Be to, grąžinsime Jums dvigubą sumą."}


def clause(text: str, locale: str, n: int = 1) -> Clause:
    return Clause(key=f"{locale}/returns-policy#1.{n}", article_key=f"{locale}/returns-policy", version=1,
                  position=n, text=text, locale=locale, article_title="Returns policy")


def draft(locale: str, claims: Sequence[str], evidence: Sequence[str], *, facts: dict[str, str] | None = None,
          fact_sentences: Sequence[str] = ()) -> ComposedDraft:
    """A draft whose i-th claim cites the i-th evidence clause (the last clause when there are fewer)."""
    cited = {n: clause(text, locale, n) for n, text in enumerate(evidence, start=1)}
    sentences = [DraftSentence("Thank you for your message.", "template"),
                 *(DraftSentence(t, "fact") for t in fact_sentences),
                 *(DraftSentence(t, "claim", [min(i, len(evidence))]) for i, t in enumerate(claims, start=1)),
                 DraftSentence("Reply if you need anything else.", "template")]
    return ComposedDraft(locale=locale, greeting="Hello,", sentences=sentences, cited=cited, closing=["Bye"],
                         model_version="test", prompt_version="test", fact_values=dict(facts or {}))


def claim_checks(d: ComposedDraft, verifier: Verifier | None = None) -> list[bool]:
    v = (verifier or Verifier()).verify(d)
    return [c.supported for c in v.checks if c.kind == "claim"]


LOCALES = list(RETURNS)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_cited_clause_itself_and_a_connector_paraphrase_are_kept(locale: str) -> None:
    paraphrase = CONNECTORS[locale] + RETURNS[locale].split(maxsplit=1)[1]
    v = Verifier().verify(draft(locale, [RETURNS[locale], paraphrase], [RETURNS[locale]]))
    claims = [c for c in v.checks if c.kind == "claim"]
    assert [c.supported for c in claims] == [True, True], [c.reasons for c in claims]
    assert claims[0].lexical_support == 1.0 and claims[1].lexical_support < 1.0
    assert v.sendable and v.removed == 0 and v.support_ratio == 1.0


@pytest.mark.parametrize("locale", LOCALES)
def test_a_changed_number_is_removed(locale: str) -> None:
    wrong = RETURNS[locale].replace("30", "60")
    check = Verifier().verify(draft(locale, [wrong], [RETURNS[locale]])).checks[1]
    assert not check.supported and check.missing_numbers == ["60"]
    assert check.lexical_support == 1.0  # the words alone would have passed


@pytest.mark.parametrize("locale", LOCALES)
def test_a_number_moved_to_another_deadline_is_removed(locale: str) -> None:
    head = RETURNS[locale].split(" – ")[0].split(", ")[0]  # the main clause: "you can return … within 30 days"
    moved = head.replace("30", "14") + "."
    assert missing_numbers(moved, RETURNS[locale]) == []  # 14 is in the clause, for the legal withdrawal right
    assert swapped_numbers(moved, RETURNS[locale], locale) == ["14 where the evidence says 30"]
    assert claim_checks(draft(locale, [moved, head + "."], [RETURNS[locale]])) == [False, True]


@pytest.mark.parametrize("locale", LOCALES)
def test_days_made_weeks_is_a_unit_mismatch(locale: str) -> None:
    mismatches = unit_mismatches(WEEKS[locale], RETURNS[locale], locale)
    assert "30 week (evidence: 30 day)" in mismatches and "week not in evidence" in mismatches
    check = Verifier().verify(draft(locale, [WEEKS[locale]], [RETURNS[locale]])).checks[1]
    assert not check.supported and check.unit_mismatches == mismatches


@pytest.mark.parametrize("locale", LOCALES)
def test_a_dropped_negation_is_removed(locale: str) -> None:
    evidence, dropped = GIFT_CARDS[locale]
    assert negation_mismatch(evidence, evidence, locale) is None
    reason = negation_mismatch(dropped, evidence, locale)
    assert reason is not None and reason.startswith("dropped negation")
    assert claim_checks(draft(locale, [dropped, evidence], [evidence])) == [False, True]


@pytest.mark.parametrize("locale", LOCALES)
def test_an_added_negation_is_removed(locale: str) -> None:
    reason = negation_mismatch(NEGATED[locale], RETURNS[locale], locale)
    assert reason is not None and reason.startswith("added negation")
    assert claim_checks(draft(locale, [NEGATED[locale]], [RETURNS[locale]])) == [False]


def test_a_negation_at_the_end_of_a_german_clause_governs_the_word_before_it() -> None:
    evidence = "Die Meldefrist schränkt Ihre Gewährleistung, die bei der Zustellung bestand, nicht ein."
    assert negation_mismatch(evidence.replace(" nicht", ""), evidence, "de") is not None


def test_lithuanian_words_that_merely_start_with_ne_are_no_negation() -> None:
    evidence = "Grąžinimas nemokamas, nes siuntą apmoka Lumio Market."
    assert negation_mismatch("Grąžinimas nemokamas.", evidence, "lt") is None
    assert negation_mismatch("Grąžinimas mokamas.", evidence, "lt") is not None


@pytest.mark.parametrize("locale", LOCALES)
def test_an_invented_promise_has_no_support(locale: str) -> None:
    check = Verifier().verify(draft(locale, [PROMISES[locale]], [RETURNS[locale]])).checks[1]
    assert not check.supported and check.lexical_support < 0.6
    assert any(r.startswith("support") for r in check.reasons)


def test_quantities_read_currencies_ranges_and_working_days() -> None:
    assert quantities("Delivery time: 1–3 business days; cost €4.95 (free over €50)", "en") == [
        ("1", "workday"), ("3", "workday"), ("4.95", "eur"), ("50", "eur")]
    assert quantities("5,95 € werden abgezogen, 14-tägige Frist, 5 Werktage", "de") == [
        ("5.95", "eur"), ("14", "day"), ("5", "workday")]
    assert quantities("per 5 darbo dienas, 9,95 €", "lt") == [("5", "workday"), ("9.95", "eur")]
    assert quantities("en 10 días hábiles", "es") == [("10", "workday")]
    assert time_units("Savaitgaliais užsakymai apdorojami kitą darbo dieną.", "lt") == {"day"}  # weekend ≠ week


def test_numbers_compare_as_values_and_as_often_as_stated() -> None:
    assert missing_numbers("€4.95 at 08:00", "4,95 € ab 8:00") == []
    assert missing_numbers("30 days and another 30 days", "within 30 days") == ["30"]


def test_a_fact_sentence_must_match_the_looked_up_values() -> None:
    facts = {"order_id": "W2611340", "status": "shipped", "shipped": "12/03/2026"}
    d = draft("en", [RETURNS["en"]], [RETURNS["en"]], facts=facts,
              fact_sentences=["Your order W2611340 is shipped.", "It was shipped on 13/03/2026."])
    v = Verifier().verify(d)
    assert [(c.kind, c.supported) for c in v.checks[1:4]] == [("fact", True), ("fact", False), ("claim", True)]
    assert v.checks[2].missing_numbers == ["13"]


def test_a_claim_without_a_cited_clause_is_unsupported() -> None:
    d = draft("en", [RETURNS["en"]], [RETURNS["en"]])
    d.sentences[1] = DraftSentence(RETURNS["en"], "claim", [9])
    check = Verifier().verify(d).checks[1]
    assert not check.supported and "no evidence" in check.reasons


def test_removed_sentences_leave_the_rendered_reply_and_a_draft_without_support_is_not_sendable() -> None:
    good, bad = RETURNS["en"], RETURNS["en"].replace("30", "60")
    v = Verifier().verify(mixed := draft("en", [good, bad], [good]))
    assert v.keep == [True, True, False, True] and v.removed == 1 and v.supported_claims == 1 and v.sendable
    rendered = mixed.render(v.keep)
    assert "30 days" in rendered and "60 days" not in rendered
    only_bad = Verifier().verify(draft("en", [bad, PROMISES["en"]], [good]))
    assert only_bad.supported_claims == 0 and not only_bad.sendable and only_bad.support_ratio == 0.0


class TableEmbedder:
    """A stand-in embedder: fixed unit vectors per text, so cosines are chosen by the test."""

    name = "table"
    dim = 2

    def __init__(self, angles: dict[str, float]) -> None:
        self.angles = angles
        self.calls: list[list[str]] = []

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[np.cos(self.angles[t]), np.sin(self.angles[t])] for t in texts], dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([text])[0]


def test_semantic_support_blends_with_lexical_support_and_embeds_each_text_once() -> None:
    evidence = "Returned items must be unused, complete and in their original packaging."
    reworded = "Items you send back must be unused, whole and in the box they came in."
    promise = "Unused complete items in original packaging are yours for free."
    close, far = float(np.arccos(0.95)), float(np.arccos(0.70))
    embedder = TableEmbedder({evidence: 0.0, reworded: close, promise: far})
    lexical_only = Verifier().verify(draft("en", [reworded], [evidence])).checks[1]
    assert not lexical_only.supported and lexical_only.semantic_support is None
    verifier = Verifier(embedder=embedder, semantic_weight=0.5, semantic_low=0.8, semantic_high=0.92)
    v = verifier.verify(draft("en", [reworded, promise], [evidence]))
    kept, invented = v.checks[1], v.checks[2]
    assert kept.semantic_support == pytest.approx(0.95, abs=1e-3)
    assert kept.support == pytest.approx(0.5 * kept.lexical_support + 0.5, abs=1e-3) and kept.supported
    assert invented.lexical_support >= 0.6 and invented.support < 0.6 and not invented.supported
    verifier.verify(draft("en", [reworded], [evidence]))
    assert sum(len(c) for c in embedder.calls) == 3  # cached: every text embedded once


def test_verify_stage_fills_the_context() -> None:
    conversation = Conversation(source="t", external_id="1", channel=Channel.EMAIL, status=ConversationStatus.NEW,
                                created_at=datetime(2026, 3, 1, tzinfo=UTC))
    ctx = PipelineContext(conversation=conversation, customer_text="x")
    stage = VerifyStage()
    stage.warm_up()
    stage.run(ctx)
    assert ctx.verification is None
    ctx.draft = draft("en", [RETURNS["en"]], [RETURNS["en"]])
    stage.run(ctx)
    assert ctx.verification is not None and ctx.verification.sendable


@pytest.mark.parametrize(("locale", "evidence", "swapped"), [
    ("en", "Returns are free from Lithuania, Latvia, Estonia and Germany.",
     "Returns are free from Lithuania, Latvia, Estonia and France."),
    ("fr", "Les retours sont gratuits depuis la Lituanie, la Lettonie, l'Estonie et l'Allemagne.",
     "Les retours sont gratuits depuis la Lituanie, la Lettonie, l'Estonie et la France."),
    ("es", "Las devoluciones son gratuitas desde Lituania, Letonia, Estonia y Alemania.",
     "Las devoluciones son gratuitas desde Lituania, Letonia, Estonia y Francia."),
    ("lt", "Prekių grąžinimas iš Lietuvos, Latvijos, Estijos ir Vokietijos yra nemokamas.",
     "Prekių grąžinimas iš Lietuvos, Latvijos, Estijos ir Prancūzijos yra nemokamas."),
])
def test_a_name_the_evidence_never_mentions_is_removed(locale: str, evidence: str, swapped: str) -> None:
    assert unknown_names(evidence, evidence, locale) == []
    check = Verifier().verify(draft(locale, [swapped, evidence], [evidence])).checks[1:3]
    assert [c.supported for c in check] == [False, True]
    assert len(check[0].unknown_names) == 1 and check[0].lexical_support >= 0.6  # the words alone would pass


def test_german_capitals_are_nouns_not_names() -> None:
    evidence = "Rücksendungen aus Litauen und Deutschland sind kostenlos."
    assert unknown_names("Bitte beachten Sie: Rücksendungen aus Litauen sind gebührenfrei.", evidence, "de") == []


def test_polite_pronouns_and_sentence_openers_are_no_names() -> None:
    evidence = "Lumio Market grąžina pinigus per 14 dienų."
    assert unknown_names("Atkreipkite dėmesį, kad Jums Lumio Market grąžina pinigus. Jūsų pinigai.", evidence,
                         "lt") == []
    assert unknown_names("Then I will ship it with DHL.", "We ship it.", "en") == ["DHL"]
