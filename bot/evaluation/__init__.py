"""`make eval`: NLU and retrieval quality, measured side by side (see docs/benchmarks.md)."""
