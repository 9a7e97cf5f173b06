"""cvmatch benches, run from the repository root as ``python -m bench.<purpose>.<script>``.

Purposes: ``data`` (training pairs and labels built from ``../shared/data``), ``perf`` (speed and
memory), ``quality`` (retrieval and matching quality with bootstrap CIs), ``tuning`` (weights
and model snapshots), ``robustness``. Helpers every bench shares live in :mod:`bench.common`.
Figures are written up in ``BENCHMARKS.md`` (current) and ``docs/benchmarks/`` (history).
"""
