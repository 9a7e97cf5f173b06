"""The evaluation-method registry: each family parses its own argument, names stay as typed."""

import pytest

from cvmatch.engine import Engine
from cvmatch.engine.methods.encoder import EncoderFamily
from cvmatch.engine.methods.hybrid import HybridFamily
from cvmatch.engine.methods.recommend import RecommendFamily
from cvmatch.engine.methods.registry import METHODS, method_family
from cvmatch.engine.methods.staged import StagedHybridFamily
from cvmatch.engine.methods.titles import TitlesFamily
from cvmatch.errors import InvalidInputError, ModelUnavailableError, UnknownNameError
from cvmatch.settings import Settings


@pytest.mark.parametrize(
    ("method", "family", "argument"),
    [
        ("hybrid", HybridFamily, ""),
        ("titles", TitlesFamily, ""),
        ("titles:jobtitle-dev-sym-cap200@v1", TitlesFamily, "jobtitle-dev-sym-cap200@v1"),
        ("titles:a+b", TitlesFamily, "a+b"),
        ("recommend", RecommendFamily, ""),
        ("recommend:minilm", RecommendFamily, "minilm"),
        ("recommend+ads:minilm", RecommendFamily, "minilm"),
        ("hybrid+ranker:rk@v1", StagedHybridFamily, "rk@v1"),
        ("hybrid+rerank:ce", StagedHybridFamily, "ce"),
        ("bm25", EncoderFamily, ""),
        ("titles-x", EncoderFamily, ""),
        ("my-model@v2", EncoderFamily, ""),
    ],
)
def test_each_method_string_goes_to_its_family(method: str, family: type, argument: str) -> None:
    found, arg = method_family(method)
    assert isinstance(found, family)
    assert arg == argument


def test_the_registry_holds_the_built_in_families() -> None:
    assert list(METHODS) == [
        "hybrid",
        "hybrid+llm",
        "hybrid+ranker",
        "hybrid+rerank",
        "recommend",
        "recommend+ads",
        "titles",
        "titles+rerank",
    ]
    assert METHODS.create("recommend").retrieval_only
    assert not METHODS.create("titles").retrieval_only


def test_an_unknown_method_lists_encoders_and_families(tmp_path) -> None:
    evaluation = Engine(Settings(cache_dir=tmp_path)).evaluation
    with pytest.raises(
        UnknownNameError,
        match=r"known names: .*bm25.*methods: hybrid, hybrid\+llm, hybrid\+ranker, hybrid\+rerank, recommend",
    ):
        evaluation.similarity_matrix("no-such-method", ["a"], ["b"])


def test_hybrid_takes_no_argument_and_recommend_needs_a_retrieval_task(tmp_path) -> None:
    evaluation = Engine(Settings(cache_dir=tmp_path)).evaluation
    with pytest.raises(InvalidInputError, match="takes no argument"):
        evaluation.method_ids("hybrid:minilm")
    with pytest.raises(InvalidInputError, match="retrieval task"):
        evaluation.similarity_matrix("recommend", ["a"], ["b"])


def test_a_staged_method_needs_a_trained_model_name(tmp_path) -> None:
    evaluation = Engine(Settings(cache_dir=tmp_path, models_dir=tmp_path / "models")).evaluation
    with pytest.raises(InvalidInputError, match="name the trained model"):
        evaluation.method_ids("hybrid+ranker")
    with pytest.raises(ModelUnavailableError, match="no trained model 'nope@v1'"):
        evaluation.method_ids("hybrid+rerank:nope@v1")
