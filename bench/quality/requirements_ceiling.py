"""How far RJDB dev lets an honest requirement matcher go (calibration/tuning half only).

Same split as ``requirements_rjdb.py`` (seed 20261201); only the 250 tuning-half triples are read.

Removed skills (``Filtered-information.Skills``) an honest matcher cannot report ``missing``:
- no requirement line of the ad is related to the skill (the benchmark's own word-overlap rule);
- the near-miss CV still names it (the skill's phrase, folded, as whole words; or every key
  stem of it on one line).
Requirements flagged ``missing`` on the matched CV that an honest matcher must flag:
- no key stem of the requirement anywhere in the matched CV and no CV line closer than a
  cosine of 0.6 (the dense pass's partial bar is 0.7): no lexical or paraphrase trace.
Soft skills are kept ``missing`` for this count and classified with ``is_soft_text``.
Ceilings: recall ≤ share of removed skills not excluded above; precision ≤ that count over
itself plus the traceless matched-CV flags (an honest matcher keeps those). With soft skills
``not_assessed`` (scoring/transversal.py), soft items leave both sides.

    nice -n 10 .venv/bin/python -m bench.quality.requirements_ceiling
"""

import argparse
import json
import random
import re
import tempfile
from pathlib import Path

from bench.common import DATA_DIR
from bench.quality.requirements_rjdb import REFERENCE, SEED, related, run_pairs, stems
from cvmatch.engine import Engine
from cvmatch.scoring.transversal import is_soft_text
from cvmatch.settings import Settings
from cvmatch.taxonomy.normalise import fold
from cvmatch.types import EvidenceStatus

TRACE_COSINE = 0.6
TEXT_KINDS = {"skill", "certification", "other"}


def named(skill: str, text: str) -> bool:
    """The skill's phrase as whole words, or all its stems on one line of ``text``."""
    phrase = re.escape(fold(skill).lower().strip(" )("))
    if phrase and re.search(rf"(?<!\w){phrase}(?!\w)", fold(text).lower()):
        return True
    wanted = stems(skill)
    return bool(wanted) and any(wanted <= stems(line) for line in text.splitlines())


def removed_skill_rows(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        requirements = [
            e for e in r["unmatched"].evidence if e.requirement.kind.value in TEXT_KINDS
        ]
        out.extend(
            {
                "soft": is_soft_text(skill),
                "no_requirement": not any(related(skill, e.requirement.text) for e in requirements),
                "named_near_miss": named(skill, r["unmatched_text"]),
                "named_matched": named(skill, r["matched_text"]),
            }
            for skill in r["info"]["filtered_information"].get("Skills", [])
        )
    return out


def false_flag_rows(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        cv_stems = stems(r["matched_text"])
        for e in r["matched"].evidence:
            if e.status is not EvidenceStatus.MISSING:
                continue
            lexical_trace = bool(stems(e.requirement.text) & cv_stems)
            out.append(
                {
                    "kind": e.requirement.kind.value,
                    "soft": is_soft_text(e.requirement.text),
                    "traceless": not lexical_trace and e.dense < TRACE_COSINE,
                    "lexical_trace": lexical_trace,
                }
            )
    return out


def share(items: list[dict], key: str) -> float:
    return round(sum(x[key] for x in items) / len(items), 3) if items else 0.0


def ceilings(removed: list[dict], flags: list[dict], soft_out: bool) -> dict[str, float]:
    pool = [x for x in removed if not (soft_out and x["soft"])]
    reportable = sum(not x["no_requirement"] and not x["named_near_miss"] for x in pool)
    kept = [x for x in flags if not (soft_out and x["soft"])]
    forced = sum(x["traceless"] for x in kept)
    return {
        "recall_ceiling": round(reportable / len(removed), 3),
        "precision_ceiling": round(reportable / (reportable + forced), 3),
        "traceless_flags_per_cv": round(forced / 250, 2),
    }


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()  # --help only
    engine = Engine(
        Settings(
            reference_date=REFERENCE,
            cache_dir=Path(tempfile.gettempdir()) / "cvmatch-bench-cache",
            soft_skills_not_assessed=False,  # soft skills stay `missing`: classified here
        )
    )
    rows = run_pairs(engine, None)
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)  # noqa: S311 - the benchmark's split
    tuning = [rows[i] for i in sorted(order[: len(rows) // 2])]
    texts = [json.loads(x) for x in (engine_data_lines())]
    for r in tuning:
        record = texts[int(r["group"])]
        r["matched_text"], r["unmatched_text"] = (
            record["Resume-matched"],
            record["Resume-unmatched"],
        )
    removed, flags = removed_skill_rows(tuning), false_flag_rows(tuning)
    result = {
        "tuning_triples": len(tuning),
        "removed_skills": len(removed),
        "removed_no_related_requirement": share(removed, "no_requirement"),
        "removed_still_named_on_near_miss": share(removed, "named_near_miss"),
        "removed_named_on_matched": share(removed, "named_matched"),
        "removed_soft": share(removed, "soft"),
        "matched_cv_flags": len(flags),
        "flags_experience": round(sum(x["kind"] == "experience" for x in flags) / len(flags), 3),
        "flags_soft": share(flags, "soft"),
        "flags_with_lexical_trace": share(flags, "lexical_trace"),
        "flags_traceless": share(flags, "traceless"),
        "ceiling": ceilings(removed, flags, soft_out=False),
        "ceiling_soft_not_assessed": ceilings(removed, flags, soft_out=True),
    }
    print(json.dumps(result, indent=2))


def engine_data_lines() -> list[str]:
    path = DATA_DIR / "rjdb" / "rjdb_dev.jsonl"
    return path.read_text(encoding="utf-8").splitlines()


if __name__ == "__main__":
    main()
