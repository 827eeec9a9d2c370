"""The intent classifier: learns, calibrates, abstains and round-trips through bytes."""

from __future__ import annotations

import random

import numpy as np
import pytest

from deskpilot.understand.calibration import expected_calibration_error, fit_temperature, softmax
from deskpilot.understand.intent import IntentClassifier, normalise

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
    return IntentClassifier(abstain_threshold=0.5).fit(texts, labels)


def test_learns_the_labels(model: IntentClassifier) -> None:
    texts, labels = _data(2, 15)
    preds = model.predict(texts)
    accuracy = sum(p.label == y for p, y in zip(preds, labels, strict=True)) / len(labels)
    assert accuracy >= 0.9
    assert all(abs(sum(prob for _, prob in p.top) - 1.0) < 1e-6 for p in preds)


def test_abstains_on_text_unlike_any_label() -> None:
    texts, labels = _data(1, 40)
    strict = IntentClassifier(abstain_threshold=0.8).fit(texts, labels)
    pred = strict.predict(["Would you like to partner with our wholesale agency in Milan?"])[0]
    assert pred.abstained and pred.label == "unknown"
    assert pred.top[0][0] in TEMPLATES


def test_bytes_round_trip_keeps_predictions_and_fingerprint(model: IntentClassifier) -> None:
    clone = IntentClassifier.from_bytes(model.to_bytes())
    texts, _ = _data(3, 5)
    assert [p.top for p in clone.predict(texts)] == [p.top for p in model.predict(texts)]
    assert clone.fingerprint == model.fingerprint and len(model.fingerprint) == 16
    with pytest.raises(ValueError):
        IntentClassifier.from_bytes(__import__("pickle").dumps({"format": "other"}))


def test_digits_and_placeholders_are_normalised() -> None:
    assert normalise("Order #W2611340 from <EMAIL_1>") == "order #w0000000 from  email "


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
