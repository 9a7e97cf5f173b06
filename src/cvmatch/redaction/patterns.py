"""The rule set of both redactors: one compiled pattern per kind of personal data.

Emails, URLs, phones and the first street-address shapes serve the LLM payload
(:mod:`cvmatch.redaction.lines`) and blind scoring (:mod:`cvmatch.redaction.spans`) alike; the
rest is what a CV screened blind must also lose, in English, French, German and Spanish: dates of
birth and ages, gendered pronouns and titles, nationality / marital status / gender lines, photo
markers and postcode lines.

>>> bool(EMAIL.search("ada@example.org")), reads_as_dates(["2019", "2023"])
(True, True)
"""

import re

__all__ = [
    "ADDRESS",
    "ADDRESS_AFTER",
    "BIRTH",
    "COMPOUND_STREET",
    "CURRENCY",
    "CV_HEADING",
    "EMAIL",
    "FLAT",
    "NAME_LABEL",
    "NAME_WORD",
    "PERSONAL_LINE",
    "PHONE",
    "PHONE_DIGITS",
    "PHOTO",
    "POSTCODE",
    "PRONOUN",
    "TITLE",
    "URL",
    "reads_as_dates",
]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|io|net)/\S*", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w-])\+?\(?\d[\d\s().-]{5,}\d(?![\w-])")
"""Phone-shaped digit runs; callers keep those with 7+ digits that are no dates."""
PHONE_DIGITS = 7
_STREET = (
    r"street|st\.|road|rd\.|avenue|ave\.|lane|boulevard|blvd|drive|way|place|square|"
    r"rue|avenida|calle|strasse|straße|weg|platz|allee"
)
ADDRESS = re.compile(rf"\b\d{{1,5}}[a-z]?,?\s+(?:[\w'-]+\s+){{0,3}}(?:{_STREET})\b[^,;\n]*", re.I)
ADDRESS_AFTER = re.compile(rf"\b(?:{_STREET})\s+[\w'-]+(?:\s+[\w'-]+)?\s+\d{{1,5}}\b", re.I)
NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
"""One capitalised word of a person's name."""
# "Hauptstraße 5", "Lindenweg 12a", "Marktplatz 3": German streets are one compound word.
COMPOUND_STREET = re.compile(
    r"\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring)\s+\d{1,4}[a-z]?\b"
)
# "Flat 2", "Apt. 4B": the part of an address before the street.
FLAT = re.compile(r"\b(?:flat|apt\.?|apartment|unit|appartement|wohnung|piso)\s+\d+[a-z]?\b", re.I)
# A money amount or range right after digits: "45000 - 50000 GBP" is no phone number.
CURRENCY = re.compile(r"\s*(?:€|\$|£|eur|usd|gbp|chf|k\b)", re.IGNORECASE)
# "75002 Paris", "10115 Berlin", "28013 Madrid", UK "SW1A 1AA".
POSTCODE = re.compile(  # a capitalised town after 5 digits, not a currency code ("50000 GBP")
    r"\b\d{5}\s+[A-ZÀ-Þ][a-zà-ÿ][\wÀ-ÿ-]*\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
)
_BIRTH_LABELS = (
    r"date of birth|d\.?o\.?b\.?|born(?: on| in)?|birth ?date|"
    r"date de naissance|née? le|née? en|"
    r"geburtsdatum|geboren(?: am| in)?|geb\.|"
    r"fecha de nacimiento|nacid[oa](?: el| en)?"
)
_AGE_LABELS = r"age|âge|alter|edad"
BIRTH = re.compile(
    rf"\b(?:{_BIRTH_LABELS})\s*:?\s*[^\n,;|·]*\d[^\n,;|·]*"  # a labelled date of birth
    rf"|\b(?:{_AGE_LABELS})\s*:\s*\d{{2}}(?:\s*(?:years|ans|jahre|años))?"  # "Age: 34"
    r"|\b\d{2}\s*(?:years old|year-old|jahre alt|años de edad)"  # "34 years old"
    r"|\bâgée? de \d{2} ans",
    re.IGNORECASE,
)
PRONOUN = re.compile(
    r"\b(?:he|him|his|himself|she|her|hers|herself|il|elle|él|ella)\b", re.IGNORECASE
)
# A title and the surname after it ("Mr. Smith", "Frau Weber", "Mme Dubois").
TITLE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Mme|Mlle|Sr|Sra|Srta|Dña)\.?|\bM\.(?=\s+[A-ZÀ-Þ][a-zà-ÿ])"
    r"|\b(?:Monsieur|Madame|Mademoiselle|Herr|Frau|Señor|Señora|Señorita))"
    r"\s+[A-ZÀ-Þ][\w'’-]+"
)
_PERSONAL_LABELS = (
    r"nationality|citizenship|marital status|gender|sex|religion|family status|"
    r"nationalité|situation familiale|état civil|sexe|"
    r"staatsangehörigkeit|nationalität|familienstand|geschlecht|konfession|"
    r"nacionalidad|estado civil|sexo"
)
PERSONAL_LINE = re.compile(
    rf"\b(?:{_PERSONAL_LABELS})\s*:[^\n.;·|]*"
    r"|\b(?:married|single|divorced|widowed|mariée?|célibataire|verheiratet|ledig|"
    r"casad[oa]|solter[oa])\b(?:,?\s*\d+\s*(?:children|kids|enfants|kinder|hij[oa]s))?",
    re.IGNORECASE | re.MULTILINE,
)
PHOTO = re.compile(
    r"!\[[^\]]*\]\([^)]*\)"  # a Markdown image
    r"|<img\b[^>]*>"  # an HTML image
    r"|^[ \t*•-]*\[?(?:photo|foto|picture|portrait)(?: d'identité)?\]?[^\n]{0,40}$",
    re.IGNORECASE | re.MULTILINE,
)
# A CV's heading, before its owner's name: "Curriculum vitae de Marie Curie", "Lebenslauf".
CV_HEADING = re.compile(
    r"^(?:curriculum vitae|résumé|resume|lebenslauf|cv)\b(?:\s*(?:de|of|von|[:–-])\s*)?",
    re.IGNORECASE,
)
NAME_LABEL = re.compile(
    r"^[ \t*•-]*(?:full name|name|nom(?: et prénom)?|prénom et nom|vorname und name|"
    r"nombre(?: completo)?)\s*:\s*(?P<name>[^\n]+)$",
    re.IGNORECASE | re.MULTILINE,
)


def reads_as_dates(groups: list[str]) -> bool:
    """Digit groups that are years (1950–2049) and months or days only ("2019 - 2023")."""
    years = [g for g in groups if len(g) == 4 and 1950 <= int(g) < 2050]  # noqa: PLR2004
    return bool(years) and all(g in years or len(g) <= 2 for g in groups)  # noqa: PLR2004
