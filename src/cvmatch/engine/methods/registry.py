"""The evaluation-method registry: every built-in family by name, plus :func:`build_method`.

- ``hybrid``: the default product pipeline (:mod:`.hybrid`).
- ``hybrid+llm``: the pipeline, then the LLM step on each job's top K (:mod:`.hybrid_llm`).
- ``titles[:A[+B]]``: job title ↔ job title similarity (:mod:`.titles`).
- ``recommend[:MODEL]``, ``recommend+ads[:MODEL]``: the occupation recommender (:mod:`.recommend`).
- ``hybrid+ranker:NAME``, ``hybrid+rerank:NAME``: ``hybrid`` then a trained stage (:mod:`.staged`).
- ``titles+rerank:NAME``: ``titles`` then a title cross-encoder (:mod:`.titles_rerank`).
- anything else: an encoder (:mod:`.encoder`; an unknown one lists these families too).
"""

from functools import partial

from cvmatch.engine.methods.base import EvalMethod, MethodContext, MethodFamily
from cvmatch.engine.methods.encoder import EncoderFamily
from cvmatch.engine.methods.hybrid import HybridFamily
from cvmatch.engine.methods.hybrid_llm import HYBRID_LLM, HybridLlmFamily
from cvmatch.engine.methods.recommend import RECOMMEND, RECOMMEND_ADS, RecommendFamily
from cvmatch.engine.methods.staged import RANKER, RERANK, StagedHybridFamily
from cvmatch.engine.methods.titles import TITLES, TitlesFamily
from cvmatch.engine.methods.titles_rerank import TITLES_RERANK, TitlesRerankFamily
from cvmatch.evaluation.suite import HYBRID
from cvmatch.registry import Registry

METHODS: Registry[MethodFamily] = Registry("evaluation method")
METHODS.add(HYBRID, HybridFamily)
METHODS.add(HYBRID_LLM, HybridLlmFamily)
METHODS.add(TITLES, TitlesFamily)
METHODS.add(RECOMMEND, partial(RecommendFamily, ads=False))
METHODS.add(RECOMMEND_ADS, partial(RecommendFamily, ads=True))
METHODS.add(RANKER, partial(StagedHybridFamily, rerank=False))
METHODS.add(RERANK, partial(StagedHybridFamily, rerank=True))
METHODS.add(TITLES_RERANK, TitlesRerankFamily)


def method_family(method: str) -> tuple[MethodFamily, str]:
    """The family of ``method`` and its argument (``titles:A+B`` → titles, ``"A+B"``).

    A string whose head names no family is an encoder, argument empty.
    """
    head, _, argument = method.partition(":")
    if head in METHODS:
        return METHODS.create(head), argument
    return EncoderFamily(known_families=tuple(METHODS)), ""


def build_method(method: str, context: MethodContext) -> EvalMethod:
    """The method ``method`` over ``context`` (an unknown name lists encoders and families)."""
    family, argument = method_family(method)
    return family.build(method, argument, context)
