"""Deterministic extraction: job requirements, and the facts a CV states (no LLM, no embeddings)."""
