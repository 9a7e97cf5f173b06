"""The title cross-encoder: int8 export, the held-out ESCO EN test labels, and its cost.

Protocol: docs/benchmarks/title-cross-encoder.md (fixed before any figure). Three steps:

* ``export --model FOLDER --out FOLDER``: the trained ``CrossEncoder`` to int8 ONNX without its
  word embeddings (:func:`cvmatch.encoders.cross_encoder_onnx.export_cross_encoder_int8`, the
  shipped RJDB cross-encoder's path), with a trained-model manifest so ``titles+rerank:FOLDER``
  (or ``name@v1`` under ``CVMATCH_MODELS_DIR``) loads it; prints the file size.
* ``heldout --model REF``: set 2 of the protocol, once — the English ESCO labels of the languages
  split's **test** occupations (:func:`bench.quality.language_table.held_out_labels`: odd-hash
  labels query the even-hash ones), ``titles`` and ``titles+rerank:REF`` through
  ``Engine.evaluation.evaluate``; MAP, 95 % CIs and the paired Δ (1,000 resamples, seed 0).
* ``cost --model REF``: CPU and wall seconds of the cross-encoder on a query's top 50 for the
  first ``--queries`` TalentCLEF EN validation queries (their ``titles`` top 50), one thread.

Run from the repo root::

    CVMATCH_THREADS=1 OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python -m bench.quality.title_cross_encoder heldout --model REF
"""

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench.common import OUT, cpu_seconds, load_average, machine, write_json
from bench.quality.language_table import held_out_labels
from cvmatch.encoders.cross_encoder_onnx import export_cross_encoder_int8
from cvmatch.encoders.trained import MANIFEST, read_manifest
from cvmatch.engine import Engine
from cvmatch.engine.methods.titles_rerank import TOP_K, title_cross_encoder
from cvmatch.evaluation import bootstrap_ci
from cvmatch.evaluation.bootstrap import paired_bootstrap_ci
from cvmatch.evaluation.datasets.talentclef import load_talentclef_en_validation
from cvmatch.settings import get_settings

BASELINE = "titles"


def export(model: Path, out: Path) -> None:
    """Export ``model`` to int8 ONNX in ``out`` with its manifest; print the sizes."""
    start = time.perf_counter()
    export_cross_encoder_int8(model, out, shared_embeddings=True)
    manifest = read_manifest(model) | {
        "name": out.parent.name,
        "version": 1,
        "format": "onnx-int8",
        "trained_as": str(model),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    print(json.dumps({"seconds": round(time.perf_counter() - start, 1), "bytes": sizes}, indent=2))


def from_checkpoint(state: Path, base: Path, out: Path) -> None:
    """The trainer's last checkpoint (``state.pt``) as a ``CrossEncoder`` folder with a manifest."""
    import torch  # noqa: PLC0415 (heavy, this step only)

    from cvmatch.training.cross_encoder import load_cross_encoder  # noqa: PLC0415 (torch)

    payload = torch.load(state, map_location="cpu", weights_only=False)
    model = load_cross_encoder(str(base), 32, True)
    model.model.load_state_dict(payload["model"])
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    manifest = {
        "format": 1,
        "kind": "cross-encoder",
        "encoder": None,
        "base_model": str(base),
        "max_length": 32,
        "name": out.parent.name,
        "version": 1,
        "trained_as": f"{state} (epoch {payload['epoch']}, step {payload['step']})",
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"epoch": payload["epoch"], "step": payload["step"]}))


def heldout(reference: str) -> dict[str, object]:
    """Set 2: ``titles`` and ``titles+rerank:REF`` on the held-out ESCO EN labels (one look)."""
    engine = Engine()
    task = held_out_labels("en")
    method = f"titles+rerank:{reference}"
    methods = [BASELINE, method]
    started = time.perf_counter()
    run = engine.evaluation.evaluate(task, methods)
    values = {m: np.asarray(run.retrieval[m].evaluation["map"]) for m in methods}
    results: dict[str, object] = {"task": task.name, "queries": len(task.queries)}
    results["corpus"] = len(task.corpus)
    for name in methods:
        ci = bootstrap_ci(values[name], seed=0)
        results[name] = {
            "map": ci.mean,
            "ci": [ci.low, ci.high],
            "ids": run.methods[name].model_ids,
        }
    delta = paired_bootstrap_ci(values[method], values[BASELINE], seed=0)
    results["delta"] = [delta.mean, delta.low, delta.high]
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["load"] = load_average()
    return results


def cost(reference: str, queries: int) -> dict[str, object]:
    """CPU / wall seconds of the cross-encoder on each query's ``titles`` top 50."""
    engine = Engine()
    settings = get_settings()
    task = load_talentclef_en_validation()
    texts = list(task.queries.values())[:queries]
    corpus = list(task.corpus.values())
    scores = engine.evaluation.similarity_matrix(BASELINE, texts, corpus)
    logits, model = title_cross_encoder(reference, settings.trained_models_dir, 1)
    logits(["warm"], ["up"])  # loads the session
    walls, cpus = [], []
    load_before = load_average()
    for row, query in zip(scores, texts, strict=True):
        top = [corpus[int(c)] for c in np.argsort(-row, kind="stable")[:TOP_K]]
        wall, cpu = time.perf_counter(), cpu_seconds()
        logits([query] * len(top), top)
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return {
        "model": model,
        "queries": len(texts),
        "pairs_per_query": TOP_K,
        "cpu_median": round(float(np.median(cpus)), 4),
        "wall_median": round(float(np.median(walls)), 4),
        "load": [load_before, load_average()],
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["checkpoint", "export", "heldout", "cost"])
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()
    if args.step == "checkpoint":
        base = OUT / "minilm-l4"
        from_checkpoint(Path(args.model), base, args.out or OUT / "models" / "title-ce-ckpt" / "v1")
        return
    if args.step == "export":
        export(
            Path(args.model), args.out or OUT / "models" / "esco-title-cross-encoder-int8" / "v1"
        )
        return
    result = heldout(args.model) if args.step == "heldout" else cost(args.model, args.queries)
    print(json.dumps(result, indent=2, default=str))
    write_json(OUT / f"title_ce_{args.step}.json", result)


if __name__ == "__main__":
    main()
