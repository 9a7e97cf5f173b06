"""Per-language title matching and occupation linking: USE-m3 vs trained heads (issue 20 item 4).

The protocol (splits, tasks, candidates, selection rule, looks) is fixed in
docs/benchmarks/languages.md; this script implements it. Phases:

* ``embed``: USE-m3 vectors of every text (ESCO labels in EN/DE/ES/FR, TalentCLEF DE/ES titles),
  cached in ``bench/out/embeddings.sqlite`` and ``bench/out/languages/vectors.npz``.
* ``train`` (round 1), ``train2`` (round 2: 2-layer, hard negatives): fits the heads (per language, and one multilingual) on ESCO ``train`` occupations,
  epoch chosen on the ESCO validation tasks; writes ``bench/out/languages/heads/*.npz``.
* ``validate``: every candidate on every validation task (the selection rule reads this).
* ``test``: the named candidates on every test task, once each (a look is recorded).

Run from the repo root::

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python -m bench.quality.languages --phase embed
"""

import argparse
import csv
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from bench.common import DATA_DIR, OUT, write_json
from bench.quality.language_round3 import (
    ROUND3,
    USE_DIM,
    JoinedVectors,
    round3_candidate,
    round3_pairs,
    train3,
)
from bench.quality.language_round4 import ROUND4, round4_candidate, train4
from bench.quality.language_tasks import Task, build_tasks, fit_and_save
from cvmatch.encoders import DenseEncoder, EmbeddingCache, load_encoder
from cvmatch.evaluation import bootstrap_ci
from cvmatch.evaluation.bootstrap import paired_bootstrap_ci
from cvmatch.training.language_data import OccupationLabels, head_pairs, load_languages
from cvmatch.training.language_head import HeadSettings, project
from cvmatch.training.language_negatives import with_hard_negatives

LANGUAGES = ("en", "de", "es", "fr")
FOLDER = OUT / "languages"
CANDIDATES = ("use-m3", "per-language", "multilingual", "multilingual+tfidf")
ROUND2 = ("per-language-2layer", "per-language-hardneg", "pooled-hardneg")
"""Round-2 candidates (docs/benchmarks/languages.md): trained by ``--phase train2``."""
EMBED_SLICE = 1000
"""Texts per cached slice of ``--phase embed``."""
VECTOR_FILES = {"use-m3": "vectors.npz", "e5-small-q4": "vectors-e5.npz"}
"""Base vectors per encoder, under :data:`FOLDER`."""
Projector = Callable[[np.ndarray, str], np.ndarray]
"""Base vectors of texts in a language → the vectors a candidate compares."""


@dataclass
class Context:
    """ESCO labels, TalentCLEF titles and the base vectors of every text."""

    esco: dict[str, dict[str, OccupationLabels]]
    talentclef: dict[str, list[tuple[str, str]]]
    vectors: dict[str, np.ndarray]
    e5: dict[str, np.ndarray] = field(default_factory=dict)
    """e5-small-q4 vectors (round 3), when ``--phase embed --encoder e5-small-q4`` has run."""

    def joined(self) -> Mapping[str, np.ndarray]:
        """USE-m3 vectors, or ``[USE-m3 | e5]`` rows when the e5 vectors are loaded."""
        return JoinedVectors(self.vectors, self.e5) if self.e5 else self.vectors


def read_talentclef(data_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """``{lang: [(occupation uri, title), ...]}`` from the TalentCLEF task A training TSVs."""
    found: dict[str, list[tuple[str, str]]] = {}
    for lang, name in (("de", "german"), ("es", "spanish")):
        path = data_dir / f"talentclef2025_taskA/training/{name}/taskA_training_{lang}.tsv"
        rows = set()
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if len(row) >= 4 and row[1].startswith("http"):
                    rows |= {(row[1], row[2].strip()), (row[1], row[3].strip())}
        found[lang] = sorted(r for r in rows if r[1])
    return found


def load_context(with_vectors: bool = True, with_e5: bool = False) -> Context:
    """The data; vectors from ``vectors.npz`` (run ``--phase embed`` first), e5 if asked."""
    esco = load_languages(DATA_DIR, LANGUAGES)
    talentclef = read_talentclef(DATA_DIR)
    context = Context(esco, talentclef, _read_vectors("use-m3") if with_vectors else {})
    if with_e5:
        context.e5 = _read_vectors("e5-small-q4")
    return context


def _read_vectors(encoder: str) -> dict[str, np.ndarray]:
    """The vectors of ``encoder``: its file, or the files of its ``--shard`` runs, merged."""
    stem = VECTOR_FILES[encoder].removesuffix(".npz")
    found: dict[str, np.ndarray] = {}
    for path in sorted(FOLDER.glob(f"{stem}*.npz")):
        if path.stem == stem or path.stem.startswith(f"{stem}.shard"):
            with np.load(path) as saved:
                texts, matrix = list(saved["texts"]), saved["vectors"]
            found |= {str(t): matrix[i] for i, t in enumerate(texts)}
    return found


def embed_groups(
    context: Context, round3: bool = False, all_pairs: bool = False
) -> list[list[str]]:
    """Every distinct text, in the order the phases need them (each group sorted).

    Validation tasks first (``validate`` of an encoder without heads can start), then the texts
    of the heads' training pairs, then the test tasks' texts, then (not ``round3``) any other.
    ``round3``: only the texts round 3 needs (its heads train on :func:`round3_pairs`);
    with ``all_pairs`` (round 4), the texts of every training pair instead of round 3's third.
    """
    texts = {label for lang in context.esco.values() for o in lang.values() for label in o.labels}
    texts |= {title for rows in context.talentclef.values() for _, title in rows}
    groups: list[set[str]] = []
    for split in ("validation", "test"):
        found = set()
        for task in build_tasks(context.esco, context.talentclef, {}, split):
            found |= {*task.queries, *task.corpus}
        groups.append(found)
    pairs = set()
    for lang in LANGUAGES:
        cross = "en" if lang != "en" else None
        chosen = (
            round3_pairs(context.esco, lang)
            if round3 and not all_pairs
            else head_pairs(context.esco, [lang], cross_language=cross)
        )
        for pair in chosen:
            pairs |= {pair.query, pair.document}
    groups.insert(1, pairs)
    ordered: list[list[str]] = []
    seen: set[str] = set()
    for group in groups if round3 else [*groups, texts]:
        ordered.append(sorted(group - seen))
        seen |= group
    return ordered


def embed(
    context: Context,
    threads: int,
    encoder_name: str = "use-m3",
    shard: str = "0/1",
    all_pairs: bool = False,
) -> None:
    """Embed every distinct text (role ``query``, as the ``titles`` method does).

    In slices of :data:`EMBED_SLICE` texts, each written to the on-disk cache as it finishes, so
    a stopped run resumes where it was (e5-small-q4 needs tens of minutes on a shared machine);
    the vector file is rewritten after each group of :func:`embed_groups`. ``shard`` ``i/n``:
    this process embeds every n-th slice from the i-th (own cache and vector file; the readers
    merge the shards' files). ``all_pairs`` (round 4): the texts of every training pair that no
    earlier run embedded, into files of their own (``….shard{i}of{n}r4``).
    """
    index, count = (int(part) for part in shard.split("/"))
    suffix = "" if count == 1 else f".shard{index}of{count}"
    done: set[str] = set(_read_vectors(encoder_name)) if all_pairs else set()
    cache_suffix = suffix
    encoder = load_encoder(
        encoder_name,
        threads=threads,
        cache=EmbeddingCache(OUT / f"embeddings{cache_suffix}.sqlite"),
    )
    if not isinstance(encoder, DenseEncoder):
        raise SystemExit(f"{encoder_name} is not dense")
    started = time.perf_counter()
    groups = embed_groups(context, round3=encoder_name != "use-m3", all_pairs=all_pairs)
    if all_pairs:
        groups = [[t for t in g if t not in done] for g in groups]
        suffix += "r4"
    groups = [
        [
            t
            for s in range(index * EMBED_SLICE, len(g), count * EMBED_SLICE)
            for t in g[s : s + EMBED_SLICE]
        ]
        for g in groups
    ]
    total = sum(len(group) for group in groups)
    print(f"embedding {total} texts with {encoder_name}", flush=True)
    texts: list[str] = []
    parts: list[np.ndarray] = []
    FOLDER.mkdir(parents=True, exist_ok=True)
    for group in groups:
        for start in range(0, len(group), EMBED_SLICE):
            texts += group[start : start + EMBED_SLICE]
            parts.append(encoder.encode(group[start : start + EMBED_SLICE], role="query"))
            rate = len(texts) / max(time.perf_counter() - started, 1e-9)
            print(f"{len(texts)}/{total} texts, {rate:.1f} texts/s (this run)", flush=True)
        if not parts:  # round 4: every text of the group was embedded by an earlier run
            continue
        matrix = np.concatenate(parts).astype(np.float32)
        target = FOLDER / VECTOR_FILES[encoder_name].replace(".npz", f"{suffix}.npz")
        np.savez(target, texts=np.array(texts), vectors=matrix)
        print(f"group saved: {len(texts)} texts, {time.perf_counter() - started:.0f} s", flush=True)


def train(context: Context, tasks: list[Task]) -> dict[str, object]:
    """Fit the per-language heads and the multilingual head; save them; return their histories."""
    (FOLDER / "heads").mkdir(parents=True, exist_ok=True)
    plans = {lang: ([lang], "en" if lang != "en" else None) for lang in LANGUAGES}
    plans["multilingual"] = (list(LANGUAGES), "en")
    report: dict[str, object] = {}
    for name, (languages, cross) in plans.items():
        pairs = head_pairs(context.esco, languages, cross_language=cross)
        own = [t for t in tasks if t.source == "esco" and t.query_language in languages]

        def validate(head: Callable[[np.ndarray], np.ndarray], own: list[Task] = own) -> float:
            return float(np.mean([t.evaluate(lambda base, _lang: head(base)).mean() for t in own]))

        target = FOLDER / "heads" / f"{name}.npz"
        report[name] = fit_and_save(target, pairs, context.vectors, validate)
    return report


def train2(context: Context, tasks: list[Task]) -> dict[str, object]:
    """Fit the round-2 heads (2-layer, hard negatives); save them; return their histories."""
    (FOLDER / "heads").mkdir(parents=True, exist_ok=True)
    plans: dict[str, tuple[list[str], str | None, int, bool]] = {}
    for lang in LANGUAGES:
        cross = "en" if lang != "en" else None
        plans[f"2layer-{lang}"] = ([lang], cross, 2, False)
        plans[f"hardneg-{lang}"] = ([lang], cross, 1, True)
    plans["pooled-hardneg"] = (list(LANGUAGES), "en", 1, True)
    report: dict[str, object] = {}
    for name, (languages, cross, layers, hard) in plans.items():
        pairs = head_pairs(context.esco, languages, cross_language=cross)
        if hard:
            pairs = with_hard_negatives(pairs, context.esco, context.vectors)
        own = [t for t in tasks if t.source == "esco" and t.query_language in languages]

        def validate(head: Callable[[np.ndarray], np.ndarray], own: list[Task] = own) -> float:
            return float(np.mean([t.evaluate(lambda base, _lang: head(base)).mean() for t in own]))

        target = FOLDER / "heads" / f"{name}.npz"
        settings = HeadSettings(layers=layers)
        report[name] = fit_and_save(target, pairs, context.vectors, validate, settings)
    return report


def candidate(name: str) -> Projector:
    """The projection of a candidate (``+tfidf`` fusion is applied by the task)."""
    if name == "use-m3":
        return lambda vectors, _lang: _normalise(vectors)
    heads = {p.stem: dict(np.load(p)) for p in sorted((FOLDER / "heads").glob("*.npz"))}
    if name == "per-language":
        return lambda vectors, lang: project(vectors, heads[lang])
    if name in {"per-language-2layer", "per-language-hardneg"}:
        prefix = name.removeprefix("per-language-")
        return lambda vectors, lang: project(vectors, heads[f"{prefix}-{lang}"])
    if name == "pooled-hardneg":
        return lambda vectors, _lang: project(vectors, heads["pooled-hardneg"])
    return lambda vectors, _lang: project(vectors, heads["multilingual"])


def _normalise(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)  # type: ignore[no-any-return]


def projector(name: str, joined: bool) -> Projector:
    """A candidate's projection of the tasks' base vectors (``[USE-m3 | e5]`` when ``joined``)."""
    if name in ROUND3:
        return round3_candidate(name, FOLDER / "heads")
    if name in ROUND4:
        return round4_candidate(name, FOLDER / "heads")
    chosen = candidate(name.removesuffix("+tfidf"))
    if not joined:
        return chosen
    return lambda vectors, lang: chosen(vectors[:, :USE_DIM], lang)


def score_all(
    tasks: list[Task], names: list[str], joined: bool = False
) -> dict[str, dict[str, object]]:
    """MAP with a 95 % CI per task and candidate, and the paired differences.

    Δ against ``use-m3`` (rounds 1–2), ``per-language`` (round 3) and ``ensemble`` (round 4), when
    computed earlier in ``names``.
    """
    results: dict[str, dict[str, object]] = {}
    for task in tasks:
        per: dict[str, np.ndarray] = {}
        for name in names:
            started = time.perf_counter()
            values = task.evaluate(projector(name, joined), lexical=name.endswith("+tfidf"))
            per[name] = values
            ci = bootstrap_ci(values, seed=0)
            row: dict[str, object] = {
                "map": ci.mean,
                "ci": [ci.low, ci.high],
                "queries": len(values),
            }
            for key, reference in (
                ("delta", "use-m3"),
                ("delta_per_language", "per-language"),
                ("delta_ensemble", "ensemble"),
            ):
                if name != reference and reference in per:
                    d = paired_bootstrap_ci(values, per[reference], seed=0)
                    row[key] = [d.mean, d.low, d.high]
            row["seconds"] = round(time.perf_counter() - started, 1)
            results.setdefault(task.name, {})[name] = row
            print(f"{task.name} {name} MAP {ci.mean:.4f} [{ci.low:.4f}, {ci.high:.4f}]", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--phase",
        choices=["embed", "train", "train2", "train3", "train4", "validate", "test"],
        required=True,
    )
    parser.add_argument("--candidates", nargs="+", default=list(CANDIDATES))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--encoder", choices=sorted(VECTOR_FILES), default="use-m3")
    parser.add_argument("--shard", default="0/1", help="embed: i/n, every n-th slice from the i-th")
    parser.add_argument(
        "--all-pairs", action="store_true", help="embed: every training pair's texts (round 4)"
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    joined_rounds = set(ROUND3) | set(ROUND4)
    round3 = args.phase in {"train3", "train4"} or bool(set(args.candidates) & joined_rounds)
    # train3 --encoder use-m3 refits round 1's USE-m3 heads (for the ensemble): no e5 needed.
    with_e5 = round3 and not (args.phase == "train3" and args.encoder == "use-m3")
    context = load_context(with_vectors=args.phase != "embed", with_e5=with_e5)
    if args.phase == "embed":
        embed(context, args.threads, args.encoder, args.shard, args.all_pairs)
        return
    split = "test" if args.phase == "test" else "validation"
    tasks = build_tasks(context.esco, context.talentclef, context.joined(), split)
    if args.phase == "train3":
        report = train3(context, tasks, FOLDER / "heads", args.encoder)
        write_json(FOLDER / f"train3-{args.encoder}.json", report)
        return
    if args.phase == "train4":
        write_json(FOLDER / "train4.json", train4(context, tasks, FOLDER / "heads"))
        return
    if args.phase in {"train", "train2"}:
        fit = train if args.phase == "train" else train2
        write_json(FOLDER / f"{args.phase}.json", fit(context, tasks))
        return
    out = FOLDER / f"{args.phase}.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    results = score_all(tasks, args.candidates, joined=round3)
    for task, rows in results.items():
        previous.setdefault(task, {}).update(rows)
    write_json(out, previous)


if __name__ == "__main__":
    main()
