"""Cost of the cross-encoder stage on one job's top 50: CPU and wall seconds, with the load.

Issue 18 item 2's target is ≤ 2 s for the top 50 on 2 cores (int8 ONNX). One RJDB dev
*calibration-half* job (the report half is never read) is ranked by ``hybrid`` against 50 CVs of
calibration-half triples; then, median of ``--repeats`` calls after one warm-up:

* ``views``: building the 50 evidence views (:func:`cvmatch.scoring.rerank.rerank_texts`);
* ``model``: the int8 ONNX model alone on those views (:class:`OnnxCrossEncoder`, each pair
  run alone), wall and CPU seconds of this process (CPU > wall means both threads worked);
* ``stage``: the whole stage through ``Engine.apply_stages`` (views, model, fusion, calibration,
  re-ordering) on the 50 first-stage matches, when ``--model`` has a stage manifest.

Also the word pieces per pair and the 1-minute load average before and after. Set the thread
count of the measurement with ``--threads`` (onnxruntime intra-op threads; run it with
``OMP_NUM_THREADS`` equal to it).

    OMP_NUM_THREADS=2 .venv/bin/python -m bench.quality.cross_encoder_cost --model FOLDER
"""

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, cpu_seconds, load_average, machine, write_json
from bench.quality.cross_encoder_pairs import rjdb_halves, triples
from bench.quality.requirements_rjdb import REFERENCE
from cvmatch.encoders.cross_encoder_onnx import TOKENIZER_FILE, OnnxCrossEncoder
from cvmatch.encoders.trained import MANIFEST
from cvmatch.engine import Engine, Stages
from cvmatch.scoring.rerank import rerank_texts
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, Match

TOP = 50


def calibration_list(engine: Engine) -> tuple[Document, list[Document], str]:
    """The first calibration-half job, 50 calibration-half CVs (its own two first), its text."""
    texts = triples(DATA_DIR)
    calibration, _ = rjdb_halves(len(texts))
    first = calibration[0]
    job_text = texts[first][0]
    job = engine.parse_text(job_text, DocumentKind.JOB, f"job-{first}")
    cvs: list[Document] = []
    for t in calibration:
        for label, text in ((1, texts[t][1]), (0, texts[t][2])):
            if len(cvs) < TOP:
                cvs.append(engine.parse_text(text, DocumentKind.CV, f"cv-{t}-{label}"))
    return job, cvs, job_text


def measure(action: Callable[[], object], repeats: int) -> dict[str, object]:
    """Median wall and CPU seconds of ``repeats`` calls of ``action`` after one warm-up."""
    action()
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), cpu_seconds()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return {
        "wall_median": round(float(np.median(walls)), 3),
        "cpu_median": round(float(np.median(cpus)), 3),
        "wall_all": [round(x, 3) for x in walls],
    }


def word_pieces(folder: Path, views: list[tuple[str, str]], max_length: int) -> dict[str, float]:
    """Median and maximum word pieces per pair after the model's truncation."""
    from tokenizers import Tokenizer  # noqa: PLC0415 (as the model loads it)

    tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_length, strategy="longest_first")
    lengths = [len(tokenizer.encode(q, d).ids) for q, d in views]
    return {"median": float(np.median(lengths)), "max": float(max(lengths))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "cvmatch-bench-cache"
    settings = Settings(reference_date=REFERENCE, cache_dir=cache, threads=args.threads)
    engine = Engine(settings)
    job, cvs, job_text = calibration_list(engine)
    matches: list[Match] = list(engine.rank(job, cvs).matches[:TOP])
    by_id = {c.id: c.text for c in cvs}
    load_before = load_average()

    def views() -> list[tuple[str, str]]:
        return [rerank_texts(m, job_text, by_id[m.cv_id]) for m in matches]

    pairs = views()
    model = OnnxCrossEncoder(args.model, args.max_length, threads=args.threads)
    result: dict[str, object] = {
        "model": str(args.model),
        "pairs": len(pairs),
        "threads": args.threads,
        "word_pieces": word_pieces(args.model, pairs, args.max_length),
        "views": measure(views, args.repeats),
        "model_alone": measure(
            lambda: model([q for q, _ in pairs], [d for _, d in pairs]), args.repeats
        ),
    }
    if (args.model / MANIFEST).is_file():
        stages = Stages(rerank=str(args.model), rerank_top=TOP)
        result["stage"] = measure(
            lambda: engine.apply_stages(job, cvs, matches, stages), args.repeats
        )
    result |= {"load_before": load_before, "load_after": load_average()} | machine()
    print(json.dumps(result, indent=2))
    if args.out:
        write_json(args.out, result)


if __name__ == "__main__":
    main()
