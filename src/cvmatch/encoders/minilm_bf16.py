"""``minilm-bf16``: the packaged all-MiniLM-L6-v2 run by torch in bfloat16 (autocast on the CPU).

On CPUs with native bfloat16 matrix units (Intel AMX / AVX-512 BF16, recent AMD and Arm cores)
this is the fastest faithful way to run MiniLM: measured on the project's Xeon it needs ~2.3×
less CPU time than float32 with cosine 0.99998 to the float32 vectors, while the int8 ONNX model
is no faster than float32 there (see BENCHMARKS.md). Without such units torch emulates bfloat16
and it is slower than ``minilm``: :func:`has_native_bf16` tells which.

Caveat, and why it is not the default: bfloat16 kernels round differently for different batch
shapes, so a text's vector may move by ~1e-3 with the other texts of its batch (float32 and int8
move by < 1e-6). Scores stay deterministic for the same inputs, but a CV's score can differ in
the first decimal depending on what it is ranked with.
"""

from typing import Any

import numpy as np

from cvmatch.encoders.base import Role
from cvmatch.encoders.minilm_torch import MiniLMTorchEncoder


def has_native_bf16() -> bool:
    """Whether this CPU computes bfloat16 matrix products in hardware."""
    import torch  # noqa: PLC0415 (lazy, heavy)

    cpu = torch.cpu
    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(cpu, name, lambda: False)()) for name in checks)


class MiniLMBf16Encoder(MiniLMTorchEncoder):
    """all-MiniLM-L6-v2 with bfloat16 autocast (torch), 384-d, English.

    Its ``model_id`` is ``minilm-bf16@<sha256-12 of model.safetensors>``: its own vectors, its
    own cache entries.
    """

    name = "minilm-bf16"
    description = "all-MiniLM-L6-v2 bfloat16 autocast (torch; fast on AMX/AVX-512 BF16 CPUs)"

    def config(self) -> dict[str, Any]:
        """Base config plus the compute precision."""
        return {**super().config(), "precision": "bfloat16"}

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        import torch  # noqa: PLC0415 (lazy, heavy)

        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
            return super()._encode_batch(texts, role)
