"""A tiny deterministic embedding backend for tests (loaded by "module:Class", like any other)."""

from __future__ import annotations

import hashlib
from typing import List

import numpy as np


class CountingEmbedder:
    """Bag of hashed words → unit vector; counts how many texts it was asked to embed."""

    name = "counting"
    dim = 16
    calls: List[List[str]] = []

    def embed(self, texts: List[str]) -> np.ndarray:
        CountingEmbedder.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)
