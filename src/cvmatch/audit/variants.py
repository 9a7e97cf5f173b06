"""Counterfactual variants of a CV, one attribute at a time (issue 22 item 2).

For each attribute the first variant is the *reference* and the others differ from it only in
that attribute, so a score delta is the attribute's effect:

* ``first_name``: the CV's own first name (the reference), then each name of
  :data:`~cvmatch.audit.lists.FIRST_NAMES` in its place wherever it appears (a CV with no
  detectable name gets a name line, the first listed name being the reference);
* ``pronouns``: a "Pronouns:" line under the name, he/him (reference), she/her, they/them;
* ``age``: a "Date of birth:" line under the name, 25 (reference), 40 and 58 years old;
* ``graduation_year``: a "Graduation year:" line at the end, 2018 (reference), 2005, 1990;
* ``university``: an "Education:" line at the end naming universities of similar standing;
* ``photo``: the CV as it is (reference), then with a photo under the name.

>>> [v.label for v in counterfactuals("Ada Lovelace\\nDBA")["pronouns"]]
['he/him', 'she/her', 'they/them']
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from cvmatch.audit import lists
from cvmatch.redaction import person_name

__all__ = ["ATTRIBUTES", "Variant", "counterfactuals"]

ATTRIBUTES = ("first_name", "pronouns", "age", "graduation_year", "university", "photo")
_PHOTO_LINE = "![photo](photo.jpg)"


@dataclass(frozen=True)
class Variant:
    """One version of a CV: the attribute changed, the value it holds, and the text."""

    attribute: str
    label: str
    text: str


def counterfactuals(text: str) -> dict[str, list[Variant]]:
    """Every attribute's variants of ``text``, the reference first (see the module docstring)."""
    return {
        "first_name": _first_names(text),
        "pronouns": [_under_name("pronouns", p, f"Pronouns: {p}", text) for p in lists.PRONOUNS],
        "age": [_under_name("age", d, f"Date of birth: {d}", text) for d in lists.AGES],
        "graduation_year": [
            Variant("graduation_year", y, f"{text}\nGraduation year: {y}\n")
            for y in lists.GRADUATION_YEARS
        ],
        "university": [
            Variant("university", u, f"{text}\nEducation: BSc, {u}\n") for u in lists.UNIVERSITIES
        ],
        "photo": [
            Variant("photo", "none", text),
            _under_name("photo", "photo", _PHOTO_LINE, text),
        ],
    }


def _first_names(text: str) -> list[Variant]:
    """The CV's first name swapped for each listed one (a name line added when none is found)."""
    names = [
        f"{name} ({gender}, {origin})"
        for (gender, origin), given in lists.FIRST_NAMES.items()
        for name in given
    ]
    own = person_name(text).split()
    if not own:
        return [
            Variant("first_name", label, f"{label.split()[0]} Taylor\n{text}") for label in names
        ]
    first = own[0]
    pattern = re.compile(rf"(?<!\w){re.escape(first)}(?!\w)", re.IGNORECASE)
    variants = [Variant("first_name", f"{first} (own)", text)]
    for label in names:
        name = label.split()[0]
        variants.append(Variant("first_name", label, pattern.sub(_same_case(name), text)))
    return variants


def _same_case(name: str) -> Callable[[re.Match[str]], str]:
    """A replacement giving ``name`` in capitals where the CV wrote its own name in capitals."""
    return lambda found: name.upper() if found.group().isupper() else name


def _under_name(attribute: str, label: str, line: str, text: str) -> Variant:
    """``line`` inserted after the CV's first non-empty line (its name or title)."""
    lines = text.split("\n")
    at = next((i + 1 for i, ln in enumerate(lines) if ln.strip()), 0)
    return Variant(attribute, label, "\n".join([*lines[:at], line, *lines[at:]]))
