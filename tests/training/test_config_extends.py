"""Recipe inheritance: ``extends`` merges a base recipe under a variant's few differing lines."""

from pathlib import Path

import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.training.config import load_config, merge, read_recipe

BASE = """\
kind: bi-encoder
name: base-model
data:
  sources:
    - {type: file, path: pairs.jsonl, query_column: query, document_column: document}
  validation_fraction: 0.03
  max_train_pairs: 32000
loss: mnrl
batch_size: 64
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_variant_changes_only_its_lines(tmp_path: Path) -> None:
    _write(tmp_path, "base.yaml", BASE)
    variant = _write(
        tmp_path,
        "v.yaml",
        "extends: base.yaml\nname: variant\nloss: mnrl-symmetric\n"
        "data:\n  sources: [{path: other.jsonl}]\n  max_train_pairs: null\n",
    )
    config = load_config(variant)
    assert config.name == "variant"
    assert config.loss_name == "mnrl-symmetric"
    # the source keeps the base's columns, only its path changes (lists of mappings merge by item)
    source = config.data.sources[0]
    assert (source.path, source.query_column, source.document_column) == (
        Path("other.jsonl"),
        "query",
        "document",
    )
    assert config.data.max_train_pairs is None  # null resets to the default
    assert config.data.validation_fraction == 0.03  # untouched keys come from the base
    assert config.batch_size == 64


def test_variant_equals_the_written_out_recipe(tmp_path: Path) -> None:
    _write(tmp_path, "base.yaml", BASE)
    variant = _write(tmp_path, "v.yaml", "extends: base.yaml\nbatch_size: 128\n")
    full = _write(tmp_path, "full.yaml", BASE.replace("batch_size: 64", "batch_size: 128"))
    assert load_config(variant) == load_config(full)


def test_extends_is_relative_to_the_recipe_folder_and_chains(tmp_path: Path) -> None:
    _write(tmp_path, "recipes/base.yaml", BASE)
    _write(tmp_path, "recipes/exp/mid.yaml", "extends: ../base.yaml\nseed: 43\n")
    leaf = _write(tmp_path, "recipes/exp/deep/leaf.yaml", "extends: ../mid.yaml\nname: leaf\n")
    config = load_config(leaf)
    assert (config.name, config.seed, config.batch_size) == ("leaf", 43, 64)
    assert "extends" not in read_recipe(leaf)


@pytest.mark.parametrize(
    ("files", "start"),
    [
        ({"a.yaml": "extends: a.yaml\nname: a\n"}, "a.yaml"),
        ({"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: sub/../a.yaml\n"}, "a.yaml"),
    ],
)
def test_cycles_are_refused(tmp_path: Path, files: dict[str, str], start: str) -> None:
    (tmp_path / "sub").mkdir()
    for name, text in files.items():
        _write(tmp_path, name, text)
    with pytest.raises(InvalidInputError, match="cycle"):
        load_config(tmp_path / start)


def test_missing_base_and_bad_extends_are_input_errors(tmp_path: Path) -> None:
    missing = _write(tmp_path, "m.yaml", "extends: nowhere.yaml\nname: m\n")
    with pytest.raises(InvalidInputError, match=r"nowhere\.yaml: cannot read"):
        load_config(missing)
    listed = _write(tmp_path, "l.yaml", "extends: [a.yaml, b.yaml]\nname: l\n")
    with pytest.raises(InvalidInputError, match="extends must be a file path"):
        load_config(listed)


def test_merge_replaces_lists_of_other_lengths_and_scalars() -> None:
    base = {"sources": [{"path": "a"}, {"path": "b"}], "tags": ["x", "y"], "n": 1}
    override = {"sources": [{"path": "c"}], "tags": ["z"], "n": {"k": 2}}
    assert merge(base, override) == {"sources": [{"path": "c"}], "tags": ["z"], "n": {"k": 2}}
    assert base["sources"] == [{"path": "a"}, {"path": "b"}]  # inputs are left as they were
