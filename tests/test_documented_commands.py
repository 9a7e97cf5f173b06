"""Every ``cvmatch …`` command shown in README.md and docs/**/*.md runs, on tiny inputs made here.

The commands are read from the fenced code blocks of the docs at test time, and each one must be
listed in :data:`CASES` with how to run it: a documented command that is missing here fails
:func:`test_every_documented_command_has_a_case`, so a new command cannot go untested, and one
that breaks fails its own case. Synopsis lines (``cvmatch rank JOB CV... [--top K]``) run with
concrete files and options. The inputs are small files written by the :func:`work` fixture
(a job, a few example CVs, pairs, TSV/qrels, a custom skill list, ads, and a tiny ESCO download
in the CSV layout of the real one), so the occupation index is a few occupations, not 3,000.

Skipped, each with its reason in :data:`CASES`:

* needs ``../shared/data`` (only when it is absent): ``eval dataset …``, the imports of the
  real ESCO download and the German lookup that needs them;
* long training runs: ``train bi-encoder …`` and the commands that use the model it registers
  (``--model esco-bi-encoder@v1``, ``jobtitle-esco@v2``) unless that model is installed;
* the real-ESCO recommender evaluation (``-m recommend`` on ``hahu_ads``): it indexes every ESCO
  occupation, a long run on 2 cores;
* ``train ranker --source feedback``: it needs recruiters' decisions in the store (the same
  command runs on such a store in ``tests/training/test_feedback_source.py``).
"""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from tests.support.esco import write_csv
from tests.support.ray_sandbox import ray_sandbox

from cvmatch.encoders.shipped import WEIGHTS_DIR
from cvmatch.evaluation.datasets.base import default_data_dir

pytestmark = pytest.mark.models
ROOT = Path(__file__).resolve().parents[1]
CVMATCH = Path(sys.executable).parent / "cvmatch"
SHARED = default_data_dir()
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
TIMEOUT = 600

TRAINING = "long training run (minutes to hours on 2 cores)"
TRAINED = "needs the model registered by `cvmatch train` (a long training run)"
NO_SHARED = f"needs ../shared/data ({SHARED} is absent)"
FEEDBACK = (
    "needs recruiters' decisions in the store; the same command runs on a store with decisions"
    " in tests/training/test_feedback_source.py"
)
ESCO_INDEX = "indexes every real ESCO occupation for the recommender (a long run on 2 cores)"
OCC = "http://data.europa.eu/esco/occupation/t-dba"
CROSS_ENCODER = "rjdb-cross-encoder-int8"
NO_CROSS_ENCODER = (
    f"needs the shipped cross-encoder {CROSS_ENCODER} (the ce area's weights, merged apart);"
    " tests/engine/test_shipped_stages.py runs the command with a tiny one"
)
LLM_ENDPOINT = (
    "needs an LLM endpoint; tests/llm/test_eval_hybrid_llm.py runs it against the fake server"
)
LANG_FIXTURES = ROOT / "tests" / "languages" / "fixtures"


@dataclass(frozen=True)
class Case:
    """How to run one documented command.

    Attributes:
        run: The command line to run (``{shared}`` is ../shared/data); ``None``: the command
            as documented.
        skip: Why it is not run (always), or ``None``.
        shared: Needs ../shared/data (skipped when absent) and runs on its own taxonomy.
        expect: Text that stdout + stderr must hold.
    """

    run: str | None = None
    skip: str | None = None
    shared: bool = False
    expect: tuple[str, ...] = field(default_factory=tuple)


CASES: dict[str, Case] = {
    # README.md: the synopsis of the matching commands
    "cvmatch rank JOB CV... [--top K] [--format table|json|csv] [--explain] [--model NAME]": Case(
        "cvmatch rank job.md cvs --top 2 --format json --explain", expect=('"results"',)
    ),
    "cvmatch match CV JOB... [--top K] [--format table|json|csv]": Case(
        "cvmatch match cv.pdf job.md examples/jobs/icu-nurse.txt --top 1 --format csv",
        expect=("rank,",),
    ),
    "cvmatch score JOB CV [--format table|json]": Case(
        "cvmatch score job.md cv.pdf --format json", expect=('"requirements"',)
    ),
    "cvmatch parse FILE [--kind cv|job] [--format table|json]": Case(
        "cvmatch parse job.md --kind job --format json", expect=('"kind": "job"',)
    ),
    "cvmatch models [--format table|json]": Case("cvmatch models --format json"),
    "cvmatch build-models [--force]": Case("cvmatch build-models"),
    # evaluation
    "cvmatch eval retrieval --queries Q.tsv --corpus C.tsv --qrels R.tsv -m tfidf-word -m hybrid"
    " --out report.json": Case(expect=("map",)),
    "cvmatch eval pairs --data pairs.jsonl --group-by group --report report.md": Case(
        expect=("ignored unknown keys ['source']",)
    ),
    "cvmatch eval pairs --data pairs.jsonl [--group-by group|job|cv|none] [--threshold T]"
    " [--target-precision 0.9] --out report.json": Case(
        "cvmatch eval pairs --data pairs.jsonl --group-by job --threshold 50"
        " --target-precision 0.9 -m tfidf-word -m bm25 --out pairs-report.json"
    ),
    "cvmatch eval dataset talentclef_en_validation -m tfidf-char -m minilm": Case(
        "cvmatch eval dataset talentclef_en_validation -m tfidf-char -m minilm --sample 20",
        shared=True,
    ),
    "cvmatch eval dataset talentclef_en_validation -m tfidf-char -m minilm [--sample 50]"
    " [--data-dir DIR]": Case(
        "cvmatch eval dataset talentclef_en_validation -m tfidf-char -m minilm --sample 20"
        " --data-dir {shared}",
        shared=True,
    ),
    "cvmatch eval dataset talentclef_en_validation -m tfidf-char -m minilm --out tc.json": Case(
        "cvmatch eval dataset talentclef_en_validation -m tfidf-char -m minilm --sample 20"
        " --out tc.json",
        shared=True,
    ),
    "cvmatch eval dataset jobbert_titles --sample 500 -m tfidf-word": Case(shared=True),
    "cvmatch eval dataset hahu_ads -m recommend -m tfidf-word --baseline tfidf-word": Case(
        skip=ESCO_INDEX
    ),
    "cvmatch eval dataset hahu_ads -m minilm -m esco-bi-encoder@v1 --baseline minilm": Case(
        skip=TRAINED
    ),
    "cvmatch eval dataset hahu_ads -m tfidf-word -m minilm -m recommend --baseline minilm": Case(
        skip=ESCO_INDEX
    ),
    "cvmatch eval dataset hahu_ads -m recommend -m recommend+ads --baseline recommend": Case(
        skip=ESCO_INDEX
    ),
    "cvmatch eval dataset talentclef_en_validation -m titles:jobtitle-esco@v2"
    " -m jobtitle-esco@v2": Case(skip=TRAINED),
    # training
    "cvmatch train bi-encoder --config recipes/esco-bi-encoder.yaml": Case(skip=TRAINING),
    "cvmatch train bi-encoder --config recipes/esco-bi-encoder.yaml -v": Case(skip=TRAINING),
    "cvmatch train --config recipes/jobtitle-en.yaml": Case(skip=TRAINING),
    "cvmatch rank examples/jobs/cassandra-dba.md examples/cvs --model esco-bi-encoder@v1": Case(
        skip=TRAINED
    ),
    "cvmatch rank job.md cvs/ --model esco-bi-encoder@v1": Case(skip=TRAINED),
    "cvmatch models": Case(),
    "cvmatch runs --dir runs": Case(),
    # taxonomy and occupations (the tiny ESCO download stands for ~/esco)
    "cvmatch taxonomy import esco ~/esco": Case("cvmatch taxonomy import esco esco"),
    "cvmatch recommend-import-skills ~/esco": Case("cvmatch recommend-import-skills esco"),
    "cvmatch recommend examples/cvs/ --level isco3 --format json": Case(
        "cvmatch recommend cvs/ --level isco3 --format json", expect=('"level": "isco3"',)
    ),
    "cvmatch recommend-import-ads my_labelled_ads.csv": Case(),
    "cvmatch recommend cv.pdf": Case(expect=("cv.pdf (en, occupation)",)),
    "cvmatch recommend cv.pdf --top 5 --format json": Case(
        expect=('"label": "database administrator"',)
    ),
    "cvmatch recommend cvs/ --format json": Case(),
    "cvmatch recommend --input cvs.tsv --format json": Case(),
    "cvmatch recommend cv_fr.docx --lang fr": Case(),
    "cvmatch recommend cv.pdf --level isco3": Case(),
    "cvmatch recommend-import-ads ads.csv": Case(),
    "cvmatch recommend-import-ads ads.csv --skip-unknown": Case(),
    "cvmatch taxonomy import custom my-skills.yaml": Case(),
    "cvmatch taxonomy import esco ../shared/data/esco_v1.2": Case(
        "cvmatch taxonomy import esco {shared}/esco_v1.2", shared=True
    ),
    "cvmatch taxonomy import esco ../shared/data/esco_v1.2/ESCO_en": Case(
        "cvmatch taxonomy import esco {shared}/esco_v1.2/ESCO_en", shared=True
    ),
    "cvmatch taxonomy import esco ../shared/data/esco_v1.0_fr_es": Case(
        "cvmatch taxonomy import esco {shared}/esco_v1.0_fr_es", shared=True
    ),
    "cvmatch taxonomy import esco ../shared/data/esco_v1.2/ESCO_de": Case(
        "cvmatch taxonomy import esco {shared}/esco_v1.2/ESCO_de", shared=True
    ),
    'cvmatch taxonomy lookup "DBMS bedienen"': Case(
        shared=True, expect=("operate relational database management system",)
    ),
    # service
    "cvmatch users add alice --db recruit.db": Case(),
    "cvmatch train ranker --source feedback --db recruit.db": Case(skip=FEEDBACK),
    "cvmatch train ranker --source feedback --db recruit.db --scope job --job 3 --name dba-feedback": (
        Case(skip=FEEDBACK)
    ),
    "cvmatch serve --db recruit.db": Case("cvmatch serve --db recruit.db --port {port}"),
    # the optional LLM layer (docs/llm.md): no endpoint here, so --llm warns and changes nothing;
    # tests/llm runs the same commands against a fake OpenAI-compatible server
    "cvmatch rank job.md cvs/ --llm --format json": Case(
        expect=('"results"', "no endpoint configured")
    ),
    "cvmatch score job.md cv.pdf --llm --format json": Case(
        expect=('"requirements"', "no endpoint configured")
    ),
    "cvmatch eval pairs --data pairs.jsonl -m hybrid -m hybrid+llm --out llm-report.json": Case(
        skip=LLM_ENDPOINT
    ),
    "cvmatch synth pairs --out synth-pairs.jsonl --occupations 150": Case(
        "cvmatch synth pairs --out synth-pairs.jsonl --occupations 4", expect=("wrote 16 pairs",)
    ),
    "cvmatch train bi-encoder --config recipes/synth-bi-encoder.yaml": Case(skip=TRAINING),
    # docs/storage.md: the embedded PostgreSQL (started by the command, stopped by PID)
    "cvmatch users add alice --db embedded-postgres://pgdata": Case(),
    "cvmatch serve --db embedded-postgres://pgdata": Case(
        "cvmatch serve --db embedded-postgres://pgdata --port {port}"
    ),
    # docs/languages.md: Korean and Chinese CVs, the Korean seed's workflow
    "cvmatch parse kim-minjun-cassandra-dba-ko.pdf": Case(
        f"cvmatch parse {LANG_FIXTURES}/kim-minjun-cassandra-dba-ko.pdf", expect=("경력사항",)
    ),
    "cvmatch score examples/jobs/cassandra-dba.md kim-minjun-cassandra-dba-ko.pdf": Case(
        f"cvmatch score examples/jobs/cassandra-dba.md {LANG_FIXTURES}/kim-minjun-cassandra-dba-ko.pdf",
        expect=("Apache Kafka",),
    ),
    "cvmatch train bi-encoder --config ko_seed.json": Case(
        skip=TRAINING + "; a tiny run: tests/languages/test_seed_workflow.py"
    ),
    "cvmatch rank job-ko.md cvs --model ko-seed@v1": Case(
        skip=TRAINED + "; ranked after a tiny run in tests/languages/test_seed_workflow.py"
    ),
    # docs/scale.md: batch ingest and the ANN index of stored CVs (in this order: one store)
    "cvmatch ingest examples/cvs --db recruit.db": Case(expect=("stored",)),
    "cvmatch ingest cvs --db recruit.db --engine ray --workers 2": Case(expect=("files/s",)),
    "cvmatch ingest cvs.txt --db postgresql+psycopg://cvmatch@db/cvmatch --engine ray"
    " --address HEAD:6379": Case(skip="needs a running Ray cluster and PostgreSQL server"),
    "cvmatch index build --db recruit.db": Case(expect=("exact",)),
    "cvmatch index stats --db recruit.db --format json": Case(expect=('"tier"',)),
    "cvmatch index search examples/jobs/cassandra-dba.md --db recruit.db --top 50": Case(
        expect=("stored CVs scored in full",)
    ),
    # docs/audit.md
    "cvmatch rank examples/jobs/cassandra-dba.md examples/cvs --redact": Case(
        "cvmatch rank job.md cvs --redact --format json", expect=('"results"',)
    ),
    "cvmatch audit probe examples/jobs/cassandra-dba.md examples/cvs": Case(
        "cvmatch audit probe job.md cvs", expect=("first_name", "redaction on")
    ),
    "cvmatch audit probe examples/jobs/cassandra-dba.md examples/cvs --no-redact --format json": (
        Case(
            "cvmatch audit probe job.md cvs --no-redact --format json", expect=('"redact": false',)
        )
    ),
    "cvmatch audit report --db cvmatch.db --job 1 --categories categories.csv": Case(
        skip="needs a store with scored, decided candidates; tests/audit/test_bias_report.py"
        " runs the command on one"
    ),
    "cvmatch report examples/jobs/cassandra-dba.md examples/cvs --out report.html": Case(
        "cvmatch report job.md cvs --out report.html", expect=("wrote report.html",)
    ),
    # scale (issue 19): the examples in a PostgreSQL store, ranked by pgvector + the full score
    "cvmatch ingest examples/cvs --db embedded-postgres://pgdata": Case(expect=("stored",)),
    "cvmatch index search examples/jobs/cassandra-dba.md --db embedded-postgres://pgdata"
    " --top 50": Case(expect=("stored CVs scored in full",)),
    # docs/audit.md (audit area: categories in the store, deletion, audit trail)
    "cvmatch audit report --db recruit.db --job 1": Case(
        skip="needs a store with scored, decided candidates and recorded categories;"
        " tests/audit/test_categories.py runs the command on one"
    ),
    "cvmatch candidates delete 42 --db recruit.db --reference REQ-17": Case(
        skip="needs a store with that candidate; tests/audit/test_erasure.py runs the command"
        " on one"
    ),
    "cvmatch audit log --db recruit.db --format csv": Case(expect=("at,user,action",)),
    # ship area (issue 18): a trained stage that ships in the package, run by its name
    "cvmatch rank examples/jobs/cassandra-dba.md examples/cvs --ranker rjdb-match-ranker"
    " --format json": Case(
        "cvmatch rank job.md cvs --ranker rjdb-match-ranker --format json",
        expect=('"stages"', '"model": "rjdb-match-ranker@', "ranked by rjdb-match-ranker@"),
    ),
    "cvmatch rank examples/jobs/cassandra-dba.md examples/cvs --rerank rjdb-cross-encoder-int8"
    " --ranker rjdb-match-ranker --format json": Case(
        "cvmatch rank job.md cvs --rerank rjdb-cross-encoder-int8 --ranker rjdb-match-ranker"
        " --format json",
        skip=None if (WEIGHTS_DIR / CROSS_ENCODER).is_dir() else NO_CROSS_ENCODER,
        expect=('"model": "rjdb-cross-encoder-int8@', "re-ranked by rjdb-cross-encoder-int8@"),
    ),
}
"""Documented command (as written, comment dropped) → how this test runs it."""


def documented_commands() -> dict[str, list[str]]:
    """Each ``cvmatch`` command of a fenced code block in the docs → where it is shown."""
    found: dict[str, list[str]] = {}
    for doc in DOCS:
        in_block = False
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith("```"):
                in_block = not in_block
                continue
            if not in_block:
                continue
            text = re.sub(r"\s+#\s.*$", "", line.strip().removeprefix("$ ")).strip()
            for part in text.split(" && "):
                if part.startswith("cvmatch "):
                    found.setdefault(part.strip(), []).append(f"{doc.relative_to(ROOT)}:{number}")
    return found


def _tiny_esco(root: Path) -> None:
    """Two occupations, two skills and their ISCO groups in the real download's CSV layout."""
    skill = "http://data.europa.eu/esco/skill/t-"
    nurse = "http://data.europa.eu/esco/occupation/t-nurse"
    header = ["conceptType", "conceptUri", "skillType", "preferredLabel", "altLabels"]
    write_csv(
        root / "ESCO_en" / "skills_en.csv",
        [*header, "description"],
        [
            ["KnowledgeSkillCompetence", skill + "nosql", "knowledge", "NoSQL", "Cassandra", ""],
            ["KnowledgeSkillCompetence", skill + "care", "skill", "patient care", "", ""],
        ],
    )
    occupation = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels"]
    write_csv(
        root / "ESCO_en" / "occupations_en.csv",
        [*occupation, "description", "code"],
        [
            [
                "Occupation",
                OCC,
                "2521",
                "database administrator",
                "DBA",
                "Runs databases.",
                "2521.2",
            ],
            ["Occupation", nurse, "2221", "nurse", "ICU nurse", "Cares for patients.", "2221.1"],
        ],
    )
    write_csv(
        root / "ESCO_fr" / "occupations_fr.csv",
        [*occupation, "description", "code"],
        [
            ["Occupation", OCC, "2521", "administrateur de bases de données", "", "", "2521.2"],
            ["Occupation", nurse, "2221", "infirmier", "", "", "2221.1"],
        ],
    )
    isco = "http://data.europa.eu/esco/isco/C"
    write_csv(
        root / "ESCO_en" / "ISCOGroups_en.csv",
        ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels", "description"],
        [
            ["ISCOGroup", isco + "2521", "2521", "Database designers and administrators", "", ""],
            ["ISCOGroup", isco + "252", "252", "Database and network professionals", "", ""],
            ["ISCOGroup", isco + "2221", "2221", "Nursing professionals", "", ""],
            ["ISCOGroup", isco + "222", "222", "Nursing and midwifery professionals", "", ""],
        ],
    )
    write_csv(
        root / "ESCO_en" / "occupationSkillRelations_en.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [
            [OCC, "essential", "knowledge", skill + "nosql"],
            [nurse, "essential", "", skill + "care"],
        ],
    )


def _inputs(folder: Path) -> None:
    """The small files the documented commands name, under ``folder`` (their working dir)."""
    examples = ROOT / "examples"
    for link in ("examples", "recipes"):
        (folder / link).symlink_to(ROOT / link)
    shutil.copy(examples / "jobs" / "cassandra-dba.md", folder / "job.md")
    cvs = folder / "cvs"
    cvs.mkdir()
    for name in ("ethan-walsh-cassandra-dba.pdf", "grace-thompson-icu-nurse.md"):
        shutil.copy(examples / "cvs" / name, cvs / name)
    shutil.copy(examples / "cvs" / "ethan-walsh-cassandra-dba.pdf", folder / "cv.pdf")
    shutil.copy(examples / "cvs" / "claire-dubois-dba-fr.docx", folder / "cv_fr.docx")
    (folder / "cvs.tsv").write_text("id\ttext\nann\tCassandra DBA, Linux\nbo\tICU nurse\n")
    (folder / "Q.tsv").write_text("id\ttext\nq1\tCassandra database administrator\nq2\tnurse\n")
    (folder / "C.tsv").write_text(
        "id\ttext\nd1\tCassandra DBA, repair, Linux\nd2\tICU nurse, patients\nd3\tHead chef\n"
    )
    (folder / "R.tsv").write_text("q1 0 d1 1\nq2 0 d2 1\n")
    lines = [
        ('{"job": "Cassandra DBA", "cv": "Cassandra repair, Linux", "label": 1, "group": "a",'),
        ('{"job": "Cassandra DBA", "cv": "Head chef, menus", "label": 0, "group": "a",'),
        ('{"job": "ICU nurse", "cv": "Nurse, intensive care", "label": 1, "group": "b",'),
        ('{"job": "ICU nurse", "cv": "Java developer", "label": 0, "group": "b",'),
    ]
    (folder / "pairs.jsonl").write_text("".join(f'{line} "source": "ats"}}\n' for line in lines))
    (folder / "my-skills.yaml").write_text("Kubernetes: [k8s, kube]\n")
    ads = "text,occupation\nWe need a Cassandra DBA for our clusters,{}\n"
    (folder / "my_labelled_ads.csv").write_text(ads.format(OCC))
    (folder / "ads.csv").write_text(ads.format(OCC) + "Nurse for the ICU,2221.1\n")
    (folder / "runs").mkdir()
    _tiny_esco(folder / "esco")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("documented")
    _inputs(folder)
    # The commands' home and Ray's sessions (`ingest --engine ray`) in tmp: none left in ~.
    with ray_sandbox(folder / "home") as env, pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        yield folder


def _env(folder: Path, cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
    return env | {"CVMATCH_CACHE_DIR": str(folder / cache), "CVMATCH_DB": str(folder / "s.db")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(argv: list[str], folder: Path, env: dict[str, str], port: int) -> None:
    """Start ``cvmatch serve``, wait for its health route, stop it by PID."""
    process = subprocess.Popen(
        argv, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
            except httpx.TransportError:
                time.sleep(0.3)
                continue
            assert health.json()["status"] == "ok"
            return
        pytest.fail(f"cvmatch serve did not come up (exit {process.poll()})")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_every_documented_command_has_a_case() -> None:
    missing = {c: where for c, where in documented_commands().items() if c not in CASES}
    assert not missing, f"documented commands without a case in CASES: {missing}"


@pytest.mark.parametrize("command", list(CASES))
def test_documented_command_runs(command: str, work: Path) -> None:
    case = CASES[command]
    if case.skip:
        pytest.skip(case.skip)
    if case.shared and not SHARED.is_dir():
        pytest.skip(NO_SHARED)
    if command not in documented_commands():
        pytest.skip("not shown in this checkout's docs")
    port = _free_port()
    line = (case.run or command).format(shared=SHARED, port=port)
    argv = [str(CVMATCH), *shlex.split(line)[1:]]
    env = _env(work, "cache-shared" if case.shared else "cache")
    if argv[1] == "serve":
        _serve(argv, work, env, port)
        return
    done = subprocess.run(
        argv, cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{line}\nexit {done.returncode}\n{output[-3000:]}"
    assert "Traceback" not in output
    for text in case.expect:
        assert text in output, f"{line}: {text!r} not in\n{output[-3000:]}"


@pytest.fixture(autouse=True, scope="module")
def _taxonomy_first(work: Path) -> None:
    """The tiny ESCO import that ``recommend --level isco3`` needs, whatever runs first."""
    env = _env(work, "cache")
    subprocess.run(
        [str(CVMATCH), "taxonomy", "import", "esco", "esco"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
