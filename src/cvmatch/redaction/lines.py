"""A lean PII redaction before text leaves the machine: emails, phones, URLs, addresses, name.

The LLM layer's redactor (:mod:`cvmatch.llm.prompt`). Rules, applied line by line so line ids
stay the same (patterns from :mod:`cvmatch.redaction.patterns`):

* emails → ``[email]``; URLs (``http…``, ``www.…``, ``linkedin.com/…``) → ``[url]``;
* phone numbers (7+ digits with spaces, dots, dashes, parentheses, optional ``+``) → ``[phone]``;
* street addresses ("12 Baker Street", "3 rue de la Paix") → ``[address]``;
* the CV's name: its first non-empty line when it reads as a name (2–4 capitalised words,
  particles such as "de la" allowed, no digits) → ``[name]``, and that name wherever else it appears.

>>> redact_lines(["Ada Lovelace", "ada@example.org, +44 20 7946 0958", "12 Baker Street"])
('[name]', '[email], [phone]', '[address]')
"""

import re

from cvmatch.redaction import patterns

__all__ = ["redact_lines"]

_PARTICLES = frozenset(
    {"de", "la", "del", "da", "di", "van", "von", "der", "le", "du", "bin", "al"}
)


def redact_lines(lines: list[str]) -> tuple[str, ...]:
    """The lines with personal data replaced by placeholders (see the module docstring)."""
    name = _name(lines)
    result = []
    for line in lines:
        text = patterns.EMAIL.sub("[email]", line)
        text = patterns.URL.sub("[url]", text)
        text = patterns.PHONE.sub(_phone, text)
        text = patterns.ADDRESS.sub("[address]", text)
        text = patterns.ADDRESS_AFTER.sub("[address]", text)
        if name:
            text = text.replace(name, "[name]")
        result.append(text)
    return tuple(result)


def _phone(found: re.Match[str]) -> str:
    """A phone placeholder, unless it reads as dates ("2019 - 2023", "03.2019 – 06.2021")."""
    text = found.group()
    groups = re.findall(r"\d+", text)
    if sum(map(len, groups)) < patterns.PHONE_DIGITS or patterns.reads_as_dates(groups):
        return text
    return "[phone]"


def _name(lines: list[str]) -> str:
    """The first non-empty line when it reads as a person's name, else empty."""
    first = next((line.strip() for line in lines if line.strip()), "")
    words = first.split()
    capitalised = [w for w in words if w not in _PARTICLES]
    if not 2 <= len(capitalised) <= 4 or any(ch.isdigit() for ch in first):  # noqa: PLR2004
        return ""
    if first.isupper() or not all(patterns.NAME_WORD.match(w) for w in capitalised):
        return ""
    return first
