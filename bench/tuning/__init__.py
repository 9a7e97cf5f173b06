"""tuning benches (see bench/__init__.py)."""
