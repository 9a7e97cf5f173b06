"""Hard negatives mined from a dense model's top-k, inside one split.

For each distinct query of a split, the split's documents are ranked by the cosine of a dense
encoder (``mining_model``, default the int8 MiniLM: the first stage the cross-encoder re-ranks);
the best-ranked documents of *other* groups become label-0 pairs. Because they come from the
same split, no text crosses a split boundary. Ties are broken by document text, so the same
pairs and model always give the same negatives.
"""

from collections.abc import Sequence

import numpy as np

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.errors import InvalidInputError
from cvmatch.training.records import TrainingPair


def dense_encoder(name: str, threads: int) -> DenseEncoder:
    """The mining encoder by registry name (or trained ``name@vN``).

    Raises:
        InvalidInputError: The name is not a dense encoder.
    """
    encoder = load_encoder(name, threads=threads)
    if not isinstance(encoder, DenseEncoder):
        raise InvalidInputError(f"mining_model {name!r} is not a dense encoder")
    return encoder


def mine_negatives(
    pairs: Sequence[TrainingPair], per_query: int, encoder: DenseEncoder
) -> list[TrainingPair]:
    """Up to ``per_query`` label-0 pairs per distinct query: its top-ranked other-group documents.

    A document counts as relevant (never a negative) when any positive pair of the query's
    group has it.
    """
    positives = [p for p in pairs if p.label > 0]
    if per_query == 0 or not positives:
        return []
    documents = sorted({p.document for p in positives})
    groups_of: dict[str, set[str]] = {}
    for pair in positives:
        groups_of.setdefault(pair.document, set()).add(pair.group)
    queries: dict[str, str] = {}
    for pair in positives:
        queries.setdefault(pair.query, pair.group)
    doc_vectors = encoder.encode(documents)
    query_list = sorted(queries)
    query_vectors = encoder.encode(query_list)
    out: list[TrainingPair] = []
    for query, vector in zip(query_list, query_vectors, strict=True):
        group = queries[query]
        order = np.argsort(-(doc_vectors @ vector), kind="stable")
        picked = [documents[i] for i in order if group not in groups_of[documents[i]]]
        out.extend(
            TrainingPair(query, document, 0.0, group, origin="mined-negative")
            for document in picked[:per_query]
        )
    return out
