"""``cvmatch synth pairs``: generate, deduplicate, leakage-check and write training pairs.

Generation is offline (:mod:`cvmatch.llm.synth_templates`) or through the endpoint
(:mod:`cvmatch.llm.synth_llm`, template fallback per occupation). Then: pairs whose
(job, CV) texts repeat are dropped once seen; pairs whose job or CV text matches an evaluation
text (:mod:`cvmatch.llm.leakage`, exact or near-duplicate) are dropped. The file is in the
trainer's format (``jd``, ``resume``, ``label``, ``group`` columns; ``kind`` says which variant),
as JSONL or CSV, which ``cvmatch train`` reads with a ``type: file`` source.
"""

import csv
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from cvmatch.errors import InvalidInputError
from cvmatch.llm.config import LlmConfig
from cvmatch.llm.leakage import LeakageReport, check_leakage, normalise
from cvmatch.llm.synth_llm import LlmSynth
from cvmatch.llm.synth_templates import SynthPair, job_specs, pairs_for
from cvmatch.taxonomy.occupations import packaged_entries
from cvmatch.taxonomy.packaged import gazetteer_names

COLUMNS = ("jd", "resume", "label", "group", "kind")


@dataclass(frozen=True)
class SynthOptions:
    """How many occupations, the seed, where evaluation data lives, extra texts to check."""

    occupations: int = 200
    seed: int = 42
    data_dir: Path | None = None
    extra_eval: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SynthResult:
    """The kept pairs and what happened to the others."""

    pairs: tuple[SynthPair, ...]
    generated: int
    duplicates: int
    leaking: int
    leakage: LeakageReport
    mode: str
    requests: int = 0
    fallbacks: int = 0


def synth_pairs(options: SynthOptions, llm: LlmConfig | None = None) -> SynthResult:
    """Generate and check pairs (through ``llm`` when given, else offline)."""
    if options.occupations < 2:  # noqa: PLR2004 - every job needs another for its negative
        raise InvalidInputError("--occupations must be at least 2")
    rng = random.Random(options.seed)  # noqa: S311 - reproducible data, not secrets
    specs = job_specs(packaged_entries(), gazetteer_names(), options.occupations, options.seed)
    writer = LlmSynth(llm) if llm else None
    generated: list[SynthPair] = []
    for n, spec in enumerate(specs):
        other = specs[(n + 1) % len(specs)]
        made = writer.pairs(spec, other, rng) if writer else pairs_for(spec, other, rng)
        generated.extend(made)
    unique = _dedup(generated)
    texts = sorted({t for p in unique for t in (p.job, p.cv)})
    leakage = check_leakage(texts, options.data_dir, options.extra_eval)
    bad = {normalise(texts[i]) for i in leakage.leaking}
    kept = [p for p in unique if normalise(p.job) not in bad and normalise(p.cv) not in bad]
    return SynthResult(
        pairs=tuple(kept),
        generated=len(generated),
        duplicates=len(generated) - len(unique),
        leaking=len(unique) - len(kept),
        leakage=leakage,
        mode=f"llm:{llm.model}" if llm else "offline",
        requests=writer.requests if writer else 0,
        fallbacks=writer.fallbacks if writer else 0,
    )


def write_pairs(pairs: tuple[SynthPair, ...], path: Path) -> None:
    """Write ``pairs`` as JSONL (``.jsonl``/``.json``) or CSV (anything else)."""
    rows = [
        {"jd": p.job, "resume": p.cv, "label": p.label, "group": p.group, "kind": p.kind}
        for p in pairs
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in {".jsonl", ".json"}:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        path.write_text(text, encoding="utf-8")
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def _dedup(pairs: list[SynthPair]) -> list[SynthPair]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for pair in pairs:
        key = (normalise(pair.job), normalise(pair.cv))
        if key not in seen:
            seen.add(key)
            unique.append(pair)
    return unique
