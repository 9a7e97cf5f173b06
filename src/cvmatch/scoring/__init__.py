"""Signals → one fused 0–100 score."""
