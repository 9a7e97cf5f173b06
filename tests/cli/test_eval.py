import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.cli import app

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def _retrieval_files(tmp_path: Path) -> list[str]:
    queries, corpus, qrels = tmp_path / "q.tsv", tmp_path / "c.tsv", tmp_path / "r.qrels"
    queries.write_text("id\ttext\nq1\tpython developer\nq2\tregistered nurse\n", encoding="utf-8")
    corpus.write_text(
        "id\ttext\nd1\tsenior python developer\nd2\tnurse in a hospital\n"
        "d3\tregistered nurse\nd4\tjava developer\n",
        encoding="utf-8",
    )
    qrels.write_text("q1 0 d1 1\nq2 0 d3 2\nq2 0 d2 1\n", encoding="utf-8")
    return ["--queries", str(queries), "--corpus", str(corpus), "--qrels", str(qrels)]


def _env(tmp_path: Path) -> dict[str, str]:
    return {"CVMATCH_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"}


def test_retrieval_prints_a_table_and_writes_the_json_report(tmp_path):
    out = tmp_path / "report.json"
    args = ["eval", "retrieval", *_retrieval_files(tmp_path), "-m", "tfidf-word", "-m", "bm25"]
    result = CliRunner().invoke(
        app, [*args, "--out", str(out), "--resamples", "50"], env=_env(tmp_path)
    )
    assert result.exit_code == 0, result.output
    assert "tfidf-word" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["results"]) == {"tfidf-word", "bm25"}
    # Both queries rank their best document first with either method: MRR = 1.
    for method in ("tfidf-word", "bm25"):
        mrr = report["results"][method]["mrr@10"]
        assert mrr == {"mean": 1.0, "ci_low": 1.0, "ci_high": 1.0}
        assert report["methods"][method]["model_ids"]["model_id"].startswith(method)
    assert len(report["meta"]["data_sha256"]) == 3
    assert all(len(v) == 64 for v in report["meta"]["data_sha256"].values())
    assert report["meta"]["cvmatch_version"]


def test_malformed_qrels_is_one_line_with_the_line_number(tmp_path):
    args = _retrieval_files(tmp_path)
    Path(args[-1]).write_text("q1 0 d1 1\nq2 d3\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["eval", "retrieval", *args, "-m", "tfidf-word"], env=_env(tmp_path)
    )
    assert result.exit_code == 2
    assert "r.qrels:2" in result.output
    assert "Traceback" not in result.output


def test_unknown_method_and_dataset_are_clear_errors(tmp_path):
    args = ["eval", "retrieval", *_retrieval_files(tmp_path), "-m", "no-such-model"]
    result = CliRunner().invoke(app, args, env=_env(tmp_path))
    assert result.exit_code == 2
    assert "unknown encoder" in result.output
    result = CliRunner().invoke(app, ["eval", "dataset", "nope"], env=_env(tmp_path))
    assert result.exit_code == 2
    assert "hahu_ads" in result.output  # the message lists the known datasets


def _pairs_file(tmp_path: Path, with_group: bool = True) -> Path:
    rows = [
        ("python sql developer", "python sql", 1, "g1"),
        ("python sql developer", "java", 0, "g1"),
        ("nurse icu", "nurse icu care", 1, "g2"),
        ("nurse icu", "plumber", 0, "g2"),
        ("chef", "chef cook", 1, "g3"),
        ("chef", "accountant", 0, "g3"),
    ]
    path = tmp_path / "pairs.jsonl"
    lines = []
    for job, cv, label, group in rows:
        record: dict[str, object] = {"job": job, "cv": cv, "label": label}
        if with_group:
            record["group"] = group
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_pairs_reports_pair_metrics_and_a_markdown_report(tmp_path):
    out, report = tmp_path / "pairs.json", tmp_path / "r" / "report.md"
    args = ["eval", "pairs", "--data", str(_pairs_file(tmp_path)), "-m", "tfidf-word"]
    args += ["--out", str(out), "--report", str(report), "--resamples", "50"]
    result = CliRunner().invoke(app, args, env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    results = json.loads(out.read_text(encoding="utf-8"))["results"]["tfidf-word"]
    # Every positive shares words with its job and every negative shares none: perfect order.
    assert results["pairwise_accuracy"]["mean"] == 1.0
    assert results["roc_auc"]["mean"] == 1.0
    assert "ece" in results  # TF-IDF cosines lie in [0, 1]
    text = report.read_text(encoding="utf-8")
    pngs = sorted((tmp_path / "r" / "report_files").glob("*.png"))
    assert [p.name for p in pngs] == [
        "pairs_histograms.png",
        "pairs_methods.png",
        "pairs_pr_calibration.png",
    ]
    assert all(p.stat().st_size > 1000 and p.read_bytes()[:4] == b"\x89PNG" for p in pngs)
    assert all(f"report_files/{p.name}" in text for p in pngs)


def test_pairs_group_by_job_and_bad_lines(tmp_path):
    data = _pairs_file(tmp_path, with_group=False)
    args = ["eval", "pairs", "--data", str(data), "-m", "tfidf-word", "--resamples", "20"]
    result = CliRunner().invoke(app, [*args, "--group-by", "job"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert "pairwise_accu" in result.output
    result = CliRunner().invoke(app, [*args, "--group-by", "group"], env=_env(tmp_path))
    assert result.exit_code == 2
    assert "no 'group'" in result.output
    data.write_text(
        '{"job": "a", "cv": "b", "label": 1}\n{"job": "a", "cv": 3}\n', encoding="utf-8"
    )
    result = CliRunner().invoke(app, args, env=_env(tmp_path))
    assert result.exit_code == 2
    assert "pairs.jsonl:2" in result.output


@pytest.mark.models
def test_hybrid_runs_the_product_pipeline(tmp_path):
    out = tmp_path / "report.json"
    args = ["eval", "retrieval", *_retrieval_files(tmp_path), "-m", "hybrid", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--resamples", "20"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["results"]["hybrid"]["mrr@10"]["mean"] == 1.0
    assert report["methods"]["hybrid"]["model_ids"]["english"].startswith("minilm-int8@")


@pytest.mark.shared_data
def test_talentclef_tfidf_floor_is_reproduced(tmp_path):
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared benchmark data not found at {SHARED_DATA.resolve()}")
    out = tmp_path / "tc.json"
    args = ["eval", "dataset", "talentclef_en_validation", "-m", "tfidf-char", "-m", "tfidf-word"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    # ../shared/data/README.md floors: MAP 0.353 (char) and 0.280 (word), inside our 95% CIs.
    for method, floor in (("tfidf-char", 0.353), ("tfidf-word", 0.280)):
        assert results[method]["map"]["ci_low"] <= floor <= results[method]["map"]["ci_high"]
        assert results[method]["map"]["mean"] == pytest.approx(floor, abs=0.005)
