"""A lean PII redaction before text leaves the machine: emails, phones, URLs, addresses, name.

Rules, applied line by line so line ids stay the same:

* emails → ``[email]``; URLs (``http…``, ``www.…``, ``linkedin.com/…``) → ``[url]``;
* phone numbers (7+ digits with spaces, dots, dashes, parentheses, optional ``+``) → ``[phone]``;
* street addresses ("12 Baker Street", "3 rue de la Paix") → ``[address]``;
* the CV's name: its first non-empty line when it reads as a name (2–4 capitalised words,
  particles such as "de la" allowed, no digits) → ``[name]``, and that name wherever else it appears.

>>> redact_lines(["Ada Lovelace", "ada@example.org, +44 20 7946 0958", "12 Baker Street"])
('[name]', '[email], [phone]', '[address]')
"""

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|io|net)/\S*", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w-])\+?\(?\d[\d\s().-]{5,}\d(?![\w-])")
_STREET = (
    r"street|st\.|road|rd\.|avenue|ave\.|lane|boulevard|blvd|drive|way|place|square|"
    r"rue|avenida|calle|strasse|straße|weg|platz|allee"
)
_ADDRESS = re.compile(rf"\b\d{{1,5}}[a-z]?,?\s+(?:[\w'-]+\s+){{0,3}}(?:{_STREET})\b[^,;\n]*", re.I)
_ADDRESS_AFTER = re.compile(rf"\b(?:{_STREET})\s+[\w'-]+(?:\s+[\w'-]+)?\s+\d{{1,5}}\b", re.I)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
_PARTICLES = frozenset(
    {"de", "la", "del", "da", "di", "van", "von", "der", "le", "du", "bin", "al"}
)
_DIGITS_IN_PHONE = 7


def redact_lines(lines: list[str]) -> tuple[str, ...]:
    """The lines with personal data replaced by placeholders (see the module docstring)."""
    name = _name(lines)
    result = []
    for line in lines:
        text = _EMAIL.sub("[email]", line)
        text = _URL.sub("[url]", text)
        text = _PHONE.sub(_phone, text)
        text = _ADDRESS.sub("[address]", text)
        text = _ADDRESS_AFTER.sub("[address]", text)
        if name:
            text = text.replace(name, "[name]")
        result.append(text)
    return tuple(result)


def _phone(found: re.Match[str]) -> str:
    """A phone placeholder, unless it reads as dates ("2019 - 2023", "03.2019 – 06.2021")."""
    text = found.group()
    groups = re.findall(r"\d+", text)
    if sum(map(len, groups)) < _DIGITS_IN_PHONE or _dates(groups):
        return text
    return "[phone]"


def _dates(groups: list[str]) -> bool:
    """Digit groups that are years (1950–2049) and months or days only."""
    years = [g for g in groups if len(g) == 4 and 1950 <= int(g) < 2050]  # noqa: PLR2004
    return bool(years) and all(g in years or len(g) <= 2 for g in groups)  # noqa: PLR2004


def _name(lines: list[str]) -> str:
    """The first non-empty line when it reads as a person's name, else empty."""
    first = next((line.strip() for line in lines if line.strip()), "")
    words = first.split()
    capitalised = [w for w in words if w not in _PARTICLES]
    if not 2 <= len(capitalised) <= 4 or any(ch.isdigit() for ch in first):  # noqa: PLR2004
        return ""
    if first.isupper() or not all(_NAME_WORD.match(w) for w in capitalised):
        return ""
    return first
