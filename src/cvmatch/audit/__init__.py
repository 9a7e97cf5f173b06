"""Fair, private and auditable screening (issue 22, docs/audit.md).

* :mod:`cvmatch.redaction` (a package of its own, shared with the LLM layer) masks personal
  data in a CV before scoring; :mod:`~cvmatch.audit.labelled` measures it;
* :mod:`~cvmatch.audit.variants` writes counterfactual variants of a CV (names, pronouns, ages,
  universities, photo) and :mod:`~cvmatch.audit.probe` summarises their score deltas;
* :mod:`~cvmatch.audit.pool` and :mod:`~cvmatch.audit.html` build the candidate-pool report.

The package sits under the engine and never scores by itself: callers pass scores in.
"""
