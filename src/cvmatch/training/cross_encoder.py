"""Cross-encoder: the MiniLM reads (query, document) together; a new one-logit head, BCE loss.

Positive-only data (ESCO, TalentCLEF) gets ``negatives_per_positive`` random documents from other
groups of the *same split* (seeded), so no text crosses splits. Validation: ROC AUC and P/R/F1 at
the best-F1 threshold over the split's pairs, and MRR / nDCG@10 of each query's own candidates
(its positives and negatives) — the re-ranking view. The model saves in the sentence-transformers
``CrossEncoder`` format; :func:`load_reranker` loads it back by ``name@vN`` or folder.

Calibration: each time the best model is saved, a Platt sigmoid of the validation split's labels
on its logits is saved with it (:mod:`cvmatch.scoring.stage_calibration`), so ``--rerank`` turns
the logit into a calibrated 0–100 score; :func:`pair_logits` gives the same logits at use time.
"""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from cvmatch.encoders.trained import resolve_trained
from cvmatch.evaluation import evaluate_run
from cvmatch.scoring.stage_calibration import fit_stage_calibration
from cvmatch.training.bi_encoder import base_model_path
from cvmatch.training.config import TrainConfig
from cvmatch.training.mining import dense_encoder, mine_negatives
from cvmatch.training.records import TrainingPair
from cvmatch.training.validation import evaluate_pairs


def add_negatives(
    pairs: Sequence[TrainingPair], per_positive: int, seed: int
) -> list[TrainingPair]:
    """``pairs`` plus label-0 pairs: each positive's ``negative`` and random documents.

    Per positive: its hard negative when set, then ``per_positive`` random documents of other
    groups.
    """
    out = list(pairs)
    if any(p.label == 0 for p in pairs):
        return out
    out.extend(
        TrainingPair(p.query, p.negative, 0.0, p.group, origin="hard-negative")
        for p in pairs
        if p.negative and p.negative != p.document
    )
    if per_positive == 0:
        return out
    rng = np.random.default_rng(seed)
    documents = [(p.document, p.group) for p in pairs]
    for pair in pairs:
        tries = 0
        found = 0
        while found < per_positive and tries < 10 * per_positive and len(documents) > 1:
            document, group = documents[int(rng.integers(len(documents)))]
            tries += 1
            if group != pair.group and document != pair.document:
                out.append(TrainingPair(pair.query, document, 0.0, pair.group, origin="negative"))
                found += 1
    return out


def with_negatives(
    pairs: Sequence[TrainingPair], config: TrainConfig, seed: int
) -> list[TrainingPair]:
    """:func:`add_negatives` plus ``mined_negatives_per_query`` mined ones (same split)."""
    out = add_negatives(pairs, config.negatives_per_positive, seed)
    if config.mined_negatives_per_query and not any(p.label == 0 for p in pairs):
        encoder = dense_encoder(config.mining_model, config.threads)
        mined = mine_negatives(pairs, config.mined_negatives_per_query, encoder)
        known = {(p.query, p.document) for p in out}
        out.extend(p for p in mined if (p.query, p.document) not in known)
    return out


def load_cross_encoder(path: str, max_length: int, new_head: bool) -> Any:
    """A sentence-transformers ``CrossEncoder`` (one logit) on the CPU or the GPU."""
    from sentence_transformers.cross_encoder import CrossEncoder  # noqa: PLC0415 (heavy)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    kwargs: dict[str, Any] = {"num_labels": 1} if new_head else {}
    return CrossEncoder(path, max_length=max_length, device=device, local_files_only=True, **kwargs)


class CrossEncoderTrainable:
    """Wraps a cross-encoder for :func:`cvmatch.training.loop.run_loop`."""

    primary_metric = "mrr"

    def __init__(
        self, config: TrainConfig, validation: Sequence[TrainingPair], models_dir: Path
    ) -> None:
        self.config = config
        self.model = load_cross_encoder(
            base_model_path(config.base_model, models_dir), config.max_length, True
        )
        if config.freeze_word_embeddings:
            embeddings: torch.nn.Module = self.model.model.get_input_embeddings()
            for weight in embeddings.parameters():
                weight.requires_grad_(False)  # the optimiser then skips them
        self.validation = with_negatives(validation, config, config.seed + 1)
        self._bce = torch.nn.BCEWithLogitsLoss()
        self._last_scores: tuple[np.ndarray, np.ndarray] | None = None

    def module(self) -> torch.nn.Module:
        """The transformer with its classification head."""
        return self.model.model  # type: ignore[no-any-return]

    def _logits(self, queries: Sequence[str], documents: Sequence[str]) -> torch.Tensor:
        return _logits(self.model, queries, documents, self.config.max_length)

    def loss(self, batch: Sequence[TrainingPair]) -> torch.Tensor:
        """Binary cross-entropy of the logits against 0/1 labels."""
        labels = torch.tensor([1.0 if p.label > 0 else 0.0 for p in batch])
        logits = self._logits([p.query for p in batch], [p.document for p in batch])
        return self._bce(logits, labels.to(logits.device))  # type: ignore[no-any-return]

    def scores(self, queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        """One relevance logit per aligned pair (batches of 32)."""
        return _batched_logits(self.model, queries, documents, self.config.max_length)

    def evaluate(self) -> dict[str, float]:
        """Pair metrics and per-query re-ranking metrics on the validation pairs."""
        pairs = self.validation
        scores = self.scores([p.query for p in pairs], [p.document for p in pairs])
        self._last_scores = (scores, np.asarray([p.label for p in pairs], dtype=np.float64))
        run: dict[str, dict[str, float]] = {}
        qrels: dict[str, dict[str, int]] = {}
        for pair, score in zip(pairs, scores, strict=True):
            run.setdefault(pair.query, {})[pair.document] = float(score)
            qrels.setdefault(pair.query, {})[pair.document] = int(pair.label > 0)
        metrics = evaluate_run(run, qrels, ("mrr", "ndcg@10")).means()
        lookup = {(p.query, p.document): float(s) for p, s in zip(pairs, scores, strict=True)}
        return metrics | evaluate_pairs(
            pairs, lambda q, d: np.array([lookup[x] for x in zip(q, d, strict=True)])
        )

    def load(self, folder: Path) -> None:
        """Load a model saved by :meth:`save`."""
        self.model = load_cross_encoder(str(folder), self.config.max_length, False)

    def save(self, folder: Path) -> None:
        """Save in the ``CrossEncoder`` format, with the calibration of its validation logits.

        The logits are those of the :meth:`evaluate` call that made this model the best one.
        """
        self.model.save(str(folder))
        if self._last_scores is not None:
            scores, labels = self._last_scores
            fitted = fit_stage_calibration(scores, labels, "validation split (logits)")
            if fitted is not None:
                fitted.save(folder)


def load_reranker(reference: str, models_dir: Path, max_length: int = 256) -> Any:
    """A trained cross-encoder by ``name@vN`` or folder (``.predict(pairs)`` scores pairs)."""
    folder = resolve_trained(reference, models_dir) or Path(reference)
    return load_cross_encoder(str(folder), max_length, False)


def _logits(
    model: Any, queries: Sequence[str], documents: Sequence[str], max_length: int
) -> torch.Tensor:
    tokens = model.tokenizer(
        list(queries),
        list(documents),
        padding=True,
        truncation=True,
        max_length=max_length,
        return_tensors="pt",
    ).to(model.model.device)
    return model.model(**tokens).logits.view(-1)  # type: ignore[no-any-return]


def _batched_logits(
    model: Any, queries: Sequence[str], documents: Sequence[str], max_length: int
) -> np.ndarray:
    out = [
        _logits(model, queries[i : i + 32], documents[i : i + 32], max_length)
        .detach()
        .cpu()
        .numpy()
        for i in range(0, len(queries), 32)
    ]
    return np.concatenate(out).astype(np.float64) if out else np.zeros(0)


def pair_logits(
    model: Any, max_length: int
) -> Callable[[Sequence[str], Sequence[str]], np.ndarray]:
    """``logits(queries, documents)`` of a loaded cross-encoder, as the trainer computes them.

    Evaluation mode, no gradients, fixed batches of 32 in input order: the same texts give the
    same logits.
    """

    def logits(queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        model.model.eval()
        with torch.no_grad():
            return _batched_logits(model, queries, documents, max_length)

    return logits
