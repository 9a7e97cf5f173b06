"""The matching stages built from the settings: ingest limits, extractor and requirement matcher.

Built on first use and rebuilt after :meth:`MatchingParts.clear` (a taxonomy import), so every
facade that holds this object sees the new taxonomy.
"""

from cvmatch.documents.base import Limits
from cvmatch.extract.extractor import DocumentExtractor, reference_year
from cvmatch.scoring.coverage import ScoreWeights
from cvmatch.scoring.matcher import RequirementMatcher
from cvmatch.settings import Settings
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.store import TaxonomyStore


def ingest_limits(settings: Settings) -> Limits:
    """Ingest limits taken from the settings."""
    return Limits.from_settings(settings)


def score_weights(settings: Settings) -> ScoreWeights:
    """The requirement-level score weights of the settings."""
    s = settings
    return ScoreWeights(
        s.coverage_weight,
        s.dense_weight,
        s.lexical_weight,
        s.required_weight,
        s.preferred_weight,
        s.knockout_cap,
        s.experience_weight,
        depth=s.experience_depth_weight,
        transversal=s.transversal_weight,
    )


class MatchingParts:
    """The extractor and requirement matcher of one settings object (one per engine)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._extractor: DocumentExtractor | None = None
        self._matcher: RequirementMatcher | None = None

    @property
    def extractor(self) -> DocumentExtractor:
        """Requirements of jobs and facts of CVs over the taxonomy file, if any."""
        if self._extractor is None:
            path = self.settings.taxonomy_file
            gazetteer = Gazetteer(TaxonomyStore(path) if path.is_file() else None)
            reference = reference_year(self.settings.reference_date)
            self._extractor = DocumentExtractor(gazetteer, reference)
        return self._extractor

    @property
    def matcher(self) -> RequirementMatcher:
        """The requirement matcher, scoring what :attr:`extractor` finds."""
        if self._matcher is None:
            extractor = self.extractor
            self._matcher = RequirementMatcher(
                extractor.gazetteer,
                score_weights(self.settings),
                extractor.reference,
                soft_not_assessed=self.settings.soft_skills_not_assessed,
                extractor=extractor,
            )
        return self._matcher

    @property
    def gazetteer(self) -> Gazetteer:
        """The taxonomy lookup behind extraction."""
        return self.extractor.gazetteer

    def clear(self) -> None:
        """Forget what was built from the taxonomy file, so the next use sees its new content."""
        self._extractor = None
        self._matcher = None
