"""Robustness benches: hostile and mutated inputs against the readers."""
