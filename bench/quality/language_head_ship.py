"""Write the chosen per-language heads into the package (``encoders/weights/use-m3-esco-L/``).

Reads the heads fitted by ``python -m bench.quality.languages --phase train`` and the test
figures of ``--phase test``; for each language writes ``head.npz`` (float32) and ``head.json``
(:class:`cvmatch.encoders.shipped_head.ShippedHeadManifest`) with the checksums of the ESCO files
it was trained on (its language and English), its held-out figures with their looks, and probe
cosines.

Round 3 (``--ensemble 3``): writes ``encoders/weights/e5-use-m3-esco-L/`` for DE, ES and FR: the
e5-small-q4 head of L (``bench/out/languages/heads/e5-L.npz``) whose manifest names
``use-m3-esco-L`` in ``mean_with`` (the chosen ensemble), made the default of ``titles``; the
USE-m3 heads stay shipped (they are its other half) but are no longer a default themselves.

Run from the repo root::

    PYTHONPATH=src .venv/bin/python -m bench.quality.language_head_ship --default-for titles
    PYTHONPATH=src .venv/bin/python -m bench.quality.language_head_ship --ensemble 3
    PYTHONPATH=src .venv/bin/python -m bench.quality.language_head_ship --ensemble 4

Round 4 (``--ensemble 4``): the same folders from the ``e5all-L`` heads (all train occupations).
"""

import argparse
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR
from bench.quality.language_round3 import TRAIN3_BUCKET
from bench.quality.languages import FOLDER
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.packages import file_digest
from cvmatch.encoders.registry import load_encoder
from cvmatch.encoders.shipped import WEIGHTS_DIR
from cvmatch.encoders.shipped_head import (
    HEAD_FILE,
    HEAD_MANIFEST,
    read_head_manifest,
    shipped_heads,
)
from cvmatch.training.language_data import ESCO_FILES
from cvmatch.training.language_head import HeadSettings

SHIPPED_LANGUAGES = ("de", "es", "fr")
CANDIDATE = "per-language"
PROBES = (
    ("Datenbankadministrator", "database administrator"),
    ("infirmier", "Krankenpfleger"),
    ("desarrollador de software", "software developer"),
    ("软件工程师", "software developer"),
    ("데이터베이스 관리자", "database administrator"),
    ("chef de cuisine", "database administrator"),
)
ESCO_TERMS = "ESCO: free reuse with attribution"
ATTRIBUTION = "ESCO, European Commission"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _test_figures(
    test: dict[str, dict[str, dict[str, object]]],
    language: str,
    candidate: str,
    delta_key: str,
    baseline: str,
    round_note: str = "",
) -> list[dict[str, object]]:
    """One figure per test task in ``language``: ``candidate``'s MAP, Δ vs ``baseline`` with the
    paired CI read from ``delta_key``."""
    figures = []
    for task, rows in sorted(test.items()):
        parts = task.split("-")  # titles-tc-de, titles-esco-de, link-de-de, link-de-en
        if (parts[1] if parts[0] == "link" else parts[-1]) != language:
            continue
        row = rows[candidate]
        delta = row[delta_key]
        if not isinstance(delta, list):
            raise SystemExit(f"{task}: no paired difference for {candidate} against {baseline}")
        figures.append(
            {
                "set": f"{task} (held-out occupations, docs/benchmarks/languages.md{round_note})",
                "metric": "MAP",
                "value": round(float(row["map"]), 4),  # type: ignore[arg-type]
                "baseline": baseline,
                "delta": round(float(delta[0]), 4),
                "ci95": [round(float(delta[1]), 4), round(float(delta[2]), 4)],
                "looks": "1 (test split, once per candidate)",
                "command": "python -m bench.quality.languages --phase test",
            }
        )
    return figures


def held_out(
    test: dict[str, dict[str, dict[str, object]]], candidate: str, language: str
) -> list[dict[str, object]]:
    """One figure per test task in ``language``: MAP, Δ vs use-m3 with the paired CI."""
    return _test_figures(test, language, candidate, "delta", "use-m3")


def write_head(language: str, default_for: list[str], train_file: str = "train.json") -> Path:
    """The folder of the shipped head of ``language``, with its manifest and probes.

    ``train_file``: the history of its training (``train3-use-m3.json`` for the English head,
    refitted by ``--phase train3 --encoder use-m3``).
    """
    folder = WEIGHTS_DIR / f"use-m3-esco-{language}"
    folder.mkdir(parents=True, exist_ok=True)
    with np.load(FOLDER / "heads" / f"{language}.npz") as arrays:
        w0, b0 = arrays["w0"].astype(np.float32), arrays["b0"].astype(np.float32)
    np.savez(folder / HEAD_FILE, w0=w0, b0=b0)
    train = json.loads((FOLDER / train_file).read_text())[language]
    test = json.loads((FOLDER / "test.json").read_text())
    english = language == "en"  # half of an ensemble: its figures are the ensemble's
    manifest: dict[str, object] = {
        "name": folder.name,
        "description": f"linear head over USE-m3 for {language.upper()} job titles, "
        "trained on ESCO occupation labels "
        + ("(EN)" if english else f"({language.upper()}, {language.upper()} <-> EN)"),
        "base_model": "use-m3",
        "languages": [language],
        "dim": 512,
        "sha256": file_digest(folder / HEAD_FILE),
        "training": {
            "module": "cvmatch.training.language_head",
            "command": "python -m bench.quality.languages --phase "
            + ("train3 --encoder use-m3" if english else "train"),
            "split": "sha256(occupation URI) mod 100: <15 test, <25 validation, else train",
            "pairs": train["pairs"],
            "best_epoch": train["best_epoch"],
            "validation_esco_map_by_epoch": train["validation_esco_map_by_epoch"],
            "settings": vars(HeadSettings()),
        },
        "data": _esco_sources(language),
        "held_out": [] if english else held_out(test, CANDIDATE, language),
        "default_for": default_for,
        "probes": [],
    }
    _write_with_probes(folder, manifest)
    return folder


@dataclass(frozen=True)
class EnsembleRound:
    """Where one round's chosen ensemble comes from: its e5 heads, their training, its figures."""

    head_prefix: str
    """``<heads>/<prefix><lang>.npz``: ``e5-`` (round 3), ``e5all-`` (round 4)."""
    train_file: str
    command: str
    occupations: str
    candidate: str
    note: str
    e5_weight: float = 0.5
    looks: str = "1 (test split, once per candidate)"


ROUNDS = {
    "3": EnsembleRound(
        "e5-",
        "train3-e5-small-q4.json",
        "python -m bench.quality.languages --phase train3 --encoder e5-small-q4",
        f"train occupations with sha256(uri) mod 100 < {TRAIN3_BUCKET}",
        "ensemble",
        ", round 3",
    ),
    "4": EnsembleRound(
        "e5all-",
        "train4.json",
        "python -m bench.quality.languages --phase train4",
        "all train occupations",
        "ensemble-all-w0.7",
        ", round 4",
        e5_weight=0.7,
        looks="1 (test split, once per candidate; the split's 4th round)",
    ),
}


def ensemble_figures(
    test: dict[str, dict[str, dict[str, object]]], language: str, chosen: EnsembleRound
) -> list[dict[str, object]]:
    """The ensemble's test figures in ``language``: MAP, Δ vs the shipped per-language heads."""
    partner = f"use-m3-esco-{language}"
    figures = _test_figures(
        test, language, chosen.candidate, "delta_per_language", partner, chosen.note
    )
    return [{**figure, "looks": chosen.looks} for figure in figures]


def write_ensemble(
    language: str, chosen: EnsembleRound, default_for: tuple[str, ...] | list[str] = ("titles",)
) -> Path:
    """``e5-use-m3-esco-L``: the e5 head of L, averaged with ``use-m3-esco-L`` (rounds 3–4)."""
    folder = WEIGHTS_DIR / f"e5-use-m3-esco-{language}"
    folder.mkdir(parents=True, exist_ok=True)
    with np.load(FOLDER / "heads" / f"{chosen.head_prefix}{language}.npz") as arrays:
        w0, b0 = arrays["w0"].astype(np.float32), arrays["b0"].astype(np.float32)
    np.savez(folder / HEAD_FILE, w0=w0, b0=b0)
    train = json.loads((FOLDER / chosen.train_file).read_text())[f"{chosen.head_prefix}{language}"]
    test = json.loads((FOLDER / "test.json").read_text())
    partner = f"use-m3-esco-{language}"
    manifest: dict[str, object] = {
        "name": folder.name,
        "description": f"{language.upper()} job titles: {_mean_words(chosen.e5_weight)} of the "
        f"cosines of e5-small-q4 + this linear head and of {partner} (896-d joined), heads "
        "trained on ESCO labels",
        "base_model": "e5-small-q4",
        "languages": [language],
        "dim": 896,
        "sha256": file_digest(folder / HEAD_FILE),
        "training": {
            "module": "cvmatch.training.language_head",
            "command": chosen.command,
            "split": "sha256(occupation URI) mod 100: <15 test, <25 validation, else train",
            "occupations": chosen.occupations,
            "pairs": train["pairs"],
            "best_epoch": train["best_epoch"],
            "validation_esco_map_by_epoch": train["validation_esco_map_by_epoch"],
            "settings": vars(HeadSettings()),
            "prefix": "query: (both sides)",
        },
        "data": _esco_sources(language),
        "held_out": ensemble_figures(test, language, chosen),
        "default_for": list(default_for),
        "probes": [],
        "mean_with": [partner],
    }
    if chosen.e5_weight != 0.5:  # equal weights are the manifest's default
        manifest["mean_weights"] = [chosen.e5_weight, round(1.0 - chosen.e5_weight, 6)]
    _write_with_probes(folder, manifest)
    # The USE-m3 head is half of the ensemble now, no longer a default of its own.
    head = WEIGHTS_DIR / partner / HEAD_MANIFEST
    data = json.loads(head.read_text())
    data["default_for"] = []
    head.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return folder


def _mean_words(e5_weight: float) -> str:
    if e5_weight == 0.5:
        return "mean"
    return f"weighted mean ({e5_weight:g} / {1 - e5_weight:g})"


def _esco_sources(language: str) -> list[dict[str, str]]:
    return [
        {
            "source": f"../shared/data/{ESCO_FILES[lang]}",
            "sha256": _sha256(DATA_DIR / ESCO_FILES[lang]),
            "licence": ESCO_TERMS,
            "attribution": ATTRIBUTION,
        }
        for lang in dict.fromkeys((language, "en"))
    ]


def _write_with_probes(folder: Path, manifest: dict[str, object]) -> None:
    """Write ``head.json``, load the shipped encoder it describes, add its probe cosines."""
    (folder / HEAD_MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    read_head_manifest(folder)  # the schema accepts it
    shipped_heads.cache_clear()  # the folder is new in this process
    encoder = load_encoder(folder.name, threads=1)
    if not isinstance(encoder, DenseEncoder):
        raise SystemExit(f"{folder.name} is not a dense encoder")
    probes = []
    for query, document in PROBES:
        q, d = encoder.encode([query, document], role="query")
        probes.append({"query": query, "document": document, "cosine": round(float(q @ d), 5)})
    manifest["probes"] = probes
    (folder / HEAD_MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--default-for", nargs="*", default=["titles"])
    parser.add_argument(
        "--ensemble", choices=sorted(ROUNDS), help="the e5 + USE-m3 heads chosen in this round"
    )
    parser.add_argument(
        "--english",
        action="store_true",
        help="round 5: write the English pair (use-m3-esco-en, e5-use-m3-esco-en), no default",
    )
    args = parser.parse_args()
    if args.english:
        print(write_head("en", [], train_file="train3-use-m3.json"))
        print(write_ensemble("en", ROUNDS["4"], default_for=[]))
        return
    for language in SHIPPED_LANGUAGES:
        if args.ensemble:
            print(write_ensemble(language, ROUNDS[args.ensemble]))
        else:
            print(write_head(language, args.default_for))


if __name__ == "__main__":
    main()
