"""The lexical and dense signals of every job–CV pair of a batch, before requirement scoring."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from cvmatch.scoring.dense import EncodeWith, anchors_for, cosine_grid
from cvmatch.scoring.lexical import coverage_matrix, cv_terms, job_profile
from cvmatch.scoring.terms import TermProfile
from cvmatch.types import Document, Signals


@dataclass(frozen=True)
class SignalGrid:
    """Per pair ``(j, c)``: the encoder that scored it, its cosine and the lexical coverage.

    ``profiles`` (key terms of each job) and ``terms`` (of each CV) are kept for the
    explanation's matched / missing terms.
    """

    profiles: list[TermProfile]
    terms: list[frozenset[str]]
    names: list[list[str]]
    model_ids: dict[str, str]
    cosines: np.ndarray
    lexical: np.ndarray

    def signals(self, j: int, c: int) -> Signals:
        """The pair's signals (dense rescaled per model; every value rounded to 4 places)."""
        # Rounded first so that float noise across batch shapes cannot move a score.
        name, cosine = self.names[j][c], round(float(self.cosines[j, c]), 4)
        return Signals(
            dense=round(anchors_for(name).rescale(cosine), 4),
            dense_raw=cosine,
            lexical=round(float(self.lexical[j, c]), 4),
            dense_model=self.model_ids[name],
        )


def signal_grid(
    jobs: Sequence[Document],
    cvs: Sequence[Document],
    encoder_name: Callable[[Document, Document], str],
    encode: EncodeWith,
    model_id: Callable[[str], str],
) -> SignalGrid:
    """Signals of every pair: lexical coverage of the job profiles, dense cosines per encoder."""
    profiles = [job_profile(job) for job in jobs]
    terms = [cv_terms(cv) for cv in cvs]
    coverage = coverage_matrix(profiles, terms)
    names = [[encoder_name(job, cv) for cv in cvs] for job in jobs]
    cosines = cosine_grid(jobs, cvs, names, encode)
    # model_id hashes/locates files: look it up once per encoder, not once per pair.
    model_ids = {name: model_id(name) for name in {n for row in names for n in row}}
    return SignalGrid(profiles, terms, names, model_ids, cosines, coverage)
