from cvmatch.store.codec import match_from_json, match_to_json
from cvmatch.types import (
    Evidence,
    EvidenceStatus,
    Flag,
    Importance,
    Match,
    Requirement,
    RequirementKind,
    Signals,
)


def test_a_match_with_requirement_evidence_survives_the_json_column() -> None:
    requirement = Requirement(
        "4 years as a DBA", RequirementKind.EXPERIENCE, Importance.REQUIRED, years=4.0, hard=True
    )
    evidence = Evidence(
        requirement, EvidenceStatus.PARTIAL, 0.5, cv_span="DBA 2022-2024", found_years=2.0
    )
    match = Match(
        "job.md",
        "cv.pdf",
        41.5,
        Signals(0.5, 0.52, 0.3, "minilm-int8@x", coverage=0.4),
        reasons=("DBA 2022-2024",),
        flags=(Flag.OCR,),
        evidence=(evidence,),
        knockout=True,
    )
    restored = match_from_json(match_to_json(match))
    assert restored == match
    assert restored.evidence[0].requirement.kind is RequirementKind.EXPERIENCE
