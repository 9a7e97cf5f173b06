"""The DenseEncoder contract, checked with the deterministic fakes of tests/support."""

from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder, RoleEncoder

from cvmatch.encoders.base import DenseEncoder, Role, normalise
from cvmatch.encoders.cache import EmbeddingCache
from cvmatch.errors import InvalidInputError, ModelUnavailableError


def test_encode_gives_unit_rows_in_input_order(keyword_encoder: KeywordEncoder) -> None:
    texts = ["a much longer text with many words", "short", "mid size text"]
    vectors = keyword_encoder.encode(texts)
    assert vectors.shape == (3, 32)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    # batches are sorted by length internally; each row must still match its own text
    for text, row in zip(texts, vectors, strict=True):
        np.testing.assert_allclose(row, KeywordEncoder().encode([text])[0], atol=1e-7)


def test_empty_input_gives_empty_matrix(keyword_encoder: KeywordEncoder) -> None:
    assert keyword_encoder.encode([]).shape == (0, 32)
    assert keyword_encoder.similarity([], ["a"]).shape == (0, 1)


def test_bare_string_and_bad_role_are_refused(keyword_encoder: KeywordEncoder) -> None:
    with pytest.raises(InvalidInputError, match="not one string"):
        keyword_encoder.encode("python developer")
    with pytest.raises(InvalidInputError, match="expected str"):
        keyword_encoder.encode(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="role"):
        keyword_encoder.encode(["ok"], role="document")  # type: ignore[arg-type]


def test_similarity_is_cosine_of_encodings(keyword_encoder: KeywordEncoder) -> None:
    """Keyword vectors: 1 per word (six distinct slots here) plus 0.5 in a constant slot.

    A shared word gives a dot product of 1 + 0.25, none 0.25; an n-word text has norm
    sqrt(n + 0.25): 1 word sqrt(1.25), 2 words 1.5, 3 words sqrt(3.25).
    """
    queries = ["python flask", "nurse"]
    docs = ["python web services", "intensive nurse", "flask"]
    one, two, three = np.sqrt(1.25), 1.5, np.sqrt(3.25)
    expected = [
        [1.25 / (two * three), 0.25 / (two * two), 1.25 / (two * one)],
        [0.25 / (one * three), 1.25 / (one * two), 0.25 / (one * one)],
    ]
    scores = keyword_encoder.similarity(queries, docs)
    assert scores.dtype == np.float32
    np.testing.assert_allclose(scores, expected, atol=1e-6)


def test_batches_respect_batch_size_and_duplicates_are_embedded_once(
    keyword_encoder: KeywordEncoder,
) -> None:
    texts = [f"text {i}" for i in range(10)] + ["text 3", "text 3"]
    keyword_encoder.encode(texts)
    assert [len(batch) for batch in keyword_encoder.calls] == [4, 4, 2]
    assert sorted(keyword_encoder.embedded) == sorted(set(texts))


def test_batch_composition_does_not_change_a_vector(keyword_encoder: KeywordEncoder) -> None:
    alone = keyword_encoder.encode(["python developer"])
    together = keyword_encoder.encode(["x " * 15, "python developer", "nurse"])
    np.testing.assert_array_equal(alone[0], together[1])


def test_long_text_is_chunked_not_truncated(keyword_encoder: KeywordEncoder) -> None:
    words = [f"skill{i}" for i in range(2000)]
    text = "\n".join(" ".join(words[i : i + 10]) for i in range(0, 2000, 10))
    chunks, chunk_vectors = keyword_encoder.encode_chunks(text)
    assert len(chunks) >= 2000 // keyword_encoder.max_words
    assert chunk_vectors.shape == (len(chunks), 32)
    assert chunks[-1].split()[-1] == "skill1999"  # the tail is embedded, not dropped
    document = keyword_encoder.encode([text])[0]
    assert float(document @ chunk_vectors[0]) < 0.99


def test_document_vector_is_length_weighted_mean_of_chunks(
    keyword_encoder: KeywordEncoder,
) -> None:
    # max_words=20: the 20-word line and the 5-word line cannot share a chunk
    text = " ".join(["alpha"] * 20) + "\n" + " ".join(["omega"] * 5)
    chunks, vectors = keyword_encoder.encode_chunks(text)
    assert [len(c.split()) for c in chunks] == [20, 5]
    # weights are word counts: (20 * v1 + 5 * v2) / 25, then scaled to unit length
    expected = normalise((20 * vectors[0] + 5 * vectors[1])[None, :] / 25)[0]
    np.testing.assert_allclose(keyword_encoder.encode([text])[0], expected, atol=1e-6)


def test_cache_hit_skips_the_model(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = KeywordEncoder()
    first.cache = cache
    cold = first.encode(["python developer", "nurse"])
    second = KeywordEncoder()
    second.cache = cache
    warm = second.encode(["nurse", "python developer"])
    assert second.calls == []
    np.testing.assert_array_equal(warm, cold[::-1])
    second.encode(["nurse", "new text"])
    assert second.embedded == ["new text"]


def test_role_sensitive_encoders_cache_roles_apart(
    tmp_path: Path, role_encoder: RoleEncoder
) -> None:
    encoder = role_encoder
    encoder.cache = EmbeddingCache(tmp_path / "cache.sqlite")
    query = encoder.encode(["python"], role="query")
    passage = encoder.encode(["python"], role="passage")
    assert float(query[0] @ passage[0]) < 0.99
    assert encoder.embedded == ["python", "python"]
    assert encoder.cache.count() == 2


def test_role_blind_encoders_share_vectors(keyword_encoder: KeywordEncoder) -> None:
    query = keyword_encoder.encode(["python"], role="query")
    passage = keyword_encoder.encode(["python"], role="passage")
    np.testing.assert_array_equal(query, passage)


class _BrokenEncoder(KeywordEncoder):
    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:  # noqa: ARG002
        return np.zeros((len(texts), 3), dtype=np.float32)


def test_wrong_hook_output_raises_a_clear_error() -> None:
    with pytest.raises(ModelUnavailableError, match="expected"):
        _BrokenEncoder().encode(["a"])


def test_config_lists_chunking_parameters(keyword_encoder: KeywordEncoder) -> None:
    config = keyword_encoder.config()
    assert config["name"] == "fake-keywords"
    assert config["model_id"] == "fake-keywords@1"
    assert (config["dim"], config["max_words"], config["overlap_words"]) == (32, 20, 4)


class _CountingLoad(KeywordEncoder):
    loads = 0

    def _load(self) -> object:
        type(self).loads += 1
        return object()


def test_model_loads_once_on_first_use() -> None:
    encoder = _CountingLoad()
    assert _CountingLoad.loads == 0
    assert encoder._loaded() is encoder._loaded()
    assert _CountingLoad.loads == 1


def test_dense_encoder_needs_the_hook() -> None:
    with pytest.raises(TypeError, match="_encode_batch"):
        DenseEncoder()  # type: ignore[abstract]


def test_repeated_texts_come_from_memory_without_cache(tmp_path: Path) -> None:
    encoder = KeywordEncoder()
    first = encoder.encode(["python developer", "nurse"])
    again = encoder.encode(["nurse", "python developer", "nurse"])
    assert encoder.embedded == ["nurse", "python developer"]  # the model saw each text once
    np.testing.assert_array_equal(again, first[[1, 0, 1]])
    encoder.cache = EmbeddingCache(tmp_path / "cache.sqlite")  # a new cache empties the memo
    encoder.encode(["nurse"])
    assert encoder.cache.count() == 1


def test_memo_is_bounded_and_memo_size_zero_turns_it_off() -> None:
    encoder = KeywordEncoder()
    encoder.memo_size = 2
    encoder.encode(["a", "b", "c"])
    encoder.encode(["a"])  # "a" was the oldest and went first
    assert encoder.embedded.count("a") == 2
    encoder.memo_size = 0
    encoder.encode(["b", "b"])
    encoder.encode(["b"])
    assert encoder.embedded.count("b") == 3
