"""``hybrid`` on a large retrieval corpus: a vectorised first stage, the pipeline on its top N.

On a retrieval task whose corpus has more than ``Settings.hybrid_full_limit`` texts, scoring
every pair with requirement evidence (~1 ms of Python each) would take hours, so each query's
corpus is ranked first by :func:`cvmatch.scoring.first_stage.first_stage_scores` (dense +
lexical, matrix products over a block of queries) and only its best
``Settings.hybrid_candidates`` texts get the full pipeline score (as ``hybrid`` computes it:
score / 100, the same value the pair gets in the full matrix). The other texts keep their
first-stage order below every candidate: their score is ``first stage - 2`` (first stage in
0–1, so below any pipeline score). Up to the limit every pair gets the pipeline, as before.

The CV side (parsed documents, terms, vectors) is kept for the last corpus, so the evaluation
runner's query blocks parse and embed the corpus once.
"""

from collections.abc import Sequence

import numpy as np

from cvmatch.engine.methods.base import EvalMethod
from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.index.budget import budget_bytes, row_blocks
from cvmatch.index.exact import top_k_rows
from cvmatch.scoring.first_stage import CorpusSide, first_stage_scores
from cvmatch.types import Document, DocumentKind

OUTSIDE_OFFSET = 2.0
"""Subtracted from the first-stage score (0–1) of texts outside a query's candidates."""
_CELL_BYTES = 64
"""Bytes per (query, text) cell of a first-stage block: cosines, rescaled, coverage, ranks."""


class TwoStageHybridMethod(EvalMethod):
    """``full`` (``hybrid``) up to ``full_limit`` texts, two stages above (module docstring)."""

    def __init__(
        self, pipeline: MatchPipeline, full: EvalMethod, full_limit: int, candidates: int
    ) -> None:
        self._pipeline = pipeline
        self._full = full
        self._full_limit = full_limit
        self._candidates = candidates
        self._corpus: list[str] | None = None
        self._side: CorpusSide | None = None

    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """Pipeline scores / 100 on each query's candidates, first stage - 2 elsewhere."""
        if len(corpus) <= max(self._full_limit, self._candidates):
            return self._full.similarity(queries, corpus)
        side = self._corpus_side(corpus)
        parse = self._pipeline.parse_text
        jobs = [parse(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(queries)]
        settings = self._pipeline.settings
        weights = (settings.dense_weight, settings.lexical_weight)
        scores = np.empty((len(jobs), len(side.cvs)), dtype=np.float64)
        budget = budget_bytes(settings.block_budget_mib)
        for rows in row_blocks(len(jobs), len(side.cvs), _CELL_BYTES, budget):
            block = first_stage_scores(jobs[rows], side, weights)
            top = top_k_rows(block, self._candidates)
            block -= OUTSIDE_OFFSET
            for i, job in enumerate(jobs[rows]):
                block[i, top[i]] = self._candidate_scores(job, [side.cvs[c] for c in top[i]])
            scores[rows] = block
        return scores

    def _candidate_scores(self, job: Document, cvs: list[Document]) -> list[float]:
        """The pipeline's score / 100 of each pair, as ``hybrid`` gives it in the full matrix."""
        return [m.score / 100.0 for m in self._pipeline.matrix([job], cvs, explain=False)[0]]

    def _corpus_side(self, corpus: Sequence[str]) -> CorpusSide:
        """The parsed corpus and its first-stage side, rebuilt only when the corpus changes."""
        texts = list(corpus)
        if self._side is None or self._corpus != texts:
            parse = self._pipeline.parse_text
            cvs = [parse(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(texts)]
            s = self._pipeline.settings
            encoders = (s.english_encoder, s.multilingual_encoder)
            self._side = CorpusSide(cvs, encoders, self._pipeline.encoders.encode)
            self._corpus = texts
        return self._side

    def model_ids(self) -> dict[str, str]:
        """The ``hybrid`` ids, plus the first stage when it ran (corpora above the limit)."""
        ids = self._full.model_ids()
        if self._side is not None:
            ids["first_stage"] = (
                f"dense+lexical over {len(self._side.cvs)} texts, pipeline on the top "
                f"{self._candidates} (full below {self._full_limit + 1})"
            )
        return ids
