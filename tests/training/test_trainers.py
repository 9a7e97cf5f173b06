"""Trainers end to end on tiny fixtures: loss goes down, checkpoints resume, runs are tracked,
trained models load through the encoder registry."""

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
import torch

from cvmatch.encoders import load_encoder
from cvmatch.encoders.trained import ProjectionEncoder, TrainedSentenceTransformer
from cvmatch.errors import InvalidInputError
from cvmatch.training.bi_encoder import BiEncoderTrainable
from cvmatch.training.config import load_config
from cvmatch.training.loop import make_batches
from cvmatch.training.records import TrainingPair
from cvmatch.training.runner import prepare, train
from cvmatch.training.tracking import list_runs

PROBES = ["python developer", "icu nurse", "built java backends"]


def _eval_loss(trainable: BiEncoderTrainable, pairs: Sequence[TrainingPair], size: int) -> float:
    """Mean loss over the first epoch's training batches (the objective), without dropout."""
    batches = make_batches(pairs, size, np.random.default_rng(42), distinct_groups=True)
    trainable.module().eval()
    with torch.no_grad():
        return float(np.mean([float(trainable.loss([pairs[i] for i in b])) for b in batches]))


class StopTrainingError(Exception):
    pass


def _stop_at(step: int) -> Callable[[int, int], None]:
    def hook(epoch: int, done: int) -> None:
        if epoch == 1 and done == step:
            raise StopTrainingError

    return hook


def test_head_trains_tracks_and_loads_as_an_encoder(write_config, tmp_path: Path) -> None:
    config = load_config(
        write_config(extra="base_model: fake-keywords\nhead: linear\nlearning_rate: 0.05\n"),
        "bi-encoder",
    )
    report = train(config)
    assert report.model.model_ref == "tiny@v1"
    first, last = report.history[0]["train_loss"], report.history[-1]["train_loss"]
    assert last < first
    encoder = load_encoder("tiny@v1")
    assert isinstance(encoder, ProjectionEncoder)
    assert encoder.model_id.startswith("tiny@v1:")
    vectors = encoder.encode(PROBES)
    assert vectors.shape == (3, 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    runs = list_runs(tmp_path / "runs")
    assert [r.run_id for r in runs] == [report.run_id]
    assert runs[0].status == "FINISHED"
    assert "val_map" in runs[0].metrics
    assert "train_loss" in runs[0].metrics
    second = train(config)
    assert second.model.model_ref == "tiny@v2"
    assert load_encoder("tiny").model_id.startswith("tiny@v2:")  # latest version


def test_head_resumes_after_interruption_to_the_same_model(write_config) -> None:
    extra = "base_model: fake-keywords\nhead: linear\nlearning_rate: 0.05\n"
    config = load_config(write_config(extra=extra, name="whole"), "bi-encoder")
    whole = train(config)
    interrupted = load_config(write_config(extra=extra, name="cut"), "bi-encoder")
    with pytest.raises(StopTrainingError):
        train(interrupted, on_step=_stop_at(1))
    resumed = train(interrupted)
    assert resumed.resumed_from == (1, 1)
    a = load_encoder(whole.model.model_ref).encode(PROBES)
    b = load_encoder(resumed.model.model_ref).encode(PROBES)
    assert np.array_equal(a, b)


ARBITRARY = ["red", "oak", "tiger", "violin", "marble", "comet", "pepper", "canal", "harp", "lynx"]


@pytest.mark.models
def test_bi_encoder_fine_tunes_minilm_and_resumes(
    write_config, models_dir: Path, pairs_csv: Path
) -> None:
    # Arbitrary code -> word pairs: the base model cannot know them, so the objective has room.
    rows = [f"code {i},{word},1,g{i}" for i, word in enumerate(ARBITRARY * 2)]
    pairs_csv.write_text("jd,resume,label,job\n" + "\n".join(rows) + "\n", encoding="utf-8")
    config = load_config(write_config(extra="base_model: minilm\n", name="bi"), "bi-encoder")
    with pytest.raises(StopTrainingError):
        train(config, on_step=_stop_at(1))
    report = train(config)
    assert report.resumed_from == (1, 1)
    assert {"val_mrr", "val_ndcg@10", "val_map"} <= set(report.history[0])
    # The training objective before (base model) and after training.
    _, splits = prepare(config)
    probe = BiEncoderTrainable(config, splits.validation, models_dir)
    before = _eval_loss(probe, splits.train, config.batch_size)
    probe.load(Path(report.model.path))
    assert _eval_loss(probe, splits.train, config.batch_size) < before
    assert report.test_metrics
    assert report.base_test_metrics
    encoder = load_encoder("bi@v1")
    assert isinstance(encoder, TrainedSentenceTransformer)
    base = load_encoder("minilm").encode(PROBES)
    tuned = encoder.encode(PROBES)
    assert tuned.shape == base.shape
    assert not np.allclose(tuned, base, atol=1e-4)  # the weights really changed


@pytest.mark.models
def test_cross_encoder_learns_with_bce_and_reranks(write_config, models_dir: Path) -> None:
    from cvmatch.training.cross_encoder import load_reranker  # noqa: PLC0415

    extra = "base_model: minilm\nnegatives_per_positive: 1\nlearning_rate: 5.0e-5\n"
    config = load_config(write_config("cross-encoder", extra=extra, name="ce"), "cross-encoder")
    report = train(config)
    assert report.history[-1]["train_loss"] < report.history[0]["train_loss"]
    assert {"val_mrr", "val_auc", "val_f1", "val_precision", "val_recall"} <= set(report.history[0])
    reranker = load_reranker("ce@v1", models_dir, max_length=32)
    scores = reranker.predict([("python developer", "wrote python services")])
    assert np.isfinite(scores).all()
    with pytest.raises(Exception, match="not an encoder"):
        load_encoder("ce@v1")


@pytest.mark.parametrize("loss", ["ranknet", "lambdarank"])
def test_ranker_learns_over_features_and_saves(write_config, loss: str) -> None:
    from cvmatch.training.features import FeatureContext  # noqa: PLC0415
    from cvmatch.training.ranker import Ranker  # noqa: PLC0415

    extra = (
        f"loss: {loss}\nlearning_rate: 0.05\n"
        "ranker: {dense_model: fake-keywords, candidates: 4, hidden: 4}\n"
    )
    path = write_config("ranker", extra=extra, name="rk", test=0.0)
    report = train(load_config(path, "ranker"))
    assert report.history[-1]["train_loss"] < report.history[0]["train_loss"]
    assert "val_mrr" in report.history[0]
    ranker = Ranker(Path(report.model.path))
    from tests.support.encoders import KeywordEncoder  # noqa: PLC0415

    scores = ranker.score(
        "python developer", ["wrote python", "ran a kitchen"], FeatureContext(KeywordEncoder())
    )
    assert scores.shape == (2,)
    assert np.isfinite(scores).all()


@pytest.mark.models
def test_adapt_lowers_masked_lm_loss_and_saves_an_encoder(tmp_path: Path, write_config) -> None:
    texts = tmp_path / "texts.jsonl"
    lines = [
        f'{{"text": "senior python developer with {i} years of django and sql"}}' for i in range(16)
    ]
    texts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = write_config("adapt", name="ad", backend="none")
    text = path.read_text(encoding="utf-8")
    source = text.split("    - ", 1)[1].split("\n", 1)[0]
    path.write_text(
        text.replace(source, f"{{type: file, path: {texts}, query_column: text}}"), encoding="utf-8"
    )
    report = train(load_config(path, "adapt"))
    assert report.history[-1]["train_loss"] < report.history[0]["train_loss"]
    assert "val_neg_mlm_loss" in report.history[0]
    encoder = load_encoder("ad@v1")
    assert isinstance(encoder, TrainedSentenceTransformer)
    assert encoder.encode(["python developer"]).shape == (1, 384)


def _loss_pair(
    write_config: Callable[..., Path], models_dir: Path, pairs_csv: Path, extras: tuple[str, ...]
) -> tuple[list[TrainingPair], list[BiEncoderTrainable]]:
    """Four training pairs and two MiniLM trainables (in eval mode) differing by ``extras``."""
    rows = [f"code {i},{word},1,g{i}" for i, word in enumerate(ARBITRARY)]
    pairs_csv.write_text("jd,resume,label,job\n" + "\n".join(rows) + "\n", encoding="utf-8")
    configs = [
        load_config(write_config(extra=f"base_model: minilm\n{extra}", name=f"m{i}"), "bi-encoder")
        for i, extra in enumerate(extras)
    ]
    _, splits = prepare(configs[0])
    trainables = [BiEncoderTrainable(c, splits.validation, models_dir) for c in configs]
    for trainable in trainables:
        trainable.module().eval()
    return list(splits.train[:4]), trainables


@pytest.mark.models
def test_symmetric_mnrl_averages_both_directions(
    write_config, models_dir: Path, pairs_csv: Path
) -> None:
    # Title <-> title is symmetric: the loss is MNRL query -> document averaged with document -> query.
    extras = ("loss: mnrl\n", "loss: mnrl-symmetric\n")
    batch, (one_way, both) = _loss_pair(write_config, models_dir, pairs_csv, extras)
    swapped = [TrainingPair(query=p.document, document=p.query, label=p.label) for p in batch]
    with torch.no_grad():
        forward, backward = float(one_way.loss(batch)), float(one_way.loss(swapped))
        symmetric = float(both.loss(batch))
    assert forward != pytest.approx(backward, abs=1e-4)  # the batch is not symmetric already
    assert symmetric == pytest.approx((forward + backward) / 2, abs=1e-4)


@pytest.mark.models
def test_hardness_strength_weighs_near_negatives_more(
    write_config, models_dir: Path, pairs_csv: Path
) -> None:
    # Hardness weighting adds strength x cos to every negative logit: the loss of a batch grows,
    # and the symmetric loss takes a batch's hard negatives (one more column: a larger loss).
    extras = tuple(f"loss: mnrl-symmetric\nhardness_strength: {s}\n" for s in (0, 9))
    batch, (plain, hard) = _loss_pair(write_config, models_dir, pairs_csv, extras)
    with_negatives = [
        TrainingPair(p.query, p.document, p.label, p.group, negative=batch[i - 1].document)
        for i, p in enumerate(batch)
    ]
    with torch.no_grad():
        assert float(hard.loss(batch)) > float(plain.loss(batch))
        assert float(plain.loss(with_negatives)) > float(plain.loss(batch))


def test_mnrl_options_need_an_mnrl_loss(write_config) -> None:
    with pytest.raises(InvalidInputError, match="hardness_strength"):
        load_config(write_config(extra="loss: contrastive\nhardness_strength: 5\n"), "bi-encoder")
    path = write_config(extra="loss: cosine\n")
    path.write_text(
        path.read_text().replace(
            "  validation_fraction:", "  max_pairs_per_group: 5\n  validation_fraction:"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError, match="max_pairs_per_group"):
        load_config(path, "bi-encoder")
