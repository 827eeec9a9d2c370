"""bench/verifier.py: paraphrases stay true, injections change what a sentence says, scoring counts them right."""

from __future__ import annotations

import random
from types import ModuleType

import pytest

from deskpilot.cli.bench import load_benchmark
from deskpilot.domain.models import Clause
from deskpilot.drafting.composer import ComposedDraft, DraftSentence
from deskpilot.drafting.verifier import Verifier


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("verifier")


def test_connector_and_main_clause_paraphrases(bench: ModuleType) -> None:
    text = "You can return any item within 30 days of delivery, which is longer than the 14-day right."
    assert bench.connector_paraphrase(text, "en") == ("Please note that you can return any item within 30 days of "
                                                      "delivery, which is longer than the 14-day right.")
    assert bench.connector_paraphrase("Lumio Market ships to the EU.", "en").startswith("Please note that Lumio")
    assert bench.connector_paraphrase("Il est gratuit.", "fr") == "Veuillez noter qu'il est gratuit."
    assert bench.main_clause(text, "en") == "You can return any item within 30 days of delivery."
    assert bench.main_clause("If the box is damaged, take a photo of it before opening it.", "en") is None
    assert bench.main_clause("Personalised items, hygiene products and gift cards cannot be returned.", "en") is None


def test_injections_change_numbers_units_and_negation(bench: ModuleType) -> None:
    rng = random.Random(1)
    assert bench.change_number("Standard shipping costs €4.95.", rng) == "Standard shipping costs €2.95."
    assert bench.change_number("Within 30 days.", rng) == "Within 60 days."
    assert bench.change_number("Within 7 days, not 14 days.", random.Random(0)) in (
        "Within 15 days, not 14 days.", "Within 7 days, not 8 days.")  # never a value the sentence already holds
    assert bench.change_unit("Refunds take 5–10 business days.", "en") == "Refunds take 5–10 business weeks."
    assert bench.change_unit("per 14 dienų nuo pristatymo", "lt") == "per 14 savaičių nuo pristatymo"
    assert bench.change_unit("innerhalb von 30 Tagen", "de") == "innerhalb von 30 Wochen"
    assert bench.flip_negation("Gift cards cannot be returned.", "en") == "Gift cards can be returned."
    assert bench.flip_negation("Returns are free.", "en") == "Returns are not free."
    assert bench.flip_negation("Rücksendungen sind kostenlos.", "de") == "Rücksendungen sind nicht kostenlos."
    assert bench.flip_negation("Vous pouvez retourner l'article.", "fr") == "Vous ne pouvez pas retourner l'article."
    assert bench.flip_negation("Votre compte est bloqué.", "fr") == "Votre compte n'est pas bloqué."
    assert bench.flip_negation("No es necesario devolverlo.", "es") == "Es necesario devolverlo."
    assert bench.flip_negation("Prekę galite grąžinti.", "lt") == "Prekę negalite grąžinti."
    assert bench.flip_negation("Prekių pakeisti negalima.", "lt") == "Prekių pakeisti galima."
    assert all(len(bench.PROMISES[loc]) == 8 for loc in bench.LOCALES)


def test_evaluate_labels_and_scores_every_case(bench: ModuleType) -> None:
    text = "You can return any item within 30 days of delivery, which is longer than the 14-day right."
    clause = Clause(key="en/returns-policy#1.1", article_key="en/returns-policy", version=1, position=1, text=text,
                    locale="en", article_title="Returns policy")
    draft = ComposedDraft(locale="en", greeting="Hi,", sentences=[
        DraftSentence("Thanks for writing.", "template"), DraftSentence(text, "claim", [1])],
        cited={1: clause}, closing=["Bye"], model_version="t", prompt_version="t")
    outcomes, sendable = bench.evaluate([draft], Verifier(), seed=7)
    kinds = sorted(o.case.kind for o in outcomes)
    assert kinds == sorted(["as_composed", "connector", "main_clause", "number", "unit", "negation", "promise",
                            "unrelated"])
    unrelated = next(o.case.text for o in outcomes if o.case.kind == "unrelated")
    assert "return" not in unrelated.lower()  # drawn from neither the returns policy nor a related article
    summary = bench.summarize(outcomes, sendable)
    assert summary["good_sentences"] == 3 and summary["bad_sentences"] == 5
    assert summary["false_removal"] == 0.0 and summary["recall"] == 1.0
    assert summary["sendable"] == {"original": 1.0, "after_injection_and_removal": 1.0, "injected_only": 0.0}
