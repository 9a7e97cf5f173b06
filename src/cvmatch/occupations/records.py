"""What occupation recommendation returns: hits per input, and what an ads import stored."""

from dataclasses import dataclass


@dataclass(frozen=True)
class OccupationHit:
    """One recommended occupation (or ISCO group with ``--level isco3``) for one CV.

    ``signals`` are the ingredients of ``score`` (``max_label``, ``centroid``, ``lexical``), each
    a cosine; ``evidence`` the CV skills and roles that point to it; ``missing_skills`` the
    occupation's essential skills the CV does not mention (the skills gap).
    """

    uri: str
    code: str
    label: str
    language: str
    isco_group: str
    score: float
    signals: tuple[tuple[str, float], ...] = ()
    best_label: str = ""
    evidence: tuple[str, ...] = ()
    missing_skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class OccupationRecommendation:
    """The top occupations for one input text (``input_id``: file name or TSV id)."""

    input_id: str
    language: str
    level: str
    model_id: str
    hits: tuple[OccupationHit, ...]


@dataclass(frozen=True)
class AdsImport:
    """What ``recommend-import-ads`` did: ads stored in total, file lines skipped."""

    stored: int
    skipped_lines: tuple[int, ...] = ()
    """Lines whose occupation is unknown (only with ``skip_unknown``)."""
