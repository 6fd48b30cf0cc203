"""The knowledge base, loaded once per action-server process.

Loading validates every entry and raises on any error; actions/__init__.py
loads it at import, so the action server refuses to start with a broken
knowledge base instead of answering from bad data.
"""

from __future__ import annotations

from functools import lru_cache

from knowledge import KnowledgeBase, load


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return load()
