"""Recruiter feedback in a store → labelled rows → a registered ranker, from Python and the CLI."""

import json
from pathlib import Path

import pytest
from tests.support.engine import fake_engine, fake_settings
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.errors import InvalidInputError, NotFoundError
from cvmatch.scoring.match_features import MATCH_FEATURES
from cvmatch.training.config import TrackingConfig
from cvmatch.training.feedback_data import load_feedback
from cvmatch.training.feedback_train import load_linear, train_feedback_ranker
from cvmatch.workspace import Workspace
from cvmatch.workspace.records import Decision

JOB = "Cassandra DBA\n# Requirements\n- Apache Cassandra administration\n- Linux and Python\n"
CVS = {
    "ada": "Apache Cassandra administration on Linux with Python.",
    "bob": "Cassandra clusters and Linux.",
    "cid": "Head chef: menus and pastry.",
    "dee": "Pastry chef, kitchen.",
    "eve": "Python developer on Linux.",
    "fay": "Accountant: ledgers.",
}

runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> tuple[str, dict[str, int], int]:
    """A store with one job whose candidates got stars, decisions, an unstar and a note.

    Final state: ada shortlisted then starred (1); bob starred only (1); cid rejected (0);
    dee starred then rejected (0: the decision wins); eve starred then unstarred (no label);
    fay only a note (no label). A second job has one shortlist and one reject.
    """
    settings = fake_settings(tmp_path)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    user = ws.authenticate(ws.add_user("alice"))
    job = ws.create_job(user, "Cassandra DBA", JOB).id
    outcomes = ws.add_cvs(user, job, [(f"{n}.txt", f"{n}\n{t}\n".encode()) for n, t in CVS.items()])
    ids = {o.filename[:-4]: int(o.candidate_id or 0) for o in outcomes}
    ws.decide(user, job, ids["ada"], Decision.SHORTLIST)
    ws.star(user, job, ids["ada"])
    ws.star(user, job, ids["bob"])
    ws.decide(user, job, ids["cid"], Decision.REJECT)
    ws.star(user, job, ids["dee"])
    ws.decide(user, job, ids["dee"], Decision.REJECT)
    ws.star(user, job, ids["eve"])
    ws.unstar(user, job, ids["eve"])
    ws.decide(user, job, ids["fay"], Decision.NOTE, "call back in May")
    other = ws.create_job(user, "Chef", "Head chef\n# Requirements\n- pastry\n").id
    ws.add_cvs(user, other, [("cid.txt", f"cid\n{CVS['cid']}\n".encode())])
    ws.add_cvs(user, other, [("fay.txt", f"fay\n{CVS['fay']}\n".encode())])
    ws.decide(user, other, ids["cid"], Decision.SHORTLIST)
    ws.decide(user, other, ids["fay"], Decision.REJECT)
    ws.close()
    return settings.db, ids, job


def test_decisions_and_stars_become_labels(store: tuple[str, dict[str, int], int]) -> None:
    db, ids, job = store
    data = load_feedback(db, job)
    labels = dict(zip(data.candidate_ids.tolist(), data.labels.tolist(), strict=True))
    assert labels == {ids["ada"]: 1, ids["bob"]: 1, ids["cid"]: 0, ids["dee"]: 0}
    assert data.features.shape == (4, len(MATCH_FEATURES))
    # The stored job score is the first feature: ada (the full match) above the chef cid.
    row = {c: i for i, c in enumerate(data.candidate_ids.tolist())}
    assert data.features[row[ids["ada"]], 0] > data.features[row[ids["cid"]], 0]
    pooled = load_feedback(db)
    assert len(pooled.labels) == 6  # the second job adds cid (1) and fay (0)
    assert sorted(set(pooled.job_ids.tolist())) == [job, job + 1]
    assert pooled.checksum == load_feedback(db).checksum != data.checksum


def test_unknown_job_and_missing_store_are_errors(
    store: tuple[str, dict[str, int], int], tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError, match="no job with id 99"):
        load_feedback(store[0], 99)
    with pytest.raises(InvalidInputError, match="no store"):
        load_feedback(str(tmp_path / "absent.db"))


def test_training_registers_a_feedback_ranker(
    store: tuple[str, dict[str, int], int], models_dir: Path
) -> None:
    db, _, job = store
    report = train_feedback_ranker(db, "fb", job, tracking=TrackingConfig(backend="none"))
    assert report.model.model_ref == "fb@v1"
    assert (report.rows, report.positives, report.jobs) == (4, 2, 1)
    assert Path(report.model.path).parent.parent == models_dir
    manifest = json.loads((Path(report.model.path) / "cvmatch-model.json").read_text())
    assert manifest["kind"] == "feedback-ranker"
    assert manifest["data_sha256"] == report.data_sha256
    assert manifest["scope"] == "job"
    model = load_linear(Path(report.model.path))
    assert model.names == MATCH_FEATURES
    assert "cv_auc" in report.metrics  # 2 of each class: 2-fold cross-validation


def test_cli_trains_from_feedback_and_keeps_the_config_path(
    store: tuple[str, dict[str, int], int], tmp_path: Path
) -> None:
    db = store[0]
    args = ["train", "ranker", "--source", "feedback", "--db", db, "--tracking", "mlflow"]
    result = runner.invoke(app, [*args, "--runs-dir", str(tmp_path / "runs"), "--name", "pool"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["model"] == "pool@v1"
    assert (payload["scope"], payload["rows"], payload["jobs"]) == ("pooled", 6, 2)
    assert payload["run_id"]
    runs = runner.invoke(app, ["runs", "--dir", str(tmp_path / "runs")])
    assert "pool" in runs.output
    per_job = runner.invoke(app, [*args[:-2], "--scope", "job", "--job", str(store[2])])
    assert per_job.exit_code == 0, per_job.output
    assert json.loads(per_job.stdout)["rows"] == 4
    missing = runner.invoke(app, [*args[:-2], "--scope", "job"])
    assert missing.exit_code == 2
    assert "--job" in missing.output
    wrong_kind = runner.invoke(app, ["train", "bi-encoder", "--source", "feedback", "--db", db])
    assert wrong_kind.exit_code == 2
    no_config = runner.invoke(app, ["train", "ranker"])
    assert no_config.exit_code == 2
    assert "--config" in no_config.output
