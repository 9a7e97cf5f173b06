"""The rule set behind :mod:`cvmatch.audit.redact`: one compiled pattern per kind of personal data.

Emails, phones and the first street-address shapes come from :mod:`cvmatch.llm.redact` (one
definition for the LLM payload and for scoring); this module adds what a CV screened blind must
also lose, in English, French, German and Spanish: dates of birth and ages, gendered pronouns and
titles, nationality / marital status / gender lines, photo markers and postcode lines.
"""

import re

from cvmatch.llm.redact import _ADDRESS, _ADDRESS_AFTER, _EMAIL, _PHONE, _URL

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
    "PERSONAL_LINE",
    "PHONE",
    "PHOTO",
    "POSTCODE",
    "PRONOUN",
    "TITLE",
    "URL",
]

EMAIL = _EMAIL
URL = _URL
PHONE = _PHONE
ADDRESS = _ADDRESS
ADDRESS_AFTER = _ADDRESS_AFTER
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
