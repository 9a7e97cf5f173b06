"""ESCO import on a tiny self-made CSV download, custom aliases, and lookups."""

from pathlib import Path

import pytest
from tests.support.esco import write_csv

from cvmatch.errors import TaxonomyError
from cvmatch.taxonomy.custom import import_custom, read_custom
from cvmatch.taxonomy.esco import import_esco
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.types import ConceptKind

SKILL = "http://data.europa.eu/esco/skill/test-cassandra"
OCCUPATION = "http://data.europa.eu/esco/occupation/test-dba"


@pytest.fixture
def esco_dir(tmp_path: Path) -> Path:
    root = tmp_path / "esco"
    skill_header = [
        "conceptType",
        "conceptUri",
        "skillType",
        "preferredLabel",
        "altLabels",
        "description",
    ]
    write_csv(
        root / "ESCO_en" / "skills_en.csv",
        skill_header,
        [
            [
                "KnowledgeSkillCompetence",
                SKILL,
                "knowledge",
                "NoSQL wide-column stores",
                "wide column database\nCassandra DB",
                "Databases such as Cassandra.",
            ]
        ],
    )
    write_csv(
        root / "ESCO_fr" / "skills_fr.csv",
        skill_header,
        [["KnowledgeSkillCompetence", SKILL, "knowledge", "bases orientées colonnes", "", ""]],
    )
    write_csv(
        root / "ESCO_de" / "digitalSkillsCollection_de.csv",
        [
            "conceptType",
            "conceptUri",
            "preferredLabel",
            "status",
            "skillType",
            "reuseLevel",
            "altLabels",
            "description",
        ],
        [
            [
                "KnowledgeSkillCompetence",
                SKILL,
                "spaltenorientierte Datenbanken",
                "released",
                "knowledge",
                "",
                "Wide-Column-Datenbank | Spaltendatenbank",
                "",
            ]
        ],
    )
    write_csv(
        root / "ESCO_en" / "occupations_en.csv",
        [
            "conceptType",
            "conceptUri",
            "iscoGroup",
            "preferredLabel",
            "altLabels",
            "description",
            "code",
        ],
        [
            [
                "Occupation",
                OCCUPATION,
                "2521",
                "database administrator",
                "DBA\ndatabase admin",
                "Administers databases.",
                "2521.2",
            ]
        ],
    )
    write_csv(
        root / "ESCO_en" / "ISCOGroups_en.csv",
        ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels", "description"],
        [
            [
                "ISCOGroup",
                "http://data.europa.eu/esco/isco/C2521",
                "2521",
                "Database designers and administrators",
                "",
                "",
            ]
        ],
    )
    return root


def test_esco_import_keeps_skills_and_occupations_per_language(
    esco_dir: Path, tmp_path: Path
) -> None:
    store = TaxonomyStore(tmp_path / "taxonomy.sqlite")
    counts = import_esco(store, esco_dir)
    assert counts["skill"] == 1
    assert counts["occupation"] == 1
    assert counts["isco_group"] == 1
    assert counts["labels_de"] == 3
    for label in ("Cassandra DB", "bases orientées colonnes", "Spaltendatenbank"):
        assert store.lookup(label.lower().replace("é", "e")) == [
            (SKILL, "NoSQL wide-column stores")
        ]
    occupation = store.get(OCCUPATION)
    assert occupation is not None
    assert occupation.kind is ConceptKind.OCCUPATION
    assert (occupation.code, occupation.isco_group) == ("2521.2", "2521")
    assert {a.text for a in occupation.alternatives} == {"DBA", "database admin"}
    assert [o.id for o in store.concepts(ConceptKind.OCCUPATION)] == [OCCUPATION]
    store.close()


def test_gazetteer_finds_imported_labels_in_any_language(esco_dir: Path, tmp_path: Path) -> None:
    store = TaxonomyStore(tmp_path / "taxonomy.sqlite")
    import_esco(store, esco_dir)
    mentions = Gazetteer(store).find("Erfahrung mit Wide-Column-Datenbank und Spaltendatenbank")
    assert [m.concept_id for m in mentions] == [SKILL, SKILL]
    assert mentions[1].surface == "Spaltendatenbank"


def test_esco_import_rejects_a_folder_without_esco_files(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    store = TaxonomyStore(tmp_path / "t.sqlite")
    with pytest.raises(TaxonomyError, match="no ESCO CSV files"):
        import_esco(store, tmp_path)
    with pytest.raises(TaxonomyError, match="does not exist"):
        import_esco(store, tmp_path / "missing")


def test_custom_aliases_from_csv_and_yaml(tmp_path: Path) -> None:
    csv_file = tmp_path / "skills.csv"
    csv_file.write_text("label,aliases\nLumen Payments Gateway,LPG|lumengate\n", encoding="utf-8")
    yaml_file = tmp_path / "skills.yaml"
    yaml_file.write_text("Quillstack:\n  - qstk\n  - quill stack\n", encoding="utf-8")
    store = TaxonomyStore(tmp_path / "t.sqlite")
    import_custom(store, csv_file)
    import_custom(store, yaml_file)
    gazetteer = Gazetteer(store)
    hit = gazetteer.lookup("lumengate")
    assert hit is not None
    assert (hit.concept_id, hit.label) == (
        "custom:lumen payments gateway",
        "Lumen Payments Gateway",
    )
    found = gazetteer.find("Built on QSTK and LPG")
    assert [m.concept_id for m in found] == ["custom:quillstack", "custom:lumen payments gateway"]


def test_curated_aliases_map_tech_names() -> None:
    gazetteer = Gazetteer()
    for alias, canonical in (
        ("k8s", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("JS", "JavaScript"),
    ):
        assert gazetteer.lookup(alias) == gazetteer.lookup(canonical)
        assert gazetteer.lookup(alias) is not None


@pytest.mark.parametrize(
    ("name", "text"),
    [("bad.yaml", "- just\n- strings\n"), ("bad.csv", "name,other\nx,y\n"), ("bad.txt", "x")],
)
def test_bad_custom_files_raise_typed_errors(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError):
        read_custom(path)


SHARED_ESCO = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "esco_v1.0_fr_es"


@pytest.mark.shared_data
def test_real_esco_french_skills_import(tmp_path: Path) -> None:
    if not SHARED_ESCO.is_dir():
        pytest.skip(f"shared ESCO data not found at {SHARED_ESCO}")
    store = TaxonomyStore(tmp_path / "taxonomy.sqlite")
    counts = import_esco(store, SHARED_ESCO / "skills_fr.csv")
    assert counts["skill"] > 13_000
    hits = Gazetteer(store).find("Maîtrise de Haskell et de la gestion de projets")
    assert any(m.surface == "Haskell" for m in hits)
    assert all(m.concept_id.startswith("http://data.europa.eu/esco/skill/") for m in hits)
