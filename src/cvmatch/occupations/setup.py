"""Build a :class:`~cvmatch.occupations.recommender.Recommender` from the settings (what the engine calls).

Occupations come from the imported taxonomy when it holds any, else from the packaged English
list. The encoder is ``--model`` when given; otherwise, for English input, the fine-tuned
``recommend-esco`` model when the trained-model registry has one (``recipes/recommend-bi-encoder.
yaml``), else the shipped model made the default of ``recommend`` if any
(:func:`~cvmatch.encoders.shipped.english_default`), else ``Settings.english_encoder``; for any
other language ``Settings.multilingual_encoder`` (USE-m3: cross-lingual, so a French CV matches English and French labels alike).
"""

from collections.abc import Sequence
from pathlib import Path

from cvmatch.documents.base import Limits
from cvmatch.documents.loader import document_from_text
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.shipped import english_default
from cvmatch.encoders.trained import resolve_trained
from cvmatch.extract.cv import experience_periods
from cvmatch.extract.titles import leading_title, role_phrases
from cvmatch.occupations.ad_store import load_ads
from cvmatch.occupations.index import IndexProgress, build_index
from cvmatch.occupations.recommender import CvInput, Recommender
from cvmatch.occupations.signals import OFF_THE_SHELF_WEIGHTS, TRAINED_WEIGHTS, RecommendWeights
from cvmatch.settings import Settings
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.occupations import entries_from_store, isco_labels, packaged_entries
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.types import Concept, Document, DocumentKind, ExperiencePeriod, OccupationEntry

MAX_TITLES = 3
"""At most this many role titles of a CV are scored as titles."""

TRAINED_NAME = "recommend-esco"
"""Trained-model name the recommender prefers for English input when it exists."""

SHIPPED_NAME = "recommend-esco-int8"
"""The same model as shipped in the package (int8 ONNX, :mod:`cvmatch.encoders.shipped`)."""


def encoder_name(settings: Settings, language: str, model: str | None) -> str:
    """The encoder to recommend with for input in ``language`` (see the module docstring)."""
    if model:
        return model
    if language != "en":
        return settings.multilingual_encoder
    if resolve_trained(TRAINED_NAME, settings.trained_models_dir) is not None:
        return TRAINED_NAME
    return english_default("recommend", settings)


def default_weights(model_id: str) -> RecommendWeights:
    """The mix tuned for the fine-tuned ``recommend-esco`` (trained or shipped), else off-the-shelf."""
    if model_id.startswith((f"{TRAINED_NAME}@", f"{SHIPPED_NAME}@")):
        return TRAINED_WEIGHTS
    return OFF_THE_SHELF_WEIGHTS


def occupation_source(taxonomy_path: Path) -> tuple[list[OccupationEntry], dict[str, Concept]]:
    """Occupations and ISCO groups of the imported taxonomy, else the packaged occupations."""
    if taxonomy_path.is_file():
        store = TaxonomyStore(taxonomy_path)
        try:
            entries = entries_from_store(store)
            if entries:
                return entries, isco_labels(store)
        finally:
            store.close()
    return packaged_entries(), {}


def build_recommender(
    settings: Settings,
    taxonomy: tuple[list[OccupationEntry], dict[str, Concept]],
    encoder: DenseEncoder,
    progress: IndexProgress | None = None,
) -> Recommender:
    """Index the occupations with ``encoder`` (cached on disk) and wrap them in a recommender.

    ``progress`` is told how many labels are embedded while a new index is built.
    """
    entries, groups = taxonomy
    cache = encoder.cache
    encoder.cache = None  # the index has its own .npy cache; don't copy 30k labels into SQLite
    try:
        ads = load_ads(settings.cache_dir)
        index = build_index(entries, encoder, settings.cache_dir, ads, progress)
    finally:
        encoder.cache = cache
    weights = default_weights(index.model_id)
    return Recommender(index, encoder, weights, isco_groups=groups, cache_dir=settings.cache_dir)


def cv_input(
    doc: Document, gazetteer: Gazetteer, reference: float, language: str | None = None
) -> CvInput:
    """What the recommender needs from one parsed CV: text, language, role titles, skills."""
    periods = experience_periods(doc, reference)
    roles = tuple(dict.fromkeys(p.title for p in periods if p.title))
    words: dict[str, str] = {}  # each skill's label -> how the CV first writes it
    for mention in gazetteer.find(doc.text):
        words.setdefault(mention.label, " ".join(mention.surface.split()))
    own = doc.language or "en"
    titles = cv_titles(doc.text, periods)
    return CvInput(
        doc.id,
        doc.text,
        language or own,
        roles,
        tuple(words),
        titles,
        text_language=own,
        skill_words=tuple(words.values()),
    )


def cv_titles(text: str, periods: Sequence[ExperiencePeriod]) -> tuple[str, ...]:
    """The titles a CV is scored by: its most recent roles, else the roles its summary states.

    Roles are ordered by end, then start (latest first), at most :data:`MAX_TITLES`; a CV
    without dated roles uses :func:`~cvmatch.extract.titles.role_phrases` ("As a nurse, I …"),
    and a one-line input its leading title (:func:`~cvmatch.extract.titles.leading_title`).
    """
    dated = sorted((p for p in periods if p.title), key=lambda p: (-p.end, -p.start))
    titles = tuple(dict.fromkeys(p.title for p in dated)) or role_phrases(text)
    if not titles and "\n" not in text.strip() and (lead := leading_title(text)):
        titles = (lead,)  # one-line input (a TSV row): "Chemistry teacher. I taught …"
    return titles[:MAX_TITLES]


def read_as_cvs(
    texts: Sequence[str], limits: Limits, reference: float
) -> tuple[list[str], list[list[str]]]:
    """Each text read as a CV, as ``cvmatch recommend`` reads one: its parsed text, its titles."""
    docs = [document_from_text(t, DocumentKind.CV, f"q{i}", limits) for i, t in enumerate(texts)]
    return [d.text for d in docs], [
        list(cv_titles(d.text, experience_periods(d, reference))) for d in docs
    ]
