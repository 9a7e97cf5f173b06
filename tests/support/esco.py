"""A tiny ESCO download (EN + FR occupations, ISCO groups, skills, relations) for tests."""

import csv
from pathlib import Path

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
# uri, isco group, code, en label, en alts, fr label, description
OCCUPATIONS = [
    ("baker", "7512", "7512.1", "baker", "bread maker", "boulanger", "Bakers bake bread."),
    ("pastry", "7512", "7512.2", "pastry maker", "pastry chef", "pâtissier", "Make pastry."),
    ("nurse", "2221", "2221.1", "nurse", "registered nurse", "infirmier", "Nurses care."),
    ("devops", "2512", "2512.4", "devops engineer", "site reliability engineer",
     "ingénieur devops", "Run cloud platforms with kubernetes."),
    ("developer", "2512", "2512.1", "software developer", "programmer",
     "développeur logiciel", "Write software in python."),
]  # fmt: skip
SKILLS = [("python", "python"), ("k8s", "kubernetes"), ("ovens", "use ovens"), ("care", "care")]
RELATIONS = [("developer", "python"), ("devops", "k8s"), ("devops", "python"), ("baker", "ovens")]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV file (header, then rows) as the ESCO download lays them out."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_esco(root: Path) -> Path:
    """Write the tiny ESCO folder under ``root``; return it."""
    head = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
            "description", "code"]  # fmt: skip
    en = [["Occupation", OCC + u, g, lab, alt, d, c] for u, g, c, lab, alt, _, d in OCCUPATIONS]
    fr = [["Occupation", OCC + u, g, f, "", "", c] for u, g, c, _, _, f, _ in OCCUPATIONS]
    write_csv(root / "occupations_en.csv", head, en)
    write_csv(root / "occupations_fr.csv", head, fr)
    groups = [["ISCOGroup", f"http://data.europa.eu/esco/isco/C{g}", g, label, "", "", g]
              for g, label in (("751", "food processing workers"), ("251", "software developers"),
                               ("222", "nursing professionals"))]  # fmt: skip
    write_csv(root / "ISCOGroups_en.csv", head, groups)
    write_csv(
        root / "skills_en.csv",
        ["conceptType", "conceptUri", "skillType", "preferredLabel", "altLabels", "description"],
        [["KnowledgeSkillCompetence", SKILL + u, "skill", lab, "", ""] for u, lab in SKILLS],
    )
    write_csv(
        root / "occupationSkillRelations_en.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [[OCC + o, "essential", "skill", SKILL + s] for o, s in RELATIONS],
    )
    return root
