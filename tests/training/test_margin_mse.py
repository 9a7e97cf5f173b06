"""Margin-MSE distillation: config checks, signed labels, validation metrics, a tiny MiniLM run."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from cvmatch.encoders import load_encoder
from cvmatch.errors import InvalidInputError
from cvmatch.training.bi_encoder import BiEncoderTrainable
from cvmatch.training.config import load_config
from cvmatch.training.margin_mse import SCALE, ScaledCosine, margin_metrics, negatives_of
from cvmatch.training.records import TrainingPair
from cvmatch.training.runner import prepare, train

SOURCE = (
    "    - {{type: file, path: {path}, group_column: group, negative_column: negative,"
    " signed_labels: true}}\n"
)


def _margin_config(tmp_path: Path, rows: list[dict], extra: str = "") -> Path:
    data = tmp_path / "margins.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    text = (
        "kind: bi-encoder\nname: margin\nbase_model: minilm\nloss: margin-mse\n"
        f"data:\n  sources:\n{SOURCE.format(path=data)}"
        "  validation_fraction: 0.25\n  test_fraction: 0.0\n  exclude_test_sets: false\n"
        "epochs: 1\nbatch_size: 4\nmax_length: 16\nlearning_rate: 1.0e-4\n"
        "warmup_fraction: 0.0\ncheckpoint_every: 1\nearly_stopping_patience: null\n"
        f"tracking: {{backend: none, dir: {tmp_path / 'runs'}}}\nthreads: 1\n{extra}"
    )
    path = tmp_path / "margin.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# Arbitrary code words: the job "code i" should rank word i above "a <word i + 1> tree" by the
# teacher's margin, which the base model cannot know.
WORDS = ["red", "oak", "tiger", "violin", "marble", "comet", "pepper", "canal", "harp", "lynx"]
ROWS = [
    {
        "jd": f"code {i}",
        "resume": f"a {WORDS[(i + 1) % len(WORDS)]} tree",  # never another row's negative
        "negative": WORDS[i],
        "label": -1.0,  # the teacher prefers the negative (the code's own word)
        "group": f"g{i}",
    }
    for i in range(len(WORDS))
]


def test_signed_labels_are_read_and_need_margin_mse(tmp_path: Path) -> None:
    config = load_config(_margin_config(tmp_path, ROWS))
    _, splits = prepare(config)
    pairs = [*splits.train, *splits.validation]
    assert {p.label for p in pairs} == {-1.0}
    assert all(p.negative for p in pairs)
    path = _margin_config(tmp_path, ROWS)
    path.write_text(path.read_text().replace("loss: margin-mse", "loss: cosine"), encoding="utf-8")
    with pytest.raises(InvalidInputError, match="signed_labels needs the margin-mse"):
        load_config(path)
    path.write_text(
        path.read_text()
        .replace("loss: cosine", "loss: margin-mse")
        .replace(" negative_column: negative,", ""),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError, match="negative_column"):
        load_config(path)


def test_negative_labels_stay_refused_without_the_flag(tmp_path: Path) -> None:
    path = _margin_config(tmp_path, ROWS)
    path.write_text(
        path.read_text().replace(" signed_labels: true", "").replace("margin-mse", "cosine"),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError, match="must be a number >= 0"):
        prepare(load_config(path))


def test_negatives_of_refuses_a_row_without_its_second_cv() -> None:
    rows = [TrainingPair("job", "a", -0.5, negative="b"), TrainingPair("job", "c", 0.2)]
    assert negatives_of(rows[:1]) == ["b"]
    with pytest.raises(InvalidInputError, match="negative_column"):
        negatives_of(rows)


def test_scaled_cosine_scales_row_wise_cosines() -> None:
    a = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
    b = torch.tensor([[1.0, 0.0], [0.0, 2.0]])
    assert ScaledCosine(2.0)(a, b).tolist() == [2.0, 0.0]
    assert ScaledCosine().get_config_dict() == {"scale": SCALE}


def test_margin_metrics_by_hand() -> None:
    # Row 1: cosines 0.6 vs 0.4 -> student SCALE x 0.2, teacher 0.5: same sign.
    # Row 2: cosines 0.1 vs 0.3 -> student SCALE x -0.2, teacher 0.1: opposite signs.
    # Row 3 has no negative: left out.
    rows = [
        TrainingPair("j1", "d1", 0.5, negative="n1"),
        TrainingPair("j2", "d2", 0.1, negative="n2"),
        TrainingPair("j3", "d3", 0.3),
    ]
    cos = {"d1": 0.6, "n1": 0.4, "d2": 0.1, "n2": 0.3}

    def scorer(queries: list[str], documents: list[str]) -> np.ndarray:
        assert len(queries) == len(documents)
        return np.array([cos[d] for d in documents])

    result = margin_metrics(rows, scorer)
    assert result["margin_order"] == 0.5
    expected = ((SCALE * 0.2 - 0.5) ** 2 + (SCALE * -0.2 - 0.1) ** 2) / 2
    assert result["margin_mse"] == pytest.approx(expected)
    assert margin_metrics(rows[2:], scorer) == {}


@pytest.mark.models
def test_a_tiny_margin_run_registers_a_model_whose_scores_moved(
    tmp_path: Path, models_dir: Path
) -> None:
    config = load_config(_margin_config(tmp_path, ROWS))
    _, splits = prepare(config)
    assert 2 <= -(-len(splits.train) // config.batch_size) <= 3  # 2-3 optimizer steps
    before = BiEncoderTrainable(config, splits.train, models_dir)
    before.module().eval()
    with torch.no_grad():
        loss_before = float(before.loss(list(splits.train)))
    report = train(config)
    assert report.model.model_ref == "margin@v1"
    assert (Path(report.model.path) / "model.safetensors").is_file()
    assert {"val_margin_order", "val_margin_mse"} <= set(report.history[0])
    after = BiEncoderTrainable(config, splits.train, models_dir)
    after.load(Path(report.model.path))
    after.module().eval()
    with torch.no_grad():
        assert float(after.loss(list(splits.train))) < loss_before
    probes = [ROWS[0]["jd"], ROWS[0]["resume"], ROWS[0]["negative"]]
    tuned = load_encoder("margin@v1").encode(probes)
    base = load_encoder("minilm").encode(probes)
    assert not np.allclose(tuned @ tuned.T, base @ base.T, atol=1e-4)
