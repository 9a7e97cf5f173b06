"""Read labelled pairs (or plain texts) from CSV or JSONL with configurable column names.

Readers are strict: a missing column, an empty text or a label that is not a number raises
:class:`~cvmatch.errors.InvalidInputError` with the file and the line number; no row is ever
skipped silently. In CSV files the line number is the physical line where the record starts
(quoted fields may span lines).
"""

import csv
import json
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cvmatch.errors import InvalidInputError
from cvmatch.training.config import FileSource
from cvmatch.training.records import TrainingPair


def _format(source: FileSource) -> str:
    if source.format != "auto":
        return source.format
    return "jsonl" if source.path.suffix.lower() in {".jsonl", ".json"} else "csv"


def _csv_records(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            _ = reader.fieldnames  # reads the header, so line_num counts from there
            start = reader.line_num + 1
            for row in reader:
                if None in row:
                    raise InvalidInputError(f"{path}:{start}: more fields than the header has")
                yield start, row
                start = reader.line_num + 1
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: file not found; check data.sources[].path") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise InvalidInputError(f"{path}: cannot read as UTF-8 CSV ({error})") from None


def _jsonl_records(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InvalidInputError(
                        f"{path}:{number}: invalid JSON ({error.msg})"
                    ) from None
                if not isinstance(record, dict):
                    raise InvalidInputError(f"{path}:{number}: expected a JSON object")
                yield number, record
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: file not found; check data.sources[].path") from None
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"{path}: not UTF-8 text ({error})") from None


def records(source: FileSource) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """``(line number, record)`` of every row of the source file."""
    if _format(source) == "jsonl":
        return _jsonl_records(source.path)
    return _csv_records(source.path)


def _text(record: Mapping[str, Any], column: str, where: str) -> str:
    if column not in record:
        raise InvalidInputError(f"{where}: missing column {column!r} (have {sorted(record)})")
    value = record[column]
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{where}: column {column!r} must be a non-empty text")
    return value.strip()


def _label(
    record: Mapping[str, Any], column: str | None, where: str, signed: bool = False
) -> float:
    if column is None:
        return 1.0
    if column not in record:
        raise InvalidInputError(f"{where}: missing column {column!r} (have {sorted(record)})")
    value = record[column]
    if isinstance(value, bool):
        raise InvalidInputError(f"{where}: label {value!r} must be a number")
    try:
        label = float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{where}: label {value!r} is not a number") from None
    if math.isnan(label) or (label < 0 and not signed):
        raise InvalidInputError(f"{where}: label {value!r} must be a number >= 0")
    return label


def read_pairs(source: FileSource) -> list[TrainingPair]:
    """Every row of ``source`` as a :class:`TrainingPair`, in file order.

    Raises:
        InvalidInputError: A malformed row (the message gives file and line), or an empty file.
    """
    pairs = []
    for number, record in records(source):
        where = f"{source.path}:{number}"
        query = _text(record, source.query_column, where)
        negative = None
        if source.negative_column is not None and record.get(source.negative_column):
            negative = _text(record, source.negative_column, where)
        group = query
        if source.group_column is not None:
            group = str(record.get(source.group_column) or "").strip()
            if not group:
                raise InvalidInputError(f"{where}: empty group column {source.group_column!r}")
        pairs.append(
            TrainingPair(
                query=query,
                document=_text(record, source.document_column, where),
                label=_label(record, source.label_column, where, source.signed_labels),
                group=group,
                negative=negative,
                origin=where,
            )
        )
    if not pairs:
        raise InvalidInputError(f"{source.path}: no rows; a training file needs at least one")
    return pairs


def read_texts(source: FileSource) -> list[str]:
    """The ``query_column`` of every row (unlabelled text for domain adaptation)."""
    texts = [
        _text(record, source.query_column, f"{source.path}:{number}")
        for number, record in records(source)
    ]
    if not texts:
        raise InvalidInputError(f"{source.path}: no rows; a training file needs at least one")
    return texts
