"""Split a CV or job ad into titled sections using EN/FR/DE/ES heading vocabularies."""

import re
import unicodedata

from cvmatch.types import DocumentKind, Section, SectionKind

_HEADINGS: dict[SectionKind, tuple[str, ...]] = {
    SectionKind.SUMMARY: (
        "summary",
        "profile",
        "professional summary",
        "professional profile",
        "about me",
        "objective",
        "career objective",
        "personal statement",
        "profil",
        "a propos",
        "a propos de moi",
        "objectif",
        "profil professionnel",
        "resume",
        "zusammenfassung",
        "kurzprofil",
        "uber mich",
        "perfil",
        "resumen",
        "perfil profesional",
        "sobre mi",
        "objetivo",
        "extracto",
    ),
    SectionKind.EXPERIENCE: (
        "experience",
        "work experience",
        "professional experience",
        "employment history",
        "work history",
        "career history",
        "employment",
        "relevant experience",
        "experiences",
        "experience professionnelle",
        "experiences professionnelles",
        "parcours professionnel",
        "parcours",
        "berufserfahrung",
        "berufliche erfahrung",
        "beruflicher werdegang",
        "werdegang",
        "berufspraxis",
        "experiencia",
        "experiencia laboral",
        "experiencia profesional",
        "trayectoria profesional",
    ),
    SectionKind.EDUCATION: (
        "education",
        "academic background",
        "education and training",
        "academic history",
        "formation",
        "formations",
        "etudes",
        "diplomes",
        "formation academique",
        "ausbildung",
        "bildung",
        "bildungsweg",
        "studium",
        "schulbildung",
        "akademischer werdegang",
        "educacion",
        "formacion",
        "formacion academica",
        "estudios",
    ),
    SectionKind.SKILLS: (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "competencies",
        "core competencies",
        "expertise",
        "technologies",
        "tools",
        "skills and tools",
        "competences",
        "competences techniques",
        "savoir-faire",
        "outils",
        "kenntnisse",
        "fahigkeiten",
        "kompetenzen",
        "fachkenntnisse",
        "it-kenntnisse",
        "edv-kenntnisse",
        "habilidades",
        "competencias",
        "conocimientos",
        "aptitudes",
        "herramientas",
    ),
    SectionKind.LANGUAGES: (
        "languages",
        "language skills",
        "langues",
        "competences linguistiques",
        "sprachen",
        "sprachkenntnisse",
        "idiomas",
        "lenguas",
    ),
    SectionKind.CERTIFICATIONS: (
        "certifications",
        "certificates",
        "licences",
        "licenses",
        "licenses and certifications",
        "certificats",
        "zertifikate",
        "zertifizierungen",
        "certificaciones",
        "certificados",
    ),
    SectionKind.REQUIREMENTS: (
        "requirements",
        "required skills",
        "what you bring",
        "what we are looking for",
        "what we're looking for",
        "your profile",
        "who you are",
        "must have",
        "must-have",
        "profil recherche",
        "exigences",
        "votre profil",
        "anforderungen",
        "ihr profil",
        "was sie mitbringen",
        "requisitos",
        "perfil buscado",
        "lo que buscamos",
    ),
    SectionKind.PREFERRED: (
        "nice to have",
        "nice-to-have",
        "preferred",
        "preferred qualifications",
        "bonus",
        "bonus points",
        "desirable",
        "a plus",
        "atouts",
        "souhaite",
        "serait un plus",
        "wunschenswert",
        "von vorteil",
        "deseable",
        "valorable",
        "se valorara",
    ),
    SectionKind.RESPONSIBILITIES: (
        "responsibilities",
        "duties",
        "what you will do",
        "what you'll do",
        "your role",
        "the role",
        "missions",
        "vos missions",
        "aufgaben",
        "ihre aufgaben",
        "responsabilidades",
        "funciones",
    ),
    SectionKind.OTHER: (
        "interests",
        "hobbies",
        "references",
        "projects",
        "publications",
        "awards",
        "volunteering",
        "contact",
        "about us",
        "benefits",
        "what we offer",
        "centres d'interet",
        "loisirs",
        "projets",
        "nous offrons",
        "hobbys",
        "interessen",
        "projekte",
        "wir bieten",
        "intereses",
        "proyectos",
        "ofrecemos",
        "personal details",
        "personal information",
    ),
}
_BY_LABEL = {label: kind for kind, labels in _HEADINGS.items() for label in labels}
_MAX_HEADING_WORDS = 6
_DECORATION = re.compile(r"^[#*=\-_•·\s]+|[#*=\-_:•·\s]+$")


def normalise_heading(line: str) -> str:
    """Lower-case, strip accents, markdown marks and trailing colons.

    >>> normalise_heading("## Expérience professionnelle :")
    'experience professionnelle'
    """
    stripped = _DECORATION.sub("", line.strip())
    decomposed = unicodedata.normalize("NFKD", stripped.casefold())
    no_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(no_accents.replace("’", "'").split())


def heading_kind(line: str, kind: DocumentKind) -> SectionKind | None:
    """Return the section a heading line opens, or None when the line is not a heading."""
    label = normalise_heading(line)
    if not label or len(label.split()) > _MAX_HEADING_WORDS:
        return None
    if label == "qualifications":  # a CV's diplomas, a job ad's requirements
        return SectionKind.REQUIREMENTS if kind == DocumentKind.JOB else SectionKind.EDUCATION
    if label in _BY_LABEL:
        return _BY_LABEL[label]
    # "Skills & Tools", "Education / Formation": a known label before a separator.
    head = re.split(r"\s*[&/|(]\s*", label)[0]
    return _BY_LABEL.get(head)


def split_sections(text: str, kind: DocumentKind) -> tuple[Section, ...]:
    """Cut ``text`` at recognised headings; text before the first heading is an OTHER section.

    >>> [s.kind.value for s in split_sections("Ann Lee\\nSkills\\nPython\\nEducation\\nMSc", DocumentKind.CV)]
    ['other', 'skills', 'education']
    """
    sections: list[Section] = []
    current_kind, current_heading, start = SectionKind.OTHER, "", 0
    offset = 0
    for line in text.splitlines(keepends=True):
        found = heading_kind(line, kind)
        if found is not None:
            _close(sections, text, current_kind, current_heading, start, offset)
            current_kind, current_heading, start = found, line.strip(), offset + len(line)
        offset += len(line)
    _close(sections, text, current_kind, current_heading, start, len(text))
    return tuple(sections)


def _close(
    sections: list[Section], text: str, kind: SectionKind, heading: str, start: int, end: int
) -> None:
    body = text[start:end].strip()
    if body or heading:
        sections.append(Section(kind=kind, heading=heading, text=body, start=start, end=end))
