"""Training examples as read from pair files."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TrainingPair:
    """One training example: a query (job side) and a document (CV side) with a label.

    ``group`` keeps related pairs on one side of a split (an occupation, a job); ``negative`` is an
    optional hard negative document; ``origin`` says where the pair came from (``file:line``).
    """

    query: str
    document: str
    label: float = 1.0
    group: str = ""
    negative: str | None = None
    origin: str = ""
