"""Free-text search over programmes and examples: keyword (BM25) and embedding similarity.

"Wir wollen, dass Bürger Schlaglöcher per Handy melden" shares few words with the entry it
needs, so a keyword ranking alone misses it; an embedding ranking alone sometimes prefers a
fluent but off-topic entry. The hybrid adds both rankings by weighted reciprocal rank fusion,
which needs no score calibration between the two. The weights were measured on the labelled
needs (docs/benchmarks.md): equal weights lose to embeddings alone, 0.8 : 0.2 wins.

The caller's hard filters (Land, applicant type, status) are applied *before* ranking: an
entry that fails them is never a candidate, however similar it is.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Generic, List, Optional, Sequence, TypeVar, Union

import numpy as np
from rank_bm25 import BM25Okapi
from snowballstemmer import stemmer

from knowledge.embeddings import BackendUnavailable, CachedEmbedder, load_embedder
from knowledge.parsing import fold
from knowledge.schema import Example, Programme
from knowledge.vocabulary import MUNICIPALITY_TYPE_FORMS, STATE_FORMS, TASK_AREAS

log = logging.getLogger(__name__)

CACHE_DIR = Path(__file__).resolve().parent.parent / "build" / "embeddings"
RRF_K = 20  # small k: with ~100 entries the top ranks should weigh clearly more
EMBEDDING_WEIGHT = 0.8  # keyword ranking gets the rest
MODES = ("bm25", "embedding", "hybrid")

Entry = Union[Programme, Example]
E = TypeVar("E", Programme, Example)

_STEMMER = stemmer("german")
_WORD = re.compile(r"[a-z0-9]+")
# Words every question and entry shares; they only add noise to the keyword ranking.
_STOPWORDS = frozenset(
    fold(w)
    for w in [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "und",
        "oder",
        "für",
        "mit",
        "von",
        "zu",
        "zum",
        "zur",
        "im",
        "in",
        "auf",
        "an",
        "aus",
        "bei",
        "ist",
        "sind",
        "wir",
        "ihr",
        "sie",
        "es",
        "gibt",
        "gibt's",
        "wie",
        "was",
        "wer",
        "welche",
        "welcher",
        "welches",
        "kann",
        "können",
        "möchten",
        "wollen",
        "werden",
        "wird",
        "wurde",
        "haben",
        "hat",
        "unser",
        "unsere",
        "unseren",
        "uns",
        "noch",
        "auch",
        "als",
        "so",
        "dass",
        "daß",
        "mal",
        "bitte",
        "gern",
        "gerne",
        "eigentlich",
        "schon",
        "dafür",
        "dazu",
        "etwas",
        "man",
        "sich",
        "kommune",
        "kommunen",
        "gemeinde",
        "stadt",
        "förderung",
        "förderungen",
        "förderprogramm",
        "förderprogramme",
        "programm",
        "programme",
        "beispiel",
        "beispiele",
        "praxisbeispiele",
        "fördermittel",
        "zuschuss",
        "zuschüsse",
        "geld",
        "gibt",
        "es",
        "welche",
        "bund",
        "land",
        "eu",
        "vorbilder",
        "zeig",
        "zeigen",
        "zeige",
        "mir",
        "mich",
        "ihnen",
        "könnten",
        "hätte",
        "hätten",
        "gibts",
        "suche",
        "suchen",
        "brauchen",
        "brauche",
        "andere",
        "anderen",
        "aktuell",
        "derzeit",
        "gerade",
        "unserer",
        "unserem",
        "digital",
        "digitale",
        "digitalen",
        "digitales",
    ]
)
MIN_NEED_WORDS = 3  # fewer content words are a topic ("Glasfaser"), not a description


def tokens(text: str) -> List[str]:
    """Folded, stemmed words without stopwords (the BM25 vocabulary)."""
    words = [w for w in _WORD.findall(fold(text)) if w not in _STOPWORDS and len(w) > 1]
    return list(_STEMMER.stemWords(words))


def entry_text(entry: Entry) -> str:
    """What an entry is about, in one string (for both rankings)."""
    areas = " ".join(TASK_AREAS.get(a, a) for a in entry.task_areas)
    if isinstance(entry, Programme):
        return f"{entry.name}. {' '.join(entry.short_names)}. {areas}. {entry.description}"
    return f"{entry.title}. {areas}. {entry.description} {entry.benefit}"


@dataclass(frozen=True)
class Hit(Generic[E]):
    entry: E
    score: float


class Index(Generic[E]):
    """One search index over a list of entries of one kind."""

    def __init__(self, entries: Sequence[E], embedder: Optional[CachedEmbedder] = None) -> None:
        self.entries: List[E] = list(entries)
        texts = [entry_text(e) for e in self.entries]
        self._bm25 = BM25Okapi([tokens(t) or ["_"] for t in texts])
        self._embedder = embedder
        self._vectors: Optional[np.ndarray] = None
        if embedder is not None and texts:
            self._vectors = embedder.embed_with_disk_cache(texts, CACHE_DIR)

    @property
    def has_embeddings(self) -> bool:
        return self._vectors is not None

    def _ranks(self, scores: np.ndarray, allowed: np.ndarray) -> Dict[int, int]:
        order = [i for i in np.argsort(-scores, kind="stable") if allowed[i] and scores[i] > 0]
        return {int(i): rank for rank, i in enumerate(order)}

    def search(
        self,
        query: str,
        allowed: Callable[[E], bool] = lambda _: True,
        mode: str = "hybrid",
        limit: int = 5,
    ) -> List[Hit[E]]:
        """The best `limit` entries among those `allowed`, best first."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        mask = np.array([bool(allowed(e)) for e in self.entries], dtype=bool)
        if not mask.any():
            return []
        fused: Dict[int, float] = {}
        if mode in ("bm25", "hybrid"):
            for i, rank in self._ranks(np.asarray(self._bm25.get_scores(tokens(query))), mask).items():
                fused[i] = fused.get(i, 0.0) + (1 - EMBEDDING_WEIGHT) / (RRF_K + rank + 1)
        if mode in ("embedding", "hybrid") and self._vectors is not None and self._embedder is not None:
            similarity = self._vectors @ self._embedder.embed([query])[0]
            for i, rank in self._ranks(similarity + 1.0, mask).items():  # +1: cosine may be < 0
                fused[i] = fused.get(i, 0.0) + EMBEDDING_WEIGHT / (RRF_K + rank + 1)
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [Hit(self.entries[i], score) for i, score in best]


_PROFILE_WORDS = frozenset(
    t
    for table in (STATE_FORMS, MUNICIPALITY_TYPE_FORMS)
    for name, forms in table.items()
    for form in (name, *forms)
    for t in tokens(form)
)


def describes_need(text: str) -> bool:
    """True for a description worth a free-text search ("Bürger sollen Schlaglöcher per App melden"),
    not for a profile-only question ("Beispiele aus Bayern für eine Gemeinde")."""
    return len([t for t in tokens(text) if t not in _PROFILE_WORDS]) >= MIN_NEED_WORDS


_INDEXES: Dict[tuple, Index[Any]] = {}


def relevance_order(query: str, entries: Sequence[E], candidates: Sequence[E]) -> Dict[str, int]:
    """Rank (0 = best) of each candidate for the query; the index over `entries` is built once."""
    key = tuple((e.id, entry_text(e)) for e in entries)
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = Index(entries, default_embedder())
    wanted = {c.id for c in candidates}
    hits = index.search(query, lambda e: e.id in wanted, limit=len(wanted))
    return {hit.entry.id: rank for rank, hit in enumerate(hits)}


def default_embedder() -> Optional[CachedEmbedder]:
    """The configured embedding backend, or None (then the search is keyword-only)."""
    try:
        return CachedEmbedder(load_embedder())
    except BackendUnavailable as error:
        log.warning("Satzvektoren nicht verfügbar (%s); die Freitextsuche nutzt nur Stichwörter.", error)
        return None
