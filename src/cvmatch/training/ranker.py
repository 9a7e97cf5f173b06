"""A learned ranker: a small MLP over signal features, trained with RankNet or LambdaRank.

Candidate lists come from the pairs of one split: each distinct query gets its positive
documents plus the split's other documents the dense encoder ranks highest (``ranker.candidates``
in all), labelled 1 / 0. Features (:mod:`cvmatch.training.features`) are standardised with the
training lists' mean and standard deviation, stored with the weights.

* ``ranknet`` — ``log(1 + exp(-(s_i - s_j)))`` over every pair with ``label_i > label_j``;
* ``lambdarank`` — the same, each pair weighted by the |ΔnDCG| of swapping it.

Validation: MRR and nDCG@10 of the re-ranked lists. The saved folder holds ``ranker.npz`` and
``features.json``, plus ``stage-calibration.json``: a Platt sigmoid of the validation lists'
labels on the ranker's scores (:mod:`cvmatch.scoring.stage_calibration`), fitted when the best
model is saved, which turns its score into the calibrated 0–100 score of ``--ranker``.
:class:`Ranker` scores new lists with numpy.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.errors import InvalidInputError
from cvmatch.evaluation import evaluate_run
from cvmatch.scoring.stage_calibration import fit_stage_calibration
from cvmatch.training.config import TrainConfig
from cvmatch.training.features import FeatureContext, feature_matrix
from cvmatch.training.records import TrainingPair


@dataclass(frozen=True)
class CandidateList:
    """One query's candidates with their 0/1 labels and raw features."""

    query: str
    candidates: tuple[str, ...]
    labels: np.ndarray
    features: np.ndarray


def candidate_lists(
    pairs: Sequence[TrainingPair], size: int, names: Sequence[str], context: FeatureContext
) -> list[CandidateList]:
    """Lists of (positives + labelled negatives + hardest dense negatives) per distinct query.

    Pairs labelled 0 (e.g. RJDB's near-miss CV) are the query's first negatives; the split's
    other documents the dense model ranks highest fill the list up to ``size``.
    """
    positives: dict[str, set[str]] = {}
    labelled: dict[str, list[str]] = {}
    for pair in pairs:
        if pair.label > 0:
            positives.setdefault(pair.query, set()).add(pair.document)
        else:
            labelled.setdefault(pair.query, []).append(pair.document)
    documents = sorted({p.document for p in pairs})
    if context.encoder is None or len(documents) < 2:  # noqa: PLR2004
        raise InvalidInputError("the ranker needs a dense model and at least two documents")
    doc_vectors = context.embed(documents)
    lists = []
    for query in sorted(positives):
        scores = doc_vectors @ context.embed([query])[0]
        ranked = [documents[i] for i in np.argsort(-scores, kind="stable")]
        first = [d for d in dict.fromkeys(labelled.get(query, [])) if d not in positives[query]]
        negatives = first + [d for d in ranked if d not in positives[query] and d not in first]
        chosen = sorted(positives[query]) + negatives[: max(1, size - len(positives[query]))]
        labels = np.asarray([1.0 if c in positives[query] else 0.0 for c in chosen])
        lists.append(
            CandidateList(
                query, tuple(chosen), labels, feature_matrix(names, query, chosen, context)
            )
        )
    return lists


class RankerNet(torch.nn.Module):
    """Standardise, then ``Linear → tanh → Linear`` to one score."""

    def __init__(self, features: int, hidden: int, mean: np.ndarray, std: np.ndarray) -> None:
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.hidden = torch.nn.Linear(features, hidden)
        self.out = torch.nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """One score per row."""
        mean, std = self.get_buffer("mean"), self.get_buffer("std")
        z = (x - mean) / std
        return self.out(torch.tanh(self.hidden(z))).view(-1)  # type: ignore[no-any-return]


def pairwise_loss(scores: torch.Tensor, labels: torch.Tensor, lambdarank: bool) -> torch.Tensor:
    """RankNet loss of one list; LambdaRank weights each pair by its |ΔnDCG|."""
    diff = scores[:, None] - scores[None, :]
    better = (labels[:, None] > labels[None, :]).float()
    if better.sum() == 0:
        return scores.sum() * 0.0
    losses = torch.nn.functional.softplus(-diff) * better
    if lambdarank:
        order = torch.argsort(torch.argsort(-scores.detach()))
        discount = 1.0 / torch.log2(order.float() + 2.0)
        gains = 2.0**labels - 1.0
        ideal = torch.sort(gains, descending=True).values
        idcg = (ideal / torch.log2(torch.arange(len(ideal)).float() + 2.0)).sum()
        delta = (gains[:, None] - gains[None, :]) * (discount[:, None] - discount[None, :])
        losses = losses * delta.abs() / max(float(idcg), 1e-9)
    return losses.sum() / better.sum()


class RankerTrainable:
    """Wraps a ranker for :func:`cvmatch.training.loop.run_loop`.

    The loop's "pairs" are one :class:`TrainingPair` per list (its query); :meth:`loss` looks
    the lists up.
    """

    primary_metric = "mrr"

    def __init__(
        self,
        config: TrainConfig,
        train: Sequence[TrainingPair],
        held_out: Sequence[TrainingPair],
        fit: bool = True,
    ) -> None:
        encoder = load_encoder(config.ranker.dense_model, threads=config.threads)
        if not isinstance(encoder, DenseEncoder):
            raise InvalidInputError(
                f"ranker.dense_model {config.ranker.dense_model!r} is not dense"
            )
        self.names = tuple(config.ranker.features)
        context = FeatureContext(encoder)
        size = config.ranker.candidates
        # Without fit (scoring a saved model) the standardisation comes from the saved weights.
        lists = candidate_lists(train, size, self.names, context) if fit else []
        self.train_lists = {c.query: c for c in lists}
        self.held_out = candidate_lists(held_out, size, self.names, context) if held_out else []
        stacked = (
            np.concatenate([c.features for c in lists]) if lists else np.zeros((2, len(self.names)))
        )
        std = np.where(stacked.std(axis=0) > 0, stacked.std(axis=0), 1.0)
        self.net = RankerNet(len(self.names), config.ranker.hidden, stacked.mean(axis=0), std)
        self.lambdarank = config.loss_name == "lambdarank"
        self._last_scores: tuple[np.ndarray, np.ndarray] | None = None

    def list_pairs(self) -> list[TrainingPair]:
        """One placeholder pair per training list, for the loop's batching."""
        return [TrainingPair(q, q, 1.0, q) for q in self.train_lists]

    def module(self) -> torch.nn.Module:
        """The MLP."""
        return self.net

    def loss(self, batch: Sequence[TrainingPair]) -> torch.Tensor:
        """Mean pairwise loss over the batch's lists."""
        losses = []
        for pair in batch:
            item = self.train_lists[pair.query]
            scores = self.net(torch.tensor(item.features, dtype=torch.float32))
            losses.append(
                pairwise_loss(
                    scores, torch.tensor(item.labels, dtype=torch.float32), self.lambdarank
                )
            )
        return torch.stack(losses).mean()

    def evaluate(self) -> dict[str, float]:
        """MRR and nDCG@10 of the re-ranked held-out lists."""
        run, qrels = {}, {}
        raw, labels = [], []
        for item in self.held_out:
            scores = self.net(torch.tensor(item.features, dtype=torch.float32)).numpy()
            run[item.query] = dict(zip(item.candidates, scores.tolist(), strict=True))
            qrels[item.query] = {
                c: int(label) for c, label in zip(item.candidates, item.labels, strict=True)
            }
            raw.append(scores.astype(np.float64))
            labels.append(np.asarray(item.labels, dtype=np.float64))
        if raw:
            self._last_scores = (np.concatenate(raw), np.concatenate(labels))
        return evaluate_run(run, qrels, ("mrr", "ndcg@10")).means() if run else {}

    def save(self, folder: Path) -> None:
        """``ranker.npz`` (weights and standardisation), ``features.json`` and the calibration.

        The calibration is fitted on the scores of the :meth:`evaluate` call that made this
        model the best one (none without validation lists holding both labels).
        """
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {k: v.detach().cpu().numpy() for k, v in self.net.state_dict().items()}
        np.savez(folder / "ranker.npz", **arrays)
        (folder / "features.json").write_text(json.dumps(list(self.names)), encoding="utf-8")
        if self._last_scores is not None:
            fitted = fit_stage_calibration(*self._last_scores, "validation split (ranker lists)")
            if fitted is not None:
                fitted.save(folder)

    def load(self, folder: Path) -> None:
        """Load weights saved by :meth:`save`."""
        with np.load(folder / "ranker.npz") as arrays:
            state = {k: torch.from_numpy(arrays[k].copy()) for k in arrays.files}
        self.net.load_state_dict(state)


class Ranker:
    """A saved ranker applied with numpy: ``Ranker(folder).score(query, candidates, context)``."""

    def __init__(self, folder: Path) -> None:
        self.features = tuple(json.loads((folder / "features.json").read_text(encoding="utf-8")))
        with np.load(folder / "ranker.npz") as arrays:
            self.arrays = {k: arrays[k] for k in arrays.files}

    def score(self, query: str, candidates: Sequence[str], context: FeatureContext) -> np.ndarray:
        """One score per candidate (higher is better)."""
        a = self.arrays
        z = (feature_matrix(self.features, query, candidates, context) - a["mean"]) / a["std"]
        hidden = np.tanh(z @ a["hidden.weight"].T + a["hidden.bias"])
        return np.asarray(hidden @ a["out.weight"].T + a["out.bias"]).reshape(-1)
