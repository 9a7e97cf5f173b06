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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cvmatch.evaluation.datasets.base import PairsTask
from cvmatch.evaluation.datasets.esco import Occupation, load_occupations
from cvmatch.evaluation.datasets.hahu import load_hahu_ads
from cvmatch.evaluation.datasets.jobbert import load_jobbert_titles
from cvmatch.evaluation.datasets.talentclef import (
    load_talentclef_de_training,
    load_talentclef_en_validation,
    load_talentclef_es_training,
)
from cvmatch.training.config import DataConfig, EscoSource, FileSource, TalentClefSource
from cvmatch.training.data import read_pairs
from cvmatch.types import TrainingPair

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


def esco_pairs(
    occupations: Iterable[Occupation], source: EscoSource, seed: int
) -> list[TrainingPair]:
    """Label ↔ alternative label and label ↔ description pairs, grouped by occupation URI."""
    pairs: list[TrainingPair] = []
    origin = f"esco:{source.language}"
    for occ in occupations:
        label = occ.preferred_label
        if "alt_labels" in source.fields:
            alts = [alt for alt in occ.alt_labels if normalise(alt) != normalise(label)]
            alts.sort(key=lambda alt: _rank(seed, occ.uri, alt))
            pairs.extend(
                TrainingPair(alt, label, 1.0, occ.uri, origin=origin)
                for alt in alts[: source.max_pairs_per_occupation]
            )
        if "description" in source.fields and occ.description:
            pairs.append(TrainingPair(label, occ.description, 1.0, occ.uri, origin=origin))
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


def _source_pairs(
    source: FileSource | EscoSource | TalentClefSource, config: DataConfig, seed: int
) -> list[TrainingPair]:
    if isinstance(source, FileSource):
        return read_pairs(source)
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
