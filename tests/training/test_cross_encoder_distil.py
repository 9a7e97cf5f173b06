"""The distillation fallback's pieces: soft labels from a teacher, and a recipe that trains on them."""

import json
from pathlib import Path

import numpy as np
import pytest
from bench.common import ROOT
from bench.quality.cross_encoder_distil import (
    MARGIN_RECIPE,
    MARGIN_ROWS,
    RECIPE,
    margin_rows,
    soft_rows,
)

from cvmatch.training.config import FileSource, load_config
from cvmatch.training.runner import prepare

ROWS = [
    {
        "jd": f"view job {g}",
        "resume": f"view cv {g}-{label}",
        "label": label,
        "group": str(g),
        "origin": "rjdb",
        "job_text": f"Full job {g}: Python and SQL.",
        "cv_text": f"Full CV {g}-{label}: {'Python, SQL' if label else 'cooking'}.",
    }
    for g in range(10)
    for label in (1, 0)
]


def test_soft_rows_carry_full_texts_and_the_teachers_probability() -> None:
    # The teacher reads the evidence view (jd/resume) and returns logit ln 3 for matched CVs,
    # -ln 3 for the others: sigmoid gives 0.75 and 0.25.
    def teacher(queries: list[str], documents: list[str]) -> np.ndarray:
        assert all(q.startswith("view job") for q in queries)
        return np.array([np.log(3.0) if d.endswith("-1") else -np.log(3.0) for d in documents])

    rows = soft_rows(ROWS, teacher)
    assert [r["label"] for r in rows[:2]] == [0.75, 0.25]
    assert [r["hard"] for r in rows[:2]] == [1, 0]
    assert rows[0]["jd"] == "Full job 0: Python and SQL."
    assert rows[0]["resume"].startswith("Full CV")
    assert rows[1]["teacher_logit"] == round(-float(np.log(3.0)), 6)


def test_the_distillation_recipe_reads_soft_labels(tmp_path: Path) -> None:
    rows = soft_rows(ROWS, lambda q, _: np.linspace(-2.0, 2.0, len(q)))
    source = tmp_path / "soft.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    config = load_config(RECIPE)
    data = config.data.model_copy(
        update={"sources": [config.data.sources[0].model_copy(update={"path": source})]}
    )
    _, splits = prepare(config.model_copy(update={"data": data}))
    pairs = [*splits.train, *splits.validation]
    assert config.loss_name == "scaled-cosine"
    assert len(pairs) == len(rows)
    assert {p.label for p in pairs} == {r["label"] for r in rows}  # soft, not rounded to 0/1
    assert {p.group for p in splits.train}.isdisjoint({p.group for p in splits.validation})


def _scored(groups: range) -> list[dict]:
    """soft_rows-shaped rows: per triple a match, RJDB's near miss, a generated one, a mined one."""
    logits = {"rjdb-matched": 0.5, "rjdb-near-miss": -0.25, "generated-near-miss": 0.75}
    return [
        {
            "jd": f"Job {g}",
            "resume": f"CV {g} {origin}",
            "label": 0.5,
            "hard": int(origin == "rjdb-matched"),
            "teacher_logit": logits.get(origin, -3.0) + g,
            "group": str(g),
            "origin": origin,
        }
        for g in groups
        for origin in (*logits, "mined-negative")
    ]


def test_margin_rows_are_teacher_differences_against_the_match() -> None:
    rows = margin_rows(_scored(range(3)), refused={"7", "8"})
    # Two near misses per triple (the mined negative is left out); the document is the near
    # miss, the negative its triple's match, the label teacher(near miss) - teacher(match).
    assert len(rows) == 6
    assert [r["label"] for r in rows[:2]] == [-0.75, 0.25]
    assert all(r["negative"] == f"CV {r['group']} rjdb-matched" for r in rows)
    assert {r["origin"] for r in rows} == {"rjdb-near-miss", "generated-near-miss"}
    assert all(r["jd"] == f"Job {r['group']}" for r in rows)


def test_margin_rows_refuse_report_half_triples() -> None:
    with pytest.raises(SystemExit, match="report-half"):
        margin_rows(_scored(range(3)), refused={"2"})


def test_the_margin_recipe_trains_margin_mse_on_the_margin_rows() -> None:
    config = load_config(MARGIN_RECIPE)
    source = config.data.sources[0]
    assert config.loss_name == "margin-mse"
    assert isinstance(source, FileSource)
    assert source.path == MARGIN_ROWS.relative_to(ROOT)
    assert source.signed_labels
    assert source.negative_column == "negative"
    assert config.base_model == "minilm"
    assert config.max_length == 256
