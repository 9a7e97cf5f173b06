"""Star re-ranking maths: centroid cosine, blend, order (checked by hand on tiny vectors)."""

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback import order, rerank, star_similarity

# Three unit vectors: a and b close, c orthogonal to a.
E = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)


def test_similarity_is_cosine_with_the_normalised_centroid() -> None:
    # Starring rows 0 and 2: centroid (0.5, 0.5) -> unit (0.7071, 0.7071).
    sim = star_similarity(E, [0, 2])
    assert sim == pytest.approx([0.70711, 0.98995, 0.70711], abs=1e-5)


def test_negative_cosines_count_as_zero() -> None:
    vectors = np.array([[1.0, 0.0], [-1.0, 0.0]], dtype=np.float32)
    assert star_similarity(vectors, [0]).tolist() == [1.0, 0.0]


def test_no_stars_returns_the_job_scores_unchanged() -> None:
    scores = np.array([70.0, 60.0, 50.0])
    result = rerank(scores, E, [], 0.5)
    assert result.scores.tolist() == [70.0, 60.0, 50.0]
    assert result.similarity is None


def test_blend_is_weighted_mean_on_the_0_100_scale() -> None:
    scores = np.array([70.0, 60.0, 50.0])
    result = rerank(scores, E, [2], 0.5)
    # similarity to c: [0, 0.6, 1] -> 0.5*score + 50*sim
    assert result.scores.tolist() == [35.0, 60.0, 75.0]


def test_starring_pulls_similar_candidates_up() -> None:
    scores = np.array([70.0, 60.0, 50.0])
    ids = np.array([10, 11, 12])
    before = order(scores, ids).tolist()
    after = order(rerank(scores, E, [2], 0.5).scores, ids).tolist()
    assert before == [0, 1, 2]
    assert after == [2, 1, 0]


def test_ties_break_by_ascending_id() -> None:
    scores = np.array([50.0, 50.0, 60.0])
    assert order(scores, np.array([9, 3, 5])).tolist() == [2, 1, 0]


def test_bad_inputs_are_typed_errors() -> None:
    with pytest.raises(InvalidInputError, match="weight"):
        rerank(np.zeros(3), E, [0], 1.5)
    with pytest.raises(InvalidInputError, match="embeddings"):
        rerank(np.zeros(2), E, [0], 0.5)
    with pytest.raises(InvalidInputError, match="at least one"):
        star_similarity(E, [])
