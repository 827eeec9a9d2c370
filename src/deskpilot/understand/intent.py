"""Intent classifier: word and character n-grams into a linear model, temperature-calibrated, with abstention."""

from __future__ import annotations

import hashlib
import io
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from deskpilot.understand.calibration import fit_temperature, softmax
from deskpilot.understand.text import message_body

UNKNOWN = "unknown"
FORMAT = "deskpilot-intent/1"
CALIBRATION_SHARE = 0.15
MIN_TEMPERATURE = 0.5
# A text less similar to every class centroid than nearly all held-out training texts is "unknown".
NOVELTY_PERCENTILE = 2.0
NOVELTY_SLACK = 0.9
_PLACEHOLDER = re.compile(r"<([A-Z_]+)_\d+>")
_DIGITS = re.compile(r"\d")


def normalise(text: str) -> str:
    """The message body (no greeting, sign-off or quotes), lowercased, placeholders reduced to their type, digits 0."""
    text = message_body(text)
    text = _PLACEHOLDER.sub(lambda m: f" {m.group(1).lower()} ", text)
    return _DIGITS.sub("0", text.lower())


@dataclass(frozen=True)
class IntentPrediction:
    """The label (or "unknown"), its calibrated probability, the top alternatives and whether it abstained."""

    label: str
    probability: float
    top: list[tuple[str, float]]
    abstained: bool
    similarity: float = 1.0


class IntentClassifier:
    """A per-deployment intent model trained on the deployment's own labelled conversations."""

    def __init__(self, *, abstain_threshold: float = 0.5, min_margin: float = 0.05, c: float = 20.0,
                 seed: int = 13) -> None:
        self.abstain_threshold = abstain_threshold
        self.min_margin = min_margin
        self.c = c
        self.seed = seed
        self.temperature = 1.0
        self.min_similarity = 0.0
        self._centroids: Any = None
        self._word: TfidfVectorizer | None = None
        self._char: TfidfVectorizer | None = None
        self._model: LogisticRegression | None = None
        self._bytes: bytes | None = None

    @property
    def labels(self) -> list[str]:
        """The labels the model knows."""
        return [str(c) for c in self._require().classes_]

    def _require(self) -> LogisticRegression:
        if self._model is None:
            raise RuntimeError("the intent classifier has not been fitted")
        return self._model

    def _features(self, texts: Sequence[str], fit: bool = False) -> Any:
        docs = [normalise(t) for t in texts]
        if fit:
            self._word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=200_000)
            self._char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                                         max_features=300_000)
            return hstack([self._word.fit_transform(docs), self._char.fit_transform(docs)]).tocsr()
        assert self._word is not None and self._char is not None
        return hstack([self._word.transform(docs), self._char.transform(docs)]).tocsr()

    def _fit_linear(self, texts: Sequence[str], labels: Sequence[str]) -> LogisticRegression:
        model = LogisticRegression(C=self.c, max_iter=2000)
        model.fit(self._features(texts, fit=True), list(labels))
        return model

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> IntentClassifier:
        """Fit on labelled texts; a held-out share first calibrates the temperature."""
        if len(texts) != len(labels):
            raise ValueError("texts and labels must have the same length")
        if len(set(labels)) < 2:
            raise ValueError("an intent model needs at least two labels")
        counts: dict[str, int] = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        can_hold_out = min(counts.values()) >= 2 and len(texts) * CALIBRATION_SHARE >= len(counts)
        if can_hold_out:
            fit_x, cal_x, fit_y, cal_y = train_test_split(list(texts), list(labels), test_size=CALIBRATION_SHARE,
                                                          random_state=self.seed, stratify=list(labels))
            probe = self._fit_linear(fit_x, fit_y)
            logits = probe.decision_function(self._features(cal_x))
            index = {c: i for i, c in enumerate(probe.classes_)}
            self.temperature = max(MIN_TEMPERATURE, fit_temperature(np.asarray(logits),
                                                                    np.asarray([index[y] for y in cal_y])))
            self._centroids = self._class_centroids(fit_x, fit_y, probe.classes_)
            held_out = self._similarities(cal_x)
            self.min_similarity = float(np.percentile(held_out, NOVELTY_PERCENTILE)) * NOVELTY_SLACK
        self._model = self._fit_linear(texts, labels)
        self._centroids = self._class_centroids(texts, labels, self._model.classes_)
        self._bytes = None
        return self

    def _class_centroids(self, texts: Sequence[str], labels: Sequence[str], classes: Any) -> np.ndarray:
        x = self._features(texts)
        y = np.asarray(labels)
        rows = []
        for label in classes:
            centroid = np.asarray(x[y == label].mean(axis=0)).ravel()
            rows.append(centroid / (np.linalg.norm(centroid) or 1.0))
        return np.vstack(rows)

    def _similarities(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each text to its closest class centroid (low means unlike the training data)."""
        x = self._features(texts)
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        sims = np.asarray(x @ self._centroids.T) / np.maximum(norms, 1e-12)[:, None]
        return sims.max(axis=1)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities (rows follow `texts`, columns follow `labels`)."""
        model = self._require()
        logits = np.asarray(model.decision_function(self._features(texts)))
        if logits.ndim == 1:  # binary problem: one logit column
            logits = np.stack([-logits, logits], axis=1) / 2
        return softmax(logits, self.temperature)

    def predict(self, texts: Sequence[str]) -> list[IntentPrediction]:
        """Predictions; "unknown" when the top probability or its margin is too small, or the text is novel."""
        if not texts:
            return []
        labels = self.labels
        similarities = self._similarities(texts) if self._centroids is not None else np.ones(len(texts))
        out: list[IntentPrediction] = []
        for row, similarity in zip(self.probabilities(texts), similarities, strict=True):
            order = np.argsort(-row)[:5]
            top = [(labels[i], float(row[i])) for i in order]
            margin = top[0][1] - (top[1][1] if len(top) > 1 else 0.0)
            abstained = (top[0][1] < self.abstain_threshold or margin < self.min_margin
                         or float(similarity) < self.min_similarity)
            out.append(IntentPrediction(UNKNOWN if abstained else top[0][0], top[0][1], top, abstained,
                                        round(float(similarity), 4)))
        return out

    def to_bytes(self) -> bytes:
        """Serialised model (stored as an artifact in the workspace's own database)."""
        if self._bytes is None:
            self._require()
            buffer = io.BytesIO()
            state = {"format": FORMAT, "abstain_threshold": self.abstain_threshold, "min_margin": self.min_margin,
                     "c": self.c, "seed": self.seed, "temperature": self.temperature,
                     "min_similarity": self.min_similarity, "centroids": self._centroids, "word": self._word,
                     "char": self._char, "model": self._model}
            pickle.dump(state, buffer, protocol=pickle.HIGHEST_PROTOCOL)
            self._bytes = buffer.getvalue()
        return self._bytes

    @classmethod
    def from_bytes(cls, data: bytes) -> IntentClassifier:
        """Load a model produced by `to_bytes` (only from the workspace's own artifact store)."""
        state = pickle.loads(data)  # noqa: S301 - artifacts are written by this process family only
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            raise ValueError("not a deskpilot intent model")
        clf = cls(abstain_threshold=state["abstain_threshold"], min_margin=state["min_margin"], c=state["c"],
                  seed=state["seed"])
        clf.temperature = state["temperature"]
        clf.min_similarity, clf._centroids = state["min_similarity"], state["centroids"]
        clf._word, clf._char, clf._model = state["word"], state["char"], state["model"]
        clf._bytes = data
        return clf

    @property
    def fingerprint(self) -> str:
        """sha256 of the serialised model (first 16 hex digits)."""
        return hashlib.sha256(self.to_bytes()).hexdigest()[:16]
