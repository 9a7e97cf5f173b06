"""Split a CV or job ad into titled sections using EN/FR/DE/ES/KO/ZH heading vocabularies."""

import re
import unicodedata

from cvmatch.text.scripts import has_cjk
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
        "자기소개",
        "자기소개서",
        "자기 소개",
        "요약",
        "프로필",
        "소개",
        "个人简介",
        "自我评价",
        "个人总结",
        "自我介绍",
        "个人优势",
        "求职意向",
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
        "경력",
        "경력사항",
        "경력 사항",
        "경력 기술서",
        "경력기술서",
        "업무 경력",
        "근무 경력",
        "직무 경험",
        "工作经历",
        "工作经验",
        "职业经历",
        "工作履历",
        "实习经历",
        "项目经验",
        "项目经历",
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
        "학력",
        "학력사항",
        "학력 사항",
        "교육",
        "교육 이수",
        "教育背景",
        "教育经历",
        "学历",
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
        "보유 기술",
        "보유기술",
        "기술",
        "기술 스택",
        "기술스택",
        "보유 역량",
        "핵심 역량",
        "技能",
        "专业技能",
        "技能特长",
        "技术能力",
        "技术栈",
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
        "어학",
        "어학 능력",
        "외국어",
        "语言能力",
        "语言",
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
        "자격증",
        "자격 사항",
        "자격사항",
        "자격증 및 수상",
        "证书",
        "资格证书",
        "获奖证书",
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
        "자격요건",
        "자격 요건",
        "지원자격",
        "지원 자격",
        "필수 자격",
        "필수자격",
        "필수 요건",
        "필수 사항",
        "任职要求",
        "岗位要求",
        "任职资格",
        "职位要求",
        "技能要求",
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
        "우대사항",
        "우대 사항",
        "우대 자격",
        "우대자격",
        "우대 조건",
        "加分项",
        "优先条件",
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
        "주요업무",
        "주요 업무",
        "담당업무",
        "담당 업무",
        "岗位职责",
        "工作职责",
        "工作内容",
        "职位描述",
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
        "복리후생",
        "회사 소개",
        "회사소개",
        "프로젝트",
        "수상",
        "수상 경력",
        "福利待遇",
        "公司介绍",
        "个人信息",
        "基本信息",
        "联系方式",
    ),
}
_BY_LABEL = {label: kind for kind, labels in _HEADINGS.items() for label in labels}
_MAX_HEADING_WORDS = 6
_DECORATION = re.compile(r"^[#*=\-_•·\s]+|[#*=\-_:•·\s]+$")
# Korean and Chinese CVs frame headings ("【工作经历】", "■ 경력사항", "一、教育背景：").
_CJK_DECORATION = re.compile(
    r"^(?:[■□◆◇●○▶►▣※【「『\[\s]|[一二三四五六七八九十]、|\d{1,2}[.、]\s*)+|[】」』\]：:\s]+$"
)


def normalise_heading(line: str) -> str:
    """Lower-case, strip accents, markdown marks and trailing colons.

    >>> normalise_heading("## Expérience professionnelle :")
    'experience professionnelle'
    >>> normalise_heading("【工作经历】"), normalise_heading("■ 경력사항")
    ('工作经历', '경력사항')
    """
    stripped = _DECORATION.sub("", line.strip())
    if has_cjk(stripped):
        # NFKD would split Hangul syllables into jamo: CJK labels are matched as written.
        return " ".join(_CJK_DECORATION.sub("", stripped).split())
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
