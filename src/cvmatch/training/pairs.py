"""Build training pairs from the configured sources: files, ESCO occupations, TalentCLEF pairs.

ESCO (``esco_v1.2/ESCO_<lang>/occupations_<lang>.csv``) gives, per occupation (group = its URI):
preferred label ↔ each alternative label (``alt_labels``, at most ``max_pairs_per_occupation``,
picked by a seeded hash) and preferred label ↔ description (``description``). The shared ESCO
copy has no occupation–skill relations file, so skill pairs are not built.

Test sets stay out of training (``exclude_test_sets``): a pair whose query or document equals
(case-folded) a query of JobBERT titles, a Hahu dev ad title or a TalentCLEF EN validation query
is dropped and counted in :class:`PairSet.excluded`, which the run logs.
"""

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cvmatch.evaluation.datasets.base import PairsTask
from cvmatch.evaluation.datasets.esco import Occupation, load_occupations
from cvmatch.evaluation.datasets.hahu import load_hahu_ads
from cvmatch.evaluation.datasets.jobbert import load_jobbert_titles
from cvmatch.evaluation.datasets.rjdb import load_rjdb_pairs, rjdb_halves
from cvmatch.evaluation.datasets.talentclef import (
    load_talentclef_de_training,
    load_talentclef_en_validation,
    load_talentclef_es_training,
)
from cvmatch.training.config import (
    DataConfig,
    EscoSource,
    FileSource,
    RjdbSource,
    TalentClefSource,
)
from cvmatch.training.data import read_pairs
from cvmatch.training.records import TrainingPair

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PairSet:
    """All pairs of a run's sources, and how many were left out as test data."""

    pairs: tuple[TrainingPair, ...]
    excluded: dict[str, int] = field(default_factory=dict)


def normalise(text: str) -> str:
    """Case-folded text with collapsed whitespace (the key for duplicates and exclusions)."""
    return " ".join(text.casefold().split())


def _rank(seed: int, *parts: str) -> str:
    return hashlib.sha256("\x1f".join((str(seed), *parts)).encode()).hexdigest()


def _one_text_without(occ: Occupation, alt: str) -> str:
    """The occupation's one text without ``alt`` (so the pair is not a substring match)."""
    others = ", ".join(a for a in occ.alt_labels if a != alt)
    return ". ".join(part for part in (occ.preferred_label, others, occ.description) if part)


def neighbours(occupations: Sequence[Occupation]) -> dict[str, Occupation]:
    """URI → the next occupation of its ISCO unit group in code order (cyclic).

    An occupation alone in its unit group gets the next occupation in code order overall.
    """
    ordered = sorted(occupations, key=lambda occ: (occ.code, occ.uri))
    by_unit: dict[str, list[Occupation]] = {}
    for occ in ordered:
        by_unit.setdefault(occ.code.split(".")[0], []).append(occ)
    result: dict[str, Occupation] = {}
    for index, occ in enumerate(ordered):
        unit = by_unit[occ.code.split(".")[0]]
        if len(unit) > 1:
            result[occ.uri] = unit[(unit.index(occ) + 1) % len(unit)]
        elif len(ordered) > 1:
            result[occ.uri] = ordered[(index + 1) % len(ordered)]
    return result


def _ranked_alts(occ: Occupation, seed: int, salt: str) -> list[str]:
    alts = [alt for alt in occ.alt_labels if normalise(alt) != normalise(occ.preferred_label)]
    salted = (salt,) if salt else ()  # no salt: the order of earlier recipes' runs
    alts.sort(key=lambda alt: _rank(seed, *salted, occ.uri, alt))
    return alts


def _occupation_pairs(
    occ: Occupation, other: Occupation | None, source: EscoSource, seed: int
) -> list[TrainingPair]:
    label, origin, cap = (
        occ.preferred_label,
        f"esco:{source.language}",
        source.max_pairs_per_occupation,
    )
    use = other if source.hard_negatives else None
    pairs: list[TrainingPair] = []
    if "alt_labels" in source.fields:
        negative = use.preferred_label if use else None
        pairs.extend(
            TrainingPair(alt, label, 1.0, occ.uri, negative, origin)
            for alt in _ranked_alts(occ, seed, "")[:cap]
        )
    if "description" in source.fields and occ.description:
        negative = (use.description or use.one_text) if use else None
        pairs.append(TrainingPair(label, occ.description, 1.0, occ.uri, negative, origin))
    if "one_text" in source.fields:
        negative = use.one_text if use else None
        pairs.extend(
            TrainingPair(alt, _one_text_without(occ, alt), 1.0, occ.uri, negative, origin)
            for alt in _ranked_alts(occ, seed, "one_text")[:cap]
        )
    return pairs


def esco_pairs(
    occupations: Iterable[Occupation], source: EscoSource, seed: int
) -> list[TrainingPair]:
    """Pairs of the configured fields per occupation, grouped by occupation URI.

    ``alt_labels``: alternative label → preferred label; ``description``: label → description;
    ``one_text``: alternative label → the one text without that label. With ``hard_negatives``
    each pair carries the same field of the neighbouring occupation (:func:`neighbours`).
    """
    occupations = list(occupations)
    near = neighbours(occupations) if source.hard_negatives else {}
    pairs: list[TrainingPair] = []
    for occ in occupations:
        pairs.extend(_occupation_pairs(occ, near.get(occ.uri), source, seed))
    return pairs


def talentclef_pairs(task: PairsTask) -> list[TrainingPair]:
    """Same-occupation title pairs (group = occupation URI)."""
    origin = task.name
    return [TrainingPair(p.job, p.cv, 1.0, p.group or "", origin=origin) for p in task.pairs]


def test_set_texts(data_dir: Path | None) -> set[str]:
    """Normalised query texts of the evaluation test sets (JobBERT, Hahu dev, TalentCLEF EN)."""
    texts = {normalise(t) for t in load_jobbert_titles(data_dir).queries.values()}
    hahu = load_hahu_ads(data_dir).queries.values()
    texts |= {normalise(q.split(". ", 1)[0]) for q in hahu}
    texts |= {normalise(t) for t in load_talentclef_en_validation(data_dir).queries.values()}
    return texts


def rjdb_pairs(task: PairsTask, half: str = "all") -> list[TrainingPair]:
    """RJDB job ↔ CV pairs with their 0/1 labels, group = the triple.

    ``half="calibration"`` keeps the calibration half's triples only (never the report half's).
    """
    keep = None
    if half == "calibration":
        keep = {str(i) for i in rjdb_halves(len(task.group_info))[0]}
    return [
        TrainingPair(p.job, p.cv, float(p.label), f"rjdb:{p.group}", origin=task.name)
        for p in task.pairs
        if keep is None or p.group in keep
    ]


def _source_pairs(
    source: FileSource | EscoSource | TalentClefSource | RjdbSource, config: DataConfig, seed: int
) -> list[TrainingPair]:
    if isinstance(source, FileSource):
        return read_pairs(source)
    if isinstance(source, RjdbSource):
        return rjdb_pairs(load_rjdb_pairs(config.data_dir), source.half)
    if isinstance(source, EscoSource):
        return esco_pairs(load_occupations(config.data_dir, source.language), source, seed)
    loader = load_talentclef_de_training if source.language == "de" else load_talentclef_es_training
    return talentclef_pairs(loader(config.data_dir))


def build_pairs(config: DataConfig, seed: int) -> PairSet:
    """Pairs of every source, with test-set texts removed when ``exclude_test_sets`` is set.

    File sources are never filtered against test sets unless ``exclude_test_sets`` is on and
    the shared data is present; built-in sources always need it.
    """
    pairs: list[TrainingPair] = []
    for source in config.sources:
        pairs.extend(_source_pairs(source, config, seed))
    builtin = any(not isinstance(s, FileSource) for s in config.sources)
    if not (config.exclude_test_sets and builtin):
        return PairSet(tuple(pairs))
    banned = test_set_texts(config.data_dir)
    kept = []
    excluded: dict[str, int] = {}
    for pair in pairs:
        if normalise(pair.query) in banned or normalise(pair.document) in banned:
            excluded[pair.origin] = excluded.get(pair.origin, 0) + 1
        else:
            kept.append(pair)
    logger.info("left out %s pairs that contain a test-set query", excluded)
    return PairSet(tuple(kept), excluded)
