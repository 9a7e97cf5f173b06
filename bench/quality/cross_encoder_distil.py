"""Distil the RJDB cross-encoder into the bi-encoder: its soft labels on calibration-half pairs.

Issue 18 item 2's fallback: "if it cannot beat the first stage, distil what it learned into the
bi-encoder and report both". The report half is never read by ``labels`` nor ``check``.

1. ``labels --model CE_FOLDER``: the pairs of :mod:`bench.quality.cross_encoder_pairs` (same
   rows, same de-duplication), each scored by the int8 cross-encoder on its evidence view, written
   with the **full** job and CV texts (what the bi-encoder reads inside ``hybrid``) and the soft
   label ``sigmoid(logit)`` (the teacher's probability; ``hard`` keeps the 0/1 label) to
   ``bench/out/rjdb_distil_pairs.jsonl``;
2. the student: ``cvmatch train --config recipes/experiments/rjdb-distil-bi-encoder.yaml`` —
   MiniLM, ``scaled-cosine`` loss (MSE of (cos + 1) / 2 onto the soft label), one epoch (the
   trainer's MRR counts every label > 0 as relevant, so it cannot pick an epoch on soft labels),
   the cross-encoder's validation split (same seed, fraction and groups);
3. ``check --student name@vN``: on that validation split, pairwise accuracy on the hard labels of
   the student's cosine, the base MiniLM's and the teacher's logit, and the student's and the
   base's mean squared error to the soft labels.

Margin-MSE (amendment 6 of the protocol page), after ``labels``:

1b. ``margins``: per calibration-half triple, each near miss (RJDB's, generated) against the
    matched CV, label = the teacher's logit difference (:func:`margin_rows`; the report half is
    refused) → ``bench/out/rjdb_distil_margins.jsonl``; then
    ``cvmatch train --config recipes/experiments/rjdb-distil-margin.yaml``;
2b. ``export --student name@vN``: the student as int8 ONNX, built as ``minilm-int8`` is, under
    ``bench/out/students/`` (not shipped); measured by
    :mod:`bench.quality.cross_encoder_distil_report`.

    nice -n 10 .venv/bin/python -m bench.quality.cross_encoder_distil labels --model FOLDER
    nice -n 10 .venv/bin/python -m bench.quality.cross_encoder_distil check --student NAME@vN
    nice -n 10 .venv/bin/python -m bench.quality.cross_encoder_distil margins
    nice -n 10 .venv/bin/python -m bench.quality.cross_encoder_distil export --student NAME@vN
"""

import argparse
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, OUT, ROOT
from bench.quality.cross_encoder_fit import pairwise
from bench.quality.cross_encoder_pairs import build_rows, rjdb_halves, triples
from cvmatch.encoders.cross_encoder_onnx import OnnxCrossEncoder
from cvmatch.encoders.shipped import DataSource
from cvmatch.settings import get_settings
from cvmatch.training.config import load_config
from cvmatch.training.records import TrainingPair
from cvmatch.training.runner import prepare
from cvmatch.training.ship import ShipRequest, ship_model

DISTIL_PAIRS = OUT / "rjdb_distil_pairs.jsonl"
MARGIN_ROWS = OUT / "rjdb_distil_margins.jsonl"
RECIPE = Path("recipes/experiments/rjdb-distil-bi-encoder.yaml")
MARGIN_RECIPE = Path("recipes/experiments/rjdb-distil-margin.yaml")
NEAR_MISSES = ("rjdb-near-miss", "generated-near-miss")
"""Origins that make a margin row with their triple's matched CV (amendment 6: not the mined
negatives, another triple's CV, which would tie two triples' texts across the split)."""
Logits = Callable[[Sequence[str], Sequence[str]], np.ndarray]


def soft_rows(rows: list[dict], teacher: Logits) -> list[dict]:
    """Distillation rows: full texts, the teacher's probability as ``label``, ``hard`` kept.

    >>> rows = [{"jd": "a", "resume": "b", "label": 1, "group": "0", "origin": "o",
    ...          "job_text": "A", "cv_text": "B"}]
    >>> soft_rows(rows, lambda q, d: np.zeros(len(q)))[0]["label"]
    0.5
    """
    logits = np.asarray(teacher([r["jd"] for r in rows], [r["resume"] for r in rows]))
    return [
        {
            "jd": r["job_text"],
            "resume": r["cv_text"],
            "label": round(float(1.0 / (1.0 + np.exp(-logit))), 6),
            "hard": r["label"],
            "teacher_logit": round(float(logit), 6),
            "group": r["group"],
            "origin": r["origin"],
        }
        for r, logit in zip(rows, logits, strict=True)
    ]


def margin_rows(rows: list[dict], refused: set[str]) -> list[dict]:
    """Margin-MSE rows from :func:`soft_rows`' output: per triple, each near miss vs its match.

    ``jd`` is the full job, ``resume`` the near miss, ``negative`` the matched CV (both full
    texts) and ``label`` = teacher logit(job, near miss) − teacher logit(job, matched), each logit
    on its evidence view. The near miss is the row's document so that every (job, document) pair
    is distinct (the trainer keeps one row per pair) and the matched CV stays in its triple's
    split. Groups in ``refused`` (the report half) are an error, never a row.

    >>> soft = [{"jd": "J", "resume": "M", "label": 0.6, "hard": 1, "teacher_logit": 0.5,
    ...          "group": "3", "origin": "rjdb-matched"},
    ...         {"jd": "J", "resume": "N", "label": 0.4, "hard": 0, "teacher_logit": -0.25,
    ...          "group": "3", "origin": "rjdb-near-miss"}]
    >>> [(r["resume"], r["negative"], r["label"]) for r in margin_rows(soft, {"7"})]
    [('N', 'M', -0.75)]
    """
    bad = sorted({r["group"] for r in rows} & refused)
    if bad:
        raise SystemExit(f"report-half triples in the distillation rows: {bad[:5]}")
    matched = {r["group"]: r for r in rows if r["hard"] == 1}
    return [
        {
            "jd": r["jd"],
            "resume": r["resume"],
            "negative": matched[r["group"]]["resume"],
            "label": round(r["teacher_logit"] - matched[r["group"]]["teacher_logit"], 6),
            "group": r["group"],
            "origin": r["origin"],
        }
        for r in rows
        if r["hard"] == 0 and r["origin"] in NEAR_MISSES and r["group"] in matched
    ]


def margins(source: Path, out: Path) -> dict[str, object]:
    """Write the margin rows of the soft-label pairs (step 1b); their count and sha256."""
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    _, report = rjdb_halves(len(triples(DATA_DIR)))
    result = margin_rows(rows, {str(g) for g in report})
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result)
    out.write_text(payload, encoding="utf-8")
    labels = np.array([r["label"] for r in result])
    return {
        "out": str(out),
        "rows": len(result),
        "groups": len({r["group"] for r in result}),
        "label_percentiles_5_50_95": np.percentile(labels, [5, 50, 95]).round(4).tolist(),
        "sha256": hashlib.sha256(payload.encode()).hexdigest(),
    }


def export(student: str, out_root: Path) -> dict[str, object]:
    """The student (``name@vN``) as int8 ONNX, built as ``minilm-int8`` is (step 2b; not shipped).

    Written to ``out_root/<name>-int8/`` with a shipped-model manifest (recipe, data checksum,
    licence), which :class:`~cvmatch.encoders.shipped.ShippedEncoder` reads.
    """
    name = student.split("@", 1)[0]
    data = DataSource(
        source="RJDB dev calibration half: margin rows of the RJDB cross-encoder "
        f"({MARGIN_ROWS.relative_to(ROOT).as_posix()})",
        sha256=hashlib.sha256(MARGIN_ROWS.read_bytes()).hexdigest(),
        licence="CC BY-SA 4.0",
        attribution="RJDB, Megagon Labs",
    )
    request = ShipRequest(
        model=student,
        name=f"{name}-int8",
        recipe=MARGIN_RECIPE,
        description="MiniLM distilled from the RJDB cross-encoder by margin-MSE (experiment)",
        data=(data,),
    )
    manifest = ship_model(request, get_settings().trained_models_dir, out_root)
    return {"out": str(out_root / request.name), "cosine_to_fp32": manifest.cosine_to_fp32}


def labels(model: Path, out: Path) -> dict[str, object]:
    """Write the soft-label pairs (step 1); their count and sha256."""
    rows = soft_rows(build_rows(full_texts=True), OnnxCrossEncoder(model, 256, threads=2))
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(payload, encoding="utf-8")
    return {
        "out": str(out),
        "pairs": len(rows),
        "sha256": hashlib.sha256(payload.encode()).hexdigest(),
    }


def cosines(reference: str, pairs: Sequence[TrainingPair]) -> np.ndarray:
    """Cosine of each pair under the encoder ``reference`` (a registry name or ``name@vN``)."""
    from cvmatch.encoders.base import DenseEncoder  # noqa: PLC0415 - heavy, one use
    from cvmatch.encoders.registry import load_encoder  # noqa: PLC0415

    encoder = load_encoder(reference, threads=1)
    if not isinstance(encoder, DenseEncoder):
        raise SystemExit(f"{reference} is not a dense encoder")
    queries = encoder.encode([p.query for p in pairs], role="query")
    documents = encoder.encode([p.document for p in pairs], role="passage")
    return np.asarray((queries * documents).sum(axis=1), dtype=np.float64)


def check(student: str, base: str, source: Path) -> dict[str, object]:
    """Step 3 on the validation split of :data:`RECIPE` (hard labels from ``source``)."""
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    by_pair = {(r["jd"], r["resume"]): r for r in rows}
    _, splits = prepare(load_config(RECIPE))
    pairs = [p for p in splits.validation if (p.query, p.document) in by_pair]
    hard = np.array([by_pair[(p.query, p.document)]["hard"] for p in pairs], dtype=np.float64)
    soft = np.array([p.label for p in pairs], dtype=np.float64)
    teacher = np.array([by_pair[(p.query, p.document)]["teacher_logit"] for p in pairs])
    groups = [p.group for p in pairs]
    result: dict[str, object] = {"validation_pairs": len(pairs)}
    result["pairwise_validation"] = {"teacher": pairwise(teacher, hard, groups)}
    for name, ref in (("student", student), ("base", base)):
        cos = cosines(ref, pairs)
        result["pairwise_validation"][name] = pairwise(cos, hard, groups)  # type: ignore[index]
        result[f"mse_cos01_{name}"] = float(np.mean(((cos + 1) / 2 - soft) ** 2))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    make = sub.add_parser("labels")
    make.add_argument("--model", type=Path, required=True)
    make.add_argument("--out", type=Path, default=DISTIL_PAIRS)
    margin = sub.add_parser("margins")
    margin.add_argument("--pairs", type=Path, default=DISTIL_PAIRS)
    margin.add_argument("--out", type=Path, default=MARGIN_ROWS)
    ship = sub.add_parser("export")
    ship.add_argument("--student", required=True)
    ship.add_argument("--out", type=Path, default=OUT / "students")
    test = sub.add_parser("check")
    test.add_argument("--student", required=True)
    test.add_argument("--base", default="minilm")
    test.add_argument("--pairs", type=Path, default=DISTIL_PAIRS)
    args = parser.parse_args()
    if args.step == "labels":
        result = labels(args.model, args.out)
    elif args.step == "margins":
        result = margins(args.pairs, args.out)
    elif args.step == "export":
        result = export(args.student, args.out)
    else:
        result = check(args.student, args.base, args.pairs)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
