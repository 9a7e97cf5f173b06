import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from cvmatch.evaluation.datasets.base import CorpusMode
from cvmatch.evaluation.datasets.hahu import (
    load_hahu_ads,
    load_hahu_synthetic,
    load_hahu_synthetic_labels,
)
from cvmatch.evaluation.ranking_metrics import evaluate_run, top_k_run

URI = "http://data.europa.eu/esco/occupation/"


def test_ads_join_title_and_description_and_leave_out_unknown_codes(fake_data_dir):
    task = load_hahu_ads(fake_data_dir)
    assert task.queries == {
        "1": "Data Engineer. Build Spark\npipelines.",
        "2": "Ward Nurse. Care for patients.",
    }
    assert task.qrels == {"1": {URI + "a": 1}, "2": {URI + "b": 1}}
    assert task.excluded_queries == ("3",)
    assert task.corpus_mode is CorpusMode.ONE_TEXT
    assert task.corpus_groups is None
    assert task.corpus[URI + "b"] == "nurse. Cares for patients."
    assert task.primary_metric == "mrr@100"


def test_synthetic_variants(fake_data_dir):
    one_text = load_hahu_synthetic(fake_data_dir)
    labels = load_hahu_synthetic_labels(fake_data_dir)
    assert one_text.queries == {"1": "I built pipelines.", "2": "I cared for people."}
    assert labels.queries == one_text.queries
    assert labels.corpus_mode is CorpusMode.MAX_OVER_LABELS
    assert labels.corpus_groups is not None
    assert labels.corpus_groups[URI + "a#1"] == URI + "a"
    assert labels.qrels == one_text.qrels


@pytest.mark.shared_data
def test_real_hahu_sizes(shared_data_dir):
    """286 ads, one (ID 108, code 2424.3) missing from ESCO v1.2 → 285 queries."""
    task = load_hahu_ads(shared_data_dir)
    assert len(task.queries) == 285
    assert task.excluded_queries == ("108",)
    assert len(task.corpus) == 3039
    labels = load_hahu_synthetic_labels(shared_data_dir)
    assert labels.corpus_groups is not None
    assert set(labels.corpus_groups.values()) == set(task.corpus)


@pytest.mark.shared_data
def test_tfidf_word_floor_on_hahu_ads(shared_data_dir):
    """README floor: word 1-2-gram TF-IDF, sublinear, lower-cased, fitted on corpus + queries,
    MRR@100 = 0.400. Reproducing it within ±0.03 checks loader + metrics end to end."""
    task = load_hahu_ads(shared_data_dir)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)
    vectorizer.fit([*task.corpus.values(), *task.queries.values()])
    corpus = vectorizer.transform(list(task.corpus.values()))
    queries = vectorizer.transform(list(task.queries.values()))
    scores = np.asarray((queries @ corpus.T).toarray())
    run = top_k_run(scores, list(task.queries), list(task.corpus), k=100)
    result = evaluate_run(run, task.qrels, ["mrr@100"])
    assert len(result.query_ids) == 285
    assert result.means()["mrr@100"] == pytest.approx(0.400, abs=0.03)
