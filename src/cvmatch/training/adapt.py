"""Domain adaptation: masked-language modelling of the MiniLM on unlabelled CV / job text.

The base's transformer is loaded with a masked-LM head (BERT's prediction head; the packaged
MiniLM ships without one, so it starts untrained) and learns to predict 15 % masked tokens of the
texts. The adapted transformer is written back into a sentence-transformers folder (the base's
pooling kept), so it loads with ``load_encoder`` and can be the ``base_model`` of a bi-encoder
run. Validation: masked-LM loss on held-out texts (reported as ``neg_mlm_loss``, higher is
better, so the loop keeps the epoch with the lowest loss).

Texts: a file source's ``query_column`` (one text per row; ``document_column`` is not read), and
both sides of the pairs of built-in sources.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from cvmatch.training.bi_encoder import base_model_path, load_sentence_transformer
from cvmatch.training.config import FileSource, TrainConfig
from cvmatch.training.data import read_texts
from cvmatch.training.pairs import build_pairs
from cvmatch.training.records import TrainingPair

_MASKED = 0.15


def adaptation_texts(config: TrainConfig) -> list[TrainingPair]:
    """One ``TrainingPair(text, text)`` per text of every source (file sources: query column)."""
    texts: list[str] = []
    for source in config.data.sources:
        if isinstance(source, FileSource):
            texts.extend(read_texts(source))
    others = [s for s in config.data.sources if not isinstance(s, FileSource)]
    if others:
        data = build_pairs(config.data.model_copy(update={"sources": tuple(others)}), config.seed)
        texts.extend(t for p in data.pairs for t in (p.query, p.document))
    return [TrainingPair(t, t, 1.0, t, origin="text") for t in dict.fromkeys(texts)]


class AdaptTrainable:
    """Wraps masked-LM training for :func:`cvmatch.training.loop.run_loop`."""

    primary_metric = "neg_mlm_loss"

    def __init__(
        self, config: TrainConfig, held_out: Sequence[TrainingPair], models_dir: Path
    ) -> None:
        from transformers import AutoModelForMaskedLM, DataCollatorForLanguageModeling  # noqa: PLC0415

        self.config = config
        self.base = base_model_path(config.base_model, models_dir)
        self.st = load_sentence_transformer(self.base, None)
        self.tokenizer = self.st.tokenizer
        self.mlm = AutoModelForMaskedLM.from_pretrained(self.base, local_files_only=True)
        self.collate = DataCollatorForLanguageModeling(self.tokenizer, mlm_probability=_MASKED)
        self.held_out = [p.query for p in held_out][: config.data.max_validation_queries]

    def module(self) -> torch.nn.Module:
        """The transformer with its masked-LM head."""
        return self.mlm  # type: ignore[no-any-return]

    def _masked_loss(self, texts: Sequence[str]) -> torch.Tensor:
        encoded = self.tokenizer(list(texts), truncation=True, max_length=self.config.max_length)
        rows = [{k: encoded[k][i] for k in encoded} for i in range(len(texts))]
        batch: dict[str, Any] = self.collate(rows)
        labels, ids = batch["labels"], batch["input_ids"]
        if not bool((labels != -100).any()):  # noqa: PLR2004 - nothing masked: mask one token
            labels[0, 1] = ids[0, 1]
            ids[0, 1] = self.tokenizer.mask_token_id
        return self.mlm(**batch).loss  # type: ignore[no-any-return]

    def loss(self, batch: Sequence[TrainingPair]) -> torch.Tensor:
        """Masked-LM loss of the batch's texts (masks drawn from the loop's seeded torch RNG)."""
        return self._masked_loss([p.query for p in batch])

    def evaluate(self) -> dict[str, float]:
        """Mean masked-LM loss on held-out texts (fixed masking seed), negated."""
        if not self.held_out:
            return {}
        state = torch.random.get_rng_state()
        torch.manual_seed(self.config.seed)
        losses = [
            float(self._masked_loss(self.held_out[i : i + 32]))
            for i in range(0, len(self.held_out), 32)
        ]
        torch.random.set_rng_state(state)
        return {"neg_mlm_loss": -sum(losses) / len(losses)}

    def save(self, folder: Path) -> None:
        """A sentence-transformers folder whose transformer holds the adapted weights."""
        encoder = self.mlm.base_model
        self.st[0].auto_model.load_state_dict(encoder.state_dict(), strict=False)
        self.st.save(str(folder))

    def load(self, folder: Path) -> None:
        """Load an adapted folder (its masked-LM head starts fresh; only the encoder matters)."""
        from transformers import AutoModelForMaskedLM  # noqa: PLC0415

        self.st = load_sentence_transformer(str(folder), None)
        self.mlm = AutoModelForMaskedLM.from_pretrained(str(folder), local_files_only=True)
