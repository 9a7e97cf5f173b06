"""``e5-use-m3``: the plain mean of the USE-m3 and e5-small-q4 cosines, no head.

The encoder of Chinese titles (:func:`cvmatch.languages.route_encoder`): on a Chinese title set
built from CC-CEDICT glosses and ESCO (docs/benchmarks/chinese.md) it beat plain USE-m3 on
the dev half and again on the test half, on Chinese ↔ Chinese title matching and on Chinese →
English occupation linking. Both parts embed with role ``query`` when asked to (e5's
``"query: "`` prefix), as ``titles`` does; the joined vector's dot product is the mean of the
two cosines (:class:`cvmatch.encoders.cosine_mean.CosineMeanEncoder`). It costs e5's time:
about 30 times USE-m3's.
"""

from typing import ClassVar

from cvmatch.encoders.cosine_mean import CosineMeanEncoder
from cvmatch.encoders.e5 import E5Encoder
from cvmatch.encoders.packages import Requirement
from cvmatch.encoders.use_m3 import UseM3Encoder

NAME = "e5-use-m3"


class E5UseM3Encoder(CosineMeanEncoder):
    """USE-m3 and e5-small-q4, plain, their cosines averaged (see the module docstring).

    Args:
        threads: CPU threads of each part (set again through :attr:`threads`).
    """

    languages: ClassVar[tuple[str, ...]] = ("multilingual",)
    requirements: ClassVar[tuple[Requirement, ...]] = (
        *UseM3Encoder.requirements,
        *E5Encoder.requirements,
    )

    def __init__(self, threads: int = 2) -> None:
        super().__init__(
            NAME,
            [UseM3Encoder(threads=threads), E5Encoder(threads=threads)],
            "mean of the USE-m3 and e5-small-q4 cosines, no head (Chinese titles)",
        )

    @property
    def threads(self) -> int:
        """CPU threads of the parts (``load_encoder`` sets it before the first encode)."""
        return self.parts[0].threads

    @threads.setter
    def threads(self, value: int) -> None:
        for part in self.parts:
            part.threads = value
