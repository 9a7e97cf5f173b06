"""Batch ingest of CV files into a store: parse → extract → embed → store, in parallel.

:mod:`cvmatch.ingest.sources` lists and hashes the files, :mod:`cvmatch.ingest.runner` skips
those already stored (same sha256, vector of the same model), sends the rest in batches to an
executor (:mod:`cvmatch.ingest.local`: this process or a process pool; :mod:`cvmatch.ingest.ray_actors`:
Ray actors) and commits each batch's results in one transaction (:mod:`cvmatch.ingest.commit`).
A batch is stored whole or not at all, so a run killed at any point loses no committed file, and
a rerun redoes only what was not committed. The work done per file (reading and embedding) is a
:class:`~cvmatch.ingest.records.BatchProcessor` given by the engine.
"""
