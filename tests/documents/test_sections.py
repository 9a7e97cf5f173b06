import pytest

from cvmatch.documents.sections import heading_kind, normalise_heading, split_sections
from cvmatch.types import DocumentKind, SectionKind

CV_EN = """Jane Roe
jane@example.org

Summary
Database administrator with ten years on Cassandra.

Work Experience
2019 – present  Senior DBA, Acme

EDUCATION
MSc Computer Science, 2012

Skills & Tools
Cassandra, CQL, Linux

Languages
English, French
"""


def test_english_cv_sections_in_order() -> None:
    sections = split_sections(CV_EN, DocumentKind.CV)
    assert [s.kind for s in sections] == [
        SectionKind.OTHER,
        SectionKind.SUMMARY,
        SectionKind.EXPERIENCE,
        SectionKind.EDUCATION,
        SectionKind.SKILLS,
        SectionKind.LANGUAGES,
    ]
    skills = sections[4]
    assert skills.heading == "Skills & Tools"
    assert skills.text == "Cassandra, CQL, Linux"
    assert CV_EN[skills.start : skills.end].strip() == skills.text


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Expérience professionnelle", SectionKind.EXPERIENCE),
        ("COMPÉTENCES TECHNIQUES", SectionKind.SKILLS),
        ("Formation :", SectionKind.EDUCATION),
        ("Langues", SectionKind.LANGUAGES),
        ("Berufserfahrung", SectionKind.EXPERIENCE),
        ("Sprachkenntnisse", SectionKind.LANGUAGES),
        ("Ausbildung", SectionKind.EDUCATION),
        ("Experiencia laboral", SectionKind.EXPERIENCE),
        ("Formación académica", SectionKind.EDUCATION),
        ("Idiomas", SectionKind.LANGUAGES),
        ("## Nice to have", SectionKind.PREFERRED),
        ("Wünschenswert", SectionKind.PREFERRED),
    ],
)
def test_headings_in_four_languages(heading: str, kind: SectionKind) -> None:
    assert heading_kind(heading, DocumentKind.CV) == kind


def test_qualifications_depends_on_document_kind() -> None:
    assert heading_kind("Qualifications", DocumentKind.CV) == SectionKind.EDUCATION
    assert heading_kind("Qualifications", DocumentKind.JOB) == SectionKind.REQUIREMENTS


def test_sentences_are_not_headings() -> None:
    line = "Experience with large Cassandra clusters across three data centres"
    assert heading_kind(line, DocumentKind.CV) is None
    assert heading_kind("", DocumentKind.CV) is None


def test_text_without_headings_is_one_other_section() -> None:
    sections = split_sections("just some words\nand more", DocumentKind.CV)
    assert len(sections) == 1
    assert sections[0].kind == SectionKind.OTHER


def test_normalise_heading_strips_marks_and_accents() -> None:
    assert normalise_heading("**Über mich:**") == "uber mich"
