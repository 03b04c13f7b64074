"""Reproducible measurements of llmbot's speed and memory; run with `make bench`."""
