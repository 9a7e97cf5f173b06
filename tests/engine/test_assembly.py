"""The engine only assembles: no facade or stage imports the Engine, and the flow is one call."""

import grimp
import pytest
from tests.support.engine import fake_engine, fake_settings

from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

JOB = "Database engineer\nRequirements:\n- 3 years of PostgreSQL\n- Python\n"
CV = "Jane Doe\nExperience\nDBA, Acme 2019 - 2024\nPostgreSQL tuning, Python scripts\n"


def test_no_engine_module_imports_the_engine_back() -> None:
    graph = grimp.build_graph("cvmatch")
    for module in graph.find_children("cvmatch.engine"):
        if module != "cvmatch.engine.core":
            chain = graph.find_shortest_chain(module, "cvmatch.engine.core")
            assert chain is None, chain


def test_explain_adds_reasons_and_terms_without_changing_scores(tmp_path) -> None:
    engine = fake_engine(fake_settings(tmp_path))
    job = engine.parse_text(JOB, DocumentKind.JOB, "job")
    cv = engine.parse_text(CV, DocumentKind.CV, "cv")
    [[explained]] = engine.matrix([job], [cv])
    [[plain]] = engine.matrix([job], [cv], explain=False)
    assert explained.score == plain.score
    assert explained.evidence == plain.evidence
    assert plain.reasons == ()
    assert plain.matched_terms == ()
    assert explained.reasons
    assert "postgresql" in {t.lower() for t in explained.matched_terms}


@pytest.mark.parametrize("attribute", ["evaluation", "taxonomy", "occupations"])
def test_facades_hold_no_engine(tmp_path, attribute: str) -> None:
    engine = Engine(Settings(cache_dir=tmp_path))
    facade = getattr(engine, attribute)
    assert not any(isinstance(value, Engine) for value in vars(facade).values())
