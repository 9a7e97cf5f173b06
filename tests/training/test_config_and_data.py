"""Configs and data files: defaults, strict validation, errors with line numbers."""

import json
from pathlib import Path

import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.training.config import FileSource, load_config
from cvmatch.training.data import read_pairs, read_texts


def _config(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = "name: tiny\ndata:\n  sources:\n    - {type: file, path: pairs.csv}\n"


def test_minimal_config_gets_documented_defaults(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, MINIMAL), "bi-encoder")
    assert config.kind == "bi-encoder"
    assert config.loss_name == "mnrl"
    assert config.base_model == "minilm"
    assert (config.epochs, config.batch_size, config.seed) == (1, 32, 42)
    assert config.data.validation_fraction == 0.1
    assert config.data.test_fraction == 0.1
    source = config.data.sources[0]
    assert isinstance(source, FileSource)
    assert (source.query_column, source.document_column, source.label_column) == (
        "jd",
        "resume",
        "label",
    )
    assert config.tracking.backend == "mlflow"


def test_json_config_and_cross_encoder_default_loss(tmp_path: Path) -> None:
    raw = {"kind": "cross-encoder", "name": "ce", "data": {"sources": [{"path": "x.jsonl"}]}}
    config = load_config(_config(tmp_path, json.dumps(raw), "c.json"))
    assert config.loss_name == "bce"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINIMAL + "epochs: 0\n", "epochs"),
        (MINIMAL + "lerning_rate: 0.1\n", "lerning_rate"),
        (MINIMAL + "loss: bce\n", "does not fit kind"),
        ("name: tiny\ndata: {sources: []}\n", "data.sources"),
        ("name: Bad Name\n" + MINIMAL.split("\n", 1)[1], "name"),
    ],
)
def test_invalid_configs_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(InvalidInputError, match=expected):
        load_config(_config(tmp_path, text), "bi-encoder")


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"c\.yaml:3: invalid YAML"):
        load_config(_config(tmp_path, "name: x\nepochs: 1\n  bad: indent\n"), "bi-encoder")


def test_kind_must_match_the_command(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="kind is 'ranker'"):
        load_config(_config(tmp_path, "kind: ranker\n" + MINIMAL), "bi-encoder")


def test_csv_with_configured_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        'offer,cv,y,job_id\n"Python dev","Wrote Python\nfor years",1,j1\nNurse,Cook,0,j2\n',
        encoding="utf-8",
    )
    source = FileSource(
        path=path,
        query_column="offer",
        document_column="cv",
        label_column="y",
        group_column="job_id",
    )
    pairs = read_pairs(source)
    assert [(p.query, p.document, p.label, p.group) for p in pairs] == [
        ("Python dev", "Wrote Python\nfor years", 1.0, "j1"),
        ("Nurse", "Cook", 0.0, "j2"),
    ]
    assert pairs[1].origin == f"{path}:4"  # the quoted field spans lines 2-3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("jd,resume,label\na,b,1\n,c,0\n", r"p\.csv:3: column 'jd' must be a non-empty text"),
        ("jd,resume,label\na,b,1\na,b,yes\n", r"p\.csv:3: label 'yes' is not a number"),
        ("jd,resume,label\na,b,1,extra\n", r"p\.csv:2: more fields than the header"),
        ("jd,cv,label\na,b,1\n", r"p\.csv:2: missing column 'resume'"),
        ("jd,resume,label\n", r"p\.csv: no rows"),
    ],
)
def test_malformed_csv_rows_give_the_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        read_pairs(FileSource(path=path))


def test_jsonl_rows_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"jd": "a", "resume": "b", "label": 1}\n{"jd": "a"\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"p\.jsonl:2: invalid JSON"):
        read_pairs(FileSource(path=path))
    path.write_text('{"jd": "a", "resume": "b", "label": -1}\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"p\.jsonl:1: label -1 must be a number >= 0"):
        read_pairs(FileSource(path=path))


def test_unlabelled_texts_for_adaptation(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"text": "one"}\n{"text": "two"}\n', encoding="utf-8")
    assert read_texts(FileSource(path=path, query_column="text")) == ["one", "two"]
