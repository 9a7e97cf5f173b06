"""Encoders: scorers that compare queries and documents, lexical or dense, by registry name.

>>> from cvmatch.encoders import load_encoder
>>> load_encoder("bm25").name
'bm25'

See :mod:`cvmatch.encoders.registry` for the names and :mod:`cvmatch.encoders.base` for the
contract. Importing this package loads no model.
"""

from cvmatch.encoders.base import DenseEncoder, Role, TextScorer
from cvmatch.encoders.cache import EmbeddingCache
from cvmatch.encoders.chunking import chunk_text
from cvmatch.encoders.registry import ENCODERS, EncoderInfo, encoder_status, load_encoder

__all__ = [
    "ENCODERS",
    "DenseEncoder",
    "EmbeddingCache",
    "EncoderInfo",
    "Role",
    "TextScorer",
    "chunk_text",
    "encoder_status",
    "load_encoder",
]
