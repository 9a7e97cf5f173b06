"""Which encoder compares two sets of texts, by their languages: one rule for every method.

The English MiniLM models place English text well and nothing else; the multilingual encoder
(USE-m3, ``Settings.multilingual_encoder``) maps every language it knows into one space; a
shipped head sharpens it for one language and towards English (issue 20, docs/languages.md;
for ``titles``, ``e5-use-m3-esco-de|es|fr``: the mean of e5-small-q4 and USE-m3 heads). So, for
the languages of the two sides (ISO 639-1 codes):

=========================================================  =============================================
both sides English                                         the method's English encoder (today's path)
both in L, or L and English, and the method has a head     that head (trained on L ↔ L and L ↔ English
for L                                                      pairs, measured on both)
both Chinese, or Chinese and English, in a method that     ``e5-use-m3``: the plain mean of the USE-m3
takes heads (``titles``)                                   and e5-small-q4 cosines (:data:`TITLE_ROUTES`)
anything else: Korean, any other language, two different   the multilingual encoder, no head
non-English languages, an undetected side; Chinese in a
method without heads (``hybrid``'s job ↔ CV cosine)
=========================================================  =============================================

The Chinese row was chosen by measurement on titles (docs/benchmarks/chinese.md: a title set
built from CC-CEDICT and ESCO, dev half chooses, test half confirms), so, like the heads, it
serves the methods that take heads — those that compare titles — and not the job ↔ CV cosine,
where it was not measured.

>>> route_encoder("en", "en", "minilm", "use-m3", {"de": "use-m3-esco-de"})
'minilm'
>>> route_encoder("de", "en", "minilm", "use-m3", {"de": "use-m3-esco-de"})
'use-m3-esco-de'
>>> route_encoder("zh", "zh", "minilm", "use-m3", {"de": "use-m3-esco-de"})
'e5-use-m3'
>>> route_encoder("zh", "zh", "minilm", "use-m3")
'use-m3'
>>> route_encoder("de", "fr", "minilm", "use-m3", {"de": "use-m3-esco-de", "fr": "use-m3-esco-fr"})
'use-m3'
"""

from collections.abc import Mapping

ENGLISH = "en"
"""The language whose texts keep each method's English encoder."""
TITLE_ROUTES: Mapping[str, str] = {"zh": "e5-use-m3"}
"""Plain encoders chosen by measurement for a language that no head serves, used like heads."""


def route_encoder(
    first: str,
    second: str,
    english: str,
    multilingual: str,
    heads: Mapping[str, str] | None = None,
) -> str:
    """The encoder that compares texts in ``first`` with texts in ``second`` (see the table).

    Args:
        first: Language of one side (a job, the query titles).
        second: Language of the other side (a CV, the corpus titles).
        english: The method's encoder for English ↔ English.
        multilingual: The encoder for every pair no head serves.
        heads: ``{language: head}`` the method uses; ``None`` for a method that takes no
            head (``hybrid``), which gets no :data:`TITLE_ROUTES` either.
    """
    if first == second == ENGLISH:
        return english
    # A shipped head of a language wins over its measured plain route.
    chosen = {} if heads is None else {**TITLE_ROUTES, **heads}
    for language, head in chosen.items():
        # One non-English language, possibly against English: the head was trained on both.
        if {first, second} <= {language, ENGLISH}:
            return head
    return multilingual
