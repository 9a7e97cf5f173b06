"""Word lists for extraction, EN/FR/DE/ES, all accent-folded and lower case."""

import re

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "sept": 7, "huit": 8, "dix": 10, "ein": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4,
    "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "zehn": 10, "uno": 1, "dos": 2, "tres": 3,
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "diez": 10,
}  # fmt: skip
_NUMBER = (
    r"(?P<num>\d{1,2}(?:[.,]5)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
)
_YEARS = r"\s*\+?\s*(?:-\s*\d{1,2}\s*)?-?(?:full\s+)?(?:years?|yrs?|ans|annees|jahre?n?|anos)\b"
YEARS = re.compile(
    r"(?<![\w.])" + _NUMBER + r"\+?(?:\s*\(\d{1,2}\+?\))?" + _YEARS, re.IGNORECASE
)  # "5+ years", "two (2) years"

PREFERRED_CUES = re.compile(
    r"\b(nice[\s-]to[\s-]have|a plus|is a plus|are a plus|an advantage|advantageous|bonus|"
    r"ideally|preferably|preferred|desirable|would be great|beneficial|un plus|serait un plus|"
    r"souhaite|souhaitee?s?|apprecie|appreciee?s?|idealement|atout|wunschenswert|von vorteil|"
    r"idealerweise|vorteilhaft|gerne|deseable|valorable|se valorara|valoraremos|idealmente|"
    r"preferiblemente)\b"
)
HARD_CUES = re.compile(
    r"\b(must|must[\s-]have|mandatory|essential|obligatoire|exige|imperatif|"
    r"indispensable|zwingend|erforderlich|voraussetzung|unabdingbar|imprescindible|obligatorio|"
    r"requerido|excluyente)\b"
)
REQUIRED_HEADING = re.compile(
    r"\b(require\w*|qualifications?|must|skills|competenc\w*|experience|profile|what you bring|"
    r"looking for|exigences|profil|competences|anforderungen|qualifikation\w*|profil|"
    r"requisitos|perfil|education|languages?)\b"
)
PREFERRED_HEADING = re.compile(
    r"\b(nice[\s-]to[\s-]have|preferred|bonus|desirable|plus|atouts?|souhaite|wunschenswert|"
    r"von vorteil|deseable|valorable|se valorara)\b"
)
SKIP_HEADING = re.compile(
    r"\b(responsibilit\w*|duties|what you will do|what you'll do|the role|about|summary|"
    r"benefits|offer|missions|aufgaben|wir bieten|responsabilidades|funciones|ofrecemos|"
    r"nous offrons|job title|title|overview|company|salary|location)\b"
)

LANGUAGES: dict[str, tuple[str, ...]] = {
    "English": ("english", "anglais", "englisch", "ingles"),
    "French": ("french", "francais", "franzosisch", "frances"),
    "German": ("german", "allemand", "deutsch", "aleman"),
    "Spanish": ("spanish", "espagnol", "spanisch", "espanol", "castellano"),
    "Italian": ("italian", "italien", "italienisch", "italiano"),
    "Portuguese": ("portuguese", "portugais", "portugiesisch", "portugues"),
    "Dutch": ("dutch", "neerlandais", "niederlandisch", "neerlandes"),
    "Polish": ("polish", "polonais", "polnisch", "polaco"),
    "Arabic": ("arabic", "arabe", "arabisch"),
    "Mandarin": ("mandarin", "chinese", "chinois", "chinesisch", "chino"),
    "Japanese": ("japanese", "japonais", "japanisch", "japones"),
    "Russian": ("russian", "russe", "russisch", "ruso"),
    "Korean": ("korean", "coreen", "koreanisch", "coreano"),
}
LANGUAGE_BY_WORD = {word: name for name, words in LANGUAGES.items() for word in words}
LANGUAGE_CODES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "ko": "Korean",
    "zh": "Mandarin",
}
LANGUAGE_CUES = re.compile(
    r"\b(fluent\w*|written|spoken|native|proficien\w*|speak\w*|level|language|[abc][12]|"
    r"courant|parle|ecrit|bilingue|langue|maitrise|fliessend|fliessend|sprach\w*|"
    r"muttersprache|kenntnisse|verhandlungssicher|fluido|nativo|nivel|idioma|hablado|escrito|"
    r"plus|vorteil|deseable)\b"
)

DEGREE_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (3, re.compile(r"\b(ph\.?\s?d|doctorate|doctoral|doctorat|promotion|doktor\w*|doctorado)\b")),
    (
        2,
        re.compile(
            r"\b((?<!scrum )master(?:'?s|studium|abschluss|arbeit)?(?![\w-])(?!\s+data)|m\.?sc|msc|"
            r"m\.s\.|ms\s+(?:in|of)|mba|m\.?eng|mastere|maestria|"
            r"diplom-?\w*|ingenieur|magister)\b"
        ),
    ),
    (
        1,
        re.compile(
            r"\b(bachelor'?s?|b\.?sc|bsc|b\.s\.|bs\s+(?:in|of)|ba\s+(?:in|of)|b\.?eng|b\.?tech|degree|licence|diplome|"
            r"licenciatura|grado|titulo|undergraduate|abschluss|studium|hochschul\w*|"
            r"university|universite|universitat|universidad|bac\s?\+\s?[345]|associate)\b"
        ),
    ),
)
CERTIFICATION = re.compile(
    r"\b(certif\w*|zertifi\w*|certificad\w*|cissp|pmp|ccna|ccnp|itil|prince2|scrum master)\b"
)

LEAD_IN = re.compile(
    r"^(?:(?:an?|the|some|any)\s+)?(?:(?:in-depth|deep|strong|solid|good|great|excellent|proven|"
    r"demonstrated|hands-on|extensive|working|basic|advanced|comprehensive|sound|thorough|"
    r"practical|profound|daily|sufficient|full|broad|general|technical)\s+)*"
    r"(?:knowledge|understanding|experience|proficiency|familiarity|expertise|command|skills?|"
    r"background|grasp|mastery|fluency|capabilities|capability|abilities|ability|practice|"
    r"exposure|competence|know-how)\s+(?:of|in|with|on|using|at|to|about)\s+|"
    r"^(?:(?:highly|very)\s+)?(?:proficient|familiar|competent|experienced|skilled|versed|"
    r"comfortable|fluent|adept|expert|conversant|well-versed)\s+(?:working\s+)?(?:in|with|at|on)\s+|"
    r"^(?:the\s+)?(?:candidates?|applicants?|individuals?)\s+(?:must|should|will|need\s+to)\s+"
    r"(?:be|have)\s+|^we\s+(?:need|want|seek)\s+(?:individuals|people|someone|candidates)\s+"
    r"(?:who\s+(?:are|is|have|has)\s+)?|"
    r"^(?:able|ability)\s+to\s+|^(?:experience|knowledge)\s+(?:of|in|with)\s+|"
    r"^(?:you\s+have|you\s+are|must\s+have|must\s+be|should\s+have|have)\s+|"
    r"^(?:connaissances?|maitrise|bonne\s+maitrise|experience)\s+(?:de|des|du|d')\s*|"
    r"^(?:kenntnisse|erfahrung)\s+(?:in|mit)\s+|^(?:conocimientos?|experiencia)\s+(?:de|en|con)\s+",
    re.IGNORECASE,
)
STOP_ITEM = frozenset(
    [
        "etc",
        "e.g",
        "i.e",
        "such",
        "as",
        "like",
        "including",
        "similar",
        "related",
        "other",
        "others",
        "equivalent",
        "tools",
        "software",
        "systems",
        "technologies",
        "etc.",
        "and",
        "or",
        "the",
        "a",
        "an",
        "of",
        "in",
        "with",
        "for",
        "on",
        "to",
    ]
)
