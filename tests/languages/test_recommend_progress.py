"""The multilingual occupation index: built once with a bar that counts labels, then reused."""

from pathlib import Path

import pytest

from cvmatch.engine import Engine
from cvmatch.occupations import index as occupation_index
from cvmatch.types import DocumentKind

FRENCH_CV = "Boulangère depuis dix ans : je fabrique le pain et les viennoiseries chaque matin."


@pytest.mark.usefixtures("fake_env")
def test_the_multilingual_index_reports_labels_and_is_built_once(
    esco_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(occupation_index, "PROGRESS_SLICE", 2)
    events: list[tuple[str, int, int]] = []
    engine = Engine(on_progress=lambda stage, done, total: events.append((stage, done, total)))
    engine.taxonomy.import_esco(esco_dir)
    cv = engine.parse_text(FRENCH_CV, DocumentKind.CV, "fr")
    assert cv.language == "fr"
    [result] = engine.occupations.recommend([cv], top=1)
    assert result.hits[0].language == "fr"  # the label in the CV's language
    labels = [e for e in events if e[0].endswith(": labels")]
    total = labels[-1][2]
    assert total > 2  # several slices: the bar moves while labels are embedded
    assert [done for _, done, _ in labels] == [*range(0, total, 2), total]
    events.clear()
    again = Engine(on_progress=lambda stage, done, total: events.append((stage, done, total)))
    again.occupations.recommend([again.parse_text(FRENCH_CV, DocumentKind.CV, "fr")], top=1)
    assert not [e for e in events if e[0].endswith(": labels")]  # loaded from the cache
