"""``cvmatch eval -m recommend`` ranks a task's occupations exactly as ``cvmatch recommend`` does."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from tests.support.esco import OCC, OCCUPATIONS

from cvmatch.engine import Engine
from cvmatch.engine.methods.recommend import RecommendScorer
from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import CorpusMode, PairsTask, RetrievalTask
from cvmatch.evaluation.formats import Pair
from cvmatch.types import DocumentKind

QUERIES = {
    "q1": "Ran site reliability for cloud platforms with kubernetes, on call.",
    "q2": "I bake bread and pastry every morning.",
}


def _task(mode: CorpusMode, uris: list[str]) -> RetrievalTask:
    qrels = {"q1": {OCC + "devops": 1}, "q2": {OCC + "baker": 1}}
    if mode is CorpusMode.ONE_TEXT:
        return RetrievalTask("occ", QUERIES, {u: u for u in uris}, qrels, "en", "test")
    corpus = {f"{u}#{i}": f"label {i}" for u in uris for i in range(2)}
    groups = {doc: doc.split("#")[0] for doc in corpus}
    return RetrievalTask("occ", QUERIES, corpus, qrels, "en", "test", mode, groups)


def _engine(esco_dir: Path) -> Engine:
    engine = Engine()
    engine.taxonomy.import_esco(esco_dir)
    engine.taxonomy.import_skill_relations(esco_dir)
    return engine


@pytest.mark.usefixtures("fake_env")
@pytest.mark.parametrize("mode", [CorpusMode.ONE_TEXT, CorpusMode.MAX_OVER_LABELS])
def test_recommend_method_ranks_like_the_recommend_command(
    esco_dir: Path, mode: CorpusMode
) -> None:
    engine = _engine(esco_dir)
    uris = [OCC + row[0] for row in OCCUPATIONS]
    run = engine.evaluation.evaluate(_task(mode, uris), ["recommend"])
    result = run.retrieval["recommend"]
    for qid, text in QUERIES.items():
        cv = engine.parse_text(text, DocumentKind.CV, qid)
        [command] = engine.occupations.recommend([cv], top=len(uris), language="en")
        row = result.evaluation.query_ids.index(qid)
        [gold] = _task(mode, uris).qrels[qid]
        rank = [hit.uri for hit in command.hits].index(gold) + 1
        assert result.evaluation.per_query["mrr@100"][row] == pytest.approx(1.0 / rank)
    assert run.methods["recommend"].model_ids["model_id"].startswith("fake-keywords")


@pytest.mark.usefixtures("fake_env")
def test_recommend_method_refuses_occupations_missing_from_the_taxonomy(esco_dir: Path) -> None:
    engine = _engine(esco_dir)
    task = _task(CorpusMode.ONE_TEXT, [OCC + "devops", OCC + "astronaut"])
    with pytest.raises(InvalidInputError, match="not in the taxonomy"):
        engine.evaluation.evaluate(task, ["recommend"])


@pytest.mark.usefixtures("fake_env")
def test_recommend_method_is_refused_on_pairs_tasks(esco_dir: Path) -> None:
    engine = _engine(esco_dir)
    task = PairsTask("p", (Pair("j", "c", 1.0),), "en", "test")
    with pytest.raises(InvalidInputError, match="retrieval task"):
        engine.evaluation.evaluate(task, ["recommend"])


@pytest.mark.usefixtures("fake_env")
def test_recommend_scorer_gives_the_scores_of_the_recommend_command(esco_dir: Path) -> None:
    engine = _engine(esco_dir)
    uris = [OCC + row[0] for row in OCCUPATIONS]
    task = _task(CorpusMode.ONE_TEXT, uris)
    cv_text = (
        "Jane Doe\nExperience\nBaker, Bread & Co 2019 - 2024\n"
        "Ran site reliability for cloud platforms with kubernetes.\nSkills: python"
    )  # the dated role title pulls towards baker, the text towards devops
    texts = [cv_text, *QUERIES.values()]
    scorer = RecommendScorer(engine.occupations, task)
    matrix = scorer.similarity(texts, list(task.corpus.values()))
    for text, row in zip(texts, matrix, strict=True):
        cv = engine.parse_text(text, DocumentKind.CV, "cv")
        [command] = engine.occupations.recommend([cv], top=len(uris), language="en")
        by_uri = {hit.uri: hit.score for hit in command.hits}
        assert row.tolist() == pytest.approx([by_uri[uri] for uri in uris], abs=5e-5)  # hits: 4 dp


LABELLED = {
    f"{occ}{i}": (text, occ)
    for occ, texts in {
        "devops": ["on call kubernetes clusters", "site reliability pager", "cloud uptime on call"],
        "baker": ["bread ovens at dawn", "sourdough loaves", "bakery early shifts bread"],
        "nurse": ["patient care ward", "hospital shifts care", "registered patient ward care"],
        "developer": ["python code reviews", "software python services", "write python apis"],
    }.items()
    for i, text in enumerate(texts)
}


def _labelled_task() -> RetrievalTask:
    uris = [OCC + row[0] for row in OCCUPATIONS]
    queries = {qid: text for qid, (text, _) in LABELLED.items()}
    qrels = {qid: {OCC + occ: 1} for qid, (_, occ) in LABELLED.items()}
    return RetrievalTask("occ", queries, {u: u for u in uris}, qrels, "en", "test")


@pytest.mark.usefixtures("fake_env")
def test_recommend_with_ads_is_cross_fitted_and_leaves_the_users_ads_out(
    esco_dir: Path, tmp_path: Path
) -> None:
    engine = _engine(esco_dir)
    task = _labelled_task()
    first = engine.evaluation.evaluate(task, ["recommend", "recommend+ads"])
    plain = first.retrieval["recommend"].evaluation.per_query["mrr@100"]
    with_ads = first.retrieval["recommend+ads"].evaluation.per_query["mrr@100"]
    assert with_ads.shape == plain.shape == (len(LABELLED),)
    assert not np.array_equal(plain, with_ads)  # the other folds' queries did act as ads
    reported = first.methods["recommend+ads"].model_ids["ad_weights"]
    assert reported.count("fold ") >= 2  # one per non-empty fold
    assert "ad_nearest" in reported
    assert "ad_weights" not in first.methods["recommend"].model_ids
    ads = tmp_path / "ads.csv"
    ads.write_text("text,occupation\nbread ovens at dawn,2221.1\n", "utf-8")  # a wrong label
    engine.occupations.import_ads(ads)
    again = engine.evaluation.evaluate(task, ["recommend+ads"]).retrieval["recommend+ads"]
    np.testing.assert_array_equal(again.evaluation.per_query["mrr@100"], with_ads)


@pytest.mark.usefixtures("fake_env")
def test_recommend_with_ads_uses_the_tasks_ad_texts(esco_dir: Path) -> None:
    engine = _engine(esco_dir)
    task = _labelled_task()
    stand_in = dict.fromkeys(task.queries, "zzz unrelated words")
    swapped = replace(task, ad_texts=stand_in)
    runs = [
        engine.evaluation.evaluate(t, ["recommend+ads"]).retrieval["recommend+ads"]
        for t in (task, swapped)
    ]
    own, other = (r.evaluation.per_query["mrr@100"] for r in runs)
    assert own.mean() > other.mean()  # ads that say nothing help nothing
