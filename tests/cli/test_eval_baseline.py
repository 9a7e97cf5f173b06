"""``cvmatch eval retrieval|dataset --baseline``: paired differences against one method."""

import json
from pathlib import Path

from typer.testing import CliRunner

from cvmatch.cli import app

# Each query misspells its distinctive word; a distractor is the shared word alone, which word
# TF-IDF ranks first and character n-grams do not.
QUERIES = ["pyton developer", "registred nurse", "javva engineer", "pastri chef", "truk driver"]
TARGETS = ["python developer", "registered nurse", "java engineer", "pastry chef", "truck driver"]
DOCS = [*TARGETS, "developer", "nurse", "engineer", "chef", "driver"]


def _files(tmp_path: Path) -> list[str]:
    queries, corpus, qrels = tmp_path / "q.tsv", tmp_path / "c.tsv", tmp_path / "r.qrels"
    queries.write_text(
        "id\ttext\n" + "".join(f"q{i}\t{t}\n" for i, t in enumerate(QUERIES)), encoding="utf-8"
    )
    corpus.write_text(
        "id\ttext\n" + "".join(f"d{i}\t{t}\n" for i, t in enumerate(DOCS)), encoding="utf-8"
    )
    qrels.write_text("".join(f"q{i} 0 d{i} 1\n" for i in range(len(QUERIES))), encoding="utf-8")
    return ["--queries", str(queries), "--corpus", str(corpus), "--qrels", str(qrels)]


def _env(tmp_path: Path) -> dict[str, str]:
    return {"CVMATCH_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"}


def test_baseline_adds_paired_deltas_that_match_the_means(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    args = ["eval", "retrieval", *_files(tmp_path), "-m", "tfidf-word", "-m", "tfidf-char"]
    args += ["--baseline", "tfidf-word", "--out", str(out), "--resamples", "200"]
    result = CliRunner().invoke(app, args, env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "tfidf-char" in result.output
    assert "paired bootstrap" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    (delta,) = report["paired_deltas"]
    metric = report["primary_metric"]
    assert delta["method"] == "tfidf-char"
    assert delta["baseline"] == "tfidf-word"
    assert delta["metric"] == metric
    assert delta["queries"] == len(QUERIES)
    char = report["results"]["tfidf-char"][metric]["mean"]
    word = report["results"]["tfidf-word"][metric]["mean"]
    assert abs(delta["mean"] - (char - word)) < 1e-5  # the report rounds means to 6 places
    assert char > word  # character n-grams survive the typos, words do not
    assert delta["low"] <= delta["mean"] <= delta["high"]


def test_baseline_must_be_one_of_the_methods(tmp_path: Path) -> None:
    args = ["eval", "retrieval", *_files(tmp_path), "-m", "tfidf-word", "--baseline", "bm25"]
    result = CliRunner().invoke(app, args, env=_env(tmp_path))
    assert result.exit_code == 2
    assert "--baseline 'bm25' must be one of the methods" in result.output
    assert "Traceback" not in result.output
