"""Digitallotse's knowledge base: curated facts (YAML under data/) and the logic that queries them.

Pure Python on purpose: no Rasa imports, so it can be tested, validated and
used from the command line (``python -m knowledge``) without a model.
"""

from knowledge.examples import examples
from knowledge.funding import find_programme, match_funding
from knowledge.loader import KnowledgeBase, KnowledgeBaseError, load
from knowledge.procurement import threshold_check

__all__ = [
    "KnowledgeBase",
    "KnowledgeBaseError",
    "load",
    "match_funding",
    "find_programme",
    "threshold_check",
    "examples",
]
