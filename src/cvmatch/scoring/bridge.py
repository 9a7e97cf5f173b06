"""A CV's stems in the job's language words: the bridge of word checks across languages.

A French job's "restaurations" is the stem ``restaur``; an English CV's "restores" is
``restor``, stemmed by either language's rules. A CV line that names an English label of
:func:`cvmatch.taxonomy.bridge.translation_groups` (by its stems in English, the CV's or the
job's language, so "restores" names "restore" and "backups" names "backup") also carries the
job-language stems of every name of that label ("restauration", "Wiederherstellung",
"restauración"). A French CV's "sauvegardes" names "backup" through the taxonomy's mentions
(their labels' stems are added first, :func:`cvmatch.scoring.cvlines.gloss_lines`), so a German
job's "Datensicherung" meets it too. Stems are also compared without their accents across
languages ("clústeres" and "clusters"), as stemmers keep them. Same-language pairs are left
exactly as they were.
"""

from functools import lru_cache

from cvmatch.scoring.terms import STEMMED_LANGUAGES, key_terms
from cvmatch.taxonomy.bridge import translation_groups
from cvmatch.taxonomy.normalise import fold
from cvmatch.taxonomy.packaged import weight

GroupStems = tuple[tuple[frozenset[str], ...], frozenset[str]]
"""A group's forms (stems of its label, one set per stemmer) and the stems it adds to a line:
its names' job-language stems and its English label's stems."""
NameStems = tuple[tuple[frozenset[str], ...], frozenset[str]]
"""A group's names as job-language stems (longest first) and its English label's stems."""


def bridged(stems: frozenset[str], cv_language: str, job_language: str) -> frozenset[str]:
    """``stems`` with the job-language stems of every name of each label they name.

    >>> "restaur" in bridged(frozenset({"medusa", "restor"}), "en", "fr")
    True
    >>> bridged(frozenset({"restor"}), "en", "en")
    frozenset({'restor'})
    """
    if cv_language == job_language:
        return stems
    extra: set[str] = set()
    for forms, names in _groups(cv_language, job_language):
        if any(form <= stems for form in forms):
            extra |= names
    found = stems | extra
    return found | {fold(s) for s in found}


def label_weights(weights: dict[str, float], job_language: str) -> dict[str, float]:
    """Requirement weights with each translated name in them read as its English label.

    "administrateur de bases de données" is checked as "database administration", two words
    with their English weights, as an English ad's would be: its three stems weighed as much as
    three words, so a developer's "MySQL databases" half-met it. A line naming the label in
    any language carries the label's stems (:func:`bridged`).

    >>> sorted(label_weights({"pratiqu": 1.0, "sauvegard": 8.0}, "fr"))
    ['backup', 'pratiqu']
    >>> label_weights({"restaur": 8.0}, "en")  # an English "restaurant" stays itself
    {'restaur': 8.0}
    """
    result = dict(weights)
    for names, label in _names(job_language):
        for form in names:
            if form <= result.keys():
                for stem in form:
                    del result[stem]
                for stem in label:
                    result[stem] = max(weight(stem), result.get(stem, 0.0))
                break
    return result


def folded_weights(weights: dict[str, float]) -> dict[str, float]:
    """Requirement weights keyed by stems without accents, for a CV in another language.

    Stemmers keep accents, so a Spanish "clústeres" (``clúster``) missed an English
    "clusters" (``cluster``); :func:`bridged` adds the CV's stems without accents too. Two stems
    that fold alike keep the larger weight.

    >>> folded_weights({"clúster": 8.0, "cluster": 2.0, "kafka": 8.0})
    {'cluster': 8.0, 'kafka': 8.0}
    """
    result: dict[str, float] = {}
    for stem, value in weights.items():
        key = fold(stem)
        result[key] = max(value, result.get(key, 0.0))
    return result


@lru_cache(maxsize=32)
def _groups(cv_language: str, job_language: str) -> tuple[GroupStems, ...]:
    """Each group's label forms (English, CV and job stemmers) and the stems a line gets."""
    result = []
    for group in translation_groups():
        forms = {_stems(group.label, lang) for lang in ("en", cv_language, job_language)}
        names = frozenset().union(*(_stems(name, job_language) for name in group.names))
        result.append((tuple(f for f in forms if f), names | _stems(group.label, "en")))
    return tuple(result)


@lru_cache(maxsize=8)
def _names(job_language: str) -> tuple[NameStems, ...]:
    """Each group's names stemmed by the job's rules, the groups with the longest name first.

    None for English (the labels are English already: an English ad's "restaurant" is no
    "restauration") nor for a language without its own stemmer.
    """
    if job_language == "en" or job_language not in STEMMED_LANGUAGES:
        return ()
    result = []
    for group in translation_groups():
        forms = {_stems(name, job_language) for name in group.names}
        names = tuple(sorted((f for f in forms if f), key=len, reverse=True))
        result.append((names, _stems(group.label, "en")))
    return tuple(sorted(result, key=lambda x: -len(x[0][0]) if x[0] else 0))


def _stems(text: str, language: str) -> frozenset[str]:
    return frozenset(key_terms(text, language))
