import json
from pathlib import Path

import pytest
from tests.support.esco import write_csv

SHARED_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"

URI_A = "http://data.europa.eu/esco/occupation/a"
URI_B = "http://data.europa.eu/esco/occupation/b"
URI_C = "http://data.europa.eu/esco/occupation/c"


@pytest.fixture
def shared_data_dir() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared benchmark data not found at {SHARED_DATA.resolve()}")
    return SHARED_DATA


def _write_esco(root: Path) -> None:
    header = ["conceptType", "conceptUri", "preferredLabel", "altLabels", "description", "code"]
    rows = [
        [
            "Occupation",
            URI_A,
            "data engineer",
            "big data engineer\ndata pipeline engineer",
            "Builds pipelines.",
            "1111.1",
        ],
        ["Occupation", URI_B, "nurse", "", "Cares for patients.", "2222.2"],
        ["Occupation", URI_C, "chef", "cook\n chef \n", "Cooks.", "3333.3"],
    ]
    write_csv(root / "esco_v1.2" / "ESCO_en" / "occupations_en.csv", header, rows)


def _write_hahu(root: Path) -> None:
    header = [
        "",
        "ID",
        "title",
        "description",
        "general_classification",
        "esco_code",
        "synthetic_query",
        "skills_essential",
        "skills_optional",
    ]
    rows = [
        [
            "0",
            "1",
            "Data Engineer",
            "Build Spark\npipelines.",
            "IT",
            "1111.1",
            "I built pipelines.",
            "[]",
            "[]",
        ],
        [
            "1",
            "2",
            "Ward Nurse",
            "Care for patients.",
            "Health",
            "2222.2",
            "I cared for people.",
            "[]",
            "[]",
        ],
        ["2", "3", "Trainer", "Train staff.", "HR", "9999.9", "I trained staff.", "[]", "[]"],
    ]
    write_csv(root / "hahu_esco" / "hahu_dev.csv", header, rows)


def _write_jobbert(root: Path) -> None:
    rows = [
        ["0", "Senior Data Engineer", URI_A],
        ["1", "Staff Nurse", URI_B],
        ["2", "Radiation Therapist", "http://data.europa.eu/esco/occupation/missing"],
    ]
    write_csv(root / "jobbert_titles" / "titles.csv", ["", "vacancyTitle", "conceptUri"], rows)


def _write_rjdb(root: Path) -> None:
    path = root / "rjdb" / "rjdb_dev.jsonl"
    path.parent.mkdir(parents=True)
    records = [
        {
            "Job-Description": f"\n\nJob {i}\n",
            "Resume-matched": f"Matched CV {i}",
            "Resume-unmatched": f"Unmatched CV {i}",
            "Skills": ["SQL"],
            "Experiences": ["Engineer"],
            "Experiences-years": [[["2 years"]], 2023, [2]],
            "Filtered-information": {"Skills": ["SQL"], "Experience": "shortened"},
        }
        for i in range(2)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _write_talentclef(root: Path) -> None:
    folder = root / "talentclef2025_taskA" / "validation" / "english"
    folder.mkdir(parents=True)
    (folder / "queries").write_text("q_id\tjobtitle\n1\tnanny\n2\tchef\n", encoding="utf-8")
    (folder / "corpus_elements").write_text(
        "c_id\tjobtitle\n1\tbabysitter\n2\tcook\n3\tnurse\n", encoding="utf-8"
    )
    (folder / "qrels.tsv").write_text("1\t0\t1\t1\n2\t0\t2\t1\n", encoding="utf-8")
    training = root / "talentclef2025_taskA" / "training" / "german"
    training.mkdir(parents=True)
    (training / "taskA_training_de.tsv").write_text(
        f"C0110\t{URI_A}\tDateningenieurin\tDateningenieur\nC0110\t{URI_A}\tA\tB\n"
        f"C0220\t{URI_B}\tPfleger\tPflegerin\n",
        encoding="utf-8",
    )


@pytest.fixture
def fake_data_dir(tmp_path: Path) -> Path:
    """A miniature copy of the shared data layout, written from scratch."""
    for write in (_write_esco, _write_hahu, _write_jobbert, _write_rjdb, _write_talentclef):
        write(tmp_path)
    return tmp_path
