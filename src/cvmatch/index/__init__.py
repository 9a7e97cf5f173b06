"""Nearest-neighbour search over vectors: exact blocked top-k under a memory budget.

:mod:`cvmatch.index.budget` sizes row blocks from ``Settings.block_budget_mib`` and refuses a job
that cannot fit before it starts; :mod:`cvmatch.index.exact` is the exact search tier, and
:mod:`cvmatch.index.refined` gives its float64 results from faiss float32 candidates.
"""
